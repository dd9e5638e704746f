from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False)
def test_label_rates_on_a_small_table(label_rates, LABELS, np, pd):
    assert label_rates is not None, 'run the cell that defines label_rates first'
    toy = pd.DataFrame({'comment_text': ['a', 'b', 'c', 'd'], 'toxic': [1, 1, 0, 0], 'severe_toxic': [0, 0, 0, 0], 'obscene': [1, 0, 0, 0], 'threat': [0, 0, 0, 1], 'insult': [1, 1, 1, 0], 'identity_hate': [0, 0, 0, 0]})
    rates = label_rates(toy)
    assert rates is not None, 'label_rates returned None: replace the ... in its body with your code, and return the result'
    assert isinstance(rates, pd.Series), f'label_rates should return a pandas Series, not a {type(rates).__name__}'
    assert list(rates.index) == list(LABELS), f'index the Series by the six labels in the order of LABELS; its index is {list(rates.index)}'
    expected = [0.5, 0.0, 0.25, 0.25, 0.75, 0.0]
    got = [round(float(r), 3) for r in rates]
    assert np.allclose(got, expected), f'on 4 comments of which 2 are toxic, 1 obscene, 1 a threat and 3 insults, the fractions are {expected}; label_rates gave {got}'

