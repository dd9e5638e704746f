from otter.test_files import test_case

OK_FORMAT = False

name = "q9"
points = 3

@test_case(points=None, hidden=False)
def test_end_to_end_reads_strings(end_to_end, keras, np, LABELS):
    assert end_to_end is not None, 'run the cell that builds end_to_end first'
    assert end_to_end is not ..., 'replace the ... in the exercise cell: end_to_end = keras.Sequential([...])'
    assert isinstance(end_to_end, keras.Model), f'end_to_end is a {type(end_to_end).__name__}; build it with keras.Sequential([...])'
    dtype = str(end_to_end.inputs[0].dtype)
    assert 'string' in dtype, f"""end_to_end's input has dtype {dtype}; start with keras.Input(shape=(1,), dtype="string") so it reads raw text"""
    strings = keras.ops.convert_to_tensor(np.array([['you are welcome'], ['see the talk page']]))
    output = keras.ops.convert_to_numpy(end_to_end(strings))
    assert output.shape == (2, len(LABELS)), f'for 2 strings end_to_end gives shape {output.shape}; expected (2, {len(LABELS)}): vectorizer, then lstm_model'

@test_case(points=None, hidden=False)
def test_classify_any_comment(classify, LABELS, pd):
    assert classify is not None, 'run the cell that defines classify first'
    comments = ['', 'thanks ' * 20000, 'Could you add a source for this paragraph?']
    try:
        table = classify(comments)
    except NameError as error:
        raise AssertionError(f'classify failed with NameError ({error}): compute `probabilities` inside classify, and run the cell that builds end_to_end and reloaded') from None
    assert isinstance(table, pd.DataFrame), f'classify should return a DataFrame, not a {type(table).__name__}'
    assert table.shape == (3, len(LABELS)), f'3 comments (an empty one, a very long one, a normal one) should give 3 rows and {len(LABELS)} columns, not {table.shape}'
    values = table.to_numpy(dtype=float)
    assert ((values >= 0) & (values <= 1)).all(), 'every value should be a probability between 0 and 1'
    assert classify('Nice work on the article.').shape == (1, len(LABELS)), 'one string should give a table of one row'

