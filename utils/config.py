"""Course configuration: the fast/full switch, seeding, and paths.

The **full configuration** is the default: it is what students run and what the
stored notebook outputs show. Setting the environment variable ``COURSE_FAST=1``
selects the **fast configuration**, which shrinks data and epochs so that the
test suite can execute every notebook in CI. Notebooks choose sizes with
:func:`pick`, for example ``epochs = config.pick(full=10, fast=1)``.

Cells whose outputs are checked by the tests (``# NBVAL_CHECK_OUTPUT``) must
print the same thing in both configurations.
"""

from __future__ import annotations

import os
from pathlib import Path

FAST_ENV = "COURSE_FAST"
DATA_DIR_ENV = "COURSE_DATA_DIR"
MIRROR_ENV = "COURSE_DATA_MIRROR"
SEED_ENV = "COURSE_SEED"
STACK_ENV = "COURSE_STACK"  # set by `make test`: "course" or "colab" (which pinned stack runs the tests)
TIMEOUT_ENV = "COURSE_DOWNLOAD_TIMEOUT"
DEFAULT_SEED = 42
DEFAULT_TIMEOUT_SECONDS = 20.0

REPO_ROOT = Path(__file__).resolve().parent.parent
# Where tests, CI and the benchmark find the data mirror: ``shared/data`` beside the checkout.
SHARED_MIRROR = REPO_ROOT.parent / "shared" / "data"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def is_fast() -> bool:
    """True when the fast configuration is selected (``COURSE_FAST=1``)."""
    raw = os.environ.get(FAST_ENV, "")
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(
        f"{FAST_ENV}={raw!r} is not understood. Use {FAST_ENV}=1 for the fast "
        f"configuration (CI), or unset it (or {FAST_ENV}=0) for the full one."
    )


def pick(full, fast):
    """Return ``full`` in the full configuration and ``fast`` in the fast one."""
    return fast if is_fast() else full


def current() -> str:
    """The configuration in use, as a word: ``"fast"`` or ``"full"``."""
    return "fast" if is_fast() else "full"


def default_seed() -> int:
    """The course's seed: 42, or the value of ``COURSE_SEED`` (to measure run-to-run spread)."""
    raw = os.environ.get(SEED_ENV, "").strip()
    if not raw:
        return DEFAULT_SEED
    if not raw.isdigit():
        raise ValueError(
            f"{SEED_ENV}={raw!r} is not a non-negative integer. Set e.g. {SEED_ENV}=43, "
            f"or unset it for the default seed {DEFAULT_SEED}."
        )
    return int(raw)


def seed_everything(seed: int | None = None) -> int:
    """Seed Python, NumPy and the Keras/TensorFlow backend in one call (default: :func:`default_seed`).

    Run it at the top of a notebook and again right before building a model
    whose initial weights should not depend on the cells run before.
    """
    import keras

    seed = default_seed() if seed is None else seed
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}.")
    keras.utils.set_random_seed(seed)
    return seed


def data_dir() -> Path:
    """Where downloads are cached: ``data/`` in the course folder (git-ignored).

    Set ``COURSE_DATA_DIR`` to use another folder (a shared cache, for example).
    """
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override).expanduser().resolve() if override else REPO_ROOT / "data"


def mirror_dir() -> Path | None:
    """A local mirror consulted before any download (``COURSE_DATA_MIRROR``), or None.

    Its layout is ``<mirror>/<data set>/<file>``, e.g.
    ``<mirror>/recipes/all_recipes.csv.gz``. Tests and CI point it at
    :data:`SHARED_MIRROR`.
    """
    raw = os.environ.get(MIRROR_ENV, "").strip()
    if not raw:
        return None
    path = Path(raw).expanduser().resolve()
    if not path.is_dir():
        raise FileNotFoundError(
            f"{MIRROR_ENV} points at {raw!r}, which is not a folder. Point it at the "
            f"folder that holds the data set folders (toxic_comments/, recipes/, ...), "
            f"or unset it to download the data instead."
        )
    return path


def download_timeout() -> float:
    """Seconds a download may wait for the server (``COURSE_DOWNLOAD_TIMEOUT``, default 20)."""
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_TIMEOUT_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = float("nan")
    if not 0 < seconds < float("inf"):
        raise ValueError(
            f"{TIMEOUT_ENV}={raw!r} is not a positive number of seconds. "
            f"Unset it to use the default ({DEFAULT_TIMEOUT_SECONDS:g} s)."
        )
    return seconds


def describe() -> str:
    """One line saying which configuration is active, for the top of a notebook."""
    if is_fast():
        return "Configuration: fast (COURSE_FAST=1): small data and few epochs, for tests."
    return "Configuration: full (the default): the real data sizes and training runs."
