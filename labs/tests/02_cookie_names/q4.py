from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_cross_entropy_by_hand(cross_entropy, np):
    assert cross_entropy is not None, 'run the cell that defines cross_entropy first'
    probabilities = np.array([[[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]]])
    value = cross_entropy(probabilities, np.array([[2, 1]]))
    assert value is not None, 'cross_entropy returned None: replace the ... in its body with your code, and return the result'
    expected = -(np.log(0.7) + np.log(0.25)) / 2
    assert np.isclose(float(value), expected, atol=1e-06), f'true ids 2 and 1 have probabilities 0.7 and 0.25, so the mean of -ln p is {expected:.4f}; you return {float(value):.4f}. Take the probability of the TRUE id at each step (np.take_along_axis), then -ln, then the mean'

@test_case(points=None, hidden=False)
def test_cross_entropy_ignores_padding(cross_entropy, np):
    assert cross_entropy is not None, 'run the cell that defines cross_entropy first'
    probabilities = np.array([[[0.1, 0.2, 0.7], [0.9, 0.05, 0.05], [0.9, 0.05, 0.05]]])
    value = cross_entropy(probabilities, np.array([[2, 0, 0]]))
    assert value is not None, 'cross_entropy returned None: replace the ... in its body with your code, and return the result'
    value = float(value)
    assert np.isclose(value, -np.log(0.7), atol=1e-06), f'only the first position is real (targets [2, 0, 0]: the rest is padding), so the answer is -ln 0.7 = {-np.log(0.7):.4f}; you return {value:.4f}. Average only where the target is not PAD_ID'
    zero = float(cross_entropy(np.array([[[1.0, 0.0, 0.0]]]), np.array([[2]])))
    assert np.isfinite(zero) and zero > 20, f'a probability of 0 for the true id should give a large finite loss (-ln 1e-12 = 27.6), not {zero}'

