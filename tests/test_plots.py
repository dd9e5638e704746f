"""utils.plots."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from utils.plots import plot_history  # noqa: E402


def test_plot_history_draws_training_and_validation_curves():
    ax = plot_history({"a": {"loss": [3, 2, 1], "val_loss": [3, 2.5, 2]}, "b": {"loss": [2, 1]}})
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["a, training", "a, validation", "b, training"]
    assert list(ax.get_lines()[1].get_ydata()) == [3, 2.5, 2]


def test_plot_history_says_which_metric_is_missing():
    with pytest.raises(KeyError, match=r"'a' has no 'auc'.*\['loss'\]"):
        plot_history({"a": {"loss": [1]}}, metric="auc")
    with pytest.raises(ValueError, match="at least one model"):
        plot_history({})
