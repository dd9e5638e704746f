"""The lab pipeline: labs/ is generated from solutions/ and must stay in sync."""

import os

import nbformat
import pytest

from tools.make_labs import SOLUTIONS, out_of_sync
from utils import config
from utils.config import REPO_ROOT

LAB_SOLUTIONS = sorted(SOLUTIONS.glob("*.ipynb"))


@pytest.mark.skipif(
    os.environ.get(config.STACK_ENV) == "colab",
    reason="otter assign, an instructor's tool, needs otter-grader's full install; the Colab stack "
    "has only what the self-checks need (the same result on any stack: tested on the course stack)",
)
@pytest.mark.parametrize("solution", LAB_SOLUTIONS, ids=[p.stem for p in LAB_SOLUTIONS])
def test_lab_is_generated_from_its_solution(solution):
    stale = out_of_sync([solution])
    assert not stale, f"{stale} differ from what solutions/{solution.name} generates: run `make labs` and commit"


@pytest.mark.parametrize("solution", LAB_SOLUTIONS, ids=[p.stem for p in LAB_SOLUTIONS])
def test_student_version_hides_solutions_and_hidden_tests(solution):
    lab = nbformat.read(REPO_ROOT / "labs" / solution.name, as_version=4)
    text = "\n".join(cell.source for cell in lab.cells)
    assert "# BEGIN SOLUTION" not in text and "# SOLUTION" not in text
    assert "# HIDDEN" not in text and "# ASSIGNMENT CONFIG" not in text
    tests_dir = REPO_ROOT / "labs" / "tests" / solution.stem
    public = "\n".join(p.read_text() for p in tests_dir.glob("*.py"))
    assert public and "hidden=True" not in public, "hidden tests leaked into the public tests"
    checks = [cell.source for cell in lab.cells if cell.source.startswith("grader.check(")]
    assert len(checks) == len(list(tests_dir.glob("q*.py"))), "one check cell per question"
