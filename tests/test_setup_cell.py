"""The notebooks' setup cell works locally from any folder and survives a real Colab runtime's mishaps.

The Colab tests run the cell for real in a subprocess: a stub `google.colab` module, a temporary
folder standing in for `/content` (COURSE_COLAB_CONTENT), and git's `url.<base>.insteadOf`
redirecting the GitHub URL to this checkout, so the cell fetches the pinned ref with real git.
pip is stubbed, not run (tests/test_colab.py runs the install for real on the Colab stack).
"""

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from tools.anatomy import REPO_ROOT, course_settings, missing_from_shallow_clone, setup_cell_source
from utils import colab

REPO = course_settings()["github_repo"]
REF = course_settings()["ref"]
FOLDER = REPO.split("/")[1]

COLAB_PRELUDE = (
    "import sys, types, subprocess\n"
    "sys.modules['google.colab'] = types.ModuleType('google.colab')\n"
    "real_run = subprocess.run\n"
    "def run(cmd, *args, **kwargs):\n"
    "    if list(cmd[1:3]) == ['-m', 'pip']:\n"
    "        return subprocess.CompletedProcess(cmd, 0, '', '')\n"
    "    return real_run(cmd, *args, **kwargs)\n"
    "subprocess.run = run\n"
)


def ref_commit(ref=REF):
    return subprocess.run(
        ["git", "-C", str(REPO_ROOT), "rev-parse", f"{ref}^{{commit}}"], capture_output=True, text=True, check=True
    ).stdout.strip()


def colab_env(content, source=REPO_ROOT, **extra):
    """Environment of a simulated Colab runtime whose GitHub clone URL leads to ``source``."""
    return {
        **os.environ,
        "COURSE_COLAB_CONTENT": str(content),
        "PYTHONPATH": "",
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{source}.insteadOf",
        "GIT_CONFIG_VALUE_0": f"https://github.com/{REPO}.git",
        **extra,
    }


def run_setup_cell(cwd, prelude="", env=None):
    code = prelude + "\n" + setup_cell_source()
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, env=env or os.environ, timeout=300
    )


def run_on_colab(content, **extra):
    return run_setup_cell(content, COLAB_PRELUDE, colab_env(content, **extra))


@pytest.fixture
def content(tmp_path, pinned_ref_is_here):
    folder = tmp_path / "content"
    folder.mkdir()
    return folder


@pytest.fixture
def pinned_ref_is_here():
    if missing_from_shallow_clone(REF):
        pytest.skip(f"this clone lacks the pinned ref {REF[:12]} (a shallow clone): clone with history to test it")


def test_locally_it_finds_the_course_from_a_subfolder():
    result = run_setup_cell(REPO_ROOT / "lessons", env={**os.environ, "COURSE_FAST": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Configuration: full"), result.stdout


def test_outside_the_course_it_says_what_to_do(tmp_path):
    result = run_setup_cell(tmp_path, env={**os.environ, "PYTHONPATH": ""})
    assert result.returncode != 0
    assert "Cannot find the course folder" in result.stderr and "make lab" in result.stderr


def test_on_colab_it_fetches_the_pinned_ref_once(content):
    first = run_on_colab(content)
    assert first.returncode == 0, first.stderr
    root = content / FOLDER
    # pip is stubbed: whether this stack already has every extra pinned decides which of the two it says
    assert re.search(
        rf"^Colab: course code {REF[:12]} in {re.escape(str(root))}; "
        r"(the extra packages were already installed|installed \d+ packages in \d+ s)\.$",
        first.stdout,
        re.M,
    ), first.stdout
    head = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    assert head == ref_commit(), "the cell must check out the ref pinned in pyproject.toml"
    assert (root / ".course-ref").read_text() == REF
    assert [p.name for p in content.iterdir()] == [FOLDER], "no temporary folder may be left behind"

    (root / "kept.txt").write_text("a re-run must not fetch again")
    again = run_on_colab(content)
    assert again.returncode == 0, again.stderr
    assert (root / "kept.txt").exists()


def test_a_copy_left_by_an_interrupted_clone_is_replaced(content):
    """Finding 1 of issue 16: a killed `git clone` leaves the folder with only .git in it."""
    root = content / FOLDER
    subprocess.run(["git", "init", "--quiet", str(root)], check=True)
    (content / ".course-abc123").mkdir()  # and a half-fetched temporary folder
    result = run_on_colab(content)
    assert result.returncode == 0, result.stderr
    assert (root / "utils" / "colab.py").is_file() and (root / ".course-ref").read_text() == REF
    assert not (content / ".course-abc123").exists()


def test_a_copy_of_another_ref_is_replaced(content):
    root = content / FOLDER
    (root / "utils").mkdir(parents=True)
    (root / ".course-ref").write_text("0" * 40)
    result = run_on_colab(content)
    assert result.returncode == 0, result.stderr
    assert (root / ".course-ref").read_text() == REF and (root / "utils" / "colab.py").is_file()


def test_a_failed_fetch_says_what_to_do_and_the_next_run_works(content, tmp_path):
    failed = run_on_colab(content, source=tmp_path / "no-such-repository")
    assert failed.returncode != 0
    assert "Could not fetch the course code" in failed.stderr and "internet" in failed.stderr
    assert not (content / FOLDER).exists()
    assert run_on_colab(content).returncode == 0


def test_a_fetch_killed_midway_does_not_leave_the_runtime_stuck(content, tmp_path):
    """Kill the cell while git fetches (as a student stopping the cell or a dropped runtime does)."""
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    real_git = subprocess.run(["which", "git"], capture_output=True, text=True, check=True).stdout.strip()
    (fake_bin / "git").write_text(f'#!/bin/sh\ncase " $* " in *" fetch "*) sleep 120;; esac\nexec {real_git} "$@"\n')
    (fake_bin / "git").chmod(0o755)
    env = colab_env(content, PATH=f"{fake_bin}:{os.environ['PATH']}")
    cell = subprocess.Popen(
        [sys.executable, "-c", COLAB_PRELUDE + "\n" + setup_cell_source()],
        cwd=content,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not list(content.glob(".course-*/.git")) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert list(content.glob(".course-*/.git")), "the cell never started fetching"
    finally:
        os.killpg(cell.pid, signal.SIGKILL)
        cell.wait()
    result = run_on_colab(content)
    assert result.returncode == 0, result.stderr
    assert (content / FOLDER / ".course-ref").read_text() == REF


def test_it_installs_only_missing_extras_without_dependencies(monkeypatch):
    calls = []
    monkeypatch.setattr(
        colab.subprocess, "run", lambda cmd, **kw: calls.append(cmd) or subprocess.CompletedProcess(cmd, 0)
    )
    monkeypatch.setattr(colab, "pinned_extras", lambda: {"pytest": "0.0.1", "nbval": colab._installed("nbval")})
    assert colab.install_extras().startswith("installed 1 packages")
    (pip,) = calls
    assert pip[1:4] == ["-m", "pip", "install"] and "--no-deps" in pip
    assert pip[-1] == "pytest==0.0.1" and not any(arg.startswith("nbval") for arg in pip)


def test_a_failed_install_says_what_to_do(monkeypatch):
    monkeypatch.setattr(
        colab.subprocess, "run", lambda cmd, **kw: subprocess.CompletedProcess(cmd, 1, "", "no network")
    )
    monkeypatch.setattr(colab, "pinned_extras", lambda: {"pytest": "0.0.1"})
    with pytest.raises(RuntimeError, match=r"(?s)pytest==0\.0\.1.*no network.*internet.*setup cell again"):
        colab.install_extras()


def test_colab_extras_never_reinstall_the_colab_stack():
    def names(path):
        return {name.lower().replace("_", "-") for name in colab.pinned_extras(path)}

    shipped = names(REPO_ROOT / "requirements" / "colab.txt")
    assert {"tensorflow-cpu", "keras", "ipywidgets", "wrapt"} <= shipped
    extras = names(colab.EXTRAS)
    assert {"otter-grader", "sacrebleu"} <= extras
    assert not extras & shipped, (
        f"Colab ships these already; the setup cell must not reinstall them: {extras & shipped}"
    )
    pins = [line for line in colab.EXTRAS.read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert len(pins) == len(extras), "utils.colab must read every pin of colab-extras.txt"


def test_the_pinned_ref_carries_this_commits_course_code(pinned_ref_is_here):
    """`make stamp` after a change to utils/, requirements/, labs/tests/ or data/: else Colab runs old code."""
    from tools.stamp_notebooks import ref_problem

    assert ref_problem(REF) is None, ref_problem(REF)
