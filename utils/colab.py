"""What the notebooks' setup cell does on Google Colab once the course code is there.

The setup cell (``tools/anatomy.py``) fetches the course code itself, because ``utils`` is not
on the runtime before that; then it calls :func:`install_extras`, which installs the packages
that Colab does not ship (``requirements/colab-extras.txt``) and nothing else:

- with ``--no-deps``, so pip never replaces a package Colab preinstalls (a full otter-grader
  install swaps Colab's ipywidgets 7 for 8 and downloads 53 MB of playwright);
- only the pins that are not already installed, so a re-run of the cell installs nothing.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from utils.config import REPO_ROOT

EXTRAS = REPO_ROOT / "requirements" / "colab-extras.txt"
_PIN = re.compile(r"^\s*([A-Za-z0-9_.\-]+)==([^\s;#]+)", re.MULTILINE)


def pinned_extras(path: Path = EXTRAS) -> dict[str, str]:
    """``{package: version}`` for every pin in ``colab-extras.txt``."""
    return dict(_PIN.findall(path.read_text()))


def _installed(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def missing_extras(pins: dict[str, str] | None = None) -> list[str]:
    """The ``name==version`` pins whose exact version is not installed."""
    pins = pinned_extras() if pins is None else pins
    return [f"{name}=={wanted}" for name, wanted in pins.items() if _installed(name) != wanted]


def install_extras() -> str:
    """Install the missing extras without dependencies; return what was done, in a few words."""
    missing = missing_extras()
    if not missing:
        return "the extra packages were already installed"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", *missing],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"Installing the course's extra packages failed ({', '.join(missing)}):\n{done.stderr.strip()}\n"
            "Check that the runtime is connected to the internet, then run the setup cell again."
        )
    return f"installed {len(missing)} packages in {time.monotonic() - started:.0f} s"
