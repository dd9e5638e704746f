"""Execute course notebooks in place and store their outputs (``make execute``).

Lessons and solutions are committed executed in the **full** configuration, so
that students can read real outputs on GitHub. This script runs each notebook
top to bottom in its own folder with a fresh kernel, refuses to store outputs
that contain this machine's absolute paths, and drops volatile metadata (timings)
so that re-running a notebook only changes what really changed.

    python -m tools.execute_notebooks                 # every lesson and solution
    python -m tools.execute_notebooks lessons/01_*.ipynb
    COURSE_FAST=1 python -m tools.execute_notebooks --no-write lessons/01_*.ipynb   # a dry run
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tools.anatomy import notebook_paths
from tools.errors import ToolError, exits_on_tool_error
from utils import config  # importing utils sets the course's TensorFlow settings, which every kernel inherits
from utils.config import REPO_ROOT

EXECUTED_DIRS = ("lessons", "solutions")


def machine_paths() -> list[str]:
    """Absolute paths that must never appear in stored outputs."""
    return sorted({str(REPO_ROOT), sys.prefix}, key=len, reverse=True)


# Home and temporary folders on Linux, macOS and this project's machines.
ABSOLUTE_PATH = re.compile(r"(?<![\w.:/])/(?:root|work|tmp|home|Users|private|var/folders)/[\w.-]+")


def leaked_paths(nb) -> list[str]:
    """Lines of sources or text outputs that mention an absolute path of this machine."""
    found = [line.strip()[:200] for cell in nb.cells for line in cell.source.splitlines() if ABSOLUTE_PATH.search(line)]
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            texts = [out.get("text", "")]
            texts += [v for k, v in out.get("data", {}).items() if k.startswith("text/")]
            texts += out.get("traceback", [])
            for text in texts:
                text = "".join(text) if isinstance(text, list) else text
                for line in text.splitlines():
                    if ABSOLUTE_PATH.search(line) or any(p in line for p in machine_paths()):
                        found.append(line.strip()[:200])
    return found


def strip_volatile_metadata(nb) -> None:
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)


def run_notebook(nb, folder: Path, timeout: int | None = 3600) -> None:
    """Execute `nb` in place in a fresh python3 kernel whose working directory is `folder`."""
    NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
    ).execute()


def execute(path: Path, write: bool = True, timeout: int = 3600) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    run_notebook(nb, path.parent, timeout=timeout)
    seconds = time.perf_counter() - start
    strip_volatile_metadata(nb)
    leaks = leaked_paths(nb)
    if leaks:
        raise ToolError(
            f"{path.relative_to(REPO_ROOT)}: outputs contain machine paths; fix the cell, "
            f"do not store them:\n  " + "\n  ".join(leaks[:10])
        )
    if write:
        nbformat.write(nb, path)
    return seconds


@exits_on_tool_error
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every lesson and solution")
    parser.add_argument("--no-write", action="store_true", help="run, but do not save outputs")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or [p for p in notebook_paths() if p.parent.name in EXECUTED_DIRS]
    print(config.describe())
    for path in paths:
        if path.parent.name not in EXECUTED_DIRS:
            raise ToolError(f"{path.name}: only lessons/ and solutions/ are stored executed; labs/ stay blank.")
        seconds = execute(path, write=not args.no_write)
        print(f"{seconds:7.1f} s  {path.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
