"""Run one command as a process tree that can always be killed completely, with limited reach.

``make grade`` runs each student's notebook through :func:`run_contained`. What it gets depends on
the operating system, and :func:`isolation` says which level is available:

* ``"namespaces"`` (Linux, where ``unshare`` may create namespaces: as root, or with unprivileged
  user namespaces): the command runs in its own PID namespace, so it sees no process outside it and
  every process it starts dies with it, detached ones included; in its own mount namespace, where
  the folders it must not change are read-only and the folders it must not see are covered by an
  empty one; and without the capabilities that would undo those mounts.
* ``"session"`` (anywhere else): the command runs in its own session and process group; after it
  ends, every process still carrying this run's tag in its environment is killed. A process that
  clears its environment and leaves the session can escape this level: the README says so.

In both levels a memory limit (``RLIMIT_AS``) applies to every process of the tree, and
:class:`Outcome` reports what happened, including processes that had to be killed afterwards.
When the grader runs as root, :func:`unprivileged_user` finds out whether the command can run as
``nobody`` instead (it can when ``nobody`` may read the Python environment and the data); then the
command runs as that user, owning only the ``keep`` folders.
"""

from __future__ import annotations

import functools
import os
import pwd
import resource
import secrets
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

TAG_ENV = "COURSE_GRADE_TAG"  # every process of a run carries it, so stragglers can be found


@dataclass
class Outcome:
    returncode: int | None  # None after a time-out
    timed_out: bool
    isolation: str
    stragglers: int  # processes of the run still alive after it ended, then killed


def _can_run(command: list[str], timeout: float = 20) -> bool:
    try:
        return subprocess.run(command, capture_output=True, timeout=timeout).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _namespace_prefix() -> list[str]:
    prefix = ["unshare", "--mount", "--pid", "--fork", "--kill-child", "--mount-proc"]
    return prefix if os.geteuid() == 0 else ["unshare", "--user", "--map-root-user", *prefix[1:]]


@functools.cache
def isolation() -> str:
    """The strongest isolation this machine allows: "namespaces" or "session"."""
    probe = [*_namespace_prefix(), "sh", "-c", "mount -t tmpfs none /mnt && setpriv --bounding-set=-all true"]
    return "namespaces" if _can_run(probe) else "session"


@functools.cache
def unprivileged_user(probe: tuple[str, ...], name: str = "nobody") -> tuple[int, int] | None:
    """(uid, gid) of ``name`` when this process is root and ``probe`` succeeds as that user, else None."""
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("setpriv"):
        return None
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return None
    user = (entry.pw_uid, entry.pw_gid)
    return user if _can_run(["setpriv", *_as_user(user), *probe], timeout=300) else None  # imports: slow


def _as_user(user: tuple[int, int] | None) -> list[str]:
    return [] if user is None else [f"--reuid={user[0]}", f"--regid={user[1]}", "--clear-groups"]


def _give(folders: list[Path], user: tuple[int, int]) -> None:
    """Make ``user`` the owner of everything in ``folders`` (what the command may change)."""
    for folder in folders:
        subprocess.run(["chown", "-R", "--no-dereference", f"{user[0]}:{user[1]}", str(folder)], check=True)


def _inner_script(
    command: list[str],
    read_only: list[Path],
    hidden: list[Path],
    keep: list[Path],
    anchor: Path | None,
    user: tuple[int, int] | None,
) -> str:
    """The shell commands run inside the namespaces before the command itself."""
    q = lambda path: shlex.quote(str(path))  # noqa: E731
    steps = ["set -e", "mount --make-rprivate /"]
    for i, path in enumerate(keep):  # set aside what must stay visible inside a hidden folder
        steps += [f"mkdir -p {q(anchor / str(i))}", f"mount --bind {q(path)} {q(anchor / str(i))}"]
    for path in read_only:
        steps += [f"mount --bind {q(path)} {q(path)}", f"mount -o remount,bind,ro {q(path)}"]
    for path in hidden:
        steps.append(f"mount -t tmpfs -o size=1m,mode=0555 none {q(path)}")
    for i, path in enumerate(keep):  # and put it back
        steps += [f"mkdir -p {q(path)}", f"mount --bind {q(anchor / str(i))} {q(path)}"]
    drop = ["setpriv", *_as_user(user), "--bounding-set=-all", "--inh-caps=-all", "--"]  # cannot undo the mounts
    steps.append("exec " + shlex.join(drop + command))
    return "\n".join(steps)


def _limit_memory(memory_bytes: int | None):
    def apply():
        if memory_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    return apply


def processes_running(marker: str) -> list[int]:
    """The ids of the processes whose command line contains ``marker`` (Linux /proc; else none)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if marker.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def tagged_processes(tag: str) -> list[int]:
    """The ids of the processes whose environment holds ``TAG_ENV=tag`` (Linux /proc; else none)."""
    needle = f"{TAG_ENV}={tag}".encode()
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return [pid for pid in found if pid != os.getpid()]


def _kill(pids: list[int]) -> int:
    killed = 0
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
            killed += 1
        except ProcessLookupError:
            pass
    return killed


def run_contained(
    command: list[str],
    *,
    cwd: Path,
    env: dict[str, str],
    timeout: float,
    log,
    read_only: list[Path] = (),
    hidden: list[Path] = (),
    keep: list[Path] = (),
    memory_bytes: int | None = None,
    level: str | None = None,
    user: tuple[int, int] | None = None,
) -> Outcome:
    """Run ``command`` contained; kill its whole tree on time-out and any straggler afterwards.

    ``read_only`` folders cannot be changed and ``hidden`` folders look empty to the command,
    except the ``keep`` folders inside them, which stay as they are (namespaces level only; e.g.
    hide the folder of every submission's scratch space but keep this one's). ``log`` is a binary
    file for its output. ``level`` forces an isolation level (tests); by default the strongest
    available one is used. ``user`` (uid, gid), from :func:`unprivileged_user`: run as that user,
    who is given the ``keep`` folders (they and their parents must be reachable by it).
    """
    level = level or isolation()
    tag = secrets.token_hex(12)
    env = {**env, TAG_ENV: tag}
    anchor = Path(tempfile.mkdtemp(prefix="sandbox-")) if level == "namespaces" and keep else None
    if user is not None:
        _give(list(keep), user)
    if level == "namespaces":
        command = [
            *_namespace_prefix(),
            "sh",
            "-c",
            _inner_script(command, list(read_only), list(hidden), list(keep), anchor, user),
        ]
    elif user is not None:
        command = ["setpriv", *_as_user(user), "--", *command]
    try:
        return _run(command, cwd, env, timeout, log, memory_bytes, level, tag)
    finally:
        if anchor is not None:
            shutil.rmtree(anchor, ignore_errors=True)


def _run(command, cwd, env, timeout, log, memory_bytes, level, tag) -> Outcome:
    proc = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=_limit_memory(memory_bytes),
    )
    timed_out = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # namespaces: unshare's death kills the namespace
        except ProcessLookupError:
            pass
        proc.wait()
    # Sweep until the tag has been gone for several looks in a row: a process that was being
    # forked during one look shows up in the next.
    stragglers, quiet = set(), 0
    for _ in range(50):
        pids = tagged_processes(tag)
        if pids:
            stragglers.update(pids)
            _kill(pids)
            quiet = 0
        else:
            quiet += 1
            if quiet >= 5:
                break
        time.sleep(0.1)
    return Outcome(None if timed_out else proc.returncode, timed_out, level, len(stragglers))
