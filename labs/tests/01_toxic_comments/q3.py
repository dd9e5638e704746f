from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_vectorizer_settings(vectorizer, keras, MAX_TOKENS, SEQUENCE_LENGTH):
    assert isinstance(SEQUENCE_LENGTH, int), 'SEQUENCE_LENGTH is not a whole number yet: finish exercise 2 first'
    assert vectorizer is not None, 'run the cell that creates `vectorizer` first'
    assert vectorizer is not ..., 'replace the ... in the exercise cell: vectorizer = keras.layers.TextVectorization(...)'
    assert isinstance(vectorizer, keras.layers.TextVectorization), f'vectorizer is a {type(vectorizer).__name__}; make it a keras.layers.TextVectorization layer'
    settings = vectorizer.get_config()
    assert settings['max_tokens'] == MAX_TOKENS, f"max_tokens is {settings['max_tokens']}; set max_tokens=MAX_TOKENS ({MAX_TOKENS:,}) to keep only the most frequent words"
    assert settings['output_sequence_length'] == SEQUENCE_LENGTH, f"output_sequence_length is {settings['output_sequence_length']}; set it to SEQUENCE_LENGTH ({SEQUENCE_LENGTH}) so that every comment becomes exactly SEQUENCE_LENGTH ids"
    assert vectorizer.vocabulary_size() > 2, 'the vocabulary is empty: call vectorizer.adapt(train_texts) so that it learns the words of the training comments'

@test_case(points=None, hidden=False)
def test_vectorizer_pads_and_cuts(vectorizer, keras, SEQUENCE_LENGTH):
    assert isinstance(SEQUENCE_LENGTH, int), 'SEQUENCE_LENGTH is not a whole number yet: finish exercise 2 first'
    assert vectorizer is not None, 'run the cell that creates `vectorizer` first'
    assert vectorizer is not ..., 'replace the ... in the exercise cell: vectorizer = keras.layers.TextVectorization(...)'
    ids = keras.ops.convert_to_numpy(vectorizer(['the', ' '.join(['the'] * (SEQUENCE_LENGTH + 50))]))
    assert ids.shape == (2, SEQUENCE_LENGTH), f'two comments should become an array of shape (2, {SEQUENCE_LENGTH}); vectorizer gave shape {ids.shape}'
    assert ids[0, 0] != 0 and (ids[0, 1:] == 0).all(), f"the one-word comment 'the' should become its word id followed by zeros (padding at the end); got {ids[0, :5].tolist()} ..."
    assert (ids[1] != 0).all(), 'a comment longer than SEQUENCE_LENGTH words should be cut to SEQUENCE_LENGTH ids, with no padding'

