from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 3

@test_case(points=None, hidden=False)
def test_sample_next_shape_and_validity(sample_next, np):
    assert sample_next is not None, 'run the cell that defines sample_next first'
    probabilities = np.array([[0.0, 0.0, 0.5, 0.5], [0.0, 0.0, 0.0, 1.0], [0.0, 0.1, 0.9, 0.0]])
    ids = sample_next(probabilities, 1.0, np.random.default_rng(0))
    assert ids is not None, 'sample_next returned None: replace the ... in its body with your code, and return the result'
    ids = np.asarray(ids)
    assert ids.shape == (3,), f'3 rows of probabilities give 3 ids, shape (3,); yours has shape {ids.shape}'
    assert np.issubdtype(ids.dtype, np.integer), f'return integer ids, not {ids.dtype}'
    for _ in range(200):
        ids = np.asarray(sample_next(probabilities, 1.5, np.random.default_rng(_)))
        assert ids[0] in (2, 3) and ids[1] == 3 and (ids[2] in (1, 2)), f'drew {ids.tolist()}: an id with probability 0 must never be drawn, even at temperature 1.5'

@test_case(points=None, hidden=False)
def test_temperature_changes_the_spread(sample_next, np):
    assert sample_next is not None, 'run the cell that defines sample_next first'
    p = np.tile([[0.0, 0.1, 0.6, 0.3]], (20000, 1))
    assert sample_next(p[:2], 1.0, np.random.default_rng(0)) is not None, 'sample_next returned None: replace the ... in its body with your code, and return the result'

    def share_of_likeliest(t):
        return float((np.asarray(sample_next(p, t, np.random.default_rng(1))) == 2).mean())
    at_one, cold, hot = (share_of_likeliest(1.0), share_of_likeliest(0.05), share_of_likeliest(3.0))
    assert abs(at_one - 0.6) < 0.02, f'at temperature 1 the id with probability 0.6 should be drawn about 60% of the time, not {at_one:.1%}: temperature 1 must leave the distribution unchanged'
    assert cold > 0.99, f'at temperature 0.05 the likeliest id should be drawn almost always, not {cold:.1%}: divide the log-probabilities BY the temperature'
    assert hot < at_one - 0.1, f'at temperature 3 the distribution should be flatter, so the likeliest id drawn less often than at 1 ({hot:.1%} vs {at_one:.1%}): divide the log-probabilities by the temperature, do not multiply'

@test_case(points=None, hidden=False)
def test_sample_next_is_reproducible_and_checks_temperature(sample_next, np):
    assert sample_next is not None, 'run the cell that defines sample_next first'
    p = np.full((50, 5), 0.2)
    first = sample_next(p, 1.0, np.random.default_rng(7))
    assert first is not None, 'sample_next returned None: replace the ... in its body with your code, and return the result'
    first = np.asarray(first).tolist()
    again = np.asarray(sample_next(p, 1.0, np.random.default_rng(7))).tolist()
    assert len(first) == 50, f'50 rows of probabilities give 50 ids, not {len(first)}'
    assert first == again, 'the same seed must give the same ids: draw only with `rng`, not np.random or random'
    for bad in [0, -1.0]:
        try:
            sample_next(p, bad, np.random.default_rng(0))
        except ValueError:
            pass
        else:
            raise AssertionError(f'temperature={bad} should raise a ValueError: a temperature must be greater than 0')

@test_case(points=None, hidden=False)
def test_sample_next_at_extreme_temperatures(sample_next, np):
    assert sample_next is not None, 'run the cell that defines sample_next first'
    p = np.tile([[0.0, 0.1, 0.6, 0.3]], (3000, 1))
    cold = sample_next(p, 1e-300, np.random.default_rng(5))
    assert cold is not None, 'sample_next returned None: replace the ... in its body with your code, and return the result'
    cold = np.asarray(cold)
    assert (cold == 2).all(), f"at temperature 1e-300 only the likeliest id (2) may be drawn, but you drew {sorted(set(cold.tolist()))}: subtract each row's maximum log-probability BEFORE dividing by the temperature"
    hot = np.asarray(sample_next(p, 1e+300, np.random.default_rng(5)))
    shares = [float((hot == i).mean()) for i in range(4)]
    assert shares[0] == 0 and all((abs(s - 1 / 3) < 0.05 for s in shares[1:])), f'at temperature 1e300 the ids 1, 2, 3 should each be drawn about a third of the time and id 0 never; your shares are {[round(s, 3) for s in shares]}'

