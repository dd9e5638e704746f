"""tools.sandbox: a contained run leaves no process behind, and cannot reach what it must not."""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tools import sandbox

LEVELS = ["session"] + (["namespaces"] if sandbox.isolation() == "namespaces" else [])
linux_only = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")


def run(tmp_path, script, level, timeout=30, **kwargs):
    log_path = tmp_path / "log.txt"
    with open(log_path, "wb") as log:
        outcome = sandbox.run_contained(
            ["sh", "-c", script], cwd=tmp_path, env=dict(os.environ), timeout=timeout, log=log, level=level, **kwargs
        )
    return outcome, log_path.read_text()


@linux_only
@pytest.mark.parametrize("level", LEVELS)
def test_a_detached_process_does_not_outlive_the_run(tmp_path, level):
    marker = f"{987 + LEVELS.index(level)}.{os.getpid()}"
    outcome, _ = run(tmp_path, f"setsid sleep {marker} > /dev/null 2>&1 < /dev/null & echo started", level)
    assert outcome.returncode == 0 and not outcome.timed_out and outcome.isolation == level
    time.sleep(1)  # a child still starting when the run ended shows up by now
    assert sandbox.processes_running(f"sleep\0{marker}") == [], "a detached child survived the run"
    if level == "session":
        assert outcome.stragglers >= 1, "the session level found and killed the detached child"


@linux_only
@pytest.mark.parametrize("level", LEVELS)
def test_a_time_out_kills_the_whole_tree(tmp_path, level):
    marker = f"{600 + LEVELS.index(level)}.{os.getpid()}"
    outcome, _ = run(tmp_path, f"sleep {marker} & setsid sleep {marker} & sleep {marker}", level, timeout=2)
    assert outcome.timed_out and outcome.returncode is None
    time.sleep(1)
    assert sandbox.processes_running(f"sleep\0{marker}") == []


@pytest.mark.parametrize("level", LEVELS)
def test_the_memory_limit_applies(tmp_path, level):
    script = f"{sys.executable} -c 'bytearray(1_500_000_000)'"
    outcome, log = run(tmp_path, script, level, memory_bytes=1_000_000_000)
    assert outcome.returncode != 0 and "MemoryError" in log
    outcome, _ = run(tmp_path, f"{sys.executable} -c 'bytearray(100_000_000)'", level, memory_bytes=1_000_000_000)
    assert outcome.returncode == 0


namespaces_only = pytest.mark.skipif("namespaces" not in LEVELS, reason="this machine cannot create namespaces")


@namespaces_only
def test_namespaces_make_folders_read_only_and_hide_others(tmp_path):
    repo, out, scratch = tmp_path / "repo", tmp_path / "out", tmp_path / "scratch"
    for folder in (repo, out, scratch):
        folder.mkdir()
    (repo / "tracked.py").write_text("original\n")
    (out / "gradebook.csv").write_text("student,20\n")
    script = (
        f"echo changed > {repo}/tracked.py; touch {repo}/new.txt; ls -A {out}; touch {out}/forged.csv; "
        f"mount -o remount,bind,rw {repo} && echo REMOUNTED; umount {out} && echo UNMOUNTED; "
        f"echo mine > {scratch}/answer.txt; ls /proc | grep -c '^[0-9]'"
    )
    _, log = run(tmp_path, script, "namespaces", read_only=[repo], hidden=[out])
    assert (repo / "tracked.py").read_text() == "original\n" and not (repo / "new.txt").exists()
    assert sorted(p.name for p in out.iterdir()) == ["gradebook.csv"], "the hidden folder was changed"
    assert "gradebook.csv" not in log, "the hidden folder's content was visible"
    assert "REMOUNTED" not in log and "UNMOUNTED" not in log, "the contained command undid the mounts"
    assert (scratch / "answer.txt").read_text() == "mine\n", "the scratch folder stays writable"
    visible = int(log.strip().splitlines()[-1])
    assert visible < 10, f"the contained command saw {visible} processes: it should see only its own few"


@namespaces_only
def test_a_kept_folder_stays_usable_inside_a_hidden_one(tmp_path):
    root = tmp_path / "grading"
    own, other = root / "grade-own", root / "grade-other"
    for folder in (own, other):
        folder.mkdir(parents=True)
    (other / "notebook.ipynb").write_text("a classmate's work\n")
    script = f"ls -A {root}; cat {other}/notebook.ipynb; echo forged > {other}/notebook.ipynb; echo mine > {own}/x.txt"
    _, log = run(tmp_path, script, "namespaces", hidden=[root], keep=[own])
    assert log.splitlines()[0] == "grade-own", f"only the kept folder should be visible: {log}"
    assert "a classmate's work" not in log, log
    assert (other / "notebook.ipynb").read_text() == "a classmate's work\n"
    assert (own / "x.txt").read_text() == "mine\n", "the kept folder must stay writable"


NOBODY = sandbox.unprivileged_user(("true",))


@pytest.mark.skipif(NOBODY is None, reason="runs as root with setpriv and a user named nobody")
@pytest.mark.parametrize("level", LEVELS)
def test_as_an_unprivileged_user_it_changes_only_the_kept_folder(tmp_path, level):
    base = Path(tempfile.mkdtemp(prefix="sandbox-user-test-"))  # reachable by that user, unlike tmp_path
    try:
        base.chmod(0o711)
        own = base / "own"
        own.mkdir()
        (own / "given.txt").write_text("the submission's copy\n")
        guarded = base / "gradebook.csv"
        guarded.write_text("the grader's\n")
        script = (
            f"id -u; echo changed > {own}/given.txt; echo new > {own}/new.txt; "
            f"echo forged > {guarded}; echo forged > {tmp_path}/forged.txt; true"
        )
        outcome, log = run(tmp_path, script, level, keep=[own], user=NOBODY)
        assert outcome.returncode == 0, log
        assert log.splitlines()[0] == str(NOBODY[0]), f"the command should run as uid {NOBODY[0]}: {log}"
        assert (own / "given.txt").read_text() == "changed\n" and (own / "new.txt").read_text() == "new\n"
        assert guarded.read_text() == "the grader's\n", "a file the grader owns must stay unchanged"
        assert not (tmp_path / "forged.txt").exists()
    finally:
        subprocess.run(["rm", "-rf", str(base)], check=True)


def test_no_unprivileged_user_when_it_cannot_run_the_probe():
    assert sandbox.unprivileged_user(("false",)) is None, "a failing probe means: keep the grader's user"
