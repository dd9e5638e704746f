"""utils.training: the compact training log of the labs, on a tiny model and synthetic random data."""

import re

import numpy as np
import pytest

from utils import config, training
from utils.training import EpochLog, fit_summary, timed


def train_tiny_model(epochs, callbacks, validation=True):
    """Fit a 3-weight model on synthetic random numbers (no course data): only the logging is under test."""
    import keras

    config.seed_everything()
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(64, 2)).astype("float32"), rng.normal(size=(64, 1)).astype("float32")
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    return model.fit(
        x[:48],
        y[:48],
        validation_data=(x[48:], y[48:]) if validation else None,
        epochs=epochs,
        batch_size=16,
        verbose=0,
        callbacks=callbacks,
    )


def test_epoch_log_prints_about_ten_lines_and_a_summary_that_matches_the_history(capsys):
    history = train_tiny_model(20, [EpochLog("tiny", metric="MAE")])
    lines = capsys.readouterr().out.splitlines()
    shown = [
        int(re.match(r"tiny, epoch (\d+): loss [\d.]+, mae [\d.]+, val_loss [\d.]+, val_mae [\d.]+$", line).group(1))
        for line in lines[:-1]
    ]
    assert shown == [1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20]
    losses = history.history["val_loss"]
    best = int(np.argmin(losses))
    assert lines[-1].startswith(
        f"tiny: 20 epochs, lowest validation loss {losses[best]:.4f} at epoch {best + 1} "
        f"(validation MAE {history.history['val_mae'][best]:.4f} there, "
        f"{history.history['val_mae'][-1]:.4f} after the last epoch); "
    )
    assert re.search(r"; \d+ s of training$", lines[-1])
    assert "\x1b" not in "".join(lines)


def test_epoch_log_takes_a_chosen_interval(capsys):
    train_tiny_model(7, [EpochLog("tiny", every=3)])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == ["tiny, epoch 1", "tiny, epoch 3", "tiny, epoch 6"]
    assert lines[-1].startswith("tiny: 7 epochs, lowest validation loss")
    with pytest.raises(
        ValueError, match=r"every \(epochs between two log lines\) must be a whole number of at least 1, not 0"
    ):
        EpochLog("tiny", every=0)


def test_fit_summary_says_what_the_run_is_missing():
    with pytest.raises(ValueError, match=r"'tiny' logged no validation loss .*validation_data="):
        fit_summary("tiny", train_tiny_model(2, [], validation=False))
    with pytest.raises(KeyError, match=r"logged no val_auc .*metrics=\[\.\.\.\] that include 'AUC'"):
        fit_summary("tiny", {"loss": [1.0], "val_loss": [1.0]}, metric="AUC")
    with pytest.raises(TypeError, match="what model.fit"):
        fit_summary("tiny", [1.0, 0.5])
    assert (
        fit_summary("tiny", {"val_loss": [0.5, 0.25, 0.3]})
        == "tiny: 3 epochs, lowest validation loss 0.2500 at epoch 2"
    )


def test_epoch_log_without_validation_data_still_returns_the_history(capsys):
    history = train_tiny_model(3, [EpochLog("tiny")], validation=False)
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith(f"tiny: 3 epochs, training loss {history.history['loss'][-1]:.4f} after the last; "), last
    assert last.endswith("(pass validation_data=(x_val, y_val) to fit to see the best epoch)"), last


def test_timed_reads_the_clock_and_stores_the_seconds_by_name(monkeypatch):
    monkeypatch.setattr(training, "TIMED_SECONDS", {})
    ticks = iter([10.0, 12.5, 20.0, 21.0])
    monkeypatch.setattr(training.time, "perf_counter", lambda: next(ticks))
    with timed("tiny") as clock:
        assert np.isnan(clock.seconds), "the reading is unknown until the block ends"
    assert (clock.name, clock.seconds, clock.minutes) == ("tiny", 2.5, 2.5 / 60)
    with timed("tiny"):
        pass
    assert training.TIMED_SECONDS == {"tiny": 1.0}, "running a block again replaces its seconds"


def test_timed_stores_nothing_for_a_block_that_raises(monkeypatch):
    monkeypatch.setattr(training, "TIMED_SECONDS", {})
    with pytest.raises(KeyboardInterrupt):
        with timed("interrupted") as clock:
            raise KeyboardInterrupt
    assert training.TIMED_SECONDS == {} and np.isnan(clock.seconds)


@pytest.mark.parametrize("name", ["", "  ", None, 3])
def test_timed_needs_a_name(name):
    with pytest.raises(ValueError, match="timed needs a name"):
        with timed(name):
            pass
