from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 2

@test_case(points=None, hidden=False)
def test_pretraining_titles_by_hand(pretraining_titles, checks):
    titles = ['Lemon Cake', 'Tea Cakes', 'Lemon  Cake', 'Crème Brûlée', 'Pho!', 'Apple Tart']
    kept = checks.explained_call(pretraining_titles, titles, ['Tea Cakes'], 'ABCELPTabceklmnoprtu ', what="pretraining_titles(titles, ['Tea Cakes'], characters)")
    assert kept is not None, 'pretraining_titles returned None: replace the ... in its body with your code, and return the result'
    kept = list(kept)
    assert 'Tea Cakes' not in kept, "'Tea Cakes' is a cookie name: leave every cookie name out of the pre-training titles"
    assert 'Pho!' not in kept, "'Pho!' contains '!', which is not in `characters`: leave such titles out"
    assert 'Creme Brulee' in kept and 'Crème Brûlée' not in kept, f"pass each title through normalise: 'Crème Brûlée' becomes 'Creme Brulee', which uses only known characters; got {kept}"
    assert kept.count('Lemon Cake') == 1 and 'Lemon  Cake' not in kept, f"'Lemon Cake' and 'Lemon  Cake' are the same title once normalised: keep it once; got {kept}"
    assert kept == ['Apple Tart', 'Creme Brulee', 'Lemon Cake'], f"expected the sorted list ['Apple Tart', 'Creme Brulee', 'Lemon Cake'], got {kept}"

@test_case(points=None, hidden=False)
def test_no_held_out_name_in_the_pretraining_titles(pretraining_titles, recipes, names, val_names, test_names, vocabulary, checks):
    assert vocabulary is not None, '`vocabulary` is not built yet: finish exercise 1 and run the notebook from the top'
    kept = checks.explained_call(pretraining_titles, recipes['name'], names, vocabulary[3:], what="pretraining_titles(recipes['name'], names, vocabulary[3:])")
    assert kept is not None, 'pretraining_titles returned None: replace the ... in its body with your code, and return the result'
    kept = set(kept)
    leaked = sorted(kept & (set(val_names) | set(test_names)))
    assert not leaked, f'{len(leaked)} validation or test names are in the pre-training titles, e.g. {leaked[:3]}'
    unknown = sorted({c for title in kept for c in title} - set(vocabulary[3:]))
    assert not unknown, f'the pre-training titles contain characters the model does not know: {unknown}'
    assert len(kept) > 10 * len(names), f'only {len(kept)} titles kept from {len(recipes)} recipes: keep every title that is not a cookie name'

