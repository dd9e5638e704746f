from otter.test_files import test_case

OK_FORMAT = False

name = "q8"
points = 2

@test_case(points=None, hidden=False)
def test_best_thresholds_maximise_f1(best_thresholds, LABELS, np, pd):
    assert best_thresholds is not None, 'run the cell that defines best_thresholds first'
    y_true = np.tile([[0], [0], [1], [1]], (1, 6))
    y_prob = np.tile([[0.1], [0.4], [0.35], [0.8]], (1, 6))
    thresholds = best_thresholds(y_true, y_prob)
    assert thresholds is not None, 'best_thresholds returned None: replace the ... in its body with your code, and return the result'
    assert isinstance(thresholds, pd.Series), f'return a pandas Series, not a {type(thresholds).__name__}'
    assert list(thresholds.index) == list(LABELS), f'index the Series by LABELS, in order; its index is {list(thresholds.index)}'
    flagged = (y_prob >= thresholds.to_numpy(dtype=float)[None, :]).astype(int)[:, 0].tolist()
    assert flagged == [0, 1, 1, 1], f'with probabilities [0.1, 0.4, 0.35, 0.8] and labels [0, 0, 1, 1], the best F1 (0.8) comes from flagging the three comments at 0.35 or above, so any t in (0.1, 0.35] works; your threshold {float(thresholds.iloc[0]):.3f} flags {flagged}'

@test_case(points=None, hidden=False)
def test_best_thresholds_without_positives(best_thresholds, np):
    assert best_thresholds is not None, 'run the cell that defines best_thresholds first'
    y_true = np.array([[1, 0, 1, 0, 1, 0], [0, 0, 1, 0, 0, 1], [1, 1, 0, 0, 1, 1]])
    y_prob = np.array([[0.7, 0.2, 0.9, 0.1, 0.6, 0.3], [0.2, 0.3, 0.8, 0.3, 0.4, 0.8], [0.9, 0.6, 0.1, 0.2, 0.7, 0.7]])
    try:
        thresholds = best_thresholds(y_true, y_prob)
    except Exception as error:
        raise AssertionError(f'best_thresholds crashed ({type(error).__name__}: {error}) on data where no comment is a threat; use 0.5 for a label without positives') from None
    assert thresholds is not None, 'best_thresholds returned None: replace the ... in its body with your code, and return the result'
    assert float(thresholds['threat']) == 0.5, f"no comment is a threat here; the threshold for threat should be 0.5, not {float(thresholds['threat'])}"

