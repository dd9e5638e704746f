from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=None, hidden=False)
def test_output_layer(build_classifier, embedding_layer, keras, LABELS):
    assert build_classifier is not None, 'run the cell that defines build_classifier first'
    assert embedding_layer is not None, 'run the cell of exercise 4 that defines embedding_layer first'
    try:
        layer = embedding_layer()
    except Exception as error:
        raise AssertionError(f'build_classifier starts with embedding_layer() (exercise 4), which raised {type(error).__name__}: {error}. Make exercise 4 pass first') from None
    assert layer is not None, 'build_classifier starts with embedding_layer() (exercise 4), which returns None: finish exercise 4 first'
    try:
        model = build_classifier(keras.layers.GRU(4), 'toy')
    except Exception as error:
        raise AssertionError(f"build_classifier(keras.layers.GRU(4), 'toy') raised {type(error).__name__}: {error}. Replace every ... in build_classifier (the output layer at the end of the list, and the loss) with your code") from None
    assert model is not None, 'build_classifier returned None: did you forget `return model`?'
    output = model.layers[-1]
    assert isinstance(output, keras.layers.Dense), f'the last layer is a {type(output).__name__}; it should be a Dense layer'
    assert output.units == len(LABELS), f'your output layer has {output.units} unit(s); there are {len(LABELS)} labels, so it needs {len(LABELS)}, one probability per label'
    activation = output.activation.__name__
    assert activation == 'sigmoid', f'your output activation is {activation}. Use sigmoid, not softmax: the six labels are independent yes/no questions, and a comment can be toxic AND obscene (or neither); softmax makes the six outputs compete and sum to 1'

@test_case(points=None, hidden=False)
def test_loss(build_classifier, embedding_layer, keras):
    assert build_classifier is not None, 'run the cell that defines build_classifier first'
    assert embedding_layer is not None, 'run the cell of exercise 4 that defines embedding_layer first'
    try:
        layer = embedding_layer()
    except Exception as error:
        raise AssertionError(f'build_classifier starts with embedding_layer() (exercise 4), which raised {type(error).__name__}: {error}. Make exercise 4 pass first') from None
    assert layer is not None, 'build_classifier starts with embedding_layer() (exercise 4), which returns None: finish exercise 4 first'
    try:
        model = build_classifier(keras.layers.GRU(4), 'toy')
    except Exception as error:
        raise AssertionError(f"build_classifier(keras.layers.GRU(4), 'toy') raised {type(error).__name__}: {error}. Replace every ... in build_classifier (the output layer at the end of the list, and the loss) with your code") from None
    loss = model.loss
    assert loss is not None, 'the model is not compiled: call model.compile(...) inside build_classifier'
    name = loss if isinstance(loss, str) else getattr(loss, 'name', None) or getattr(loss, '__name__', type(loss).__name__)
    assert name == 'binary_crossentropy', f'your loss is {name}. Use binary cross-entropy (loss="binary_crossentropy"): it scores each of the six outputs as its own yes/no question, while categorical cross-entropy assumes exactly one label is true'

