"""Grade a folder of submitted lab notebooks (``make grade``).

    python -m tools.grade 01_toxic_comments SUBMISSIONS_DIR --out GRADES_DIR [--timeout 1800] [--jobs 2]

Writes ``GRADES_DIR/gradebook.csv`` (one row per submission: points per question,
total, and the reason for any zero) and ``GRADES_DIR/feedback/<submission>.txt``.

Each submission is graded by ``otter run`` against an autograder built from
``solutions/<lab>.ipynb`` (public and hidden tests), in its own temporary copy of the
course code, with a time and a memory limit, contained by ``tools.sandbox``: on Linux
with namespaces it sees none of the grader's processes, the repository and the
autograder are read-only to it, the output folder is hidden, and none of its processes
outlives its grade; a grader running as root runs it as ``nobody`` where that user can
run the grader's Python. A submission that is not a notebook, raises, loops forever, deletes
files, prints megabytes or lacks a question's cells gets zero for the questions it
affects, with the reason recorded, and the other submissions are graded as usual.
Results stay in memory until every submission is graded; then the grader alone writes
the output folder, each file atomically. The README ("For instructors") says what this
isolation cannot prevent.
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import io
import json
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from tools import sandbox
from tools.errors import ToolError, exits_on_tool_error
from tools.make_labs import SOLUTIONS, otter_assign, otter_env
from utils import config  # importing utils sets the course's TensorFlow settings, which every grade inherits
from utils.config import REPO_ROOT

# What a submission's copy of the course contains: the code its setup cell imports,
# and the public tests its grader.check cells read.
COURSE_PARTS = ("utils", "labs/tests", "requirements", "pyproject.toml")
FEEDBACK_CHARS = 4_000  # per question, so a submission that prints megabytes cannot flood feedback
MEMORY_GIB = 6  # default memory limit per submission (address space of each of its processes)
KERNEL = "python3"  # the kernel every submission runs in, whatever its metadata names


@dataclass
class Result:
    submission: str
    points: dict[str, float]
    reasons: dict[str, str] = field(default_factory=dict)
    note: str = ""
    seconds: float = 0.0  # wall time of its grade (otter run in the sandbox)

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
        raise ToolError(f"{solution.name} has no '# BEGIN QUESTION' cells: is it an otter lab?")
    return found


def autograder_cache() -> Path:
    """Where built autograders are kept between runs (outside the repository)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "sequence-models-keras" / "autograders"


def build_autograder(solution: Path, build: Path) -> Path:
    """The autograder zip of ``solution``: reused while the solution and otter are unchanged (~70 s saved)."""
    import otter

    key = hashlib.sha256(solution.read_bytes() + otter.__version__.encode()).hexdigest()[:16]
    cached = autograder_cache() / f"{solution.stem}-{key}.zip"
    if cached.is_file():
        return cached
    otter_assign(solution, build)
    zips = sorted((build / "autograder").glob("*.zip"))
    if not zips:
        raise ToolError(f"otter assign wrote no autograder zip for {solution.name}")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")
        shutil.copy2(zips[0], temporary)
        os.replace(temporary, cached)
        return cached
    except OSError:  # a read-only home: build every time
        return zips[0]


CANARY_TEST = """\
import hashlib, pathlib
from otter.test_files import test_case

OK_FORMAT = False
name = {name!r}
points = 1
EXPECTED = {expected!r}

@test_case(points=None, hidden=True)
def test_{name}():
    found = {{p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in pathlib.Path("tests").glob("*.py") if p.name != {own!r}}}
    assert {must_pass} and found == EXPECTED
"""


@dataclass
class Canaries:
    """An autograder with two extra tests of unpredictable names: one must pass, one must fail.

    The one that must pass also checks that no test file changed. A submission that patches the
    test runner (every test passes), rewrites or deletes test files, or forges the results is
    caught unless it first reads and understands the canaries: the gradebook says "tampering
    suspected" and the instructor reviews it by hand.
    """

    autograder: Path
    must_pass: str
    must_fail: str

    @classmethod
    def add_to(cls, autograder: Path, dest: Path) -> Canaries:
        must_pass, must_fail = (f"c{secrets.token_hex(6)}" for _ in range(2))
        with zipfile.ZipFile(autograder) as original:
            members = {info.filename: original.read(info) for info in original.infolist()}
        fail_source = CANARY_TEST.format(name=must_fail, expected={}, own=f"{must_fail}.py", must_pass=False)
        members[f"tests/{must_fail}.py"] = fail_source.encode()
        expected = {
            Path(member).name: hashlib.sha256(data).hexdigest()
            for member, data in members.items()
            if member.startswith("tests/") and member.endswith(".py")
        }
        members[f"tests/{must_pass}.py"] = CANARY_TEST.format(
            name=must_pass, expected=expected, own=f"{must_pass}.py", must_pass=True
        ).encode()
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as copy:
            for member, data in members.items():
                copy.writestr(member, data)
        return cls(dest, must_pass, must_fail)

    def tampering(self, report: dict) -> str:
        """Why the results cannot be trusted, or "" if both canaries did what they must."""
        scores = {test.get("name"): test.get("score") for test in report.get("tests", [])}
        if scores.get(self.must_fail) is None or scores.get(self.must_pass) is None:
            return "a test of the grader is missing from the results"
        if float(scores[self.must_fail] or 0) > 0:
            return "a test that must fail passed: the test runner was changed"
        if float(scores[self.must_pass] or 0) <= 0:
            return "a test that must pass failed: test files were changed"
        return ""


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


# Runs first in every graded kernel: an exit would end the kernel and lose the marks of every answer.
KEEP_KERNEL_ALIVE = """\
# added by the grader: exit(), quit() and os._exit() would end the kernel and lose every mark
import os as _grader_os
def _grader_refuses_exit(*args, **kwargs):
    raise RuntimeError("exit(), quit() and os._exit() are ignored while grading")
_grader_os._exit = _grader_refuses_exit
get_ipython().user_ns["exit"] = get_ipython().user_ns["quit"] = _grader_refuses_exit
"""
EXITS = {"exit", "quit", "_exit"}


def code_problems(nb: nbformat.NotebookNode) -> list[str]:
    """What a reader of the gradebook should know about the code cells: syntax errors and exits."""
    from IPython.core.inputtransformer2 import TransformerManager

    transformer, problems = TransformerManager(), []
    code_cells = [cell for cell in nb.cells if cell.cell_type == "code"]
    for number, cell in enumerate(code_cells, start=1):
        first_line = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")[:60]
        where = f"code cell {number} ({first_line!r})"
        try:
            tree = ast.parse(transformer.transform_cell(cell.source))
        except SyntaxError as err:
            problems.append(f"{where} has a SyntaxError, so none of it ran: {err.msg} (line {err.lineno})")
            continue
        except Exception:  # noqa: BLE001 - IPython could not transform it; the kernel will say why
            continue
        calls = {
            node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute))
        }
        if calls & EXITS:
            problems.append(
                f"{where} calls {'/'.join(sorted(calls & EXITS))}(): ignored while grading, "
                "so the answers after it were still graded"
            )
    return problems


def prepare(submission: Path, lab: str, target: Path) -> list[str]:
    """Copy the submission to ``target`` ready to grade; return what the gradebook should note about its code.

    A notebook saved with another kernel (e.g. the one ``make lab`` registers) or pasted into a
    new notebook (no otter metadata) is still graded, as the lab named on the command line, in the
    course's Python kernel. A cell that calls exit() does not end the kernel.
    """
    nb = nbformat.read(submission, as_version=4)
    problems = code_problems(nb)
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3", "language": "python"}
    nb.metadata.setdefault("otter", {})["assignment_name"] = lab
    nb.cells.insert(0, nbformat.v4.new_code_cell(KEEP_KERNEL_ALIVE))
    nbformat.write(nb, target)
    return problems


def remove_tree(path: Path) -> str:
    """Delete ``path`` whatever a submission left in it (deep folders, no permissions); "" or a problem."""
    subprocess.run(["chmod", "-R", "u+rwx", str(path)], capture_output=True)
    if os.name == "posix":
        subprocess.run(["rm", "-rf", "--", str(path)], capture_output=True)  # no recursion limit
    shutil.rmtree(path, ignore_errors=True)
    return f"could not delete its temporary folder {path}" if path.exists() else ""


def run_otter(
    submission: Path,
    lab: str,
    autograder: Path,
    work: Path,
    timeout: float,
    memory_bytes: int | None,
    protect: list[Path],
    hide: list[Path],
) -> tuple[dict | None, list[str], sandbox.Outcome | None]:
    """Grade one submission in ``work``; return (results.json or None, problems, containment)."""
    course = copy_course(work / "course")
    (work / "home").mkdir()
    target = course / "submission" / "submission.ipynb"
    target.parent.mkdir()
    code_notes = prepare(submission, lab, target)
    out = work / "out"
    out.mkdir()
    own_autograder = shutil.copy(autograder, work / "autograder.zip")  # readable by whoever runs the grade
    downloads = config.data_dir()  # the grader's data files, where the notebooks' loaders look
    data = work / "data"  # links to the grader's downloaded files (read-only), room for new downloads
    if downloads.is_dir():
        shutil.copytree(downloads, data, copy_function=os.symlink)
    else:
        data.mkdir()
    env = otter_env(course / ".otter-tmp", HOME=str(work / "home"), **{config.DATA_DIR_ENV: str(data)})
    with open(work / "otter.log", "wb") as log:
        outcome = sandbox.run_contained(
            [sys.executable, "-m", "otter", "run", "--no-logo", "-a", str(own_autograder), "-o", str(out), str(target)],
            cwd=course,
            env=env,
            timeout=timeout,
            log=log,
            read_only=[*protect, *[downloads] * downloads.is_dir()],
            hidden=hide,
            keep=[work],
            memory_bytes=memory_bytes,
            user=unprivileged_user(downloads),
        )
    if outcome.timed_out:
        return None, [f"stopped after the time limit of {timeout:g} s (an endless loop?)", *code_notes], outcome
    results = out / "results.json"
    if outcome.returncode != 0 or not results.is_file():
        with open(work / "otter.log", "rb") as log:
            log.seek(0, os.SEEK_END)
            log.seek(max(0, log.tell() - 2000))
            tail = log.read().decode("utf-8", "replace").strip().splitlines()
        return None, [f"grading failed: {tail[-1][:300] if tail else 'no output'}", *code_notes], outcome
    try:
        return json.loads(results.read_text()), code_notes, outcome
    except (OSError, ValueError) as err:
        return None, [f"grading failed: unreadable results ({type(err).__name__})", *code_notes], outcome


# Run as the unprivileged user, the submission must still import the course's packages and read the data.
USER_PROBE = """\
import os, subprocess, sys
import otter, keras
subprocess.run([sys.executable, "-c", "import ipykernel"], check=True)     # as otter starts the kernel
for folder in sys.argv[1:]:
    for root, _, files in os.walk(folder, onerror=lambda err: sys.exit(f"cannot read {err.filename}")):
        for name in files:
            if not os.access(os.path.join(root, name), os.R_OK):
                sys.exit(f"cannot read {os.path.join(root, name)}")
"""


def unprivileged_user(downloads: Path) -> tuple[int, int] | None:
    """(uid, gid) to grade as when the grader is root and ``nobody`` can run the grade, else None."""
    data = [
        str(path)
        for path in (downloads, Path(os.environ.get(config.MIRROR_ENV, "")))
        if str(path) not in ("", ".") and path.is_dir()
    ]
    return sandbox.unprivileged_user((sys.executable, "-c", USER_PROBE, *data))


def describe_user(user: tuple[int, int] | None) -> str:
    if user is not None:
        return f"user {pwd.getpwuid(user[0]).pw_name} (uid {user[0]})"
    if os.geteuid() == 0:
        return (
            f"root{' without capabilities' if sandbox.isolation() == 'namespaces' else ''} (user nobody "
            "cannot run the grader's Python or read the data)"
        )
    return f"your user (uid {os.geteuid()})"


def grade_one(
    submission: Path,
    name: str,
    lab: str,
    canaries: Canaries,
    points: dict[str, float],
    timeout: float,
    memory_bytes: int | None,
    protect: list[Path],
    hide: list[Path],
    scratch: Path,
) -> tuple[Result, str]:
    """Grade one submission; return its result and its feedback text. Never raises."""
    result = Result(name, {q: 0.0 for q in points})
    try:
        nbformat.read(submission, as_version=4)
    except Exception as err:  # noqa: BLE001 - any reason it is not a notebook
        result.note = f"not a Jupyter notebook ({type(err).__name__}); nothing was run"
        return result, result.note
    work = Path(tempfile.mkdtemp(prefix="submission-", dir=scratch))
    start = time.monotonic()
    try:
        report, notes, outcome = run_otter(
            submission, lab, canaries.autograder, work, timeout, memory_bytes, protect, hide
        )
    except Exception as err:  # noqa: BLE001 - whatever the submission did, the others are still graded
        report, notes, outcome = None, [f"grading failed: {type(err).__name__}: {str(err)[:200]}"], None
    finally:
        result.seconds = time.monotonic() - start
        cleanup = remove_tree(work)
    if outcome is not None and outcome.stragglers:
        notes.append(f"processes still running after its grade, killed: {outcome.stragglers}")
    if cleanup:
        notes.append(cleanup)
    if report is None:
        result.note = "; ".join(notes)
        return result, result.note
    outputs = {}
    tampered = canaries.tampering(report)
    if tampered:
        result.note = "; ".join([f"tampering suspected: review by hand ({tampered}); scored 0", *notes])
        return result, result.note
    for test in report.get("tests", []):
        question = test.get("name")
        if question in points:
            result.points[question] = float(test.get("score") or 0)
            outputs[question] = test.get("output", "")
            if result.points[question] < points[question]:
                result.reasons[question] = first_line_of_failure(outputs[question])
    missing = [q for q in points if q not in outputs]
    if missing:
        notes.append(f"no result for {', '.join(missing)}")
    result.note = "; ".join(notes)
    lines = [f"{name}: {result.total:g} / {sum(points.values()):g} points (graded in {result.seconds:.0f} s)", ""]
    for q, possible in points.items():
        lines += [f"{q}: {result.points[q]:g} / {possible:g}", outputs.get(q, "(no result)")[:FEEDBACK_CHARS], ""]
    return result, "\n".join(lines)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", newline="") as f:
        f.write(text)
    os.replace(temporary, path)


def write_gradebook(results: list[Result], points: dict[str, float], out: Path) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["submission", *points, "total", "max_total", "notes"])
    for r in results:
        notes = "; ".join([r.note] * bool(r.note) + [f"{q}: {why}" for q, why in r.reasons.items()])
        writer.writerow(
            [r.submission, *(f"{r.points[q]:g}" for q in points), f"{r.total:g}", f"{sum(points.values()):g}", notes]
        )
    path = out / "gradebook.csv"
    write_atomically(path, buffer.getvalue())
    return path


def find_submissions(folder: Path) -> tuple[dict[str, Path], list[str]]:
    """({name in the gradebook: file}, [skipped files with the reason]) for every file under ``folder``.

    Notebooks are found in subfolders too, whatever the case of ``.ipynb``; a name is the file's
    path relative to ``folder``, so two ``lab.ipynb`` in two students' folders stay apart. Hidden
    files and files that are not ``.ipynb`` are skipped, and listed.
    """
    found, skipped = {}, []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
        name = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            skipped.append(f"{name}: hidden (its name starts with a dot)")
        elif path.is_symlink():
            skipped.append(f"{name}: a symbolic link, not a file")
        elif path.suffix.lower() != ".ipynb":
            skipped.append(f"{name}: not an .ipynb file")
        else:
            found[name] = path
    return found, skipped


def grade(
    lab: str, submissions: Path, out: Path, timeout: float = 1800, jobs: int = 1, memory_gib: float = MEMORY_GIB
) -> list[Result]:
    solution = SOLUTIONS / f"{lab}.ipynb"
    if not solution.is_file():
        known = ", ".join(p.stem for p in sorted(SOLUTIONS.glob("*.ipynb"))) or "none"
        raise ToolError(f"No lab named {lab!r}: solutions/{lab}.ipynb does not exist (labs: {known}).")
    if not submissions.is_dir():
        raise ToolError(f"{submissions} is not a folder of submissions.")
    out = out.resolve()
    if out == REPO_ROOT or REPO_ROOT in out.parents:
        raise ToolError(f"--out must be outside the course repository (got {out}); grading never writes into it.")
    files, skipped = find_submissions(submissions)
    for reason in skipped:
        print(f"skipped {reason}")
    if not files:
        raise ToolError(f"{submissions} holds no .ipynb files to grade.")
    points = questions(solution)
    out.mkdir(parents=True, exist_ok=True)
    memory_bytes = int(memory_gib * 2**30) if memory_gib else None
    user = unprivileged_user(config.data_dir())
    print(
        f"isolation: {sandbox.isolation()} (see tools/sandbox.py), as {describe_user(user)}; memory limit "
        f"{f'{memory_gib:g} GiB' if memory_gib else 'none'} and {timeout:g} s per submission"
    )
    build = Path(tempfile.mkdtemp(prefix="autograder-"))
    scratch = Path(tempfile.mkdtemp(prefix="grade-"))  # every submission's folder; each sees only its own
    scratch.chmod(0o711)  # an unprivileged user reaches its own, lists none
    try:
        canaries = Canaries.add_to(build_autograder(solution, build), build / "autograder-with-canaries.zip")
        protect = [REPO_ROOT, build] + [Path(os.environ[v]) for v in (config.MIRROR_ENV,) if os.environ.get(v)]
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            hide = [out, scratch] + [autograder_cache()] * autograder_cache().is_dir()  # nor poison the cache
            graded = list(
                pool.map(
                    lambda item: grade_one(
                        item[1], item[0], lab, canaries, points, timeout, memory_bytes, protect, hide, scratch
                    ),
                    files.items(),
                )
            )
    finally:
        remove_tree(build)
        remove_tree(scratch)
    for name, (result, feedback) in zip(files, graded):  # only now, with every submission's processes gone
        write_atomically(out / "feedback" / f"{name.replace('/', '__')}.txt", feedback)
        print(f"{result.total:6g} / {sum(points.values()):g}  {name}  {result.note}")
    if skipped:
        write_atomically(out / "skipped.txt", "".join(f"{reason}\n" for reason in skipped))
    print(f"gradebook: {write_gradebook([r for r, _ in graded], points, out)}")
    return [r for r, _ in graded]


@exits_on_tool_error
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lab", help="the lab's name, e.g. 01_toxic_comments")
    parser.add_argument("submissions", type=Path, help="a folder of submitted .ipynb files")
    parser.add_argument("--out", type=Path, required=True, help="where to write gradebook.csv and feedback/")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per submission (default 1800)")
    parser.add_argument("--jobs", type=int, default=1, help="submissions graded at once (default 1)")
    parser.add_argument(
        "--memory",
        type=float,
        default=MEMORY_GIB,
        help=f"GiB of memory per submission process, 0 for no limit (default {MEMORY_GIB})",
    )
    args = parser.parse_args(argv)
    grade(args.lab, args.submissions, args.out, args.timeout, args.jobs, args.memory)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
