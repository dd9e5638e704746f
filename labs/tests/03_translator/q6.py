from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 3

@test_case(points=None, hidden=False)
def test_attention_is_in_the_model(build_attention_translator, translator_layers, checks, keras, np, target_size, source_size, TARGET_LENGTH):
    for name, value in [('target_size', target_size), ('source_size', source_size), ('TARGET_LENGTH', TARGET_LENGTH)]:
        assert value is not None, f'run the cells above exercise 6 first ({name} is not defined): finish exercises 1 and 2, then run the notebook from the top, section 3 included'
    assert translator_layers is not None, 'run the cell of exercise 5 first (translator_layers is not defined)'
    layers = checks.explained_call(translator_layers, 8, 4, attention=True, unroll=False, what='translator_layers(8, 4, attention=True, unroll=False)')
    for name in ['source_embedding', 'target_embedding']:
        assert layers[name] is not ..., f'build_attention_translator uses translator_layers from exercise 5: replace the ... there first: {name} = keras.layers.Embedding(...)'
    assert build_attention_translator is not None, 'run the cell that defines build_attention_translator first'
    keras.utils.set_random_seed(4)
    model = checks.explained_call(build_attention_translator, units=8, embedding_dim=4, unroll=False, what='build_attention_translator(units=8, embedding_dim=4, unroll=False)', hint="Write the two lines of the exercise: context = layers['attention']([decoder_outputs, encoder_outputs], mask=[decoder_mask, source_mask]), then combined = layers['combine']([decoder_outputs, context])")
    names = [layer.name for layer in model.layers]
    assert 'attention' in names, f"the model does not use layers['attention']; its layers are {names}"
    assert 'combine' in names, f"the model does not concatenate with layers['combine']; its layers are {names}"
    width = model.get_layer('next_word').kernel.shape[0]
    assert width == 16, f"the output layer reads {width} numbers per position; with 8 units it should read 16: the decoder's output concatenated with the context, layers['combine']([decoder_outputs, context])"
    output = keras.ops.convert_to_numpy(model([np.array([[4, 9, 11]]), np.array([[5, 6]])]))
    assert output.shape[:2] == (1, 2), f'for 2 decoder positions expected one distribution each, got shape {output.shape}'

@test_case(points=None, hidden=False)
def test_attention_masks(build_attention_translator, translator_layers, checks, keras, np, target_size, source_size, TARGET_LENGTH):
    for name, value in [('target_size', target_size), ('source_size', source_size), ('TARGET_LENGTH', TARGET_LENGTH)]:
        assert value is not None, f'run the cells above exercise 6 first ({name} is not defined): finish exercises 1 and 2, then run the notebook from the top, section 3 included'
    assert translator_layers is not None, 'run the cell of exercise 5 first (translator_layers is not defined)'
    layers = checks.explained_call(translator_layers, 8, 4, attention=True, unroll=False, what='translator_layers(8, 4, attention=True, unroll=False)')
    for name in ['source_embedding', 'target_embedding']:
        assert layers[name] is not ..., f'build_attention_translator uses translator_layers from exercise 5: replace the ... there first: {name} = keras.layers.Embedding(...)'
    assert build_attention_translator is not None, 'run the cell that defines build_attention_translator first'
    keras.utils.set_random_seed(5)
    model = checks.explained_call(build_attention_translator, units=8, embedding_dim=4, unroll=False, what='build_attention_translator(units=8, embedding_dim=4, unroll=False)', hint='Make the first check of this exercise pass first.')
    decoder_input = np.array([[5, 6, 7]])
    short = keras.ops.convert_to_numpy(model([np.array([[4, 9, 11]]), decoder_input]))
    padded = keras.ops.convert_to_numpy(model([np.array([[4, 9, 11, 0, 0, 0, 0, 0]]), decoder_input]))
    assert np.allclose(short, padded, atol=1e-05), 'padding after the English words changes the output: the attention gives weight to the padding; pass mask=[decoder_mask, source_mask] to the attention layer'
    source = np.array([[4, 9, 11]])

    def loss(x, y):
        return float(keras.ops.convert_to_numpy(model.compute_loss(x=x, y=y, y_pred=model(x))))
    loss_short = loss([source, np.array([[2, 6, 7]])], np.array([[6, 7, 3]]))
    loss_padded = loss([source, np.array([[2, 6, 7, 0, 0]])], np.array([[6, 7, 3, 0, 0]]))
    assert abs(loss_short - loss_padded) < 1e-05, f"the loss changes when padding follows the target ({loss_short:.4f} vs {loss_padded:.4f}): give the attention the decoder's mask as the first mask (mask=[decoder_mask, source_mask]), so the padding stays masked in the loss"

