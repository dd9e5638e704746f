from otter.test_files import test_case

OK_FORMAT = False

name = "q10"
points = 2

@test_case(points=None, hidden=False)
def test_generation_report_by_hand(generation_report, np):
    assert generation_report is not None, 'run the cell that defines generation_report first'
    report = generation_report(['Tea Cakes', 'Fig Bars', 'Tea Cakes', 'Oat Cri'], [True, True, True, False], ['Tea Cakes', 'Lemon Drops'])
    assert report is not None, 'generation_report returned None: replace the ... in its body with your code, and return the result'
    assert isinstance(report, dict), f'return a dictionary, not a {type(report).__name__}'
    for key in ['new', 'ended', 'mean length']:
        assert key in report, f'the dictionary needs the key {key!r}; it has {sorted(report)}'
    assert np.isclose(report['new'], 0.5), f"2 of the 4 generated names ('Tea Cakes' twice) are training names, so 'new' is 0.5, not {report['new']}"
    assert np.isclose(report['ended'], 0.75), f"3 of 4 names ended, so 'ended' is 0.75, not {report['ended']}"
    assert np.isclose(report['mean length'], 8.25), f"the names have 9, 8, 9 and 7 characters, mean 8.25, not {report['mean length']}"

