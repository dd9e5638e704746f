"""Generate the student labs from the solutions with otter-grader (``make labs``).

``solutions/NAME.ipynb`` is the only hand-edited version of a lab. For each one,
``otter assign`` writes the student version without solutions and hidden tests;
this script then stores it as ``labs/NAME.ipynb`` (badge pointing at its own path,
stable ids for the check cells otter adds, no machine-specific metadata) and the
public tests as ``labs/tests/NAME/qN.py``, where the lab's ``grader`` finds them.

    python -m tools.make_labs                  # regenerate every lab
    python -m tools.make_labs --run-tests      # ... and first grade each solution with its own tests
    python -m tools.make_labs --check          # exit 1 if labs/ is out of sync with solutions/

The hidden tests stay in the solution; ``tools.grade`` builds the autograder from it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from tools.errors import ToolError, exits_on_tool_error
from tools.stamp_notebooks import stamp
from utils import config  # importing utils sets the course's TensorFlow settings, which otter's processes inherit
from utils.config import REPO_ROOT

LABS, SOLUTIONS = REPO_ROOT / "labs", REPO_ROOT / "solutions"
# otter runs notebooks in a temporary folder; inside the course, the setup cell finds utils/.
OTTER_TMP = REPO_ROOT / ".otter-tmp"


def otter_env(tmp: Path = OTTER_TMP, **extra: str) -> dict[str, str]:
    """The environment otter runs in: this process's, with ``extra`` and temporary files in ``tmp``.

    ``tmp`` (created if missing) is a folder inside the course, where the notebooks' setup cell finds utils/.
    This process has imported utils, so the environment carries the course's TensorFlow settings
    (``TF_CPP_MIN_LOG_LEVEL=2``, oneDNN off) unless they were set otherwise before it started.
    """
    tmp.mkdir(exist_ok=True)
    return {**os.environ, "TMPDIR": str(tmp), **extra}


def otter_assign(solution: Path, out: Path, run_tests: bool = False) -> None:
    """Run ``otter assign`` on one solution; raise with otter's own output if it fails."""
    cmd = [sys.executable, "-m", "otter", "assign", str(solution), str(out)]
    # With tests: the solution must pass them, run in the fast configuration; --debug makes
    # an error in any solution cell fail the build instead of being ignored.
    cmd += ["--debug"] if run_tests else ["--no-run-tests"]
    result = subprocess.run(cmd, env=otter_env(**{config.FAST_ENV: "1"}), cwd=REPO_ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise ToolError(f"otter assign failed for {solution.name}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def student_version(solution: Path, assigned: Path) -> nbformat.NotebookNode:
    """The student notebook otter wrote, made reproducible."""
    name = solution.stem
    nb = nbformat.read(assigned / "student" / f"{name}.ipynb", as_version=4)
    solution_ids = {cell.get("id") for cell in nbformat.read(solution, as_version=4).cells}
    for cell in nb.cells:
        if cell.get("id") in solution_ids:
            continue
        source = cell.source.strip()
        if not source.startswith("grader.check("):
            raise ToolError(f"{solution.name}: otter added a cell this script does not expect: {source[:80]!r}")
        cell["id"] = "check-" + source.split('"')[1]  # otter draws a random id on every run
    stamp(nb, f"labs/{name}.ipynb")
    nb.metadata["language_info"] = {"name": "python"}  # drop the Python version of whoever ran it
    return nb


def generate(solution: Path, out_labs: Path, run_tests: bool = False) -> list[Path]:
    """Write ``out_labs/NAME.ipynb`` and ``out_labs/tests/NAME/``; return the files written."""
    with tempfile.TemporaryDirectory() as tmp:
        otter_assign(solution, Path(tmp), run_tests)
        nb = student_version(solution, Path(tmp))
        out_labs.mkdir(parents=True, exist_ok=True)
        notebook = out_labs / f"{solution.stem}.ipynb"
        nbformat.write(nb, notebook)
        tests = out_labs / "tests" / solution.stem
        shutil.rmtree(tests, ignore_errors=True)
        shutil.copytree(Path(tmp) / "student" / "tests", tests)
    return [notebook, *sorted(tests.iterdir())]


def out_of_sync(solutions: list[Path]) -> list[str]:
    """The files of labs/ that differ from what the solutions generate (or are missing/extra)."""
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh_labs = Path(tmp) / "labs"
        for solution in solutions:
            fresh = {p.relative_to(fresh_labs) for p in generate(solution, fresh_labs)}
            committed_tests = LABS / "tests" / solution.stem
            committed = {Path(f"{solution.stem}.ipynb")} | (
                {p.relative_to(LABS) for p in committed_tests.iterdir()} if committed_tests.is_dir() else set()
            )
            for rel in sorted(fresh | committed):
                a, b = fresh_labs / rel, LABS / rel
                if not (a.is_file() and b.is_file() and a.read_bytes() == b.read_bytes()):
                    stale.append(f"labs/{rel.as_posix()}")
    return stale


@exits_on_tool_error
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("solutions", nargs="*", type=Path, help="default: every notebook in solutions/")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if labs/ is out of sync")
    parser.add_argument("--run-tests", action="store_true", help="first grade each solution with its own tests")
    args = parser.parse_args(argv)
    solutions = [p.resolve() for p in args.solutions] or sorted(SOLUTIONS.glob("*.ipynb"))
    if args.check:
        stale = out_of_sync(solutions)
        for rel in stale:
            print(f"out of sync with solutions/: {rel}")
        print("labs/ is in sync with solutions/." if not stale else "Run `make labs` and commit the result.")
        return 1 if stale else 0
    for solution in solutions:
        generate(solution, LABS, args.run_tests)
        print(f"solutions/{solution.name} -> labs/{solution.name}, labs/tests/{solution.stem}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
