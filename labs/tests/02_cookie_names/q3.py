from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_targets_are_inputs_shifted_by_one(make_examples, np):
    assert make_examples is not None, 'run the cell that defines make_examples first'
    result = make_examples([[1, 7, 8, 9, 2], [1, 5, 2]], 6)
    assert result is not None and len(result) == 2, 'make_examples should return two arrays: inputs, targets'
    inputs, targets = (np.asarray(a) for a in result)
    assert inputs.shape == (2, 6) and targets.shape == (2, 6), f'2 names and length 6 give arrays of shape (2, 6); yours are {inputs.shape} and {targets.shape}'
    assert inputs.any() or targets.any(), 'make_examples returned only padding: replace the ... in its body with the loop that copies each encoded name into inputs and targets'
    assert inputs[0].tolist() == [1, 7, 8, 9, 0, 0], f'the input of [1, 7, 8, 9, 2] is the name without its last id, padded: [1, 7, 8, 9, 0, 0], not {inputs[0].tolist()}'
    assert targets[0].tolist() == [7, 8, 9, 2, 0, 0], f'the target of [1, 7, 8, 9, 2] is the name without its first id, padded: [7, 8, 9, 2, 0, 0], not {targets[0].tolist()}. The target at step t is the input at step t + 1'
    assert inputs[1].tolist() == [1, 5, 0, 0, 0, 0] and targets[1].tolist() == [5, 2, 0, 0, 0, 0], f'for [1, 5, 2] expected input [1, 5, 0, 0, 0, 0] and target [5, 2, 0, 0, 0, 0], got {inputs[1].tolist()} and {targets[1].tolist()}'
    assert np.issubdtype(inputs.dtype, np.integer) and np.issubdtype(targets.dtype, np.integer), 'ids are integers'

@test_case(points=None, hidden=False)
def test_long_names_are_cut(make_examples, np):
    assert make_examples is not None, 'run the cell that defines make_examples first'
    try:
        inputs, targets = (np.asarray(a) for a in make_examples([[1, 3, 4, 5, 6, 2]], 3))
    except Exception as error:
        raise AssertionError(f'make_examples crashed on a name longer than `length` ({type(error).__name__}: {error}); cut it to `length` instead') from None
    assert inputs.any() or targets.any(), 'make_examples returned only padding: replace the ... in its body with the loop that copies each encoded name into inputs and targets'
    assert inputs.tolist() == [[1, 3, 4]] and targets.tolist() == [[3, 4, 5]], f'[1, 3, 4, 5, 6, 2] cut to length 3 gives input [[1, 3, 4]] and target [[3, 4, 5]]; got {inputs.tolist()} and {targets.tolist()}'

