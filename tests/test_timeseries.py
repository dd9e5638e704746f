"""utils.timeseries: the sunspot loader and the windowing helper."""

import numpy as np
import pytest

from utils import timeseries


def test_make_windows_shapes_and_alignment():
    series = np.arange(10)
    x, y = timeseries.make_windows(series, steps=3, horizon=2)
    assert x.shape == (6, 3, 1) and y.shape == (6, 2)
    assert x[0, :, 0].tolist() == [0, 1, 2] and y[0].tolist() == [3, 4]
    assert x[-1, :, 0].tolist() == [5, 6, 7] and y[-1].tolist() == [8, 9]
    assert x.dtype == np.float32 and y.dtype == np.float32


def test_make_windows_default_horizon_is_the_next_value():
    x, y = timeseries.make_windows([1.0, 2.0, 3.0, 4.0], steps=2)
    assert y[:, 0].tolist() == [3.0, 4.0]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"steps": 0}, r"steps \(values per input window\) must be a whole number"),
        ({"steps": 2.5}, r"steps \(values per input window\) must be a whole number"),
        ({"steps": True}, r"steps \(values per input window\) must be a whole number"),
        ({"steps": 2, "horizon": 0}, r"horizon \(values to forecast\) must be a whole number"),
        ({"steps": 9, "horizon": 2}, "too short"),
    ],
)
def test_make_windows_rejects_bad_sizes(kwargs, message):
    with pytest.raises((TypeError, ValueError), match=message):
        timeseries.make_windows(np.arange(10), **kwargs)


def test_make_windows_rejects_a_table():
    with pytest.raises(ValueError, match="1-D series"):
        timeseries.make_windows(np.zeros((10, 2)), steps=3)


def test_load_sunspots():
    pytest.importorskip("statsmodels")
    table = timeseries.load_sunspots()
    assert list(table.columns) == ["year", "sunspots"]
    assert len(table) == 309 and table["year"].iloc[0] == 1700 and table["year"].iloc[-1] == 2008
    assert (table["sunspots"] >= 0).all()
