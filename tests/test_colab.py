"""A fresh Google Colab runtime, simulated on the Colab stack (Python 3.13, Colab's package versions).

`make test` installs requirements/colab.txt in .venv-colab, notes what is installed
(colab-preinstalled.txt), then runs the setup cell's own install (utils/colab.py) on top of it.
These tests check that install against Colab's packages, then open one lesson and every student
lab the way a student does: a stub `google.colab` module imported at kernel start, a temporary
`/content` (COURSE_COLAB_CONTENT), and the GitHub URL redirected to this checkout with git's
`url.<base>.insteadOf`, so the setup cell fetches the pinned course ref with real git.
"""

import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import distributions
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tools.anatomy import REPO_ROOT, course_settings, missing_from_shallow_clone
from utils import colab, config

pytestmark = pytest.mark.skipif(
    os.environ.get(config.STACK_ENV) != "colab", reason="simulates Colab on the Colab stack (`make test` runs it there)"
)

REF = course_settings()["ref"]
LESSON = "lessons/03_how_an_rnn_computes.ipynb"
LABS = sorted(p.relative_to(REPO_ROOT).as_posix() for p in (REPO_ROOT / "labs").glob("*.ipynb"))

# What `pip check` reports after the setup cell's --no-deps install, each with why it is safe.
UNMET_AND_WHY_SAFE = {
    "otter-grader 7.0.0 requires python-on-whales, which is not installed.": "only `otter grade` (Docker) imports it; the self-checks never do",
    "fica 0.4.1 requires docutils, which is not installed.": "fica needs it only for its Sphinx extension (and Colab ships docutils anyway)",
    "fica 0.4.1 requires sphinx, which is not installed.": "fica needs it only for its Sphinx extension (and Colab ships Sphinx anyway)",
    "otter-grader 7.0.0 has requirement ipywidgets<9.0.0,>=8.1.5, but you have ipywidgets 7.7.1.": "otter uses widgets only in grader.export(), which does not work on Colab; the checks run here",
    "otter-grader 7.0.0 has requirement wrapt<2.0.0,>=1.16.0, but you have wrapt 2.3.0.": "otter's wrapt decorators run on Colab's wrapt 2.3.0: every check below shows its result",
}


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def installed():
    return {normalise(d.metadata["Name"]): d.version for d in distributions()}


def test_the_setup_install_replaces_no_package_colab_preinstalls():
    noted = Path(sys.prefix) / "colab-preinstalled.txt"
    assert noted.is_file(), f"{noted} is missing: `make setup STACK=colab` writes it before the setup cell's install"
    before = {
        normalise(name): version
        for name, version in (line.split("==", 1) for line in noted.read_text().splitlines() if "==" in line)
    }
    after = installed()
    changed = {name: (version, after.get(name)) for name, version in before.items() if after.get(name) != version}
    assert not changed, f"the setup cell's install changed Colab's packages (before, after): {changed}"
    added = set(after) - set(before)
    assert added == {normalise(name) for name in colab.pinned_extras()}, f"installed beyond colab-extras.txt: {added}"


def test_what_the_light_install_leaves_unmet_is_listed_and_safe():
    check = subprocess.run(
        [sys.executable, "-m", "pip", "check", "--disable-pip-version-check"], capture_output=True, text=True
    )
    unmet = {line.strip() for line in check.stdout.splitlines() if line.strip()}
    assert unmet == set(UNMET_AND_WHY_SAFE), (
        f"new unmet dependencies (say why each is safe, or add it to colab-extras.txt): {unmet - set(UNMET_AND_WHY_SAFE)}\n"
        f"no longer reported (remove them): {set(UNMET_AND_WHY_SAFE) - unmet}"
    )


@pytest.fixture(scope="module")
def runtime(tmp_path_factory):
    """A fresh simulated runtime, shared by the notebooks of this module like one Colab session."""
    if missing_from_shallow_clone(REF):
        pytest.skip(f"this clone lacks the pinned ref {REF[:12]} (a shallow clone): clone with history to test it")
    root = tmp_path_factory.mktemp("colab")
    content = root / "content"
    startup = root / "ipython" / "profile_default" / "startup"
    content.mkdir()
    startup.mkdir(parents=True)
    (startup / "00-google-colab.py").write_text(
        "import sys, types\nsys.modules.setdefault('google.colab', types.ModuleType('google.colab'))\n"
    )
    env = {
        **os.environ,
        "IPYTHONDIR": str(root / "ipython"),
        "COURSE_COLAB_CONTENT": str(content),
        "PYTHONPATH": "",
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{REPO_ROOT}.insteadOf",
        "GIT_CONFIG_VALUE_0": f"https://github.com/{course_settings()['github_repo']}.git",
    }
    return content, env


def run_on_colab(rel_path, runtime):
    """Open ``rel_path`` as a student does on Colab and run every cell, errors and all."""
    content, env = runtime
    shutil.copy(REPO_ROOT / rel_path, content / Path(rel_path).name)
    nb = nbformat.read(content / Path(rel_path).name, as_version=4)
    NotebookClient(
        nb, timeout=900, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(content)}}
    ).execute(env=env)
    return nb


def text(cell):
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type == "error":
            parts.append(f"{out.ename}: {out.evalue}")
        else:
            parts.append(out.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def test_a_lesson_runs_top_to_bottom_on_a_fresh_runtime(runtime):
    nb = run_on_colab(LESSON, runtime)
    setup = text(nb.cells[1])
    assert f"Colab: course code {REF[:12]} in {runtime[0]}" in setup, setup
    errors = [
        (i, text(cell)[-300:])
        for i, cell in enumerate(nb.cells)
        if any(out.output_type == "error" for out in cell.get("outputs", []))
    ]
    assert not errors, f"cells that raised on the simulated Colab: {errors}"


def exercise_cell_ids(lab):
    """The ids of the lab's exercise cells: those whose solution holds lines that the lab replaces."""
    solution = nbformat.read(REPO_ROOT / "solutions" / Path(lab).name, as_version=4)
    return {
        cell.get("id")
        for cell in solution.cells
        if cell.cell_type == "code" and re.search(r"# (BEGIN )?SOLUTION\b", cell.source)
    }


@pytest.mark.parametrize("lab", LABS)
def test_every_check_of_the_untouched_student_lab_says_what_to_do(lab, runtime):
    nb = run_on_colab(lab, runtime)
    assert "Colab: course code" in text(nb.cells[1]), text(nb.cells[1])
    exercise_ids = exercise_cell_ids(lab)
    exercises = [cell for cell in nb.cells if cell.get("id") in exercise_ids]
    assert exercises, f"{lab}: found none of its exercise cells (ids shared with the solution)"
    # A placeholder is `...` or a function whose body is `...` (it returns None). An exercise cell may still fail
    # with a NameError when an earlier exercise is unfinished: its check then says which cells to run first.
    crashed = [
        (cell.id, f"{out.ename}: {out.evalue}"[:300])
        for cell in exercises
        for out in cell.get("outputs", [])
        if out.output_type == "error" and re.search(r"ellipsis|NoneType", out.evalue)
    ]
    assert not crashed, (
        f"{lab}: exercise cells that raise on their placeholder, before the check can say what "
        f"to do (move the lines that use the answer after the check): {crashed}"
    )
    checks = [
        (cell, match.group(1))
        for cell in nb.cells
        if cell.cell_type == "code"
        for match in [re.fullmatch(r'grader\.check\("(\w+)"\)', cell.source.strip())]
        if match
    ]
    assert checks, f"{lab} has no check cells"
    for cell, question in checks:
        shown = text(cell)
        assert f"{question} results" in shown, f"{lab} {question}: the check showed no result:\n{shown[-800:]}"
        raised = set(re.findall(r"^\s*(\w*(?:Error|Exception)):", shown, re.MULTILINE)) - {"AssertionError"}
        assert not raised, (
            f"{lab} {question}: on the untouched lab the check fails with {raised}, not with a "
            f"message saying what to do:\n{shown[-800:]}"
        )
        assert "❌" in shown, f"{lab} {question}: the untouched lab passes this check:\n{shown[-400:]}"
