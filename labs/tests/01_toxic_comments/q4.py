from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_embedding_layer_masks_the_padding(embedding_layer, keras, np, vocabulary_size, EMBEDDING_DIM):
    assert embedding_layer is not None, 'run the cell that defines embedding_layer first'
    layer = embedding_layer()
    assert layer is not None, 'embedding_layer() returned None: replace the ... in its body with your code, and return the result'
    assert isinstance(layer, keras.layers.Embedding), f'embedding_layer() returned a {type(layer).__name__}; it should return a keras.layers.Embedding layer'
    assert layer.input_dim >= vocabulary_size, f'input_dim is {layer.input_dim}, but the vectorizer produces word ids up to {vocabulary_size - 1}: use vocabulary_size as the input dimension'
    assert layer.output_dim == EMBEDDING_DIM, f'output_dim is {layer.output_dim}; use EMBEDDING_DIM ({EMBEDDING_DIM})'
    mask = layer.compute_mask(np.array([[5, 2, 0, 0]]))
    assert mask is not None, 'the layer passes no mask on: create it with mask_zero=True, so that the recurrent layer after it skips the padding instead of reading the zeros as words'
    assert keras.ops.convert_to_numpy(mask).tolist() == [[True, True, False, False]], 'for the ids [5, 2, 0, 0] the mask should be [True, True, False, False]: real words True, padding False'

