"""Time-series helpers: the yearly sunspot numbers, and cutting a series into training windows.

    from utils import timeseries
    sunspots = timeseries.load_sunspots()            # DataFrame: year, sunspots (1700-2008)
    x, y = timeseries.make_windows(values, steps=24, horizon=1)

The sunspot numbers ship inside statsmodels (public domain, from NOAA's National Geophysical
Data Center), so they need no download.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import checks


def load_sunspots() -> pd.DataFrame:
    """Yearly mean sunspot numbers, 1700-2008, as a DataFrame with columns ``year`` and ``sunspots``.

    The file comes with statsmodels (``statsmodels/datasets/sunspots/sunspots.csv``); it is read
    directly with pandas, which avoids importing the rest of statsmodels.
    """
    import importlib.resources

    try:
        source = importlib.resources.files("statsmodels.datasets.sunspots") / "sunspots.csv"
    except ModuleNotFoundError as err:
        raise ModuleNotFoundError(
            "The sunspot numbers ship with statsmodels, which is not installed. Install the "
            "course's pinned packages (`make lab`), or run `pip install statsmodels`."
        ) from err
    with source.open("rb") as f:
        table = pd.read_csv(f)
    if list(table.columns) != ["YEAR", "SUNACTIVITY"] or len(table) == 0:
        raise ValueError(
            f"statsmodels' sunspots.csv has unexpected columns {list(table.columns)}; "
            f"expected ['YEAR', 'SUNACTIVITY']. Reinstall the pinned statsmodels."
        )
    return pd.DataFrame({"year": table["YEAR"].astype(int), "sunspots": table["SUNACTIVITY"].astype(float)})


def make_windows(series, steps: int, horizon: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Cut a 1-D series into inputs of ``steps`` values and targets of the next ``horizon`` values.

    Returns ``x`` of shape ``(samples, steps, 1)`` (samples, time steps, features), ready for a
    recurrent layer, and ``y`` of shape ``(samples, horizon)``. Window ``i`` reads
    ``series[i : i + steps]`` and its target is ``series[i + steps : i + steps + horizon]``, so
    there are ``len(series) - steps - horizon + 1`` samples, one per starting position.
    """
    values = np.asarray(series, dtype="float32")
    if values.ndim != 1:
        raise ValueError(
            f"make_windows expects a 1-D series of numbers; got an array of shape "
            f"{values.shape}. Pick one column, e.g. table['sunspots']."
        )
    steps = checks.whole_number(steps, "steps", hint="values per input window")
    horizon = checks.whole_number(horizon, "horizon", hint="values to forecast")
    samples = len(values) - steps - horizon + 1
    if samples < 1:
        raise ValueError(
            f"A series of {len(values)} values is too short for windows of {steps} "
            f"steps plus {horizon} to predict: it needs at least {steps + horizon}."
        )
    starts = np.arange(samples)
    x = values[starts[:, None] + np.arange(steps)][..., None]
    y = values[starts[:, None] + steps + np.arange(horizon)]
    return x, y
