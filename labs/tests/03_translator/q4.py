from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_token_accuracy_ignores_padding(token_accuracy):
    assert token_accuracy is not None, 'run the cell that defines token_accuracy first'
    target = [[5, 6, 3, 0, 0, 0], [7, 3, 0, 0, 0, 0]]
    predicted = [[5, 9, 3, 0, 0, 0], [8, 3, 0, 0, 0, 0]]
    got = token_accuracy(target, predicted)
    assert got is not None, 'token_accuracy returned None: replace the ... in its body with your code, and return the result'
    if abs(got - 10 / 12) < 1e-06:
        raise AssertionError('token_accuracy counts the padding as correct (10/12 = 0.833): with ignore_padding=True count only the positions whose target is not 0; here 3 of the 5 real tokens are right, 0.6')
    assert abs(got - 0.6) < 1e-06, f'3 of the 5 real target tokens are predicted right, so the accuracy is 0.6; token_accuracy gave {got}'
    assert isinstance(got, float), f'return a Python float (use float(...)), not a {type(got).__name__}'

@test_case(points=None, hidden=False)
def test_token_accuracy_with_padding_and_edge_cases(token_accuracy):
    assert token_accuracy is not None, 'run the cell that defines token_accuracy first'
    target = [[5, 6, 3, 0, 0, 0], [7, 3, 0, 0, 0, 0]]
    predicted = [[5, 9, 3, 0, 0, 0], [8, 3, 0, 0, 0, 0]]
    got = token_accuracy(target, predicted, ignore_padding=False)
    assert got is not None, 'token_accuracy returned None: replace the ... in its body with your code, and return the result'
    assert abs(got - 10 / 12) < 1e-06, f'with ignore_padding=False all 12 positions count and 10 match, so expected 0.833; got {got}'
    try:
        empty = token_accuracy([[0, 0]], [[4, 0]])
    except ZeroDivisionError:
        raise AssertionError('token_accuracy divided by zero when every target is padding: return 0.0 then') from None
    assert empty == 0.0 and (not empty != empty), f'when no position counts, return 0.0, not {empty}'

