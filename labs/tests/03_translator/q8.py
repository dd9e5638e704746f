from otter.test_files import test_case

OK_FORMAT = False

name = "q8"
points = 3

@test_case(points=None, hidden=False)
def test_beam_search_finds_what_greedy_misses(beam_search, scripted_beam_search, START_ID, END_ID):
    assert beam_search is not None, 'run the cell that defines beam_search first'
    for name, value in [('START_ID', START_ID), ('END_ID', END_ID)]:
        assert value is not None, f'run the cells above exercise 8 first ({name} is not defined): finish exercises 1 and 2, then run the notebook from the top, section 3 included'
    assert scripted_beam_search is not None, 'run the cell above exercise 8 that defines scripted_beam_search'
    a, b = [i for i in range(4, 30) if i not in (START_ID, END_ID)][:2]
    table = {(): {a: 0.5, b: 0.4, END_ID: 0.1}, (a,): {a: 0.36, b: 0.34, END_ID: 0.3}, (b,): {END_ID: 0.95}, (a, a): {END_ID: 0.9}, (a, b): {END_ID: 0.9}}
    greedy = scripted_beam_search(beam_search, table, beam_width=1)
    assert greedy == [a, a], f'with beam_width=1 beam search is greedy search: it should write [{a}, {a}], not {greedy}'
    found = scripted_beam_search(beam_search, table, beam_width=2)
    assert found == [b], f'with beam_width=2 the search should find [{b}] (average log probability -0.48 per token), which greedy search misses ([{a}, {a}], -0.62); it returned {found}. (2) Keep the beam_width best extensions over ALL the hypotheses, not the best extension of each'

@test_case(points=None, hidden=False)
def test_beam_search_ranks_by_average_log_probability(beam_search, scripted_beam_search, START_ID, END_ID):
    assert beam_search is not None, 'run the cell that defines beam_search first'
    for name, value in [('START_ID', START_ID), ('END_ID', END_ID)]:
        assert value is not None, f'run the cells above exercise 8 first ({name} is not defined): finish exercises 1 and 2, then run the notebook from the top, section 3 included'
    assert scripted_beam_search is not None, 'run the cell above exercise 8 that defines scripted_beam_search'
    a, b = [i for i in range(4, 30) if i not in (START_ID, END_ID)][:2]
    sums_prefer_empty = {(): {a: 0.6, END_ID: 0.4}, (a,): {b: 0.6, a: 0.3, END_ID: 0.1}, (a, b): {END_ID: 0.9}, (a, a): {END_ID: 0.9}}
    found = scripted_beam_search(beam_search, sums_prefer_empty, beam_width=2)
    assert found == [a, b], f'expected [{a}, {b}], with an average log probability of -0.38 per token ([end] counted); got {found}. (3) Rank a finished hypothesis by the sum of its log probabilities divided by its length, [end] included' + ('; by the sum alone the empty translation wins (-0.92 against -1.13): sums favour short translations' if found == [] else '')
    products_differ = {(): {a: 0.5, b: 0.45, END_ID: 0.05}, (a,): {a: 0.8, END_ID: 0.2}, (b,): {b: 0.87, END_ID: 0.13}, (a, a): {END_ID: 1.0}, (b, b): {END_ID: 1.0}}
    found = scripted_beam_search(beam_search, products_differ, beam_width=2)
    assert found == [a, a], f"expected [{a}, {a}], probability 0.5 x 0.8 = 0.40 against 0.45 x 0.87 = 0.39 for [{b}, {b}]; got {found}. (1) A hypothesis's score is the sum of the LOG probabilities of its tokens" + ('; adding the probabilities themselves ranks the wrong one first' if found == [b, b] else '')

@test_case(points=None, hidden=False)
def test_beam_search_continues_each_survivor_from_its_parent(beam_search, scripted_beam_search, START_ID, END_ID):
    assert beam_search is not None, 'run the cell that defines beam_search first'
    for name, value in [('START_ID', START_ID), ('END_ID', END_ID)]:
        assert value is not None, f'run the cells above exercise 8 first ({name} is not defined): finish exercises 1 and 2, then run the notebook from the top, section 3 included'
    assert scripted_beam_search is not None, 'run the cell above exercise 8 that defines scripted_beam_search'
    a, b = [i for i in range(4, 30) if i not in (START_ID, END_ID)][:2]
    table = {(): {a: 0.5, b: 0.45, END_ID: 0.05}, (a,): {a: 0.49, b: 0.49, END_ID: 0.02}, (b,): {a: 0.9, b: 0.09, END_ID: 0.01}, (b, a): {END_ID: 0.95}, (a, a): {a: 0.9, END_ID: 0.1}, (a, b): {END_ID: 0.9}}
    found = scripted_beam_search(beam_search, table, beam_width=2)
    assert found == [b, a], f"expected [{b}, {a}]; got {found}. After the second step the survivors are not in the order of their parents: (4) row i of the new state must be the state row of survivor i's parent, for every array in the state dict"

