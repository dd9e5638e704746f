"""Finding or fetching the files of a data set: the plumbing behind the loaders of :mod:`utils.data`.

Notebooks do not import this module: :mod:`utils.data` re-exports what they use. It holds

* the two errors a loader raises (:class:`DataUnavailableError`, :class:`DataFormatError`);
* what a data set is made of (:class:`Dataset`, :class:`DataFile`, :class:`Origin`). They live
  here, not next to the registry in ``utils/data.py``, because finding a file needs them and
  this module must not import ``utils.data`` (which imports it);
* :func:`find_or_fetch`: the mirror's copy, else the cache's, else a download into the cache,
  each file checked against its known hashes; it returns a :class:`LocalCopy`.

Reading the files is :mod:`utils.tables`' job.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import config

__all__ = [
    "DataFile",
    "DataFormatError",
    "DataUnavailableError",
    "Dataset",
    "LocalCopy",
    "Origin",
    "find_or_fetch",
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
# What a data set is made of
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
    #: The rows of the table read from it (of a zip of several tables: the one its loader
    #: counts), when every good copy has the same number. A load that finds another stops.
    rows: int | None = None
    #: The rows of the course mirror's copy (the one with ``mirror_sha256``), when only that
    #: copy's count is fixed (newer releases are longer). Its loader checks it.
    mirror_rows: int | None = None

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


def _compare_hashes(path: Path, expected: tuple[tuple[str, str], ...]) -> tuple[str | None, dict[str, str]]:
    """The known hash the file matches (``"algorithm:hex"``, or None), and the file's actual hashes."""
    actual = _hash_file(path, {algorithm for algorithm, _ in expected})
    for algorithm, digest in expected:
        if actual[algorithm] == digest.lower():
            return f"{algorithm}:{digest.lower()}", actual
    return None, actual


def _hash_match(path: Path, expected: tuple[tuple[str, str], ...]) -> str | None:
    """The known hash the file matches, as ``"algorithm:hex"``; None if none is known or none matched."""
    return _compare_hashes(path, expected)[0] if expected else None


def _require_hash_match(path: Path, expected: tuple[tuple[str, str], ...]) -> str | None:
    """Like :func:`_hash_match`, but a file that matches none of the known hashes raises.

    The _HashMismatch (a DataFormatError) shows the expected and the actual hashes.
    None means that no hash is known.
    """
    if not expected:
        return None
    matched, actual = _compare_hashes(path, expected)
    if matched is not None:
        return matched
    wanted = " or ".join(f"{algorithm} {digest}" for algorithm, digest in expected)
    found = ", ".join(f"{algorithm} {digest}" for algorithm, digest in sorted(actual.items()))
    raise _HashMismatch(path, f"hash mismatch (expected {wanted}; got {found})")


# --------------------------------------------------------------------------------------
# The local copy: in the mirror or in the cache
# --------------------------------------------------------------------------------------


def _hint(where: str) -> str:
    """What to do about a damaged file in ``where`` (_MIRROR or _CACHE)."""
    if where == _MIRROR:
        return (
            "This is the copy in COURSE_DATA_MIRROR: replace it with a good copy "
            "(see data/README.md), or unset COURSE_DATA_MIRROR to download the data."
        )
    return "Delete it and run again to download a fresh copy (see data/README.md)."


@dataclass(frozen=True)
class LocalCopy:
    """The files of a data set that a loader will read, and where they were found."""

    dataset: Dataset
    paths: dict[str, Path]  # file name -> path
    matched: dict[str, str | None]  # file name -> the known hash it matched, if any
    where: str  # _MIRROR or _CACHE
    full: bool  # True: the download files; False: the mirror-only files

    @property
    def files(self) -> tuple[DataFile, ...]:
        """The registry entries of the files in this copy, in the registry's order."""
        return self.dataset.download_files if self.full else self.dataset.mirror_files

    def hint(self) -> str:
        """What to do about a damaged file in this copy."""
        return _hint(self.where)


def _local_copy(dataset: Dataset) -> LocalCopy | None:
    """The mirror's copy, else the cache's copy, of a data set; None if neither has one.

    In each place the download files are preferred over the mirror-only files. A
    copy must hold every file of its group; each file is checked against its hash.
    In the mirror a copy must match a known hash exactly; in the cache, only when
    every URL of the file has a known hash (manythings.org's fra-eng.zip has none).
    """
    mirror = config.mirror_dir()
    places = ([(mirror / dataset.folder, _MIRROR)] if mirror else []) + [(config.data_dir() / dataset.folder, _CACHE)]
    for folder, where in places:
        for files, full in ((dataset.download_files, True), (dataset.mirror_files, False)):
            if not files or not all((folder / f.name).is_file() for f in files):
                continue
            matched: dict[str, str | None] = {}
            for f in files:
                check = _require_hash_match if where == _MIRROR or f.every_copy_hashed else _hash_match
                try:
                    matched[f.name] = check(folder / f.name, f.known_hashes)
                except _HashMismatch as err:
                    raise DataFormatError(f"{err} {_hint(where)}") from None
            return LocalCopy(dataset, {f.name: folder / f.name for f in files}, matched, where, full)
    return None


# --------------------------------------------------------------------------------------
# Downloads
# --------------------------------------------------------------------------------------


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
                _require_hash_match(part, origin.hashes)
            raise
        finally:
            socket.setdefaulttimeout(previous_timeout)
        _require_hash_match(got, origin.hashes)
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
        "There is no local copy, and the download failed:" if failures else "There is no local copy.",
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
        lines.append(f"  - or set COURSE_DATA_MIRROR to a folder that holds {mirror_names} (the course mirror).")
    else:
        lines.append(
            f"  - or add {mirror_names} to the mirror: COURSE_DATA_MIRROR is set to {mirror}, which does not have them."
        )
    lines.append("data/README.md says where each file comes from.")
    return DataUnavailableError("\n".join(lines))


def find_or_fetch(dataset: Dataset) -> LocalCopy:
    """The files of ``dataset``: from the mirror, else the cache, else downloaded into the cache."""
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
        raise _unavailable(dataset, [f"the cache folder {folder} is not writable (set COURSE_DATA_DIR)"])

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
