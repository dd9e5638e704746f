"""The grading command discriminates: full marks, zero, partial credit, and hostile submissions.

Every submission here is derived from the lab's own solution or student version, so the test
follows the lab as it changes. It grades for real with otter (fast configuration), which takes a
few minutes, so it runs on the course stack only.
"""

import copy
import csv
import os
import subprocess

import nbformat
import pytest

from tools.anatomy import REPO_ROOT
from tools.grade import grade, questions

# Each lab: a plausible mistake as literal replacements in its solution's code, the questions it
# should cost, and a word the feedback must use to name it.
WRONG_ANSWERS = {
    "01_toxic_comments": {
        "replace": [('activation="sigmoid"', 'activation="softmax"'), ("mask_zero=True", "mask_zero=False")],
        "costs": (1, 2), "named": "sigmoid",   # softmax and no masking: one or two questions
    },
    "02_cookie_names": {
        "replace": [("keepdims=True)) / temperature", "keepdims=True)) * temperature")],
        "costs": (1, 1), "named": "temperature",   # temperature multiplied instead of divided
    },
    "03_translator": {
        "replace": [("return decoder_input, target_ids[:, 1:]", "return decoder_input, target_ids[:, :-1]")],
        "costs": (1, 1), "named": "shifted",   # decoder target not shifted: equal to the decoder input
    },
}
LABS = [lab for lab in WRONG_ANSWERS if (REPO_ROOT / "solutions" / f"{lab}.ipynb").is_file()]
HOSTILE_LAB = "01_toxic_comments"   # the hostile submissions test the grading command, once

pytestmark = [
    pytest.mark.skipif(os.environ.get("COURSE_STACK") == "colab",
                       reason="grading runs every submission for real; tested once, on the course stack"),
]


def marker(cell):
    return cell.source.strip().split("\n", 1)[0] if cell.cell_type == "raw" else None


def question_spans(nb):
    """{question name: (first cell, last cell)} of each BEGIN QUESTION ... END QUESTION block."""
    spans, start, name = {}, None, None
    for i, cell in enumerate(nb.cells):
        if marker(cell) == "# BEGIN QUESTION":
            start, name = i, next(line.split(":", 1)[1].strip() for line in cell.source.splitlines()
                                  if line.startswith("name:"))
        elif marker(cell) == "# END QUESTION":
            spans[name] = (start, i)
    return spans


def solution_cell_indices(nb, span):
    inside, found = False, []
    for i in range(span[0], span[1] + 1):
        if marker(nb.cells[i]) == "# BEGIN SOLUTION":
            inside = True
        elif marker(nb.cells[i]) == "# END SOLUTION":
            inside = False
        elif inside and nb.cells[i].cell_type == "code":
            found.append(i)
    return found


def outside_tests(nb):
    """Indices of the code cells that are not inside a BEGIN TESTS ... END TESTS block."""
    inside, found = False, []
    for i, cell in enumerate(nb.cells):
        if marker(cell) in ("# BEGIN TESTS", "# END TESTS"):
            inside = marker(cell) == "# BEGIN TESTS"
        elif cell.cell_type == "code" and not inside:
            found.append(i)
    return found


def wrong_answer(lab, solution):
    """A plausible mistake in the lab's solution code (outside the tests), from WRONG_ANSWERS."""
    nb = copy.deepcopy(solution)
    changed = 0
    for i in outside_tests(nb):
        before = after = nb.cells[i].source
        for old, new in WRONG_ANSWERS[lab]["replace"]:
            after = after.replace(old, new)
        changed += after != before
        nb.cells[i].source = after
    assert changed, f"solutions/{lab}.ipynb no longer contains {WRONG_ANSWERS[lab]['replace']}: update this test"
    return nb


def hostile_mix(solution, first_q, last_q):
    """The cells of the first question deleted, the last question's solution raising, 10 MB printed."""
    nb = copy.deepcopy(solution)
    for i in solution_cell_indices(nb, question_spans(nb)[last_q]):
        nb.cells[i].source = 'raise RuntimeError("a bug in the submission")'
    start, end = question_spans(nb)[first_q]
    del nb.cells[start:end + 1]
    nb.cells.append(nbformat.v4.new_code_cell('print("x" * 10_000_000)'))
    return nb


def tiny(solution, source):
    """The lab's frame (title, setup, grader) followed by one cell of hostile code."""
    nb = copy.deepcopy(solution)
    frame = [c for c in nb.cells[:4]]
    nb.cells = frame + [nbformat.v4.new_code_cell(source)]
    return nb


def read_gradebook(out):
    with open(out / "gradebook.csv", newline="") as f:
        return {row["submission"]: row for row in csv.DictReader(f)}


def git_status():
    result = subprocess.run(["git", "status", "--porcelain", "--ignored=no"], cwd=REPO_ROOT,
                            capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else None


@pytest.fixture(scope="module", params=LABS)
def graded(request, tmp_path_factory):
    lab = request.param
    solution_path = REPO_ROOT / "solutions" / f"{lab}.ipynb"
    solution = nbformat.read(solution_path, as_version=4)
    points = questions(solution_path)
    names = list(points)
    subs = tmp_path_factory.mktemp(f"submissions-{lab}")
    nbformat.write(solution, subs / "solution.ipynb")
    nbformat.write(nbformat.read(REPO_ROOT / "labs" / f"{lab}.ipynb", as_version=4), subs / "blank.ipynb")
    nbformat.write(wrong_answer(lab, solution), subs / "wrong.ipynb")
    hostile = None
    if lab == HOSTILE_LAB:
        hostile = tmp_path_factory.mktemp("hostile")
        nbformat.write(hostile_mix(solution, names[0], names[-1]), subs / "mixed.ipynb")
        (subs / "not_a_notebook.ipynb").write_text("this is an essay, not a notebook\n")
        nbformat.write(tiny(solution, "while True:\n    pass"), hostile / "loops.ipynb")
        nbformat.write(tiny(solution, "import shutil\nfor part in ['utils', 'labs', 'requirements']:\n"
                                      "    shutil.rmtree(COURSE_ROOT / part, ignore_errors=True)"),
                       hostile / "deletes.ipynb")
    before = git_status()
    out, out_hostile = tmp_path_factory.mktemp(f"grades-{lab}"), tmp_path_factory.mktemp(f"grades-hostile-{lab}")
    grade(lab, subs, out, timeout=900, jobs=2)
    book = read_gradebook(out)
    if hostile:
        grade(lab, hostile, out_hostile, timeout=60, jobs=2)
        book.update(read_gradebook(out_hostile))
    return {"lab": lab, "points": points, "book": book, "out": out, "git_before": before}


def hostile_only(graded):
    if graded["lab"] != HOSTILE_LAB:
        pytest.skip(f"hostile submissions are graded once, for {HOSTILE_LAB}")


def total(row):
    return float(row["total"])


def test_solution_gets_full_marks(graded):
    row = graded["book"]["solution.ipynb"]
    assert total(row) == sum(graded["points"].values()), row


def test_untouched_student_lab_gets_zero(graded):
    row = graded["book"]["blank.ipynb"]
    assert total(row) == 0, row
    assert row["notes"], "every lost point has a reason"


def test_plausible_wrong_answer_gets_partial_credit(graded):
    row, points = graded["book"]["wrong.ipynb"], graded["points"]
    wrong = WRONG_ANSWERS[graded["lab"]]
    lost = [q for q in points if float(row[q]) < points[q]]
    assert 0 < total(row) < sum(points.values()), row
    low, high = wrong["costs"]
    assert low <= len(lost) <= high, f"{wrong['replace']} should cost {low} to {high} questions, not {lost}"
    assert wrong["named"] in row["notes"], f"the feedback must name the mistake ({wrong['named']}): {row['notes']}"


def test_mixed_hostile_submission_loses_only_what_it_broke(graded):
    hostile_only(graded)
    row, points = graded["book"]["mixed.ipynb"], graded["points"]
    first, last = list(points)[0], list(points)[-1]
    assert float(row[first]) == 0 and float(row[last]) == 0, row
    assert total(row) > 0, "the questions it did not break are still graded"
    assert first in row["notes"] and last in row["notes"], "each zero has its reason"
    feedback = graded["out"] / "feedback" / "mixed.ipynb.txt"
    assert feedback.stat().st_size < 200_000, "10 MB of printing must not flood the feedback"


def test_not_a_notebook_gets_zero_with_a_reason(graded):
    hostile_only(graded)
    row = graded["book"]["not_a_notebook.ipynb"]
    assert total(row) == 0 and "not a Jupyter notebook" in row["notes"], row


def test_endless_loop_is_stopped_and_scored_zero(graded):
    hostile_only(graded)
    row = graded["book"]["loops.ipynb"]
    assert total(row) == 0 and "time limit" in row["notes"], row


def test_deleting_files_harms_neither_the_repo_nor_other_submissions(graded):
    hostile_only(graded)
    row = graded["book"]["deletes.ipynb"]
    assert total(row) == 0, row
    assert (REPO_ROOT / "utils" / "config.py").is_file() and (REPO_ROOT / "labs" / "tests").is_dir()
    assert graded["git_before"] is None or git_status() == graded["git_before"], "grading changed the repository"
    assert set(graded["book"]) == {"solution.ipynb", "blank.ipynb", "wrong.ipynb", "mixed.ipynb",
                                   "not_a_notebook.ipynb", "loops.ipynb", "deletes.ipynb"}


def test_gradebook_lists_points_per_question_and_total(graded):
    row = graded["book"]["solution.ipynb"]
    assert list(row)[:1] == ["submission"] and list(row)[-3:] == ["total", "max_total", "notes"]
    assert [k for k in row if k.startswith("q")] == list(graded["points"])


def test_every_lab_is_graded_here():
    solutions = sorted(p.stem for p in (REPO_ROOT / "solutions").glob("*.ipynb"))
    assert solutions == sorted(LABS), (
        f"each lab in solutions/ needs a plausible wrong answer in WRONG_ANSWERS; missing: {set(solutions) - set(LABS)}")
