from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 3

@test_case(points=None, hidden=False)
def test_greedy_feeds_back_and_stops_at_end(greedy_decode, np, START_ID, END_ID):
    for name, value in [('START_ID', START_ID), ('END_ID', END_ID)]:
        assert value is not None, f'run the cells above exercise 7 first ({name} is not defined): finish exercises 1 and 2, then run the notebook from the top, section 3 included'
    assert greedy_decode is not None, 'run the cell that defines greedy_decode first'
    ids = [i for i in range(4, 30) if i not in (START_ID, END_ID)][:3]
    follows = {START_ID: ids[0], ids[0]: ids[1], ids[1]: ids[2], ids[2]: END_ID}
    vocabulary = max([START_ID, END_ID] + ids) + 1
    calls = []

    def step(tokens, state):
        calls.append(list(np.asarray(tokens).ravel()))
        probabilities = np.full((len(tokens), vocabulary), 0.01)
        for row, token in enumerate(np.asarray(tokens).ravel()):
            probabilities[row, follows.get(int(token), 0)] = 0.9
        return (probabilities, state)
    try:
        result = greedy_decode(step, None, batch_size=1, max_length=10)
    except Exception as error:
        raise AssertionError(f'greedy_decode raised {type(error).__name__}: {error} on a toy decoder') from None
    assert result is not None, 'greedy_decode returned None'
    assert calls and calls[0] == [START_ID], f'the first token fed to step should be START_ID ({START_ID}); it got {(calls[0] if calls else None)}'
    if len(calls) > 1 and calls[1] == [START_ID]:
        raise AssertionError('step received [start] again at the second step: set tokens to the argmax of the probabilities, so that the decoder reads the token it just wrote')
    assert result == [ids], f'the toy decoder writes {ids} then [end]; greedy_decode returned {result}. Take np.argmax(probabilities, axis=-1) as the next tokens and feed them back'
    assert len(calls) == 4, f'step was called {len(calls)} times; after the toy decoder writes [end] (4th step) the loop should stop: mark finished sentences with finished = finished | (tokens == END_ID)'

@test_case(points=None, hidden=False)
def test_greedy_batch_and_length_cap(greedy_decode, np, START_ID, END_ID):
    for name, value in [('START_ID', START_ID), ('END_ID', END_ID)]:
        assert value is not None, f'run the cells above exercise 7 first ({name} is not defined): finish exercises 1 and 2, then run the notebook from the top, section 3 included'
    assert greedy_decode is not None, 'run the cell that defines greedy_decode first'
    a, b = [i for i in range(4, 30) if i not in (START_ID, END_ID)][:2]
    vocabulary = max(START_ID, END_ID, a, b) + 1
    scripts = [[a, END_ID, b, b, b, b], [a, a, a, END_ID, b, b], [b, b, b, b, b, b]]

    def step(tokens, position):
        probabilities = np.full((3, vocabulary), 0.01)
        for row in range(3):
            probabilities[row, scripts[row][position]] = 0.9
        return (probabilities, position + 1)
    result = greedy_decode(step, 0, batch_size=3, max_length=5)
    assert result is not None, 'greedy_decode returned None'
    assert result[0] == [a], f'the first sentence writes [end] at step 2, so its translation is [{a}]; got {result[0]}. After [end] a sentence gets padding: tokens = np.where(finished, 0, tokens)'
    assert result[1] == [a, a, a], f'the second sentence should be {[a, a, a]}, got {result[1]}'
    assert result[2] == [b] * 5, f'the third sentence never writes [end], so max_length=5 caps it at 5 tokens: expected {[b] * 5}, got {result[2]}'

