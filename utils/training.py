"""What a training run prints: a line every few epochs while it trains, and one line when it ends.

Keras' ``verbose=2`` prints two lines per epoch, and over 80 epochs that buries a notebook's stored
output; ``verbose=1`` draws progress bars whose escape codes show as garbage on GitHub. Pass
``verbose=0`` to ``fit`` and ``EpochLog`` to its callbacks instead: it prints about ten plain lines per
run, then ``fit_summary``'s line. A notebook that trains silently calls ``fit_summary`` itself.

Every notebook times its training runs (and other slow steps) with ``timed``: one clock, whose
readings the benchmark collects from ``TIMED_SECONDS``.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Iterator

import keras
import numpy as np

from . import checks

TIMED_SECONDS: dict[str, float] = {}
"""How long each finished ``timed`` block of this kernel took, in seconds, by its name."""


class Stopwatch:
    """The reading of one ``timed`` block: ``seconds`` and ``minutes``, known once the block ends."""

    def __init__(self, name: str):
        self.name, self.seconds = name, math.nan

    @property
    def minutes(self) -> float:
        return self.seconds / 60


@contextlib.contextmanager
def timed(name: str) -> Iterator[Stopwatch]:
    """Time the block: ``with timed("LSTM") as clock: model.fit(...)``, then read ``clock.seconds``.

    A block that finishes also stores its seconds in ``TIMED_SECONDS[name]`` (running it again replaces
    them); one that raises (an interrupted ``fit``) stores nothing.
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f'timed needs a name for what it times, e.g. timed("LSTM"), not {name!r}')
    clock = Stopwatch(name)
    started = time.perf_counter()
    yield clock
    clock.seconds = time.perf_counter() - started
    TIMED_SECONDS[name] = clock.seconds


def fit_summary(name: str, history, metric: str | None = None, seconds: float | None = None) -> str:
    """One line about a finished ``fit`` with validation data: its epochs and its best epoch.

    The best epoch has the lowest validation loss: the one ``EarlyStopping(restore_best_weights=True)``
    brings back. ``history`` is what ``fit`` returned, or its ``.history`` dict. ``metric`` (e.g.
    ``"AUC"`` for the logged ``val_auc``) adds that validation metric at the best and at the last epoch;
    ``seconds`` adds the training time.
    """
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict):
        raise TypeError(f"fit_summary needs what model.fit(...) returned, not {type(history).__name__}")
    if not logs.get("val_loss"):
        raise ValueError(
            f"{name!r} logged no validation loss (it logged {sorted(logs)}): pass validation_data=(x_val, y_val) to fit"
        )
    losses = logs["val_loss"]
    best = int(np.argmin(losses))
    line = f"{name}: {len(losses)} epochs, lowest validation loss {losses[best]:.4f} at epoch {best + 1}"
    if metric is not None:
        key = f"val_{metric.lower()}"
        if key not in logs:
            raise KeyError(
                f"{name!r} logged no {key} (it logged {sorted(logs)}): "
                f"compile the model with metrics=[...] that include {metric!r}"
            )
        line += f" (validation {metric} {logs[key][best]:.4f} there, {logs[key][-1]:.4f} after the last epoch)"
    if seconds is not None:
        line += f"; {seconds:.0f} s of training"
    return line


class EpochLog(keras.callbacks.Callback):
    """Print the logs of the first epoch and of every ``every``-th one, then ``fit_summary``'s line.

    By default ``every`` gives about ten lines for the run's epoch limit. Use it with ``verbose=0``.
    """

    def __init__(self, name: str, every: int | None = None, metric: str | None = None):
        super().__init__()
        if every is not None:
            every = checks.whole_number(every, "every", hint="epochs between two log lines")
        self.name, self.every, self.metric = name, every, metric

    def on_train_begin(self, logs=None):
        self.started = time.perf_counter()
        self.history: dict[str, list[float]] = {}
        self.step = self.every or max(1, math.ceil(self.params["epochs"] / 10))

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        for key, value in logs.items():
            self.history.setdefault(key, []).append(float(value))
        if epoch == 0 or (epoch + 1) % self.step == 0:
            shown = ", ".join(f"{key} {float(value):.4f}" for key, value in logs.items())
            print(f"{self.name}, epoch {epoch + 1}: {shown}")

    def on_train_end(self, logs=None):
        seconds = time.perf_counter() - self.started
        if not self.history.get("val_loss"):  # no validation data: say so, rather than raise after training
            losses = self.history.get("loss") or [float("nan")]
            print(
                f"{self.name}: {len(losses)} epochs, training loss {losses[-1]:.4f} after the last; {seconds:.0f} s "
                "of training (pass validation_data=(x_val, y_val) to fit to see the best epoch)"
            )
            return
        print(fit_summary(self.name, self.history, self.metric, seconds))
