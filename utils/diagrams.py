"""Diagrams of recurrent networks, drawn with matplotlib: unrolled over time, or rolled into a loop.

    from utils import diagrams
    diagrams.draw_unrolled("many-to-one", steps_in=5)
    diagrams.draw_unrolled("many-to-many delayed", steps_in=3, steps_out=4, feedback=True)
    diagrams.draw_rolled()

Inputs :math:`x_t` are drawn at the bottom, hidden states :math:`h_t` in the middle and outputs
:math:`y_t` at the top; an arrow means "feeds into". Each function returns the matplotlib Axes it
drew on. Every box and arrow carries its role as its ``gid`` (``"input"``, ``"hidden"``,
``"output"``, ``"arrow-input"``, ``"arrow-recurrent"``, ...), so a test can count them.
"""

from __future__ import annotations

import difflib
from typing import NamedTuple

import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from . import checks

#: The task types of Lesson 02, in the order the lesson teaches them.
TASK_TYPES = (
    "one-to-one",
    "one-to-many",
    "many-to-one",
    "many-to-many direct",
    "many-to-many delayed",
    "offline",
)
#: More steps than this do not fit in a readable diagram.
MAX_STEPS = 12

_COLORS = {"input": "#fde3c8", "hidden": "#d3ebd3", "output": "#d6e4f5"}
_ROW = {"input": 0.0, "hidden": 1.0, "output": 2.0}
_BOX = (0.64, 0.44)  # width, height
_DEFAULT_STEPS = {"one-to-many": (1, 4), "many-to-many delayed": (3, 4)}


class _Box(NamedTuple):
    """One box of a diagram: its role (a colour and a ``gid``), its centre, its width and its label."""

    role: str
    x: float
    y: float
    width: float
    label: str


def _check_task(task) -> str:
    if task in TASK_TYPES:
        return task
    close = difflib.get_close_matches(str(task), TASK_TYPES, n=1, cutoff=0.5)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise ValueError(f"Unknown task type {task!r}. Choose one of: {', '.join(TASK_TYPES)}.{hint}")


def _check_count(name: str, value) -> int | None:
    if value is None:
        return None
    value = checks.whole_number(value, name, hint="a number of steps")
    if value > MAX_STEPS:
        raise ValueError(
            f"{name}={value} steps do not fit in a readable diagram: draw at most "
            f"{MAX_STEPS} (a few steps show the pattern)."
        )
    return value


def _step_counts(task: str, steps_in, steps_out) -> tuple[int, int]:
    """Check the numbers of steps asked for against the task type; fill in the defaults."""
    steps_in, steps_out = _check_count("steps_in", steps_in), _check_count("steps_out", steps_out)
    one_in = task in ("one-to-one", "one-to-many")
    one_out = task in ("one-to-one", "many-to-one")
    if one_in and steps_in not in (None, 1):
        raise ValueError(
            f"{task!r} has a single input, so steps_in must be 1 (or left out); got "
            f"{steps_in}. A sequence of inputs is a 'many-to-...' task."
        )
    if one_out and steps_out not in (None, 1):
        raise ValueError(
            f"{task!r} has a single output, so steps_out must be 1 (or left out); got "
            f"{steps_out}. A sequence of outputs is a '...-to-many' task."
        )
    if task in ("many-to-many direct", "offline") and steps_out not in (None, steps_in):
        raise ValueError(
            f"{task!r} gives one output per input step, so steps_out must equal "
            f"steps_in (or be left out); got steps_in={steps_in}, steps_out={steps_out}. "
            f"For an output sequence of another length use 'many-to-many delayed'."
        )
    default_in, default_out = _DEFAULT_STEPS.get(task, (1 if one_in else 4, 1 if one_out else 4))
    steps_in = steps_in or default_in
    steps_out = steps_out or (steps_in if task in ("many-to-many direct", "offline") else default_out)
    for name, count, many in [("steps_in", steps_in, not one_in), ("steps_out", steps_out, not one_out)]:
        if many and count < 2:
            raise ValueError(
                f"{task!r} has a sequence on this side, so {name} must be 2 or more "
                f"(got {count}); one step there would make it a different task type."
            )
    return steps_in, steps_out


def _layout(task: str, n_in: int, n_out: int, feedback: bool):
    """Boxes as {key: _Box} and arrows as [(role, from key, to key)]."""
    boxes, arrows = {}, []
    width = _BOX[0]

    if task == "offline":  # a bidirectional layer: a forward and a backward chain of states
        for t in range(n_in):
            column = 1.3 * t
            boxes["x", t] = _Box("input", column, 0.0, width, f"$x_{{{t + 1}}}$")
            boxes["forward", t] = _Box("hidden", column - 0.26, 1.0, 0.46, rf"$\overrightarrow{{h}}_{{{t + 1}}}$")
            boxes["backward", t] = _Box("hidden", column + 0.26, 1.85, 0.46, rf"$\overleftarrow{{h}}_{{{t + 1}}}$")
            boxes["y", t] = _Box("output", column, 2.85, width, f"$y_{{{t + 1}}}$")
            arrows += [
                ("arrow-input", ("x", t), ("forward", t)),
                ("arrow-input", ("x", t), ("backward", t)),
                ("arrow-output", ("forward", t), ("y", t)),
                ("arrow-output", ("backward", t), ("y", t)),
            ]
            if t > 0:
                arrows += [
                    ("arrow-recurrent", ("forward", t - 1), ("forward", t)),
                    ("arrow-backward", ("backward", t), ("backward", t - 1)),
                ]
        return boxes, arrows

    delayed = task == "many-to-many delayed"
    columns = n_in + n_out if delayed else max(n_in, n_out)
    first_output = n_in if delayed else (columns - 1 if n_out == 1 else 0)
    for t in range(columns):
        boxes["h", t] = _Box("hidden", t, _ROW["hidden"], width, f"$h_{{{t + 1}}}$")
        if t > 0:
            arrows.append(("arrow-recurrent", ("h", t - 1), ("h", t)))
        if t < n_in:
            boxes["x", t] = _Box("input", t, _ROW["input"], width, f"$x_{{{t + 1}}}$")
            arrows.append(("arrow-input", ("x", t), ("h", t)))
        if first_output <= t < first_output + n_out:
            boxes["y", t] = _Box("output", t, _ROW["output"], width, f"$y_{{{t - first_output + 1}}}$")
            arrows.append(("arrow-output", ("h", t), ("y", t)))
            if feedback and t + 1 < first_output + n_out:
                arrows.append(("arrow-feedback", ("y", t), ("h", t + 1)))
    return boxes, arrows


def _captions(task: str, n_in: int, n_out: int):
    """Words under the diagram: (x, y, text)."""
    if task == "many-to-many delayed":
        return [((n_in - 1) / 2, -0.5, "encoder: reads"), (n_in + (n_out - 1) / 2, -0.5, "decoder: writes")]
    return []


def _new_axes(ax, columns: float, height: float):
    if ax is None:
        _, ax = plt.subplots(figsize=(max(2.2, 0.95 * columns + 0.6), height))
    return ax


def _render(ax, boxes, arrows, weight_labels, title, captions=()):
    patches = {}
    for key, box in boxes.items():
        height = _BOX[1]
        patch = FancyBboxPatch(
            (box.x - box.width / 2, box.y - height / 2),
            box.width,
            height,
            boxstyle="round,pad=0.02,rounding_size=0.08",
            linewidth=1.2,
            facecolor=_COLORS[box.role],
            edgecolor="#444444",
            gid=box.role,
        )
        ax.add_patch(patch)
        ax.text(box.x, box.y, box.label, ha="center", va="center", fontsize=11, gid=f"label-{box.role}")
        patches[key] = patch
    for role, start, end in arrows:
        (x0, y0), (x1, y1) = (boxes[start].x, boxes[start].y), (boxes[end].x, boxes[end].y)
        dashed = role == "arrow-feedback"
        arrow = FancyArrowPatch(
            (x0, y0),
            (x1, y1),
            patchA=patches[start],
            patchB=patches[end],
            arrowstyle="-|>",
            mutation_scale=11,
            shrinkA=1,
            shrinkB=1,
            linestyle="--" if dashed else "-",
            linewidth=1.1,
            color="#8a5a00" if dashed else "#333333",
            connectionstyle="arc3,rad=0.35" if dashed else "arc3",
            gid=role,
        )
        ax.add_patch(arrow)
        if role in weight_labels:
            dx, dy = (0.0, 0.1) if role == "arrow-recurrent" else (0.1, 0.0)
            ax.text(
                (x0 + x1) / 2 + dx,
                (y0 + y1) / 2 + dy,
                weight_labels[role],
                fontsize=9,
                color="#a02020",
                ha="left" if dx else "center",
                va="bottom" if dy else "center",
                gid="weight-label",
            )
    for x, y, text in captions:
        ax.text(x, y, text, ha="center", va="center", fontsize=9, style="italic", gid="caption")
    xs = [box.x for box in boxes.values()]
    ys = [box.y for box in boxes.values()] + [y for _, y, _ in captions]
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.4, max(ys) + 0.4)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10)
    return ax


_WEIGHTS = {"arrow-input": "$W$", "arrow-recurrent": "$U$", "arrow-output": "$V$"}


def draw_unrolled(
    task: str,
    steps_in: int | None = None,
    steps_out: int | None = None,
    *,
    feedback: bool = False,
    show_weights: bool = False,
    ax=None,
    title: str | None = None,
):
    """Draw a recurrent network for one task type, unrolled: one column per time step.

    ``task`` is one of :data:`TASK_TYPES`. ``steps_in`` and ``steps_out`` are the numbers of
    input and output steps to draw; leave them out for sensible defaults. A "one" side must be 1,
    a "many" side 2 or more, and the direct and offline types have as many outputs as inputs.
    ``"many-to-many delayed"`` draws an encoder (the inputs) followed by a decoder (the outputs);
    ``"offline"`` draws a bidirectional layer, a forward and a backward chain of states.

    ``feedback=True`` (one-to-many and many-to-many delayed only) adds dashed arrows that feed
    each output back into the next step, as a generator does. ``show_weights=True`` labels the
    arrows with the weights they apply (W input, U recurrent, V output), the same at every step;
    it needs a task with one chain of states. Pass ``ax`` to draw into existing axes, and
    ``title=""`` for no title. Returns the Axes.
    """
    task = _check_task(task)
    n_in, n_out = _step_counts(task, steps_in, steps_out)
    if feedback and task not in ("one-to-many", "many-to-many delayed"):
        raise ValueError(
            f"feedback=True feeds each output into the next step, which only a model that "
            f"generates a sequence does: use it with 'one-to-many' or "
            f"'many-to-many delayed', not {task!r}."
        )
    if show_weights and task in ("many-to-many delayed", "offline"):
        raise ValueError(
            f"show_weights=True labels one set of weights (W, U, V), but {task!r} uses two "
            f"recurrent layers with weights of their own. Draw it without show_weights."
        )
    boxes, arrows = _layout(task, n_in, n_out, feedback)
    xs = [box.x for box in boxes.values()]
    ax = _new_axes(ax, max(xs) - min(xs) + 1, 3.2 if task == "offline" else 2.4)
    if title is None:
        title = {
            "one-to-one": "one-to-one: one input, one output",
            "one-to-many": f"one-to-many: one input, {n_out} outputs",
            "many-to-one": f"many-to-one: {n_in} inputs, one output",
            "many-to-many direct": "many-to-many, direct: an output at every step",
            "many-to-many delayed": f"many-to-many, delayed: {n_in} inputs, then {n_out} outputs",
            "offline": "offline: every output sees the whole input",
        }[task]
    return _render(ax, boxes, arrows, _WEIGHTS if show_weights else {}, title, _captions(task, n_in, n_out))


def draw_rolled(*, show_weights: bool = True, ax=None, title: str | None = None):
    """Draw a recurrent network rolled up: one cell whose state loops back into itself.

    It is the compact picture of :func:`draw_unrolled`: the loop arrow carries :math:`h_{t-1}`
    into the step that computes :math:`h_t`. ``show_weights`` labels the arrows W, U and V.
    Returns the Axes.
    """
    boxes = {
        "x": _Box("input", 0, 0.0, _BOX[0], "$x_t$"),
        "h": _Box("hidden", 0, 1.0, _BOX[0], "$h_t$"),
        "y": _Box("output", 0, 2.0, _BOX[0], "$y_t$"),
    }
    arrows = [("arrow-input", "x", "h"), ("arrow-output", "h", "y")]
    ax = _new_axes(ax, 2, 2.4)
    weights = dict(_WEIGHTS) if show_weights else {}
    weights.pop("arrow-recurrent", None)  # the loop gets its label below
    _render(ax, boxes, arrows, weights, "rolled: one cell and a loop" if title is None else title)
    half_width = _BOX[0] / 2
    loop = FancyArrowPatch(
        (half_width, 1.1),
        (half_width, 0.9),
        arrowstyle="-|>",
        mutation_scale=11,
        connectionstyle="arc,angleA=0,angleB=0,armA=28,armB=28,rad=6",
        linewidth=1.1,
        color="#333333",
        gid="arrow-recurrent",
    )
    ax.add_patch(loop)
    if show_weights:
        ax.text(half_width + 0.5, 1.0, "$U$", fontsize=9, color="#a02020", va="center", gid="weight-label")
    ax.set_xlim(-0.8, 1.2)
    return ax
