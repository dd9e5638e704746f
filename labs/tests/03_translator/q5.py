from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=None, hidden=False)
def test_encoder_states_reach_the_decoder(build_translator, translator_layers, checks, keras, np, target_size, source_size, TARGET_LENGTH):
    for name, value in [('target_size', target_size), ('source_size', source_size), ('TARGET_LENGTH', TARGET_LENGTH)]:
        assert value is not None, f'run the cells above exercise 5 first ({name} is not defined): finish exercises 1 and 2, then run the notebook from the top, section 3 included'
    assert translator_layers is not None and build_translator is not None, 'run the exercise cell that defines translator_layers and build_translator first'
    layers = checks.explained_call(translator_layers, 8, 4, unroll=False, what='translator_layers(8, 4, unroll=False)')
    for name in ['source_embedding', 'target_embedding']:
        assert layers[name] is not ..., f'replace the ... in translator_layers: {name} = keras.layers.Embedding(...)'
    keras.utils.set_random_seed(1)
    model = checks.explained_call(build_translator, units=8, embedding_dim=4, unroll=False, what='build_translator(units=8, embedding_dim=4, unroll=False)', hint="The decoder returns two things: decoder_outputs, _ = layers['decoder'](...)")
    assert model is not None, 'build_translator returned None'
    names = [layer.name for layer in model.layers]
    for name in ['source_embedding', 'target_embedding', 'encoder', 'decoder', 'next_word']:
        assert name in names, f'the model has no layer named {name!r}; its layers are {names}'
    decoder_input = np.array([[5, 6, 7]])
    a = keras.ops.convert_to_numpy(model([np.array([[4, 9, 11]]), decoder_input]))
    b = keras.ops.convert_to_numpy(model([np.array([[12, 3, 8]]), decoder_input]))
    assert not np.allclose(a, b, atol=1e-07), "the output does not depend on the English sentence: start the decoder from the encoder's final state, layers['decoder'](..., initial_state=state)"

@test_case(points=None, hidden=False)
def test_embeddings_mask_the_padding(build_translator, translator_layers, checks, keras, np, target_size, source_size, TARGET_LENGTH):
    for name, value in [('target_size', target_size), ('source_size', source_size), ('TARGET_LENGTH', TARGET_LENGTH)]:
        assert value is not None, f'run the cells above exercise 5 first ({name} is not defined): finish exercises 1 and 2, then run the notebook from the top, section 3 included'
    assert translator_layers is not None and build_translator is not None, 'run the exercise cell that defines translator_layers and build_translator first'
    layers = checks.explained_call(translator_layers, 8, 4, unroll=False, what='translator_layers(8, 4, unroll=False)')
    for name in ['source_embedding', 'target_embedding']:
        assert layers[name] is not ..., f'replace the ... in translator_layers: {name} = keras.layers.Embedding(...)'
    keras.utils.set_random_seed(2)
    model = checks.explained_call(build_translator, units=8, embedding_dim=4, unroll=False, what='build_translator(units=8, embedding_dim=4, unroll=False)', hint='Make the first check of this exercise pass first.')
    for name in ['source_embedding', 'target_embedding']:
        layer = model.get_layer(name)
        assert isinstance(layer, keras.layers.Embedding), f'{name} should be a keras.layers.Embedding, not a {type(layer).__name__}'
        assert layer.mask_zero, f'create {name} with mask_zero=True, so that the padding (id 0) is skipped'
    decoder_input = np.array([[5, 6, 7]])
    short = keras.ops.convert_to_numpy(model([np.array([[4, 9, 11]]), decoder_input]))
    padded = keras.ops.convert_to_numpy(model([np.array([[4, 9, 11, 0, 0, 0, 0, 0]]), decoder_input]))
    assert np.allclose(short, padded, atol=1e-05), 'the same English ids followed by padding give a different translation: the encoder reads the zeros; use mask_zero=True on the source embedding'
    assert model.get_layer('decoder').units == 8, 'the decoder should have `units` units'

@test_case(points=None, hidden=False)
def test_decoder_skips_padding(build_translator, translator_layers, checks, keras, np, target_size, source_size, TARGET_LENGTH):
    for name, value in [('target_size', target_size), ('source_size', source_size), ('TARGET_LENGTH', TARGET_LENGTH)]:
        assert value is not None, f'run the cells above exercise 5 first ({name} is not defined): finish exercises 1 and 2, then run the notebook from the top, section 3 included'
    assert translator_layers is not None and build_translator is not None, 'run the exercise cell that defines translator_layers and build_translator first'
    layers = checks.explained_call(translator_layers, 8, 4, unroll=False, what='translator_layers(8, 4, unroll=False)')
    for name in ['source_embedding', 'target_embedding']:
        assert layers[name] is not ..., f'replace the ... in translator_layers: {name} = keras.layers.Embedding(...)'
    keras.utils.set_random_seed(7)
    model = checks.explained_call(build_translator, units=8, embedding_dim=4, unroll=False, what='build_translator(units=8, embedding_dim=4, unroll=False)', hint='Make the first check of this exercise pass first.')
    probe = keras.Model(model.inputs, model.get_layer('decoder').output)
    english = np.array([[4, 9, 11]])
    _, state_short = probe([english, np.array([[5, 6, 7]])])
    _, state_padded = probe([english, np.array([[5, 6, 7, 0, 0]])])
    assert np.allclose(keras.ops.convert_to_numpy(state_short), keras.ops.convert_to_numpy(state_padded), atol=1e-05), "the decoder's final state changes when padding follows the French input: the decoder runs through the padding. A recurrent layer given initial_state ignores the Embedding's mask: pass mask=decoder_mask too"

