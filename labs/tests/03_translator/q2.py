from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_split_keeps_english_sentences_together(split_by_english, pd):
    assert split_by_english is not None, 'run the cell that defines split_by_english first'
    english = ['a', 'a', 'b', 'c', 'c', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'j']
    toy = pd.DataFrame({'en': english, 'fr': [f'{e}{i}' for i, e in enumerate(english)]})
    result = split_by_english(toy, val_share=0.2, test_share=0.2, seed=0)
    assert result is not None, 'split_by_english returned None: replace the ... in its body with your code, and return the result'
    assert isinstance(result, tuple) and len(result) == 3, 'return three DataFrames: (train, val, test)'
    train, val, test = result
    sets = [set(part['en']) for part in (train, val, test)]
    shared = sets[0] & sets[1] | sets[0] & sets[2] | sets[1] & sets[2]
    assert not shared, f'the English sentences {sorted(shared)} appear in two parts: split the distinct English sentences, not the rows, so that all translations of one sentence land in the same part'
    assert len(train) + len(val) + len(test) == len(toy), f'the three parts hold {len(train) + len(val) + len(test)} rows; every one of the {len(toy)} rows must be in exactly one part'
    assert (len(sets[2]), len(sets[1]), len(sets[0])) == (2, 2, 6), f'with 10 distinct sentences and shares 0.2/0.2, expected 2 test, 2 validation and 6 training sentences; got {len(sets[2])}, {len(sets[1])} and {len(sets[0])}'
    assert list(test.index) == list(range(len(test))), 'reset the index of each part: reset_index(drop=True)'

@test_case(points=None, hidden=False)
def test_split_shuffles_with_the_seed(split_by_english, pd):
    assert split_by_english is not None, 'run the cell that defines split_by_english first'
    toy = pd.DataFrame({'en': [f'sentence {i:03d}' for i in range(100)]})
    assert split_by_english(toy, 0.1, 0.1, seed=1) is not None, 'split_by_english returned None: replace the ... in its body with your code, and return the result'
    _, _, test_a = split_by_english(toy, 0.1, 0.1, seed=1)
    _, _, test_b = split_by_english(toy, 0.1, 0.1, seed=1)
    _, _, test_c = split_by_english(toy, 0.1, 0.1, seed=2)
    assert list(test_a['en']) == list(test_b['en']), 'the same seed must give the same split'
    assert set(test_a['en']) != set(test_c['en']), 'a different seed should give a different split: shuffle with np.random.default_rng(seed)'
    assert set(test_a['en']) != {f'sentence {i:03d}' for i in range(10)}, 'the test sentences are the first 10 of the sorted list: shuffle the distinct sentences before cutting, or (on the real corpus, sorted by length) the test set would hold only the shortest sentences'

