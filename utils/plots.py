"""Small plotting helpers shared by the notebooks."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np


def plot_history(histories, metric: str = "loss", ax=None, title: str | None = None):
    """Plot training (dashed) and validation (solid) curves of one metric for several models.

    ``histories`` maps a model name to what ``model.fit`` returned (a ``History``) or to
    its ``.history`` dict. Returns the matplotlib Axes, so a caller can add to it.
    """
    if not histories:
        raise ValueError("plot_history needs at least one model: pass {'name': model.fit(...)}.")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.2))
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for (name, history), color in zip(histories.items(), colors * len(histories)):
        logs = getattr(history, "history", history)
        if metric not in logs:
            raise KeyError(
                f"{name!r} has no {metric!r} in its history; it has {sorted(logs)}. "
                f"Did you compile the model with metrics=[...{metric!r}...]?"
            )
        epochs = np.arange(1, len(logs[metric]) + 1)
        ax.plot(epochs, logs[metric], "--", color=color, label=f"{name}, training")
        if f"val_{metric}" in logs:
            ax.plot(epochs, logs[f"val_{metric}"], "-o", color=color, markersize=3, label=f"{name}, validation")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.set_title(title or f"{metric} during training")
    ax.legend(fontsize=8)
    return ax
