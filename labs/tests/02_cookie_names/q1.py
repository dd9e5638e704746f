from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_vocabulary_of_two_names(build_vocabulary, PAD, START, END):
    assert build_vocabulary is not None, 'run the cell that defines build_vocabulary first'
    vocabulary = build_vocabulary(['Bab', 'ab'])
    assert vocabulary is not None, 'build_vocabulary returned None: replace the ... in its body with your code, and return the result'
    vocabulary = list(vocabulary)
    assert vocabulary[:3] == [PAD, START, END], f'the first three tokens must be PAD, START, END (ids 0, 1, 2); yours are {vocabulary[:3]}'
    assert vocabulary[3:] == ['B', 'a', 'b'], f"for the names 'Bab' and 'ab' the characters are 'B', 'a', 'b' (each once, sorted: capitals first); after the three markers you have {vocabulary[3:]}"

@test_case(points=None, hidden=False)
def test_vocabulary_rejects_markers(build_vocabulary, checks):
    assert build_vocabulary is not None, 'run the cell that defines build_vocabulary first'
    plain = checks.explained_call(build_vocabulary, ['Fig Bars'], what="build_vocabulary(['Fig Bars'])")
    assert plain is not None, 'build_vocabulary returned None: replace the ... in its body with your code, and return the result'
    try:
        build_vocabulary(['Fig Bars', 'Price: 5$'])
    except ValueError as error:
        assert '5$' in str(error), f'the error should name the name with the marker; it says: {error}'
    else:
        raise AssertionError("'Price: 5$' contains the end marker '$': build_vocabulary should raise a ValueError")

