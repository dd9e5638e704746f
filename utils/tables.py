"""Reading and checking the tables of a data set: the plumbing behind the loaders of :mod:`utils.data`.

Notebooks do not import this module. It holds

* :class:`TableFile`: the one file (or zip member) being read, which builds the
  DataFormatError for any problem found in it (:meth:`TableFile.error`);
* :func:`reading`: opens a plain, gzip or zip file as bytes and turns every read problem
  (bad zip or gzip, truncated data, text that is not UTF-8, malformed CSV) into that error;
* :func:`read_csv` and the column checks and conversions the loaders share
  (:func:`require_text`, :func:`as_labels`, :func:`as_numbers`, :func:`as_dates`).

What a table must hold is the caller's to say (its columns, its row count), so this module
needs :mod:`utils.sources` (for the local copy and the error) and never :mod:`utils.data`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

import pandas as pd

from .sources import DataFormatError, LocalCopy

__all__ = ["MISSING", "TableFile", "as_dates", "as_labels", "as_numbers", "read_csv", "reading", "require_text"]

#: Cells that count as missing values in a column of numbers or dates (and in optional text).
MISSING = ("", "NA", "NaN", "nan")

#: The errors a damaged file causes while it is read, each with what it means in plain words
#: (filled in with ``err``, the error, and ``text``, its message without surrounding white space).
_READ_ERRORS: dict[type[Exception], str] = {
    gzip.BadGzipFile: "not a valid gzip file ({err})",
    EOFError: "truncated: the compressed data ends early",
    zlib.error: "corrupt compressed data ({err})",
    zipfile.BadZipFile: "not a valid zip file, or a damaged one ({err})",
    UnicodeDecodeError: "not UTF-8 text (byte {err.start:,}: {err.reason})",
    pd.errors.EmptyDataError: "empty: no header and no rows",
    pd.errors.ParserError: "not a well-formed CSV file ({text})",
}


@dataclass(frozen=True)
class TableFile:
    """One file of a local copy being read, or one member (found by its base name) of a zip file."""

    copy: LocalCopy
    file: str  #: the file's name in the registry
    member: str | None = None

    @property
    def path(self) -> Path:
        return self.copy.paths[self.file]

    @property
    def whole_file(self) -> TableFile:
        """The file itself, for a problem with the file rather than with the member read from it."""
        return dataclasses.replace(self, member=None)

    def error(self, problem: str) -> DataFormatError:
        """The DataFormatError (to raise) naming the file (and member), the problem, and what to do."""
        label = f"{self.path} (member {self.member})" if self.member else str(self.path)
        return DataFormatError(f"{label}: {problem} {self.copy.hint()}")


@contextlib.contextmanager
def reading(source: TableFile) -> Iterator[IO[bytes]]:
    """Open the source as bytes: a plain file, a gzip file, or a member of a zip file.

    A read problem inside the ``with`` block (bad zip or gzip, truncated data,
    text that is not UTF-8, malformed CSV) becomes a DataFormatError that names
    the file, says what is wrong, and what to do.
    """
    path = source.path
    if path.stat().st_size == 0:
        raise source.whole_file.error("empty file (0 bytes).")
    try:
        with contextlib.ExitStack() as stack:
            if path.suffix == ".zip":
                archive = stack.enter_context(zipfile.ZipFile(path))
                fh = stack.enter_context(archive.open(_zip_member(source, archive)))
            elif path.suffix == ".gz":
                fh = stack.enter_context(gzip.open(path, "rb"))
            else:
                fh = stack.enter_context(open(path, "rb"))
            yield fh
    except tuple(_READ_ERRORS) as err:
        meaning = next(text for kind, text in _READ_ERRORS.items() if isinstance(err, kind))
        raise source.error(meaning.format(err=err, text=str(err).strip()) + ".") from err


def _zip_member(source: TableFile, archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    """The one member called ``source.member``, in any sub-folder (macOS ``__MACOSX`` copies ignored)."""
    basename = source.member or ""
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
        raise source.whole_file.error(f"several files named {basename!r} inside: {found}.")
    names = [info.filename for info in archive.infolist() if not info.is_dir()]
    shown = ", ".join(names[:12]) + (" ..." if len(names) > 12 else "")
    raise source.whole_file.error(f"no file named {basename!r} inside (it holds: {shown or 'nothing'}).")


def read_csv(source: TableFile, columns: tuple[str, ...], rows: int | None) -> pd.DataFrame:
    """Read a CSV table with every cell as text; check its columns and (unless ``rows`` is None) its row count.

    Cells are kept as written (no ``NA`` guessing), so the loaders decide what
    counts as missing. Returns the requested ``columns`` in that order.
    """
    with reading(source) as fh:
        table = pd.read_csv(fh, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [column for column in columns if column not in table.columns]
    if missing:
        found = [str(c)[:40] for c in table.columns[:20]]
        raise source.error(f"missing column(s) {missing}; found {found}.")
    if table.empty:
        raise source.error("a header but no rows.")
    if rows is not None and len(table) != rows:
        raise source.error(f"expected {rows:,} rows, found {len(table):,}.")
    return table.loc[:, list(columns)].reset_index(drop=True)


def _examples(table: pd.DataFrame, column: str, bad: pd.Series) -> str:
    rows = [int(i) + 1 for i in bad.to_numpy().nonzero()[0][:3]]
    values = [table[column].iloc[i - 1] for i in rows]
    return f"{int(bad.sum()):,} row(s), e.g. data rows {rows} hold {values!r}"


def require_text(source: TableFile, table: pd.DataFrame, columns: Iterable[str]) -> None:
    """Every cell of the text ``columns`` must be a non-empty string."""
    for column in columns:
        bad = table[column].isna() | (table[column] == "")
        if bad.any():
            raise source.error(f"column {column!r} has missing text: {_examples(table, column, bad)}.")


def as_labels(source: TableFile, table: pd.DataFrame, columns: Iterable[str]) -> None:
    """Turn 0/1 label columns (written ``0``/``1`` or ``0.0``/``1.0``) into int8, in place."""
    for column in columns:
        values = pd.to_numeric(table[column], errors="coerce")
        bad = ~values.isin([0, 1])
        if bad.any():
            raise source.error(f"column {column!r} must hold 0/1 labels; {_examples(table, column, bad)}.")
        table[column] = values.astype("int8")


def _convert(
    source: TableFile, table: pd.DataFrame, column: str, parse: Callable[[pd.Series], pd.Series], what: str, dtype: str
) -> None:
    """Parse one column in place with ``parse``; :data:`MISSING` cells become missing values.

    Any other cell that ``parse`` cannot read raises a DataFormatError naming the column.
    """
    missing = table[column].isin(MISSING)
    values = parse(table[column].mask(missing))
    bad = values.isna() & ~missing
    if bad.any():
        raise source.error(f"column {column!r} must hold {what}; {_examples(table, column, bad)}.")
    table[column] = values.astype(dtype)


def as_numbers(source: TableFile, table: pd.DataFrame, columns: Iterable[str]) -> None:
    """Turn numeric columns into float64 in place."""
    for column in columns:
        _convert(source, table, column, lambda v: pd.to_numeric(v, errors="coerce"), "numbers", "float64")


def as_dates(source: TableFile, table: pd.DataFrame, column: str) -> None:
    """Turn an ISO-date column into datetime64[ns] in place."""
    parse = lambda v: pd.to_datetime(v, errors="coerce", format="ISO8601")  # noqa: E731
    _convert(source, table, column, parse, "ISO dates", "datetime64[ns]")
