from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=None, hidden=False)
def test_language_model_predicts_at_every_step(build_language_model, checks, keras, np):
    model = checks.explained_call(build_language_model, keras.layers.SimpleRNN, 8, 11, what='build_language_model(keras.layers.SimpleRNN, 8, 11)', hint='The four layers of the exercise go into the list, in order.')
    assert isinstance(model, keras.Model), f'build_language_model should return a keras model, not {type(model).__name__}'
    x = np.array([[1, 4, 5, 0, 0], [1, 3, 0, 0, 0]], dtype='int32')
    out = keras.ops.convert_to_numpy(model(x))
    assert out.ndim == 3, f'the output for 2 names of 5 steps has shape {out.shape}; expected (2, 5, 11), a distribution at EVERY step: did you forget return_sequences=True?'
    assert out.shape == (2, 5, 11), f'for 2 names of 5 steps and 11 tokens the output should be (2, 5, 11), not {out.shape}'
    assert np.allclose(out.sum(axis=-1), 1, atol=0.0001), 'the outputs at each step should be probabilities that sum to 1: use activation="softmax" in the Dense layer'
    names = [layer.name for layer in model.layers]
    for name in ['embedding', 'recurrent', 'next_char']:
        assert name in names, f'the model needs a layer named {name!r}; its layers are {names}'

@test_case(points=None, hidden=False)
def test_language_model_masks_padding(build_language_model, checks, keras, np):
    model = checks.explained_call(build_language_model, keras.layers.LSTM, 8, 11, what='build_language_model(keras.layers.LSTM, 8, 11)', hint='The four layers of the exercise go into the list, in order.')
    assert isinstance(model.get_layer('recurrent'), keras.layers.LSTM), 'use the layer class passed as recurrent_layer'
    short = keras.ops.convert_to_numpy(model(np.array([[1, 4, 5]], dtype='int32')))
    padded = keras.ops.convert_to_numpy(model(np.array([[1, 4, 5, 0, 0, 0]], dtype='int32')))
    assert model.get_layer('embedding').mask_zero, 'the Embedding needs mask_zero=True so that padding is skipped'
    assert np.allclose(short[0, :3], padded[0, :3], atol=1e-05), 'padding at the end must not change the real steps'

