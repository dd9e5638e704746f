"""utils.diagrams: the right boxes and arrows for every task type, and helpful errors."""

from collections import Counter

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from utils.diagrams import MAX_STEPS, TASK_TYPES, draw_rolled, draw_unrolled  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def parts(ax) -> Counter:
    """How many boxes and arrows of each role the diagram has (their gids)."""
    return Counter(patch.get_gid() for patch in ax.patches)


def weight_labels(ax) -> list[str]:
    return [text.get_text() for text in ax.texts if text.get_gid() == "weight-label"]


@pytest.mark.parametrize(
    "task, steps, expected",
    [
        ("one-to-one", {}, dict(input=1, hidden=1, output=1, arrow_input=1, arrow_output=1)),
        (
            "one-to-many",
            {"steps_out": 5},
            dict(input=1, hidden=5, output=5, arrow_input=1, arrow_recurrent=4, arrow_output=5),
        ),
        (
            "many-to-one",
            {"steps_in": 6},
            dict(input=6, hidden=6, output=1, arrow_input=6, arrow_recurrent=5, arrow_output=1),
        ),
        (
            "many-to-many direct",
            {"steps_in": 5},
            dict(input=5, hidden=5, output=5, arrow_input=5, arrow_recurrent=4, arrow_output=5),
        ),
        (
            "many-to-many delayed",
            {"steps_in": 3, "steps_out": 4},
            dict(input=3, hidden=7, output=4, arrow_input=3, arrow_recurrent=6, arrow_output=4),
        ),
        (
            "offline",
            {"steps_in": 4},
            dict(input=4, hidden=8, output=4, arrow_input=8, arrow_recurrent=3, arrow_backward=3, arrow_output=8),
        ),
    ],
)
def test_each_task_type_has_its_boxes_and_arrows(task, steps, expected):
    ax = draw_unrolled(task, **steps)
    assert parts(ax) == Counter({role.replace("_", "-"): n for role, n in expected.items()})
    assert ax.get_title().startswith(task.split()[0])


def test_every_task_type_draws_with_its_defaults():
    defaults = {task: parts(draw_unrolled(task)) for task in TASK_TYPES}
    assert defaults["many-to-many direct"]["input"] == defaults["many-to-many direct"]["output"] == 4
    assert (defaults["many-to-many delayed"]["input"], defaults["many-to-many delayed"]["output"]) == (3, 4)


def test_many_to_one_answers_at_the_last_step_and_one_to_many_reads_at_the_first():
    def centre_x(patch):
        box = patch.get_bbox()
        return (box.x0 + box.x1) / 2

    ax = draw_unrolled("many-to-one", steps_in=4)
    (output,) = [p for p in ax.patches if p.get_gid() == "output"]
    hidden = [centre_x(p) for p in ax.patches if p.get_gid() == "hidden"]
    assert centre_x(output) == pytest.approx(max(hidden))

    ax = draw_unrolled("one-to-many", steps_out=4)
    (single_input,) = [p for p in ax.patches if p.get_gid() == "input"]
    hidden = [centre_x(p) for p in ax.patches if p.get_gid() == "hidden"]
    assert centre_x(single_input) == pytest.approx(min(hidden))


def test_feedback_arrows_feed_each_output_but_the_last_into_the_next_step():
    assert parts(draw_unrolled("one-to-many", steps_out=5, feedback=True))["arrow-feedback"] == 4
    assert parts(draw_unrolled("many-to-many delayed", 2, 3, feedback=True))["arrow-feedback"] == 2
    assert parts(draw_unrolled("one-to-many", steps_out=5))["arrow-feedback"] == 0


def test_show_weights_labels_every_step_with_the_same_weights():
    labels = weight_labels(draw_unrolled("many-to-many direct", steps_in=4, show_weights=True))
    assert Counter(labels) == Counter({"$W$": 4, "$U$": 3, "$V$": 4})
    assert weight_labels(draw_unrolled("many-to-many direct", steps_in=4)) == []


def test_rolled_view_is_one_cell_with_a_loop():
    ax = draw_rolled()
    assert parts(ax) == Counter(
        {"input": 1, "hidden": 1, "output": 1, "arrow-input": 1, "arrow-recurrent": 1, "arrow-output": 1}
    )
    assert sorted(weight_labels(ax)) == ["$U$", "$V$", "$W$"]
    assert weight_labels(draw_rolled(show_weights=False)) == []


def test_draws_into_the_axes_it_is_given_and_title_can_be_turned_off():
    fig, (left, right) = plt.subplots(1, 2)
    assert draw_unrolled("many-to-one", ax=left, title="") is left
    assert draw_rolled(ax=right, title="my loop") is right
    assert left.get_title() == "" and right.get_title() == "my loop"
    assert len(fig.axes) == 2


def test_unknown_task_type_lists_the_choices_and_suggests_one():
    with pytest.raises(
        ValueError,
        match=r"Unknown task type 'many-to-one-ish'.*one-to-one, one-to-many.*"
        r"Did you mean 'many-to-one'\?",
    ):
        draw_unrolled("many-to-one-ish")
    with pytest.raises(ValueError, match="Choose one of: one-to-one"):
        draw_unrolled("seq2seq")


@pytest.mark.parametrize("bad", [0, -2, 2.5, "3", True])
def test_step_counts_must_be_whole_numbers(bad):
    with pytest.raises((TypeError, ValueError), match=r"steps_in \(a number of steps\) must be a whole number"):
        draw_unrolled("many-to-one", steps_in=bad)


@pytest.mark.parametrize(
    "task, steps, message",
    [
        ("one-to-one", {"steps_in": 3}, r"'one-to-one' has a single input, so steps_in must be 1"),
        ("one-to-many", {"steps_in": 2}, r"single input.*'many-to-\.\.\.' task"),
        ("many-to-one", {"steps_out": 3}, r"single output, so steps_out must be 1.*'\.\.\.-to-many'"),
        (
            "many-to-many direct",
            {"steps_in": 4, "steps_out": 5},
            r"one output per input step.*steps_in=4, steps_out=5.*'many-to-many delayed'",
        ),
        ("offline", {"steps_in": 3, "steps_out": 2}, r"steps_out must equal steps_in"),
        ("many-to-one", {"steps_in": 1}, r"steps_in must be 2 or more \(got 1\)"),
        ("many-to-many delayed", {"steps_in": 3, "steps_out": 1}, r"steps_out must be 2 or more"),
        ("many-to-many direct", {"steps_in": MAX_STEPS + 1}, rf"draw at most {MAX_STEPS}"),
    ],
)
def test_step_counts_that_contradict_the_task_type_say_why(task, steps, message):
    with pytest.raises(ValueError, match=message):
        draw_unrolled(task, **steps)


def test_feedback_and_show_weights_only_where_they_make_sense():
    with pytest.raises(ValueError, match=r"feedback=True.*'one-to-many' or 'many-to-many delayed', not 'many-to-one'"):
        draw_unrolled("many-to-one", feedback=True)
    with pytest.raises(ValueError, match=r"show_weights=True.*'offline' uses two recurrent layers"):
        draw_unrolled("offline", show_weights=True)
