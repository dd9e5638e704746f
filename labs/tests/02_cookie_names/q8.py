from otter.test_files import test_case

OK_FORMAT = False

name = "q8"
points = 3

@test_case(points=None, hidden=False)
def test_step_model_reads_like_the_whole_model(make_step, compare_with_whole_model, keras, np):
    assert make_step is not None, 'run the cell that defines make_step first'
    assert compare_with_whole_model is not None, 'run the cell above exercise 8 that defines compare_with_whole_model'
    compare_with_whole_model(make_step, keras.layers.SimpleRNN, [[1, 4, 7, 3, 5], [1, 8, 2, 2, 6]])

@test_case(points=None, hidden=False)
def test_step_model_of_an_lstm_carries_h_and_c(make_step, compare_with_whole_model, keras, np):
    assert make_step is not None, 'run the cell that defines make_step first'
    assert compare_with_whole_model is not None, 'run the cell above exercise 8 that defines compare_with_whole_model'
    states = compare_with_whole_model(make_step, keras.layers.LSTM, [[1, 4, 7, 3, 5], [1, 8, 2, 2, 6]])
    assert len(states) == 2, f"an LSTM's step should return 2 states, h and c, not {len(states)}"

