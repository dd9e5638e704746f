"""The course data sets: where they come from, and loaders that return tidy DataFrames.

Three data sets are used in the notebooks (folder name: what it is -> loader):

* ``toxic_comments``: Jigsaw toxic comments, six labels -> :func:`load_toxic_comments`
* ``recipes``: 14,426 Allrecipes recipes (tastyR) -> :func:`load_recipes`, :func:`cookie_names`
* ``anki_fra_eng``: English-French sentence pairs (Tatoeba) -> :func:`load_fra_eng`

Where a loader finds its files, in this order:

1. **The local mirror**, if the environment variable ``COURSE_DATA_MIRROR`` names
   a folder laid out as ``<mirror>/<folder>/<file>``. The course's CI uses one.
2. **The download cache**, ``data/<folder>/<file>`` in the course folder (or
   ``$COURSE_DATA_DIR/<folder>/<file>``). A file you put there by hand is used.
3. **A download** into that cache with :func:`keras.utils.get_file`, trying each
   URL in turn. You see a progress bar; the next run reads the cached copy.

Every file is checked against its published hash when one is known, and every
table against its expected columns (and its row count, when that is known).
Problems raise one of two errors, each with a message that says what to do:

* :class:`DataUnavailableError`: no local copy, and every download failed
  (for example: no internet). The message lists the URLs tried and where to put
  the file by hand.
* :class:`DataFormatError`: a file is damaged or not what we expected (wrong
  hash, not a zip, truncated, empty, missing columns, bad labels, ...). The
  message names the file and the problem.

Each loader prints one line saying which copy it used and how many rows it read.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import re
import socket
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

import pandas as pd

from . import config

__all__ = [
    "COOKIE_WORDS",
    "DATASETS",
    "LABELS",
    "RECIPE_COLUMNS",
    "DataFile",
    "DataFormatError",
    "DataUnavailableError",
    "Dataset",
    "Origin",
    "cookie_names",
    "load_fra_eng",
    "load_recipes",
    "load_toxic_comments",
]


# --------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------


class DataUnavailableError(RuntimeError):
    """A data set has no local copy and could not be downloaded (e.g. no internet)."""


class DataFormatError(ValueError):
    """A data file is damaged or does not have the expected content."""


class _HashMismatch(DataFormatError):
    def __init__(self, path: Path, detail: str):
        super().__init__(f"{path} is not the expected file: {detail}.")
        self.detail = detail


# --------------------------------------------------------------------------------------
# The registry of data sets
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    """One URL a file can be downloaded from, with the file's hash there if known."""

    url: str
    sha256: str | None = None  #: checked by ``keras.utils.get_file`` and again by us
    sha1: str | None = None  #: checked by us (``get_file`` knows only sha256 and md5)

    @property
    def hashes(self) -> tuple[tuple[str, str], ...]:
        """The known hashes as ``(algorithm, hex digest)`` pairs."""
        pairs = (("sha256", self.sha256), ("sha1", self.sha1))
        return tuple((algorithm, digest) for algorithm, digest in pairs if digest)


@dataclass(frozen=True)
class DataFile:
    """One file of a data set, under the name it has in the mirror and in the cache."""

    name: str
    #: Where to download it, in order of preference. Empty: only the mirror has it.
    origins: tuple[Origin, ...] = ()
    #: The sha256 of the course mirror's copy, when the mirror's copy is not
    #: byte-identical to a download (a re-zip, or a file only the mirror has).
    mirror_sha256: str | None = None

    @property
    def known_hashes(self) -> tuple[tuple[str, str], ...]:
        """Every hash a good copy of this file may have, as ``(algorithm, hex)`` pairs."""
        mirror = (("sha256", self.mirror_sha256),) if self.mirror_sha256 else ()
        return mirror + tuple(pair for origin in self.origins for pair in origin.hashes)

    @property
    def every_copy_hashed(self) -> bool:
        """True unless some URL serves a version whose hash we do not know."""
        return all(origin.hashes for origin in self.origins)


@dataclass(frozen=True)
class Dataset:
    """A course data set: its folder name, licence, and files."""

    folder: str  #: the folder name in the mirror and in the cache
    title: str
    licence: str  #: licence and required attribution
    #: What a machine with internet downloads (the full data).
    download_files: tuple[DataFile, ...]
    #: Files only the course mirror has (a sample, or a compressed copy). They are
    #: used when the download files are not in the mirror.
    mirror_files: tuple[DataFile, ...] = ()


DATASETS: dict[str, Dataset] = {
    "toxic_comments": Dataset(
        folder="toxic_comments",
        title="Jigsaw toxic comments (Wikipedia talk-page comments, six toxicity labels)",
        licence=(
            "Jigsaw/Conversation AI, Toxic Comment Classification Challenge (2018). "
            "Labels: CC0 1.0. Comment text: Wikipedia talk pages, CC BY-SA 3.0 "
            "(attribute Wikipedia). Content warning: real, unfiltered offensive text."
        ),
        download_files=(
            DataFile(
                "wikipedia_toxicity_subtypes_v0.3.zip",
                origins=(
                    Origin(
                        "https://storage.googleapis.com/jigsaw-unintended-bias-in-"
                        "toxicity-classification/wikipedia_toxicity_subtypes_v0.3.zip",
                        sha256="a2badd5c6a247184b304cc72b978070678b229d3b4e7011cf434ba12c2c6fdb2",
                    ),
                ),
            ),
        ),
        mirror_files=(
            DataFile(
                "jigsaw_train_sample.csv.gz",
                mirror_sha256="e682719d36c07e59829c4cde702c55c33986f9bc87b5f9eb0a05d71008086730",
            ),
            DataFile(
                "jigsaw_val_sample.csv.gz",
                mirror_sha256="a38148ae201f7fcd537fa32b09081f7ce0cfae259178e82dfaf553fe0029a114",
            ),
        ),
    ),
    "recipes": Dataset(
        folder="recipes",
        title="Allrecipes recipes (tastyR, TidyTuesday 2025-09-16)",
        licence=(
            "CC0 1.0. tastyR by Brian Mubia (2025), the TidyTuesday data set of "
            "2025-09-16; recipes scraped from Allrecipes.com."
        ),
        download_files=(
            DataFile(
                "all_recipes.csv",
                origins=(
                    # A fixed commit of TidyTuesday, not the moving `main` branch. No sha256
                    # yet (none of our machines can download it): the file passes
                    # _check_unvouched_recipes instead.
                    Origin(
                        "https://raw.githubusercontent.com/rfordatascience/tidytuesday/"
                        "2c423bacc57e4632ff8550557e0bc823eefa31ab/data/2025/2025-09-16/all_recipes.csv"
                    ),
                ),
            ),
        ),
        mirror_files=(
            DataFile(
                "all_recipes.csv.gz",
                mirror_sha256="7868d928dd7935f15c2624763e7d1eccffc7000728c042b207fb85a7deab06dd",
            ),
        ),
    ),
    "anki_fra_eng": Dataset(
        folder="anki_fra_eng",
        title="English-French sentence pairs (Tatoeba, packaged by manythings.org/anki)",
        licence=(
            "CC BY 2.0 FR (Tatoeba Project). Attribution: www.manythings.org/anki and tatoeba.org"
        ),
        download_files=(
            DataFile(
                "fra-eng.zip",
                origins=(
                    # The d2l.ai copy of the 2019 release, pinned by sha1 in d2l's code.
                    Origin(
                        "http://d2l-data.s3-accelerate.amazonaws.com/fra-eng.zip",
                        sha1="94646ad1522d915e7b0f9296181140edcf86a4f5",
                    ),
                    # The current release: no fixed hash, and a 3rd (attribution) column.
                    Origin("http://www.manythings.org/anki/fra-eng.zip"),
                ),
                # The course mirror holds a re-zip of the 2019 release.
                mirror_sha256="161c93f18da3a7e6df611ed961426613260de8af06ccf8c79c977afe5135ac44",
            ),
        ),
    ),
}

#: Row counts that are known in advance, by file name (or by member name inside a
#: zip). A load that finds a different number stops with a DataFormatError.
EXPECTED_ROWS: dict[str, int] = {
    "jigsaw_train_sample.csv.gz": 1_000,
    "jigsaw_val_sample.csv.gz": 1_000,
    "wikidata_train.csv": 159_571,
    "all_recipes.csv": 14_426,
    "all_recipes.csv.gz": 14_426,
}

#: Sentence pairs in the course mirror's copy of fra-eng.zip (the 2019 release).
#: Downloaded copies are not count-checked: the d2l copy is pinned by its sha1,
#: and manythings.org publishes newer, longer releases.
FRA_ENG_MIRROR_PAIRS = 167_130

FULL_TOXIC_TRAIN_ROWS = EXPECTED_ROWS["wikidata_train.csv"]

#: What a real download looks like, for the files no known hash vouches for (the current
#: manythings.org release; the recipes until their sha256 is pinned). The course's real
#: copies pass every check; a cut, padded, duplicated or swapped file fails with a reason.
FRA_ENG_PAIRS_RANGE = (100_000, 1_000_000)  # the 2019 release has 167,130, later ones more
MAX_SENTENCE_CHARS = 1_000  # the longest real sentence has 349
MAX_REPEATED_PAIRS = 0.05  # share of (English, French) pairs seen before; the 2019 release: 0
MAX_RECIPE_TEXT_CHARS = 20_000  # the longest real cell (a list of ingredients) has 1,132
MAX_REPEATED_RECIPES = 0.001  # share of recipe URLs seen before; the real file: 0
MAX_STARS = 5  # avg_rating is a number of stars


_MIRROR = "the local mirror"
_CACHE = "the download cache"


# --------------------------------------------------------------------------------------
# Hashing
# --------------------------------------------------------------------------------------


def _hash_file(path: Path, algorithms: Iterable[str]) -> dict[str, str]:
    """Hex digests of a file for each algorithm (e.g. ``{"sha256": ...}``), in one read."""
    hashers = {algorithm: hashlib.new(algorithm) for algorithm in algorithms}
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            for hasher in hashers.values():
                hasher.update(block)
    return {algorithm: hasher.hexdigest() for algorithm, hasher in hashers.items()}


def _check_hash(path: Path, expected: tuple[tuple[str, str], ...], *, strict: bool) -> str | None:
    """Compare a file with the hashes a good copy may have.

    Returns the matching ``"algorithm:hex"``, or None when nothing is known or
    nothing matched and ``strict`` is False. With ``strict``, a mismatch raises a
    DataFormatError that shows the expected and the actual hashes.
    """
    if not expected:
        return None
    actual = _hash_file(path, {algorithm for algorithm, _ in expected})
    for algorithm, digest in expected:
        if actual[algorithm] == digest.lower():
            return f"{algorithm}:{digest.lower()}"
    if not strict:
        return None
    wanted = " or ".join(f"{algorithm} {digest}" for algorithm, digest in expected)
    found = ", ".join(f"{algorithm} {digest}" for algorithm, digest in sorted(actual.items()))
    raise _HashMismatch(path, f"hash mismatch (expected {wanted}; got {found})")


# --------------------------------------------------------------------------------------
# Finding or fetching the files of a data set
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _LocalCopy:
    """The files of a data set that a loader will read, and where they were found."""

    dataset: Dataset
    paths: dict[str, Path]  # file name -> path
    matched: dict[str, str | None]  # file name -> the known hash it matched, if any
    where: str  # _MIRROR or _CACHE
    full: bool  # True: the download files; False: the mirror-only files

    def hint(self) -> str:
        """What to do about a damaged file in this copy."""
        if self.where == _MIRROR:
            return (
                "This is the copy in COURSE_DATA_MIRROR: replace it with a good copy "
                "(see data/README.md), or unset COURSE_DATA_MIRROR to download the data."
            )
        return "Delete it and run again to download a fresh copy (see data/README.md)."


def _local_copy(dataset: Dataset) -> _LocalCopy | None:
    """The mirror's copy, else the cache's copy, of a data set; None if neither has one.

    In each place the download files are preferred over the mirror-only files. A
    copy must hold every file of its group; each file is checked against its hash.
    In the mirror a copy must match a known hash exactly; in the cache, only when
    every URL of the file has a known hash (manythings.org's fra-eng.zip has none).
    """
    mirror = config.mirror_dir()
    places = ([(mirror / dataset.folder, _MIRROR)] if mirror else []) + [
        (config.data_dir() / dataset.folder, _CACHE)
    ]
    for folder, where in places:
        for files, full in ((dataset.download_files, True), (dataset.mirror_files, False)):
            if not files or not all((folder / f.name).is_file() for f in files):
                continue
            copy = _LocalCopy(dataset, {f.name: folder / f.name for f in files}, {}, where, full)
            for f in files:
                strict = where == _MIRROR or f.every_copy_hashed
                try:
                    copy.matched[f.name] = _check_hash(
                        copy.paths[f.name], f.known_hashes, strict=strict
                    )
                except _HashMismatch as err:
                    raise DataFormatError(f"{err} {copy.hint()}") from None
            return copy
    return None


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _check_container(path: Path) -> None:
    """Cheap sanity check of a fresh download before it enters the cache."""
    if path.stat().st_size == 0:
        raise DataFormatError("the downloaded file is empty (0 bytes)")
    if path.name.endswith(".zip.part") and not zipfile.is_zipfile(path):
        raise DataFormatError("the downloaded file is not a zip file (an error page?)")
    if path.name.endswith(".gz.part"):
        with open(path, "rb") as fh:
            if fh.read(2) != b"\x1f\x8b":
                raise DataFormatError("the downloaded file is not a gzip file (an error page?)")


def _fetch(origin: Origin, target: Path) -> None:
    """Download ``origin`` to ``target`` with keras.utils.get_file, or raise.

    The download goes to ``<target>.part`` and is renamed to ``target`` only
    after its hash and container check pass, so an interrupted or bad download
    never sits in the cache under the real name.
    """
    from keras.utils import get_file

    part = got = target.with_name(target.name + ".part")
    _remove(part)
    previous_timeout = socket.getdefaulttimeout()
    socket.setdefaulttimeout(config.download_timeout())  # urlretrieve has no timeout argument
    try:
        try:
            got = Path(
                get_file(
                    fname=part.name,
                    origin=origin.url,
                    cache_dir=str(target.parent.parent),
                    cache_subdir=target.parent.name,
                    file_hash=origin.sha256,
                    hash_algorithm="sha256",
                    force_download=True,
                )
            )
        except Exception:
            # get_file deletes failed downloads but keeps a file whose hash is wrong:
            # report that mismatch with the actual hash (then the file is removed).
            if part.is_file() and origin.hashes:
                _check_hash(part, origin.hashes, strict=True)
            raise
        finally:
            socket.setdefaulttimeout(previous_timeout)
        _check_hash(got, origin.hashes, strict=True)
        _check_container(got)
        os.replace(got, target)
    finally:
        _remove(part)
        _remove(got)  # the same file, unless get_file chose another folder


def _why(err: BaseException) -> str:
    """A few words saying why one download failed."""
    import urllib.error

    for e in (err, err.__cause__, err.__context__):
        if isinstance(e, _HashMismatch):
            return f"the downloaded file failed its check: {e.detail}"
        if isinstance(e, DataFormatError):
            return str(e)
        if isinstance(e, urllib.error.HTTPError):
            return f"HTTP error {e.code} ({e.reason})"
        if isinstance(e, urllib.error.URLError):
            if not isinstance(e.reason, BaseException):
                return str(e.reason)
            e = e.reason
        if isinstance(e, TimeoutError):
            return f"no answer within {config.download_timeout():g} s (timed out)"
        if isinstance(e, socket.gaierror):
            return f"cannot look up the server's name, no internet? ({e.strerror})"
        if isinstance(e, OSError) and e.strerror:
            return e.strerror
    text = (str(err).strip() or type(err).__name__).splitlines()[0]
    return text if len(text) <= 300 else text[:297] + "..."


def _unavailable(dataset: Dataset, failures: list[str]) -> DataUnavailableError:
    """The error for a data set with no local copy: what failed, and what to do."""
    cache = config.data_dir() / dataset.folder
    mirror = config.mirror_dir()
    lines = [
        f"Could not get the {dataset.folder!r} data set ({dataset.title}).",
        "There is no local copy, and the download failed:"
        if failures
        else "There is no local copy.",
        *(f"  - {failure}" for failure in failures),
        "To use it without internet, do one of these:",
    ]
    for f in dataset.download_files:
        lines.append(f"  - put {f.name} at {cache / f.name}")
    if dataset.mirror_files:
        names = " and ".join(f.name for f in dataset.mirror_files)
        lines.append(f"  - or put {names} in {cache}")
    mirror_names = " or ".join(
        " + ".join(f"{dataset.folder}/{f.name}" for f in group)
        for group in (dataset.download_files, dataset.mirror_files)
        if group
    )
    if mirror is None:
        lines.append(
            f"  - or set COURSE_DATA_MIRROR to a folder that holds {mirror_names} "
            f"(the course mirror)."
        )
    else:
        lines.append(
            f"  - or add {mirror_names} to the mirror: COURSE_DATA_MIRROR is set to "
            f"{mirror}, which does not have them."
        )
    lines.append("data/README.md says where each file comes from.")
    return DataUnavailableError("\n".join(lines))


def _find_or_fetch(name: str) -> _LocalCopy:
    """The files of data set ``name``: from the mirror, else the cache, else downloaded."""
    dataset = DATASETS[name]
    found = _local_copy(dataset)
    if found is not None:
        return found

    folder = config.data_dir() / dataset.folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        writable = os.access(folder, os.W_OK)
    except OSError as err:
        raise _unavailable(dataset, [f"cannot create the cache folder {folder}: {err}"]) from err
    if not writable:
        raise _unavailable(
            dataset, [f"the cache folder {folder} is not writable (set COURSE_DATA_DIR)"]
        )

    # Keras is imported here, not at the top, because importing it takes seconds; and
    # outside the loop below, so that a broken install is not reported as a failed URL.
    import keras.utils  # noqa: F401

    for f in dataset.download_files:
        target = folder / f.name
        failures: list[str] = []
        last_error: BaseException | None = None
        for origin in f.origins:
            try:
                _fetch(origin, target)
                break
            except Exception as err:  # each URL's failure is reported
                failures.append(f"{origin.url}: {_why(err)}")
                last_error = err
        else:
            raise _unavailable(dataset, failures) from last_error

    found = _local_copy(dataset)
    assert found is not None and found.where == _CACHE and found.full
    return found


# --------------------------------------------------------------------------------------
# Reading files: one path for every format problem
# --------------------------------------------------------------------------------------


def _label(path: Path, member: str | None) -> str:
    return f"{path} (member {member})" if member else str(path)


def _explain(err: BaseException) -> str:
    """Say in plain words what a read error means."""
    if isinstance(err, gzip.BadGzipFile):
        return f"not a valid gzip file ({err})"
    if isinstance(err, EOFError):
        return "truncated: the compressed data ends early"
    if isinstance(err, zlib.error):
        return f"corrupt compressed data ({err})"
    if isinstance(err, zipfile.BadZipFile):
        return f"not a valid zip file, or a damaged one ({err})"
    if isinstance(err, UnicodeDecodeError):
        return f"not UTF-8 text (byte {err.start:,}: {err.reason})"
    if isinstance(err, pd.errors.EmptyDataError):
        return "empty: no header and no rows"
    if isinstance(err, pd.errors.ParserError):
        return f"not a well-formed CSV file ({str(err).strip()})"
    return f"{type(err).__name__}: {err}"


_READ_ERRORS = (
    EOFError,
    zlib.error,
    zipfile.BadZipFile,
    gzip.BadGzipFile,
    UnicodeDecodeError,
    pd.errors.EmptyDataError,
    pd.errors.ParserError,
)


@contextlib.contextmanager
def _reading(copy: _LocalCopy, file: str, member: str | None = None) -> Iterator[IO[bytes]]:
    """Open one file (or one member of a zip, found by its base name) as bytes.

    A read problem inside the ``with`` block (bad zip or gzip, truncated data,
    text that is not UTF-8, malformed CSV) becomes a DataFormatError that names
    the file, says what is wrong, and what to do.
    """
    path = copy.paths[file]
    if path.stat().st_size == 0:
        raise _fail(copy, file, None, "empty file (0 bytes).")
    try:
        with contextlib.ExitStack() as stack:
            if path.suffix == ".zip":
                archive = stack.enter_context(zipfile.ZipFile(path))
                fh = stack.enter_context(
                    archive.open(_zip_member(copy, file, archive, member or ""))
                )
            elif path.suffix == ".gz":
                fh = stack.enter_context(gzip.open(path, "rb"))
            else:
                fh = stack.enter_context(open(path, "rb"))
            yield fh
    except _READ_ERRORS as err:
        raise _fail(copy, file, member, f"{_explain(err)}.") from err


def _zip_member(
    copy: _LocalCopy, file: str, archive: zipfile.ZipFile, basename: str
) -> zipfile.ZipInfo:
    """The one member called ``basename``, in any sub-folder (macOS ``__MACOSX`` copies ignored)."""
    candidates = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and PurePosixPath(info.filename).name == basename
        and "__MACOSX" not in PurePosixPath(info.filename).parts
    ]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        found = ", ".join(info.filename for info in candidates)
        raise _fail(copy, file, None, f"several files named {basename!r} inside: {found}.")
    names = [info.filename for info in archive.infolist() if not info.is_dir()]
    shown = ", ".join(names[:12]) + (" ..." if len(names) > 12 else "")
    raise _fail(
        copy, file, None, f"no file named {basename!r} inside (it holds: {shown or 'nothing'})."
    )


def _fail(copy: _LocalCopy, file: str, member: str | None, problem: str) -> DataFormatError:
    """A DataFormatError naming the file (and zip member), the problem, and what to do."""
    return DataFormatError(f"{_label(copy.paths[file], member)}: {problem} {copy.hint()}")


def _read_csv(
    copy: _LocalCopy, file: str, columns: tuple[str, ...], member: str | None = None
) -> pd.DataFrame:
    """Read a CSV table with every cell as text; check its columns and its row count.

    Cells are kept as written (no ``NA`` guessing), so the loaders decide what
    counts as missing. Returns the requested ``columns`` in that order.
    """
    with _reading(copy, file, member) as fh:
        table = pd.read_csv(fh, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [column for column in columns if column not in table.columns]
    if missing:
        found = [str(c)[:40] for c in table.columns[:20]]
        raise _fail(copy, file, member, f"missing column(s) {missing}; found {found}.")
    if table.empty:
        raise _fail(copy, file, member, "a header but no rows.")
    expected = EXPECTED_ROWS.get(member or file)
    if expected is not None and len(table) != expected:
        raise _fail(copy, file, member, f"expected {expected:,} rows, found {len(table):,}.")
    return table.loc[:, list(columns)].reset_index(drop=True)


def _examples(table: pd.DataFrame, column: str, bad: pd.Series) -> str:
    rows = [int(i) + 1 for i in bad.to_numpy().nonzero()[0][:3]]
    values = [table[column].iloc[i - 1] for i in rows]
    return f"{int(bad.sum()):,} row(s), e.g. data rows {rows} hold {values!r}"


def _require_text(
    copy: _LocalCopy, file: str, member: str | None, table: pd.DataFrame, columns
) -> None:
    """Every cell of the text ``columns`` must be a non-empty string."""
    for column in columns:
        bad = table[column].isna() | (table[column] == "")
        if bad.any():
            raise _fail(
                copy,
                file,
                member,
                f"column {column!r} has missing text: {_examples(table, column, bad)}.",
            )


def _as_labels(
    copy: _LocalCopy, file: str, member: str | None, table: pd.DataFrame, columns
) -> None:
    """Turn 0/1 label columns (written ``0``/``1`` or ``0.0``/``1.0``) into int8, in place."""
    for column in columns:
        values = pd.to_numeric(table[column], errors="coerce")
        bad = ~values.isin([0, 1])
        if bad.any():
            raise _fail(
                copy,
                file,
                member,
                f"column {column!r} must hold 0/1 labels; {_examples(table, column, bad)}.",
            )
        table[column] = values.astype("int8")


_MISSING = ("", "NA", "NaN", "nan")


def _convert(copy: _LocalCopy, file: str, table: pd.DataFrame, column: str, parse, what: str, dtype: str) -> None:
    """Parse one column in place with ``parse``; empty or ``NA`` cells become missing values.

    Any other cell that ``parse`` cannot read raises a DataFormatError naming the column.
    """
    missing = table[column].isin(_MISSING)
    values = parse(table[column].mask(missing))
    bad = values.isna() & ~missing
    if bad.any():
        raise _fail(copy, file, None, f"column {column!r} must hold {what}; {_examples(table, column, bad)}.")
    table[column] = values.astype(dtype)


def _as_numbers(copy: _LocalCopy, file: str, table: pd.DataFrame, columns) -> None:
    """Turn numeric columns into float64 in place."""
    for column in columns:
        _convert(copy, file, table, column, lambda v: pd.to_numeric(v, errors="coerce"), "numbers", "float64")


def _as_dates(copy: _LocalCopy, file: str, table: pd.DataFrame, column: str) -> None:
    """Turn an ISO-date column into datetime64[ns] in place."""
    parse = lambda v: pd.to_datetime(v, errors="coerce", format="ISO8601")  # noqa: E731
    _convert(copy, file, table, column, parse, "ISO dates", "datetime64[ns]")


# --------------------------------------------------------------------------------------
# Toxic comments
# --------------------------------------------------------------------------------------

#: The six Jigsaw labels, in the order of the DataFrame columns.
LABELS = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")

_TOXIC_COLUMNS = ("id", "comment_text", *LABELS)


def _read_toxic(copy: _LocalCopy, file: str, member: str | None = None) -> pd.DataFrame:
    table = _read_csv(copy, file, _TOXIC_COLUMNS, member)
    _require_text(copy, file, member, table, ("id", "comment_text"))
    _as_labels(copy, file, member, table, LABELS)
    return table


def load_toxic_comments() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Jigsaw toxic comments, as ``(train, test)`` DataFrames.

    Content warning: real, unfiltered offensive text.

    Columns: ``id`` and ``comment_text`` (text), then the six :data:`LABELS` as
    int8 0/1 columns. A comment can have several labels, or none.

    * With the course mirror: a real 2,000-row sample (1,000 train + 1,000 test
      rows; the test rows are the sample's validation file).
      ``train.attrs["source"] == "mirror sample"``.
    * Otherwise: the full data, downloaded once (53 MB): 159,571 training rows
      and the labelled Kaggle test rows. ``attrs["source"] == "full download"``.

    Text columns have dtype ``object`` under pandas 2 and ``str`` under pandas 3;
    either way every cell is a Python ``str``.
    """
    copy = _find_or_fetch("toxic_comments")
    if copy.full:
        (archive,) = copy.paths
        train = _read_toxic(copy, archive, "wikidata_train.csv")
        test = _read_toxic(copy, archive, "wikidata_test.csv")
        source = "full download"
        line = (
            f"Toxic comments: full Jigsaw data ({len(train):,} train + {len(test):,} test rows) "
            f"from {copy.where}."
        )
    else:
        train = _read_toxic(copy, "jigsaw_train_sample.csv.gz")
        test = _read_toxic(copy, "jigsaw_val_sample.csv.gz")
        source = "mirror sample"
        line = (
            f"Toxic comments: real {len(train) + len(test):,}-row Jigsaw sample from {copy.where} "
            f"({len(train):,} train + {len(test):,} test rows). The full set "
            f"({FULL_TOXIC_TRAIN_ROWS:,} training rows) downloads when no mirror is set."
        )
    for table in (train, test):
        table.attrs["source"] = source
    print(line)
    return train, test


# --------------------------------------------------------------------------------------
# Recipes
# --------------------------------------------------------------------------------------

#: The 16 recipe columns, in order.
RECIPE_COLUMNS = (
    "name", "url", "author", "date_published", "ingredients",
    "calories", "fat", "carbs", "protein", "avg_rating", "total_ratings",
    "reviews", "prep_time", "cook_time", "total_time", "servings",
)  # fmt: skip
_RECIPE_NUMBERS = RECIPE_COLUMNS[5:]


def load_recipes() -> pd.DataFrame:
    """The 14,426 Allrecipes recipes of tastyR (TidyTuesday 2025-09-16), 16 columns.

    ``name``, ``url``, ``author`` and ``ingredients`` are text (``name`` is never
    missing; a missing ``url``, ``author`` or ``ingredients`` is NaN);
    ``date_published`` is datetime64; the other 11 columns are float64 (NaN
    where the site gives no value). Times are in minutes.
    """
    copy = _find_or_fetch("recipes")
    (file,) = copy.paths
    table = _read_csv(copy, file, RECIPE_COLUMNS)
    _require_text(copy, file, None, table, ("name",))
    for column in ("url", "author", "ingredients"):
        table[column] = table[column].mask(table[column].isin(_MISSING))
    _as_numbers(copy, file, table, _RECIPE_NUMBERS)
    _as_dates(copy, file, table, "date_published")
    if copy.matched[file] is None:
        _check_unvouched_recipes(copy, file, table)
    print(
        f"Recipes: {len(table):,} Allrecipes recipes (tastyR, TidyTuesday 2025-09-16) "
        f"from {copy.where}."
    )
    return table


def _check_unvouched_recipes(copy: _LocalCopy, file: str, table: pd.DataFrame) -> None:
    """Refuse a recipes table that no real download would give (see MAX_RECIPE_TEXT_CHARS)."""

    def refuse(problem: str) -> DataFormatError:
        return _fail(copy, file, None, problem)

    content = copy.paths[file].read_bytes()  # the raw bytes: pandas versions differ in what they do with NUL
    if not content.endswith(b"\n"):
        raise refuse("its last line is cut off (no line break at the end): the download stopped early.")
    if b"\x00" in content:
        line = content.count(b"\n", 0, content.index(b"\x00")) + 1
        raise refuse(f"line {line:,} holds a NUL byte: the file is damaged.")
    for column in ("name", "url", "author", "ingredients"):
        bad = table[column].fillna("").str.len() > MAX_RECIPE_TEXT_CHARS
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0]) + 1
            raise refuse(
                f"column {column!r} of data row {row:,} holds more than {MAX_RECIPE_TEXT_CHARS:,} "
                "characters: the file is damaged."
            )
    repeated = table["url"].dropna().duplicated().mean()
    if repeated > MAX_REPEATED_RECIPES:
        raise refuse(
            f"{repeated:.1%} of the recipes repeat an earlier recipe's url; a real file repeats "
            f"at most {MAX_REPEATED_RECIPES:.1%}."
        )
    numbers = table.loc[:, list(_RECIPE_NUMBERS)]
    bad = (numbers < 0) | numbers.isin([float("inf"), float("-inf")])
    bad["avg_rating"] |= numbers["avg_rating"] > MAX_STARS
    if bad.any().any():
        column = bad.columns[bad.any().to_numpy()][0]
        row = int(bad[column].to_numpy().nonzero()[0][0])
        rule = f"from 0 to {MAX_STARS} stars" if column == "avg_rating" else "a finite number, 0 or more"
        raise refuse(f"column {column!r} of data row {row + 1:,} holds {numbers[column].iloc[row]:g}; it must be {rule}.")


#: Words that make a recipe title a cookie name (see :func:`cookie_names`).
COOKIE_WORDS = (
    "cookie", "snickerdoodle", "biscotti", "shortbread", "macaroon", "macaron",
    "gingersnap", "ginger snap", "thumbprint", "rugelach", "pizzelle", "amaretti",
    "alfajor", "hamantaschen", "lebkuchen", "mandelbrot", "polvoron", "russian tea cake",
)  # fmt: skip


def _cookie_pattern(words) -> re.Pattern[str]:
    if isinstance(words, str | bytes) or not isinstance(words, Iterable):
        raise ValueError(
            f"words must be a list or tuple of strings, e.g. ('cookie', 'biscotti'); got {words!r}."
        )
    words = list(words)
    if not words:
        raise ValueError("words is empty: give at least one word, e.g. ('cookie',).")
    bad = [w for w in words if not isinstance(w, str) or not w.strip()]
    if bad:
        raise ValueError(f"words must be non-empty strings; these are not: {bad!r}.")
    alternatives = (r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")(?:s|es)?\b", re.IGNORECASE)


def cookie_names(recipes: pd.DataFrame | None = None, words=COOKIE_WORDS) -> list[str]:
    """The recipe titles that name a cookie, stripped, without duplicates, sorted.

    The rule: a title is a cookie name if it contains one of ``words`` as a whole
    word, ignoring case, optionally followed by a plural ``s`` or ``es``. So
    "cookie" matches "Fortune Cookies", "macaron" matches "French Macarons" but
    not "Macaroni", "alfajor" matches "Alfajores". A title only has to mention a
    word, so a few non-cookies slip in ("Cookie Butter Fudge", "Gingersnap Pumpkin
    Pie"). Titles keep their original case and punctuation (``®``, ``ä``, ``’``).

    On the course's recipes, the default :data:`COOKIE_WORDS` find 666 names, and
    ``words=("cookie",)`` alone finds 494.

    ``recipes`` defaults to :func:`load_recipes`. Sorting is Python's default
    string order (upper case before lower case).
    """
    pattern = _cookie_pattern(words)
    if recipes is None:
        recipes = load_recipes()
    if not isinstance(recipes, pd.DataFrame) or "name" not in recipes.columns:
        raise ValueError(
            "recipes must be a DataFrame with a 'name' column, like load_recipes() returns."
        )
    names = {str(name).strip() for name in recipes["name"].dropna()}
    return sorted(name for name in names if name and pattern.search(name))


# --------------------------------------------------------------------------------------
# English-French sentence pairs
# --------------------------------------------------------------------------------------


def load_fra_eng() -> pd.DataFrame:
    """English-French sentence pairs (Tatoeba), columns ``english`` and ``french`` (text).

    The file ``fra.txt`` in ``fra-eng.zip`` has one pair per line: English, a tab,
    French, and in newer releases a tab and an attribution, which is dropped. The
    course mirror's copy has 167,130 pairs, shortest first ("Go." / "Va !").
    Sentences contain quotes, so lines are split on tabs only (no CSV quoting).
    French text contains U+202F (narrow no-break space) before ``!`` and ``?``.
    """
    copy = _find_or_fetch("anki_fra_eng")
    (file,) = copy.paths
    member = "fra.txt"
    with _reading(copy, file, member) as fh:
        text = fh.read().decode("utf-8-sig")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line
    if not lines:
        raise _fail(copy, file, member, "empty: no sentence pairs.")
    english, french = [], []
    for number, line in enumerate(lines, start=1):
        fields = line.removesuffix("\r").split("\t")
        if not 2 <= len(fields) <= 3:
            raise _fail(
                copy, file, member,
                f"line {number:,} has {len(fields)} tab-separated column(s), expected 2 "
                f"(English, French) or 3 (plus attribution): {line[:80]!r}.",
            )  # fmt: skip
        if not fields[0].strip() or not fields[1].strip():
            raise _fail(
                copy, file, member, f"line {number:,} has an empty sentence: {line[:80]!r}."
            )
        english.append(fields[0])
        french.append(fields[1])
    is_mirror_copy = copy.matched[file] == f"sha256:{copy.dataset.download_files[0].mirror_sha256}"
    if is_mirror_copy and len(english) != FRA_ENG_MIRROR_PAIRS:
        problem = f"expected {FRA_ENG_MIRROR_PAIRS:,} lines, found {len(english):,}."
        raise _fail(copy, file, member, problem)
    if copy.matched[file] is None:
        _check_unvouched_pairs(copy, file, member, english, french)
    pairs = pd.DataFrame({"english": english, "french": french})
    print(
        f"English-French pairs: {len(pairs):,} Tatoeba sentence pairs (manythings.org/anki) "
        f"from {copy.where}."
    )
    return pairs


_ENGLISH_WORDS = re.compile(r"\b(?:the|you|is|it|to|i)\b", re.IGNORECASE)
_FRENCH_WORDS = re.compile(r"\b(?:je|le|la|les|de|est|vous|tu|pas|il)\b", re.IGNORECASE)


def _share_with(pattern: re.Pattern[str], sentences: list[str]) -> float:
    """The share of (up to about 5,000 evenly spread) ``sentences`` that ``pattern`` finds a word in."""
    sample = sentences[:: max(1, len(sentences) // 5_000)]
    return sum(bool(pattern.search(s)) for s in sample) / len(sample)


def _check_unvouched_pairs(
    copy: _LocalCopy, file: str, member: str, english: list[str], french: list[str]
) -> None:
    """Refuse sentence pairs that no real release would give (see FRA_ENG_PAIRS_RANGE)."""
    low, high = FRA_ENG_PAIRS_RANGE
    if not low <= len(english) <= high:
        raise _fail(
            copy, file, member,
            f"{len(english):,} sentence pairs; a real release has between {low:,} and {high:,} "
            "(a download cut short, or the wrong file).",
        )  # fmt: skip
    for number, (en, fr) in enumerate(zip(english, french), start=1):
        if "\x00" in en or "\x00" in fr:
            raise _fail(copy, file, member, f"line {number:,} holds a NUL byte: the file is damaged.")
        if max(len(en), len(fr)) > MAX_SENTENCE_CHARS:
            raise _fail(
                copy, file, member,
                f"line {number:,} holds a sentence of {max(len(en), len(fr)):,} characters; real ones "
                f"have at most a few hundred (limit {MAX_SENTENCE_CHARS:,}): the file is damaged.",
            )  # fmt: skip
    repeated = 1 - len(set(zip(english, french))) / len(english)
    if repeated > MAX_REPEATED_PAIRS:
        raise _fail(
            copy, file, member,
            f"{repeated:.0%} of the pairs repeat an earlier pair; a real release repeats at most "
            f"{MAX_REPEATED_PAIRS:.0%} (a file appended to itself?).",
        )  # fmt: skip
    if _share_with(_FRENCH_WORDS, english) > _share_with(_FRENCH_WORDS, french) or _share_with(
        _ENGLISH_WORDS, french
    ) > _share_with(_ENGLISH_WORDS, english):
        raise _fail(
            copy, file, member,
            "the columns look swapped: the first column reads as French and the second as "
            "English. Each line must be English, a tab, then French.",
        )  # fmt: skip
