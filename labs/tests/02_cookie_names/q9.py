from otter.test_files import test_case

OK_FORMAT = False

name = "q9"
points = 3

@test_case(points=None, hidden=False)
def test_generate_carries_the_state(generate, counting_step, checks):
    step = counting_step('a', 4)
    result = checks.explained_call(generate, step, n=3, prefix='', temperature=1.0, max_length=20, seed=0, what="generate(counting_step('a', 4), n=3)", hint='generate reads the prefix with encode (exercise 2) and draws with sample_next (exercise 7): finish those, then run the notebook from the top')
    assert result is not None, 'generate returned None: keep the `return names, ended` at the end'
    names, ended = result
    if names == [''] * 3 and (not any(ended)):
        raise AssertionError('generate returned the names as they started, with nothing added and none ended: replace the ... with the loop of the exercise')
    assert len(names) == 3 and len(ended) == 3, f'n=3 should give 3 names and 3 flags, not {len(names)} and {len(ended)}'
    assert names == ['aaaa'] * 3 and list(ended) == [True] * 3, f"a model that says 'a' four times and then END should give 3 x 'aaaa', all ended; got {names}, {ended}. If your names are 'aaaa...' up to max_length, you do not pass the previous `states` back into step"
    assert len(step.calls) <= 6, f"generating 'aaaa' should take about 6 calls of step (START, 4 letters, END); yours took {len(step.calls)}"
    assert set(step.calls) == {3}, f'every call of step should read one id for each of the 3 names, not {step.calls}'

@test_case(points=None, hidden=False)
def test_generate_with_prefix_and_cap(generate, counting_step, checks):
    result = checks.explained_call(generate, counting_step('a', 4), n=2, prefix='Ba', temperature=1.0, max_length=20, seed=0, what="generate(counting_step('a', 4), n=2, prefix='Ba')", hint='generate reads the prefix with encode (exercise 2) and draws with sample_next (exercise 7): finish those, then run the notebook from the top')
    assert result is not None, 'generate returned None: keep the `return names, ended` at the end'
    names, ended = result
    if names == ['Ba'] * 2 and (not any(ended)):
        raise AssertionError('generate returned the names as they started, with nothing added and none ended: replace the ... with the loop of the exercise')
    assert names == ['Baaa'] * 2 and list(ended) == [True, True], f"with the prefix 'Ba' (read as 3 ids: START, B, a) the stand-in model adds 'aa' then END: expected ['Baaa', 'Baaa'] and [True, True], got {names} and {ended}. Each name starts with the prefix"
    names, ended = generate(counting_step('a', 4), n=2, prefix='', temperature=1.0, max_length=3, seed=0)
    assert names == ['aaa'] * 2 and list(ended) == [False, False], f"with max_length=3 the names stop at 3 characters, unfinished: expected ['aaa', 'aaa'] and [False, False], got {names} and {ended}"

@test_case(points=None, hidden=False)
def test_generate_always_ends(generate, checks, PAD_ID, VOCAB_SIZE, np):
    turns = []

    def stuck_step(ids, states=None):
        calls = 0 if states is None else states + 1
        turns.append(calls)
        assert calls < 500, 'generate called step 500 times for names of at most 10 characters: write the loop as `for _ in range(max_length - len(prefix))`, so that it ends whatever the model returns'
        probabilities = np.zeros((len(np.asarray(ids).reshape(-1)), VOCAB_SIZE))
        probabilities[:, PAD_ID] = 1.0
        return (probabilities, calls)
    result = checks.explained_call(generate, stuck_step, n=2, prefix='', temperature=1.0, max_length=10, seed=0, what='generate(a model stuck on padding, max_length=10)', hint='generate reads the prefix with encode (exercise 2) and draws with sample_next (exercise 7): finish those, then run the notebook from the top')
    assert result is not None, 'generate returned None: keep the `return names, ended` at the end'
    names, ended = result
    assert len(turns) > 1, 'generate called step only to read the start marker and never drew a character: replace the ... with the loop of the exercise'
    assert list(ended) == [False, False], f'names that never reach END are not ended: expected [False, False], got {ended}'

@test_case(points=None, hidden=False)
def test_generate_is_reproducible_and_valid(generate, steps, vocabulary, START, END, checks):
    assert steps is not None and 'LSTM' in steps, 'there is no step function for the LSTM yet: finish exercise 8 (make_step), then run the cells of Sections 6 to 10'
    step = steps['LSTM']
    first, ended = checks.explained_call(generate, step, n=4, prefix='Ch', temperature=1.0, max_length=30, seed=11, what="generate(steps['LSTM'], n=4, prefix='Ch')", hint='generate reads the prefix with encode (exercise 2) and draws with sample_next (exercise 7): finish those, then run the notebook from the top')
    if first == ['Ch'] * 4 and (not any(ended)):
        raise AssertionError('generate returned the prefixes as they started, with nothing added and none ended: replace the ... with the loop of the exercise')
    again, _ = generate(step, n=4, prefix='Ch', temperature=1.0, max_length=30, seed=11)
    assert first == again, 'the same seed must give the same names: draw every id with sample_next and `rng`'
    allowed = set(vocabulary) - {'', START, END}
    for name in first:
        assert name.startswith('Ch') and len(name) <= 30, f"{name!r} should start with 'Ch' and have at most 30 characters"
        assert set(name) <= allowed, f'{name!r} contains a marker or padding: only append real characters'

