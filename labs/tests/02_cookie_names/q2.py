from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_encode_adds_markers(encode, char_to_id, START_ID, END_ID):
    assert char_to_id is not None, 'run the cells above exercise 2 first (char_to_id is not defined): finish exercise 1, then run the notebook from the top'
    assert encode is not None, 'run the cell that defines encode first'
    ids = encode('Tea')
    assert ids is not None, 'encode returned None: replace the ... in its body with your code, and return the result'
    ids = [int(i) for i in ids]
    expected = [START_ID, char_to_id['T'], char_to_id['e'], char_to_id['a'], END_ID]
    assert ids[0] == START_ID, f'an encoded name starts with START_ID ({START_ID}); yours starts with {ids[0]}'
    assert ids[-1] == END_ID, f'an encoded name ends with END_ID ({END_ID}); yours ends with {ids[-1]}'
    assert ids == expected, f"encode('Tea') should be {expected}, not {ids}"
    prefix = [int(i) for i in encode('Tea', add_end=False)]
    assert prefix == expected[:-1], f"with add_end=False, encode('Tea') should be {expected[:-1]}, not {prefix}"

@test_case(points=None, hidden=False)
def test_encode_names_unknown_characters(encode, char_to_id, checks):
    assert char_to_id is not None, 'run the cells above exercise 2 first (char_to_id is not defined): finish exercise 1, then run the notebook from the top'
    assert encode is not None, 'run the cell that defines encode first'
    plain = checks.explained_call(encode, 'Tea', what="encode('Tea')")
    assert plain is not None, 'encode returned None: replace the ... in its body with your code, and return the result'
    try:
        encode('Crème Brûlée', add_end=False)
    except ValueError as error:
        assert 'è' in str(error) or 'û' in str(error), f"the error message should show the unknown character ('è'); it says: {error}"
    except KeyError:
        raise AssertionError("encode raised a KeyError on 'è': check for unknown characters first and raise a ValueError that names them") from None
    else:
        raise AssertionError("no cookie name contains 'è', so encode('Crème Brûlée') should raise a ValueError")

