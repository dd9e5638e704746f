"""utils.checks: the argument checks the labs share, and the helper their tests use."""

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from utils import checks


@pytest.mark.parametrize("value", [1, 7, np.int64(2), np.int32(5), np.uint8(3)])
def test_whole_number_accepts_python_and_numpy_integers(value):
    result = checks.whole_number(value, "n")
    assert result == int(value) and type(result) is int


@pytest.mark.parametrize(
    "value", [True, False, np.bool_(True), 2.0, np.float64(3), Fraction(2), Decimal(2), "3", None, [2]]
)
def test_whole_number_refuses_what_is_not_a_count(value):
    with pytest.raises(TypeError, match=r"n \(names\) must be a whole number such as 1, not"):
        checks.whole_number(value, "n", hint="names")


@pytest.mark.parametrize("value, minimum", [(0, 1), (-3, 1), (np.int64(0), 1), (4, 5)])
def test_whole_number_refuses_too_small(value, minimum):
    with pytest.raises(ValueError, match=f"max_length must be a whole number of at least {minimum}, not"):
        checks.whole_number(value, "max_length", minimum=minimum)


def test_whole_number_minimum_zero_allows_zero():
    assert checks.whole_number(0, "skip", minimum=0) == 0


@pytest.mark.parametrize(
    "value", [1, 0.5, 1e-310, 1e300, np.float32(0.7), np.int64(2), Fraction(1, 3), Decimal("0.25")]
)
def test_positive_number_accepts_finite_reals_above_zero(value):
    result = checks.positive_number(value, "temperature")
    assert type(result) is float and result == pytest.approx(float(value))


@pytest.mark.parametrize(
    "value",
    [
        0,
        -1.0,
        Fraction(-1, 2),
        Decimal("0"),
        float("nan"),
        float("inf"),
        -float("inf"),
        np.float64("nan"),
        Decimal("NaN"),
        Decimal("Infinity"),
        True,
        False,
        "1.0",
        None,
        complex(1, 0),
    ],
)
def test_positive_number_refuses_the_rest(value):
    with pytest.raises(ValueError, match=r"temperature \(try 1.0\) must be a finite number greater than 0"):
        checks.positive_number(value, "temperature", hint="try 1.0")


def test_explained_call_returns_the_result():
    assert checks.explained_call(pow, 2, 5, what="pow(2, 5)") == 32
    assert checks.explained_call(sorted, [3, 1], what="sorted", reverse=True) == [3, 1]


def test_explained_call_turns_an_error_into_advice():
    def broken(x):
        return x / 0

    with pytest.raises(AssertionError, match=r"broken\(1\) raised ZeroDivisionError: division by zero\. Divide"):
        checks.explained_call(broken, 1, what="broken(1)", hint="Divide by the count.")


def test_explained_call_names_a_placeholder_and_an_unrun_cell():
    with pytest.raises(AssertionError, match="build_model is not defined yet: replace the ..."):
        checks.explained_call(None, what="build_model(3)")

    def placeholder():
        return [...][0].units

    with pytest.raises(AssertionError, match="Replace every ... in the exercise cell"):
        checks.explained_call(placeholder, what="placeholder()")

    def uses_a_missing_name():
        return missing_variable  # noqa: F821

    with pytest.raises(AssertionError, match="NameError .*run the notebook from the top"):
        checks.explained_call(uses_a_missing_name, what="uses_a_missing_name()")


def test_explained_call_passes_a_stand_ins_assertion_on_unchanged():
    def stand_in():
        raise AssertionError("the loop called the model 500 times: bound it by max_length")

    with pytest.raises(AssertionError, match="^the loop called the model 500 times: bound it by max_length$"):
        checks.explained_call(stand_in, what="generate(stand_in)", hint="unrelated advice")
