from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_teacher_forcing_shifts_by_one(teacher_forcing, np, END_ID):
    assert END_ID is not None, 'run the cells above exercise 3 first (END_ID is not defined): finish exercises 1 and 2, then run the notebook from the top, section 3 included'
    assert teacher_forcing is not None, 'run the cell that defines teacher_forcing first'
    ids = np.array([[2, 15, 7, 4, 3, 0, 0], [2, 9, 3, 0, 0, 0, 0]])
    result = teacher_forcing(ids, end_id=3)
    assert result is not None, 'teacher_forcing returned None: replace the ... in its body with your code, and return the result'
    assert isinstance(result, tuple) and len(result) == 2, 'return a pair: (decoder_input, decoder_target)'
    decoder_input, decoder_target = (np.asarray(part) for part in result)
    assert decoder_input.shape == (2, 6) and decoder_target.shape == (2, 6), f'for ids of shape (2, 7) both parts should have shape (2, 6); got {decoder_input.shape} and {decoder_target.shape}'
    if decoder_input[0].tolist() == [15, 7, 4, 3, 0, 0]:
        raise AssertionError('the two parts are swapped: the decoder INPUT starts with [start] (drop the last id), the TARGET is the sequence without [start] (drop the first id)')
    assert decoder_target[0].tolist() == [15, 7, 4, 3, 0, 0], f'the decoder target should be the ids without the first position, [15, 7, 4, 3, 0, 0]; got {decoder_target[0].tolist()}. At each position the target is the word AFTER the input word: the target is the input shifted left by one'
    if decoder_input[0].tolist() == [2, 15, 7, 4, 3, 0]:
        raise AssertionError('the decoder input still holds [end] (id 3 here): replace end_id by 0 before dropping the last position, ops.where(target_ids == end_id, 0, target_ids), so that no step asks the model to predict what follows [end]')
    assert decoder_input[0].tolist() == [2, 15, 7, 4, 0, 0], f'the decoder input should be the ids without the last position, [end] made padding: [2, 15, 7, 4, 0, 0]; got {decoder_input[0].tolist()}'
    assert ((decoder_input != 0) == (decoder_target != 0)).all(), 'the decoder input and the target should have their padding at the same positions'

