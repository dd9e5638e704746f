from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_covering_length_on_the_example(covering_length):
    assert covering_length is not None, 'run the cell that defines covering_length first'
    counts = [3, 1, 4, 1, 5, 9, 2, 6]
    half = covering_length(counts, 0.5)
    assert half is not None, 'covering_length returned None: replace the ... in its body with your code, and return the result'
    assert half == 3, f'covering_length({counts}, 0.5) is {half}; expected 3: 4 of the 8 comments have at most 3 words, while only 3 have at most 2'
    three_quarters = covering_length(counts, 0.75)
    assert three_quarters == 5, f'covering_length({counts}, 0.75) is {three_quarters}; expected 5: 6 of the 8 comments have at most 5 words'
    assert isinstance(half, int), f'return a Python int (use int(...)), not a {type(half).__name__}'

