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
    assert classify is not None, 'classify is not defined: run the exercise cell; if it stops with an error before reaching def classify, fix part (1), end_to_end, first'
    comments = ['', 'thanks ' * 20000, 'Could you add a source for this paragraph?']
    try:
        table = classify(comments)
    except NameError as error:
        raise AssertionError(f'classify failed with NameError ({error}): compute `probabilities` inside classify, and run the cell that builds end_to_end and reloaded') from None
    except Exception as error:
        raise AssertionError(f"classify(an empty, a very long and a normal comment) raised {type(error).__name__}: {str(error)[:300]}. Store the model's probabilities in probabilities[readable], the rows of the comments in texts") from None
    assert isinstance(table, pd.DataFrame), f'classify should return a DataFrame, not a {type(table).__name__}'
    assert table.shape == (3, len(LABELS)), f'3 comments (an empty one, a very long one, a normal one) should give 3 rows and {len(LABELS)} columns, not {table.shape}'
    values = table.to_numpy(dtype=float)
    assert ((values >= 0) & (values <= 1)).all(), 'every value should be a probability between 0 and 1'
    assert classify('Nice work on the article.').shape == (1, len(LABELS)), 'one string should give a table of one row'

@test_case(points=None, hidden=False)
def test_classify_keeps_comments_without_known_words_from_the_model(classify, vectorizer, training_rates, keras, np):
    assert classify is not None, 'classify is not defined: run the exercise cell; if it stops with an error before reaching def classify, fix part (1), end_to_end, first'
    assert isinstance(vectorizer, keras.layers.TextVectorization), 'vectorizer is not ready: finish exercise 3 first'
    namespace = classify.__globals__
    model = namespace.get('reloaded')
    assert model is not None and model is not ..., 'run the cell that builds end_to_end and reloaded first'

    def word_ids(texts):
        return keras.ops.convert_to_numpy(vectorizer(np.array(texts, dtype=str)))
    made_up = next((word for word in ['qzxvkw', 'zzqxjv', 'xkqzvw'] if (word_ids([word]) == 1).any()))
    comments = ['', '?! ...', made_up, 'Thanks for the quick reply!', made_up + ' ' + made_up]
    wordless = [0, 1, 2, 4]

    class Recorder:
        """Stands in for `reloaded`: records the strings classify gives the model, then lets the model answer."""

        def __init__(self):
            self.strings = []

        def record(self, x):
            flat = np.asarray(keras.ops.convert_to_numpy(x)).ravel()
            self.strings += [s.decode('utf-8') if isinstance(s, bytes) else str(s) for s in flat]

        def predict(self, x, *args, **kwargs):
            self.record(x)
            return model.predict(x, *args, **kwargs)

        def __call__(self, x, *args, **kwargs):
            self.record(x)
            return model(x, *args, **kwargs)
    recorder = Recorder()
    namespace['reloaded'] = recorder
    try:
        table = classify(comments)
    except Exception as error:
        raise AssertionError(f'classify({comments!r}) raised {type(error).__name__}: {str(error)[:300]}. Give the model only `texts`, and store its answer in probabilities[readable]') from None
    finally:
        namespace['reloaded'] = model
    assert recorder.strings, 'classify never asked the model: compute the probabilities of `texts` with reloaded.predict(...) and store them in probabilities[readable]'
    ids = word_ids(recorder.strings)
    padding_only = [text for text, row in zip(recorder.strings, ids) if (row == 0).all()]
    assert not padding_only, f"classify gave the model {len(padding_only)} comment(s) with no word at all, e.g. {padding_only[0]!r}: the mask of such a row is all False, and on a GPU Keras's cuDNN kernel refuses it and the call crashes. Give reloaded.predict only `texts`, the comments with a known word"
    unknown_only = [text for text, row in zip(recorder.strings, ids) if (row <= 1).all()]
    assert not unknown_only, f'classify gave the model comment(s) without a single known word, e.g. {unknown_only[0]!r}: give reloaded.predict only `texts`, the comments with a known word'
    values = table.to_numpy(dtype=float)
    for position in wordless:
        assert np.allclose(values[position], training_rates, atol=1e-06), f"comment {position} ({comments[position]!r}) has no word the model knows, so its row should stay at the training label rates {np.round(training_rates, 3).tolist()}, not {np.round(values[position], 3).tolist()}: store the model's probabilities in probabilities[readable] only"

@test_case(points=None, hidden=False)
def test_classify_refuses_what_is_not_text(classify, LABELS, np, pd):
    assert classify is not None, 'classify is not defined: run the exercise cell; if it stops with an error before reaching def classify, fix part (1), end_to_end, first'
    try:
        classify(['Nice work on the article.'])
    except Exception as error:
        raise AssertionError(f"classify(['Nice work on the article.']) raised {type(error).__name__}: {str(error)[:200]}. It needs the vectorizer of exercise 3, end_to_end and reloaded above, and part (2): finish those first") from None
    wrong = [(None, 'NoneType'), (3, 'int'), (float('nan'), 'float'), (True, 'bool'), (b'thanks', 'bytes'), ({'text': 'thanks'}, 'dict'), (['ok', None], 'NoneType')]
    for value, type_name in wrong:
        try:
            classify(value)
        except TypeError as error:
            assert type_name in str(error), f'classify({value!r}) raised a TypeError that does not name the type {type_name}: {error}'
        except Exception as error:
            raise AssertionError(f'classify({value!r}) raised {type(error).__name__} ({str(error)[:200]}) instead of a TypeError that says what is wrong: keep the given first line of classify, comments = comment_list(comments)') from None
        else:
            raise AssertionError(f'classify({value!r}) returned a result; it should raise a TypeError: keep the given first line of classify, comments = comment_list(comments)')
    try:
        classify(['ok', None])
    except TypeError as error:
        assert 'item 1' in str(error), f"the error for ['ok', None] should name the position of None, item 1: {error}"
    empty = classify([])
    assert isinstance(empty, pd.DataFrame) and empty.shape == (0, len(LABELS)) and (list(empty.columns) == list(LABELS)), f'classify([]) should return an empty table, 0 rows and the {len(LABELS)} label columns'
    for comments in [('fine', 'thanks'), pd.Series(['fine', 'thanks']), np.array(['fine', 'thanks'])]:
        shape = classify(comments).shape
        assert shape == (2, len(LABELS)), f'classify should accept a {type(comments).__name__} of 2 strings and return 2 rows, not shape {shape}'

