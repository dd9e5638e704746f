"""Rewrite every Colab badge and setup cell from ``pyproject.toml``.

The GitHub slug and the pinned course ref live in one place, ``[tool.course]`` in
``pyproject.toml``. ``make stamp`` first sets ``ref`` to the newest commit that changed
the course code the setup cell fetches on Colab (``utils/``, ``requirements/``,
``labs/tests/``, ``data/``; commit those changes first), then rewrites each notebook's
badge and setup cell and the Colab links of the README's course map. ``--ref`` pins a
release tag instead. ``--check`` changes nothing: it reports what is out of date,
including a pinned ref whose course code differs from this commit's, and exits 1 if
anything is.

    python -m tools.stamp_notebooks [--check] [--repo OWNER/NAME] [--branch B] [--ref REF] [paths...]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import nbformat

from tools.anatomy import (
    BADGE_RE,
    SETUP_MARKER,
    badge,
    course_code_changes,
    course_code_commit,
    course_settings,
    notebook_paths,
    setup_cell_source,
    uncommitted_course_code,
)
from tools.errors import ToolError, exits_on_tool_error
from utils.config import REPO_ROOT

REF_LINE = re.compile(r'^ref = "[^"]*"$', re.MULTILINE)

COLAB_LINK_RE = re.compile(r"https://colab\.research\.google\.com/github/[^/\s)]+/[^/\s)]+/blob/[^/\s)]+/")


class AnatomyError(ToolError, ValueError):
    """A notebook lacks the title or setup cell that stamping rewrites (main prints it instead of a traceback)."""


def stamp(nb, rel_path: str, repo: str | None = None, branch: str | None = None, ref: str | None = None) -> bool:
    """Update the badge and setup cell of ``nb`` in place; return True if anything changed."""
    title, setup = nb.cells[0], nb.cells[1] if len(nb.cells) > 1 else None
    if title.cell_type != "markdown" or not BADGE_RE.search(title.source):
        raise AnatomyError(f"{rel_path}: the first cell must be the markdown title with the Colab badge.")
    if setup is None or setup.cell_type != "code" or not setup.source.startswith(SETUP_MARKER):
        raise AnatomyError(f"{rel_path}: the second cell must be the setup cell (starting '{SETUP_MARKER}').")
    new_title = BADGE_RE.sub(lambda _: badge(rel_path, repo, branch), title.source, count=1)
    new_setup = setup_cell_source(repo, ref)
    changed = (new_title, new_setup) != (title.source, setup.source)
    title.source, setup.source = new_title, new_setup
    return changed


def stamp_readme(text: str, repo: str | None = None, branch: str | None = None) -> str:
    """``text`` with every Colab link pointing at ``repo``/``branch``."""
    settings = course_settings()
    prefix = (
        f"https://colab.research.google.com/github/{repo or settings['github_repo']}"
        f"/blob/{branch or settings['branch']}/"
    )
    return COLAB_LINK_RE.sub(prefix, text)


@exits_on_tool_error
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, help="default: every course notebook")
    parser.add_argument("--check", action="store_true", help="report out-of-date notebooks, change nothing")
    parser.add_argument("--repo", help="override [tool.course] github_repo (OWNER/NAME)")
    parser.add_argument("--branch", help="override [tool.course] branch (the badges' links)")
    parser.add_argument("--ref", help="pin this release tag or commit instead of the newest course-code commit")
    args = parser.parse_args(argv)
    stale = []
    pinned = course_settings()["ref"]
    if args.check:
        problem = ref_problem(pinned)
        if problem:
            stale.append(f"pyproject.toml ([tool.course] ref): {problem}")
    else:
        dirty = uncommitted_course_code()
        if dirty and not args.ref:
            raise ToolError(f"Commit the course code first: the pinned ref must carry it ({', '.join(dirty[:5])}).")
        ref = args.ref or course_code_commit()
        if ref != pinned:
            pyproject = REPO_ROOT / "pyproject.toml"
            pyproject.write_text(REF_LINE.sub(f'ref = "{ref}"', pyproject.read_text(), count=1))
            stale.append("pyproject.toml")
    for path in [p.resolve() for p in args.paths] or notebook_paths():
        rel = path.relative_to(REPO_ROOT).as_posix()
        nb = nbformat.read(path, as_version=4)
        if stamp(nb, rel, args.repo, args.branch):
            stale.append(rel)
            if not args.check:
                nbformat.write(nb, path)
    readme = REPO_ROOT / "README.md"
    if not args.paths:
        text = readme.read_text()
        new_text = stamp_readme(text, args.repo, args.branch)
        if new_text != text:
            stale.append("README.md")
            if not args.check:
                readme.write_text(new_text)
    verb = "out of date" if args.check else "stamped"
    for rel in stale:
        print(f"{verb}: {rel}")
    print(f"{len(stale)} file(s) {verb}.")
    return 1 if (args.check and stale) else 0


def ref_problem(ref: str) -> str | None:
    """Why ``ref`` cannot be the notebooks' pinned course ref, or None if it can."""
    try:
        changed = course_code_changes(ref)
    except RuntimeError:
        return f"{ref!r} is not a commit or tag of this repository (run `make stamp`)"
    if changed:
        return (
            f"{ref[:12]} carries an older course code than this commit ({', '.join(changed[:5])}): "
            "commit, then run `make stamp`"
        )
    return None


if __name__ == "__main__":
    raise SystemExit(main())
