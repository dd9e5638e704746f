"""The parts every course notebook shares: the Colab badge and the setup cell.

They are generated from the GitHub slug in ``pyproject.toml`` (``[tool.course]``),
so that a fork changes one line and runs ``make stamp``. The tests compare every
notebook against these functions.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

from utils.config import REPO_ROOT  # noqa: F401  (tools import the root from here or from utils.config)

NOTEBOOK_DIRS = ("lessons", "labs", "solutions")
BADGE_RE = re.compile(
    r"\[!\[Open In Colab\]\(https://colab\.research\.google\.com/assets/colab-badge\.svg\)\]\([^)]*\)"
)


def course_settings() -> dict:
    with open(REPO_ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["tool"]["course"]


def notebook_paths() -> list[Path]:
    """Every course notebook, in course order."""
    return sorted(p for d in NOTEBOOK_DIRS for p in (REPO_ROOT / d).glob("*.ipynb"))


def badge(rel_path: str, repo: str | None = None, branch: str | None = None) -> str:
    """The Markdown 'Open in Colab' badge for the notebook at ``rel_path``."""
    settings = course_settings()
    repo = repo or settings["github_repo"]
    branch = branch or settings["branch"]
    url = f"https://colab.research.google.com/github/{repo}/blob/{branch}/{rel_path}"
    return f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({url})"


SETUP_MARKER = "# Setup: the same cell in every notebook."

# What the setup cell fetches on Colab and the notebooks use from it: the course ref pinned in the
# notebooks must carry the same version of these as the commit the notebooks come from.
COURSE_CODE = ("utils", "requirements", "labs/tests", "data")


def _git(*args: str) -> str:
    done = subprocess.run(["git", "-C", str(REPO_ROOT), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def course_code_commit() -> str:
    """The newest commit that changed the course code (``COURSE_CODE``): the ref to pin."""
    return _git("log", "-1", "--format=%H", "--", *COURSE_CODE)


def missing_from_shallow_clone(ref: str) -> bool:
    """True if this is a shallow clone that lacks ``ref``: then nothing can check or fetch it here."""
    shallow = _git("rev-parse", "--is-shallow-repository") == "true"
    known = (
        subprocess.run(
            ["git", "-C", str(REPO_ROOT), "cat-file", "-e", f"{ref}^{{commit}}"], capture_output=True
        ).returncode
        == 0
    )
    return shallow and not known


def course_code_changes(ref: str, against: str = "HEAD") -> list[str]:
    """Course-code files that differ between ``ref`` and ``against`` (empty: same code)."""
    return _git("diff", "--name-only", ref, against, "--", *COURSE_CODE).splitlines()


def uncommitted_course_code() -> list[str]:
    """Course-code files with changes not yet committed."""
    return [line[3:] for line in _git("status", "--porcelain", "--", *COURSE_CODE).splitlines()]


SETUP_TEMPLATE = """\
# Setup: the same cell in every notebook. On Colab it fetches the course code these notebooks were
# written for and installs only what Colab lacks; on your machine it finds the course folder.
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

COURSE_REPO, COURSE_REF = "{repo}", "{ref}"
if "google.colab" in sys.modules:
    CONTENT = pathlib.Path(os.environ.get("COURSE_COLAB_CONTENT", "/content"))  # changed by the tests only
    COURSE_ROOT = CONTENT / COURSE_REPO.split("/")[1]
    FETCHED = COURSE_ROOT / ".course-ref"  # written last, so only a complete copy has it
    if not (FETCHED.is_file() and FETCHED.read_text() == COURSE_REF):
        for old in CONTENT.glob(".course-*"):  # left by an interrupted fetch
            shutil.rmtree(old, ignore_errors=True)
        new = pathlib.Path(tempfile.mkdtemp(prefix=".course-", dir=CONTENT))
        for step in (
            ["init", "--quiet"],
            ["fetch", "--quiet", "--depth", "1", f"https://github.com/{{COURSE_REPO}}.git", COURSE_REF],
            ["checkout", "--quiet", "FETCH_HEAD"],
        ):
            git = subprocess.run(["git", "-C", str(new), *step], capture_output=True, text=True)
            if git.returncode:
                raise RuntimeError(
                    f"Could not fetch the course code ({{git.stderr.strip()}}). Check that "
                    "the runtime is connected to the internet, then run this cell again."
                )
        (new / ".course-ref").write_text(COURSE_REF)
        shutil.rmtree(COURSE_ROOT, ignore_errors=True)  # an older or interrupted copy
        new.rename(COURSE_ROOT)
    sys.path.insert(0, str(COURSE_ROOT))
    from utils import colab

    print(f"Colab: course code {{COURSE_REF[:12]}} in {{COURSE_ROOT}}; {{colab.install_extras()}}.")
else:
    COURSE_ROOT = next(
        (p for p in [pathlib.Path.cwd(), *pathlib.Path.cwd().parents] if (p / "utils" / "config.py").is_file()), None
    )
    if COURSE_ROOT is None:
        raise RuntimeError(
            "Cannot find the course folder (the one with utils/). Start Jupyter inside it, e.g. with `make lab`."
        )
    sys.path.insert(0, str(COURSE_ROOT))
from utils import config

print(config.describe())"""


def setup_cell_source(repo: str | None = None, ref: str | None = None) -> str:
    """The setup cell, cloning ``ref`` (default: ``[tool.course] ref``) of ``repo`` on Colab."""
    settings = course_settings()
    return SETUP_TEMPLATE.format(repo=repo or settings["github_repo"], ref=ref or settings["ref"])
