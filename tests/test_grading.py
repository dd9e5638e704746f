"""The grading command discriminates: full marks, zero, partial credit, and hostile submissions.

Every submission here is derived from the lab's own solution or student version, so the test
follows the lab as it changes. It grades for real with otter (fast configuration), which takes a
few minutes, so it runs on the course stack only.
"""

import copy
import csv
import os
import subprocess
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from tools import sandbox
from tools.grade import find_submissions, grade, questions
from utils import config
from utils.config import REPO_ROOT

# Each lab: a plausible mistake as literal replacements in its solution's code, the questions it
# should cost, and a word the feedback must use to name it.
WRONG_ANSWERS = {
    "01_toxic_comments": {
        "replace": [('activation="sigmoid"', 'activation="softmax"'), ("mask_zero=True", "mask_zero=False")],
        "costs": (1, 2),
        "named": "sigmoid",  # softmax and no masking: one or two questions
    },
    "02_cookie_names": {
        "replace": [("keepdims=True)) / temperature", "keepdims=True)) * temperature")],
        "costs": (1, 1),
        "named": "temperature",  # temperature multiplied instead of divided
    },
    "03_translator": {
        "replace": [("return decoder_input, target_ids[:, 1:]", "return decoder_input, target_ids[:, :-1]")],
        "costs": (1, 1),
        "named": "shifted",  # decoder target not shifted: equal to the decoder input
    },
}
LABS = [lab for lab in WRONG_ANSWERS if (REPO_ROOT / "solutions" / f"{lab}.ipynb").is_file()]
HOSTILE_LAB = "01_toxic_comments"  # the hostile submissions test the grading command, once

pytestmark = [
    pytest.mark.skipif(
        os.environ.get(config.STACK_ENV) == "colab",
        reason="grading runs every submission for real; tested once, on the course stack",
    ),
]


def marker(cell):
    return cell.source.strip().split("\n", 1)[0] if cell.cell_type == "raw" else None


def question_spans(nb):
    """{question name: (first cell, last cell)} of each BEGIN QUESTION ... END QUESTION block."""
    spans, start, name = {}, None, None
    for i, cell in enumerate(nb.cells):
        if marker(cell) == "# BEGIN QUESTION":
            start, name = (
                i,
                next(line.split(":", 1)[1].strip() for line in cell.source.splitlines() if line.startswith("name:")),
            )
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
    del nb.cells[start : end + 1]
    nb.cells.append(nbformat.v4.new_code_cell('print("x" * 10_000_000)'))
    return nb


def tiny(solution, source):
    """The lab's frame (title, setup, grader) followed by one cell of hostile code."""
    nb = copy.deepcopy(solution)
    frame = [c for c in nb.cells[:4]]
    nb.cells = frame + [nbformat.v4.new_code_cell(source)]
    return nb


def as_pasted_into_another_notebook(solution):
    """The solution saved with the kernel `make lab` registers and without otter's metadata."""
    nb = copy.deepcopy(solution)
    nb.metadata = {
        "kernelspec": {
            "name": "sequence-models-keras",
            "display_name": "Python (Sequence Models with Keras)",
            "language": "python",
        }
    }
    return nb


def grade_folders():
    return {p.name for p in Path(tempfile.gettempdir()).glob("grade-*")}


def write_hostile(hostile, solution, out):
    """The submissions that attack the grader itself (issue 15), each a tiny notebook of the lab's frame."""
    marker = f"987.{os.getpid()}"
    forge = (
        f"import pathlib, time\nbook = pathlib.Path({str(out / 'gradebook.csv')!r})\n"
        "for _ in range(1200):\n    time.sleep(0.5)\n    if book.exists():\n        time.sleep(1)\n"
        "        book.write_text('submission,total\\nforged.ipynb,20\\n')\n        break\n"
    )
    attacks = {
        # 3: a detached process that waits for the gradebook, then rewrites it
        "outlives.ipynb": "import subprocess, sys\n"
        f"subprocess.Popen([sys.executable, '-c', {forge!r}, {marker!r}], start_new_session=True,\n"
        "                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)",
        # 4: writing into the repository (found through the data folder) and into the output folder
        "writes_repo.ipynb": "import os, pathlib\n"
        f"repo = pathlib.Path({str(REPO_ROOT)!r})\n"
        "for target in [repo / 'solutions' / 'README.md', repo / 'forged.txt',\n"
        f"               pathlib.Path({str(out / 'feedback' / 'forged.txt')!r})]:\n"
        "    try:\n        with open(target, 'a') as f:\n            f.write('forged')\n"
        "    except OSError as error:\n        print('refused:', error)",
        # 5: 3,000 nested folders in its working folder
        "deep.ipynb": "import os\npath = 'deep'\nfor _ in range(3000):\n    path = os.path.join(path, 'd')\n"
        "os.makedirs(path, exist_ok=True)",
        # 6: deleting the output folder
        "deletes_out.ipynb": f"import shutil\nshutil.rmtree({str(out)!r}, ignore_errors=True)",
        # 7: a child process, then a time-out
        "loops_with_child.ipynb": f"import subprocess\nsubprocess.Popen(['sleep', {marker!r}])\nwhile True:\n    pass",
        # 1: patching otter's test runner so that every test passes
        "patches_runner.ipynb": "from otter.test_files.exception_test import ExceptionTestFile\n"
        "from otter.test_files.abstract_test import TestCaseResult\n"
        "def run(self, global_environment):\n"
        "    self.test_case_results = [TestCaseResult(test_case=tc, message='ok', passed=True)\n"
        "                              for tc in self.test_cases]\n"
        "ExceptionTestFile.run = run",
        # 2: rewriting the test files (hidden tests included) so that they always pass
        "rewrites_tests.ipynb": "import pathlib\n"
        "for path in pathlib.Path('tests').glob('*.py'):\n"
        "    path.write_text('from otter.test_files import test_case\\nOK_FORMAT = False\\n'\n"
        "                    f'name = {path.stem!r}\\npoints = 3\\n'\n"
        "                    '@test_case(points=None, hidden=False)\\ndef test_ok():\\n    pass\\n')",
        "rewrites_question_tests.ipynb": "import pathlib\n"
        "for path in pathlib.Path('tests').glob('q*.py'):\n"
        "    text = path.read_text().replace('assert ', 'assert True or ')\n"
        "    path.write_text(text)",
        # 11: a loud extension, and two students' files of the same name
        "LOUD.IPYNB": "print('graded although the extension is upper case')",
        "student-a/lab.ipynb": "print('a')",
        "student-b/lab.ipynb": "print('b')",
    }
    if sandbox.isolation() != "namespaces":  # without namespaces it would really change the checkout
        del attacks["writes_repo.ipynb"]
    for name, source in attacks.items():
        (hostile / name).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(tiny(solution, source), hostile / name)
    (hostile / ".hidden.ipynb").write_text(nbformat.writes(tiny(solution, "print('hidden')")))
    (hostile / "notebook.txt").write_text(nbformat.writes(tiny(solution, "print('a notebook in a .txt')")))
    return marker


def exits_and_syntax_error(solution, names):
    """The solution with exit() and os._exit(0) after the first question and a SyntaxError in the last one."""
    nb = copy.deepcopy(solution)
    spans = question_spans(nb)
    for i in solution_cell_indices(nb, spans[names[-1]])[:1]:
        nb.cells[i].source = "def broken(:\n    pass\n" + nb.cells[i].source
    end = spans[names[0]][1]
    nb.cells[end + 1 : end + 1] = [
        nbformat.v4.new_code_cell("import os\nos._exit(0)"),
        nbformat.v4.new_code_cell("exit()"),
    ]
    return nb


def read_gradebook(out):
    with open(out / "gradebook.csv", newline="") as f:
        return {row["submission"]: row for row in csv.DictReader(f)}


def git_status():
    result = subprocess.run(
        ["git", "status", "--porcelain", "--ignored=no"], cwd=REPO_ROOT, capture_output=True, text=True
    )
    return result.stdout if result.returncode == 0 else None


@pytest.fixture(scope="module", params=LABS)
def graded(request, tmp_path_factory):
    lab = request.param
    solution_path = REPO_ROOT / "solutions" / f"{lab}.ipynb"
    solution = nbformat.read(solution_path, as_version=4)
    points = questions(solution_path)
    names = list(points)
    subs = tmp_path_factory.mktemp(f"submissions-{lab}")
    nbformat.write(as_pasted_into_another_notebook(solution), subs / "solution.ipynb")
    nbformat.write(nbformat.read(REPO_ROOT / "labs" / f"{lab}.ipynb", as_version=4), subs / "blank.ipynb")
    nbformat.write(wrong_answer(lab, solution), subs / "wrong.ipynb")
    hostile, marker = None, None
    out, out_hostile = tmp_path_factory.mktemp(f"grades-{lab}"), tmp_path_factory.mktemp(f"grades-hostile-{lab}")
    if lab == HOSTILE_LAB:
        hostile = tmp_path_factory.mktemp("hostile")
        nbformat.write(hostile_mix(solution, names[0], names[-1]), subs / "mixed.ipynb")
        nbformat.write(exits_and_syntax_error(solution, names), subs / "exits_and_syntax.ipynb")
        (subs / "not_a_notebook.ipynb").write_text("this is an essay, not a notebook\n")
        nbformat.write(tiny(solution, "while True:\n    pass"), hostile / "loops.ipynb")
        nbformat.write(
            tiny(
                solution,
                "import shutil\nfor part in ['utils', 'labs', 'requirements']:\n"
                "    shutil.rmtree(COURSE_ROOT / part, ignore_errors=True)",
            ),
            hostile / "deletes.ipynb",
        )
        marker = write_hostile(hostile, solution, out_hostile)
    before, folders_before = git_status(), grade_folders()
    grade(lab, subs, out, timeout=900, jobs=2)
    book = read_gradebook(out)
    hostile_book = None
    if hostile:
        grade(lab, hostile, out_hostile, timeout=60, jobs=2)
        time.sleep(5)  # time for a surviving process to strike
        hostile_book = read_gradebook(out_hostile)
        book.update(hostile_book)
    return {
        "lab": lab,
        "points": points,
        "book": book,
        "out": out,
        "git_before": before,
        "marker": marker,
        "out_hostile": out_hostile,
        "hostile_book": hostile_book,
        "left_behind": grade_folders() - folders_before,
    }


def hostile_only(graded):
    if graded["lab"] != HOSTILE_LAB:
        pytest.skip(f"hostile submissions are graded once, for {HOSTILE_LAB}")


def total(row):
    return float(row["total"])


def test_solution_gets_full_marks(graded):
    """The solution is saved with the kernel `make lab` registers and without otter's metadata (issue 15, 8-9)."""
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
    assert {
        "solution.ipynb",
        "blank.ipynb",
        "wrong.ipynb",
        "mixed.ipynb",
        "not_a_notebook.ipynb",
        "loops.ipynb",
        "deletes.ipynb",
    } <= set(graded["book"])


def test_no_process_outlives_its_grade_and_the_gradebook_cannot_be_forged(graded):
    hostile_only(graded)
    assert sandbox.processes_running(f"sleep\0{graded['marker']}") == [], "a child of a timed-out submission survived"
    assert sandbox.processes_running(graded["marker"]) == [], "a detached process of a submission survived its grade"
    book = read_gradebook(graded["out_hostile"])
    assert "forged.ipynb" not in book and book == graded["hostile_book"], "a submission rewrote the gradebook"
    assert "time limit" in book["loops_with_child.ipynb"]["notes"]


@pytest.mark.skipif(
    sandbox.isolation() != "namespaces",
    reason="only the namespace level keeps a submission out of the repository (README)",
)
def test_a_submission_cannot_write_into_the_repository_or_the_output(graded):
    hostile_only(graded)
    assert "writes_repo.ipynb" in graded["book"]
    assert graded["git_before"] is None or git_status() == graded["git_before"], "grading changed the repository"
    assert not (REPO_ROOT / "forged.txt").exists()
    assert not (graded["out_hostile"] / "feedback" / "forged.txt").exists(), "a submission wrote into the output"


def test_deep_folders_and_a_deleted_output_cost_no_other_submission(graded):
    hostile_only(graded)
    book = graded["hostile_book"]
    assert {"deep.ipynb", "deletes_out.ipynb", "loops.ipynb", "LOUD.IPYNB"} <= set(book), sorted(book)
    assert (graded["out_hostile"] / "feedback").is_dir() and len(
        list((graded["out_hostile"] / "feedback").iterdir())
    ) == len(book)
    assert not graded["left_behind"], f"grading left temporary folders behind: {sorted(graded['left_behind'])}"


def test_file_selection_is_case_blind_recursive_and_lists_what_it_skips(graded):
    hostile_only(graded)
    book = graded["hostile_book"]
    assert {"LOUD.IPYNB", "student-a/lab.ipynb", "student-b/lab.ipynb"} <= set(book), sorted(book)
    assert ".hidden.ipynb" not in book and "notebook.txt" not in book
    skipped = (graded["out_hostile"] / "skipped.txt").read_text()
    assert ".hidden.ipynb: hidden" in skipped and "notebook.txt: not an .ipynb file" in skipped, skipped


def test_find_submissions_on_a_synthetic_folder(tmp_path):
    for name in ["a.ipynb", "B.IPYNB", "x/lab.ipynb", "y/lab.ipynb", ".h.ipynb", "z/.cache/c.ipynb", "notes.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    found, skipped = find_submissions(tmp_path)
    assert sorted(found) == ["B.IPYNB", "a.ipynb", "x/lab.ipynb", "y/lab.ipynb"]
    assert sorted(s.split(":")[0] for s in skipped) == [".h.ipynb", "notes.txt", "z/.cache/c.ipynb"]


def test_gradebook_lists_points_per_question_and_total(graded):
    row = graded["book"]["solution.ipynb"]
    assert list(row)[:1] == ["submission"] and list(row)[-3:] == ["total", "max_total", "notes"]
    assert [k for k in row if k.startswith("q")] == list(graded["points"])


def test_every_lab_is_graded_here():
    solutions = sorted(p.stem for p in (REPO_ROOT / "solutions").glob("*.ipynb"))
    assert solutions == sorted(LABS), (
        f"each lab in solutions/ needs a plausible wrong answer in WRONG_ANSWERS; missing: {set(solutions) - set(LABS)}"
    )


def test_a_patched_runner_or_rewritten_tests_are_flagged_and_score_zero(graded):
    hostile_only(graded)
    for name in ["patches_runner.ipynb", "rewrites_tests.ipynb", "rewrites_question_tests.ipynb"]:
        row = graded["book"][name]
        assert total(row) == 0 and "tampering suspected: review by hand" in row["notes"], (name, row)
    for name in ["solution.ipynb", "blank.ipynb", "wrong.ipynb", "mixed.ipynb"]:
        assert "tampering" not in graded["book"][name]["notes"], (name, graded["book"][name]["notes"])


def test_an_exit_keeps_the_marks_and_a_syntax_error_is_named(graded):
    hostile_only(graded)
    row, points = graded["book"]["exits_and_syntax.ipynb"], graded["points"]
    last = list(points)[-1]
    assert float(row[last]) == 0 and total(row) == sum(points.values()) - points[last], row
    assert "SyntaxError" in row["notes"] and "def broken(:" in row["notes"], row["notes"]
    assert "calls _exit()" in row["notes"] and "calls exit()" in row["notes"], row["notes"]
