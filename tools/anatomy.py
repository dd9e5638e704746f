"""The parts every course notebook shares: the Colab badge and the setup cell.

They are generated from the GitHub slug in ``pyproject.toml`` (``[tool.course]``),
so that a fork changes one line and runs ``make stamp``. The tests compare every
notebook against these functions.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIRS = ("lessons", "labs", "solutions")
BADGE_RE = re.compile(r"\[!\[Open In Colab\]\(https://colab\.research\.google\.com/assets/colab-badge\.svg\)\]\([^)]*\)")


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

SETUP_TEMPLATE = '''\
# Setup: the same cell in every notebook. On Colab it fetches the course code and installs
# only what Colab lacks; on your machine it finds the course folder so `import utils` works.
import pathlib, subprocess, sys
COURSE_REPO, COURSE_BRANCH = "{repo}", "{branch}"
if "google.colab" in sys.modules:
    COURSE_ROOT = pathlib.Path("/content/" + COURSE_REPO.split("/")[1])
    if not COURSE_ROOT.exists():
        subprocess.run(["git", "clone", "--quiet", "--depth", "1", "--branch", COURSE_BRANCH,
                        f"https://github.com/{{COURSE_REPO}}.git", str(COURSE_ROOT)], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-r",
                    str(COURSE_ROOT / "requirements" / "colab-extras.txt")], check=True)
else:
    COURSE_ROOT = next((p for p in [pathlib.Path.cwd(), *pathlib.Path.cwd().parents]
                        if (p / "utils" / "config.py").is_file()), None)
    if COURSE_ROOT is None:
        raise RuntimeError("Cannot find the course folder (the one with utils/). "
                           "Start Jupyter inside it, e.g. with `make lab`.")
sys.path.insert(0, str(COURSE_ROOT))
from utils import config
print(config.describe())'''


def setup_cell_source(repo: str | None = None, branch: str | None = None) -> str:
    settings = course_settings()
    return SETUP_TEMPLATE.format(repo=repo or settings["github_repo"], branch=branch or settings["branch"])
