from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 3

@test_case(points=None, hidden=False)
def test_columnwise_auc_on_toy_scores(columnwise_auc, LABELS, np, pd):
    assert columnwise_auc is not None, 'run the cell that defines columnwise_auc first'
    y_true = np.array([[0] * 6, [0] * 6, [1] * 6, [1] * 6])
    y_prob = np.tile([[0.1], [0.2], [0.8], [0.9]], (1, 6))
    y_prob[:, 1] = [0.9, 0.8, 0.2, 0.1]
    y_prob[:, 2] = [0.1, 0.8, 0.2, 0.9]
    scores = columnwise_auc(y_true, y_prob)
    assert scores is not None, 'columnwise_auc returned None: replace the ... in its body with your code, and return the result'
    assert isinstance(scores, pd.Series), f'return a pandas Series, not a {type(scores).__name__}'
    assert list(scores.index) == list(LABELS), f'index the Series by LABELS, in order; its index is {list(scores.index)}'
    expected = [1.0, 0.0, 0.75, 1.0, 1.0, 1.0]
    got = [round(float(s), 3) for s in scores]
    assert np.allclose(got, expected), f'expected the ROC-AUCs {expected} (perfect, reversed and 3-of-4 rankings), got {got}: compare each column of y_prob with the same column of y_true'

@test_case(points=None, hidden=False)
def test_columnwise_auc_when_a_label_has_one_class(columnwise_auc, np):
    assert columnwise_auc is not None, 'run the cell that defines columnwise_auc first'
    y_true = np.array([[0, 0, 1, 0, 0, 0], [1, 0, 0, 0, 1, 0], [0, 1, 1, 0, 0, 1], [1, 1, 0, 0, 1, 1]])
    y_prob = np.array([[0.2, 0.1, 0.7, 0.3, 0.1, 0.2], [0.9, 0.2, 0.4, 0.1, 0.8, 0.3], [0.3, 0.7, 0.6, 0.2, 0.2, 0.9], [0.8, 0.6, 0.3, 0.4, 0.7, 0.6]])
    try:
        scores = columnwise_auc(y_true, y_prob)
    except ValueError as error:
        raise AssertionError(f"columnwise_auc crashed ({error}). When a label's column of y_true has only one class, put np.nan for that label instead of calling roc_auc_score") from None
    assert scores is not None, 'columnwise_auc returned None: replace the ... in its body with your code, and return the result'
    assert np.isnan(scores['threat']), f"no comment is a threat here, so the ROC-AUC of threat is undefined: return np.nan for it, not {scores['threat']}"
    assert not scores.drop('threat').isna().any(), 'only threat is undefined here; the five other labels have both classes'

