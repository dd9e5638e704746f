from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 2

@test_case(points=None, hidden=False)
def test_lstm_model(lstm_model, keras, LABELS):
    assert lstm_model is not None, 'run the cell that builds lstm_model first'
    assert lstm_model is not ..., 'replace the ... in the exercise cell: lstm_model = build_classifier(...)'
    assert isinstance(lstm_model, keras.Model), f'lstm_model is a {type(lstm_model).__name__}; build it with build_classifier(...)'
    wrappers = [layer for layer in lstm_model.layers if isinstance(layer, keras.layers.Bidirectional)]
    assert wrappers, 'lstm_model has no Bidirectional layer: pass keras.layers.Bidirectional(keras.layers.LSTM(32)) to build_classifier, so that the comment is read in both directions'
    inner = wrappers[0].forward_layer
    assert isinstance(inner, keras.layers.LSTM), f'the Bidirectional layer wraps a {type(inner).__name__}; it should wrap an LSTM'
    assert lstm_model.output_shape == (None, len(LABELS)), f"lstm_model's output shape is {lstm_model.output_shape}; it should be (None, {len(LABELS)})"

@test_case(points=None, hidden=False)
def test_lstm_was_trained_with_validation_data(lstm_history):
    assert lstm_history is not None, 'run the cell that trains lstm_model first'
    assert lstm_history is not ..., 'replace the ... in the exercise cell: lstm_history = lstm_model.fit(...)'
    logs = getattr(lstm_history, 'history', None)
    assert isinstance(logs, dict) and logs.get('loss'), 'lstm_history should be what lstm_model.fit(...) returns'
    assert 'val_loss' in logs, 'lstm_history has no val_loss: pass validation_data=(x_val, y_val) to fit, to see the validation loss after each epoch (early stopping needs it too)'

