"""Grade a folder of submitted lab notebooks (``make grade``).

    python -m tools.grade 01_toxic_comments SUBMISSIONS_DIR --out GRADES_DIR [--timeout 1800] [--jobs 2]

Writes ``GRADES_DIR/gradebook.csv`` (one row per submission: points per question,
total, and the reason for any zero) and ``GRADES_DIR/feedback/<submission>.txt``.

Each submission is graded by ``otter run`` against an autograder built from
``solutions/<lab>.ipynb`` (public and hidden tests), in its own process and its own
temporary copy of the course code, with a time limit. The repository is never
written to. A submission that is not a notebook, raises, loops forever, deletes
files, prints megabytes or lacks a question's cells gets zero for the questions it
affects, with the reason recorded, and the other submissions are graded as usual.

This runs students' code on your machine with your permissions. For untrusted
submissions use otter's Docker-isolated grading instead (see README, "For instructors").
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from tools.anatomy import REPO_ROOT
from tools.make_labs import SOLUTIONS, otter_assign

# What a submission's copy of the course contains: the code its setup cell imports,
# and the public tests its grader.check cells read.
COURSE_PARTS = ("utils", "labs/tests", "requirements", "pyproject.toml")
FEEDBACK_CHARS = 4_000  # per question, so a submission that prints megabytes cannot flood feedback


@dataclass
class Result:
    submission: str
    points: dict[str, float]
    reasons: dict[str, str] = field(default_factory=dict)
    note: str = ""

    @property
    def total(self) -> float:
        return sum(self.points.values())


def questions(solution: Path) -> dict[str, float]:
    """{question name: points} from the solution's ``# BEGIN QUESTION`` cells."""
    found = {}
    for cell in nbformat.read(solution, as_version=4).cells:
        if cell.cell_type == "raw" and cell.source.lstrip().startswith("# BEGIN QUESTION"):
            meta = yaml.safe_load(cell.source.split("\n", 1)[1])
            found[meta["name"]] = float(meta.get("points", 1))
    if not found:
        raise SystemExit(f"{solution.name} has no '# BEGIN QUESTION' cells: is it an otter lab?")
    return found


def build_autograder(solution: Path, build: Path) -> Path:
    otter_assign(solution, build)
    zips = sorted((build / "autograder").glob("*.zip"))
    if not zips:
        raise SystemExit(f"otter assign wrote no autograder zip for {solution.name}")
    return zips[0]


def copy_course(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for part in COURSE_PARTS:
        src = REPO_ROOT / part
        if not src.exists():
            continue
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


def first_line_of_failure(output: str) -> str:
    """The student-facing message of a failed test: its last error line."""
    lines = [line.strip() for line in output.splitlines() if "Error" in line or "❌" in line]
    return lines[-1][:300] if lines else output.strip().splitlines()[-1][:300] if output.strip() else ""


def run_otter(submission: Path, autograder: Path, work: Path, timeout: float) -> tuple[dict | None, str]:
    """Grade one submission in ``work``; return (results.json or None, problem or "")."""
    course = copy_course(work / "course")
    (course / ".otter-tmp").mkdir()
    target = course / "submission" / submission.name
    target.parent.mkdir()
    shutil.copy2(submission, target)
    out = work / "out"
    out.mkdir()
    env = {**os.environ, "TMPDIR": str(course / ".otter-tmp"), "TF_CPP_MIN_LOG_LEVEL": "2",
           "COURSE_DATA_DIR": str(REPO_ROOT / "data") if "COURSE_DATA_DIR" not in os.environ
           else os.environ["COURSE_DATA_DIR"]}
    with open(work / "otter.log", "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "otter", "run", "--no-logo", "-a", str(autograder),
                                 "-o", str(out), str(target)], cwd=course, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return None, f"stopped after the time limit of {timeout:g} s (an endless loop?)"
    results = out / "results.json"
    if proc.returncode != 0 or not results.is_file():
        with open(work / "otter.log", "rb") as log:
            log.seek(0, os.SEEK_END)
            log.seek(max(0, log.tell() - 2000))
            tail = log.read().decode("utf-8", "replace").strip().splitlines()
        return None, f"grading failed: {tail[-1][:300] if tail else 'no output'}"
    return json.loads(results.read_text()), ""


def grade_one(submission: Path, autograder: Path, points: dict[str, float], timeout: float) -> tuple[Result, str]:
    """Grade one submission; return its result and its feedback text."""
    result = Result(submission.name, {q: 0.0 for q in points})
    try:
        nbformat.read(submission, as_version=4)
    except Exception as err:  # noqa: BLE001 - any reason it is not a notebook
        result.note = f"not a Jupyter notebook ({type(err).__name__}); nothing was run"
        return result, result.note
    with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
        start = time.monotonic()
        report, problem = run_otter(submission, autograder, Path(tmp), timeout)
        seconds = time.monotonic() - start
    if report is None:
        result.note = problem
        return result, problem
    outputs = {}
    for test in report.get("tests", []):
        name = test.get("name")
        if name in points:
            result.points[name] = float(test.get("score") or 0)
            outputs[name] = test.get("output", "")
            if result.points[name] < points[name]:
                result.reasons[name] = first_line_of_failure(outputs[name])
    missing = [q for q in points if q not in outputs]
    if missing:
        result.note = f"no result for {', '.join(missing)}"
    lines = [f"{submission.name}: {result.total:g} / {sum(points.values()):g} points (graded in {seconds:.0f} s)", ""]
    for q, possible in points.items():
        lines += [f"{q}: {result.points[q]:g} / {possible:g}", outputs.get(q, "(no result)")[:FEEDBACK_CHARS], ""]
    return result, "\n".join(lines)


def write_gradebook(results: list[Result], points: dict[str, float], out: Path) -> Path:
    path = out / "gradebook.csv"
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["submission", *points, "total", "max_total", "notes"])
        for r in results:
            notes = "; ".join([r.note] * bool(r.note) + [f"{q}: {why}" for q, why in r.reasons.items()])
            writer.writerow([r.submission, *(f"{r.points[q]:g}" for q in points), f"{r.total:g}",
                             f"{sum(points.values()):g}", notes])
    return path


def grade(lab: str, submissions: Path, out: Path, timeout: float = 1800, jobs: int = 1) -> list[Result]:
    solution = SOLUTIONS / f"{lab}.ipynb"
    if not solution.is_file():
        known = ", ".join(p.stem for p in sorted(SOLUTIONS.glob("*.ipynb"))) or "none"
        raise SystemExit(f"No lab named {lab!r}: solutions/{lab}.ipynb does not exist (labs: {known}).")
    if not submissions.is_dir():
        raise SystemExit(f"{submissions} is not a folder of submissions.")
    out = out.resolve()
    if out == REPO_ROOT or REPO_ROOT in out.parents:
        raise SystemExit(f"--out must be outside the course repository (got {out}); grading never writes into it.")
    files = sorted(p for p in submissions.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise SystemExit(f"{submissions} holds no files to grade.")
    points = questions(solution)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="autograder-") as build:
        autograder = build_autograder(solution, Path(build))
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            graded = list(pool.map(lambda p: grade_one(p, autograder, points, timeout), files))
    for path, (result, feedback) in zip(files, graded):
        (out / "feedback" / f"{path.name}.txt").write_text(feedback)
        print(f"{result.total:6g} / {sum(points.values()):g}  {path.name}  {result.note}")
    print(f"gradebook: {write_gradebook([r for r, _ in graded], points, out)}")
    return [r for r, _ in graded]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lab", help="the lab's name, e.g. 01_toxic_comments")
    parser.add_argument("submissions", type=Path, help="a folder of submitted .ipynb files")
    parser.add_argument("--out", type=Path, required=True, help="where to write gradebook.csv and feedback/")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per submission (default 1800)")
    parser.add_argument("--jobs", type=int, default=1, help="submissions graded at once (default 1)")
    args = parser.parse_args(argv)
    grade(args.lab, args.submissions, args.out, args.timeout, args.jobs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
