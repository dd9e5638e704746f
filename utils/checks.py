"""Argument checks and check helpers shared by the labs.

Each function either returns the value it checked or raises an error that says what was wrong
and what to give instead, so that a bad request never ends in a traceback from deep inside NumPy
or Keras::

    n = checks.whole_number(n, "n", hint="the number of names to generate")
    temperature = checks.positive_number(temperature, "temperature", hint="try 0.5 or 1.0")

``explained_call`` is for the labs' tests: it runs a student's function and turns any error into
an ``AssertionError`` whose message names the error and says what to do.
"""

from __future__ import annotations

import math
import numbers
from decimal import Decimal

__all__ = ["whole_number", "positive_number", "explained_call"]


def _described(name, hint):
    return f"{name} ({hint})" if hint else name


def whole_number(value, name, minimum=1, hint=""):
    """``value`` as an ``int`` if it is a whole number (Python or NumPy) of at least ``minimum``.

    Booleans are refused although Python counts them as integers: ``n=True`` is a mistake, not 1.
    Floats, fractions and decimals are refused even when whole (``2.0``): a count is an integer.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{_described(name, hint)} must be a whole number such as {max(minimum, 1)}, "
            f"not {value!r} ({type(value).__name__})"
        )
    if value < minimum:
        raise ValueError(f"{_described(name, hint)} must be a whole number of at least {minimum}, not {value!r}")
    return int(value)


def positive_number(value, name, hint=""):
    """``value`` as a ``float`` if it is a finite real number above 0.

    Python and NumPy numbers, ``Fraction`` and ``Decimal`` are accepted; booleans, strings, NaN
    and infinity are refused.
    """
    real = isinstance(value, (numbers.Real, Decimal)) and not isinstance(value, bool)
    number = float(value) if real else math.nan
    if not real or not math.isfinite(number) or not number > 0:
        raise ValueError(
            f"{_described(name, hint)} must be a finite number greater than 0, not {value!r} ({type(value).__name__})"
        )
    return number


def explained_call(function, *args, what, hint="", **kwargs):
    """``function(*args, **kwargs)``, or an ``AssertionError`` that explains its error.

    ``what`` describes the call for the message ("build_language_model(keras.layers.LSTM, 8, 11)");
    ``hint`` says what to check. A function that is still a placeholder (``...``) or missing
    gets told to fill in the exercise cell and run it. An ``AssertionError`` raised inside the call
    (by a stand-in model that a check passes in) is passed on unchanged.
    """
    if function is None or function is Ellipsis:
        raise AssertionError(
            f"{what.split('(')[0]} is not defined yet: replace the ... in the exercise cell and run that cell"
        )
    try:
        return function(*args, **kwargs)
    except AssertionError:
        raise  # a check's own stand-in raised it, and it already says what is wrong
    except NameError as error:
        raise AssertionError(
            f"{what} failed with a NameError ({error}): run the notebook from the top, "
            "so that every cell before this one has run"
        ) from None
    except Exception as error:
        message = f"{what} raised {type(error).__name__}: {error}"
        if any(mark in str(error) for mark in ("Ellipsis", "ellipsis", "...")):
            message += ". Replace every ... in the exercise cell with your code"
        raise AssertionError(f"{message}. {hint}".strip()) from None
