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

This module holds the registry and the loaders with their data-set-specific checks. The
plumbing lives in two modules that never import this one: :mod:`utils.sources` finds or
fetches the files (and defines :class:`Dataset`, :class:`DataFile`, :class:`Origin` and the
two errors, which this module re-exports), and :mod:`utils.tables` reads and checks tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from .sources import DataFile, DataFormatError, Dataset, DataUnavailableError, Origin, find_or_fetch
from .tables import MISSING, TableFile, as_dates, as_labels, as_numbers, read_csv, reading, require_text

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
# The registry of data sets
# --------------------------------------------------------------------------------------

#: The course data sets, by folder name: each file with where it comes from, its hashes, and
#: its row count when that is fixed (see DataFile).
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
                rows=159_571,  # of wikidata_train.csv inside; wikidata_test.csv is not counted
            ),
        ),
        mirror_files=(
            DataFile(
                "jigsaw_train_sample.csv.gz",
                mirror_sha256="e682719d36c07e59829c4cde702c55c33986f9bc87b5f9eb0a05d71008086730",
                rows=1_000,
            ),
            DataFile(
                "jigsaw_val_sample.csv.gz",
                mirror_sha256="a38148ae201f7fcd537fa32b09081f7ce0cfae259178e82dfaf553fe0029a114",
                rows=1_000,
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
                rows=14_426,
            ),
        ),
        mirror_files=(
            DataFile(
                "all_recipes.csv.gz",
                mirror_sha256="7868d928dd7935f15c2624763e7d1eccffc7000728c042b207fb85a7deab06dd",
                rows=14_426,
            ),
        ),
    ),
    "anki_fra_eng": Dataset(
        folder="anki_fra_eng",
        title="English-French sentence pairs (Tatoeba, packaged by manythings.org/anki)",
        licence=("CC BY 2.0 FR (Tatoeba Project). Attribution: www.manythings.org/anki and tatoeba.org"),
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
                # The course mirror holds a re-zip of the 2019 release: 167,130 sentence pairs.
                # Downloads are not count-checked: the d2l copy is pinned by its sha1, and
                # manythings.org publishes newer, longer releases.
                mirror_sha256="161c93f18da3a7e6df611ed961426613260de8af06ccf8c79c977afe5135ac44",
                mirror_rows=167_130,
            ),
        ),
    ),
}

FULL_TOXIC_TRAIN_ROWS = DATASETS["toxic_comments"].download_files[0].rows  # 159,571

#: What a real download looks like, for the files no known hash vouches for (the current
#: manythings.org release; the recipes until their sha256 is pinned). The course's real
#: copies pass every check; a cut, padded, duplicated or swapped file fails with a reason.
FRA_ENG_PAIRS_RANGE = (100_000, 1_000_000)  # the 2019 release has 167,130, later ones more
MAX_SENTENCE_CHARS = 1_000  # the longest real sentence has 349
MAX_REPEATED_PAIRS = 0.05  # share of (English, French) pairs seen before; the 2019 release: 0
MAX_RECIPE_TEXT_CHARS = 20_000  # the longest real cell (a list of ingredients) has 1,132
MAX_REPEATED_RECIPES = 0.001  # share of recipe URLs seen before; the real file: 0
MAX_STARS = 5  # avg_rating is a number of stars


# --------------------------------------------------------------------------------------
# Toxic comments
# --------------------------------------------------------------------------------------

#: The six Jigsaw labels, in the order of the DataFrame columns.
LABELS = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")

_TOXIC_COLUMNS = ("id", "comment_text", *LABELS)


def _read_toxic(source: TableFile, rows: int | None) -> pd.DataFrame:
    table = read_csv(source, _TOXIC_COLUMNS, rows)
    require_text(source, table, ("id", "comment_text"))
    as_labels(source, table, LABELS)
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
    copy = find_or_fetch(DATASETS["toxic_comments"])
    if copy.full:
        (archive,) = copy.files
        train = _read_toxic(TableFile(copy, archive.name, "wikidata_train.csv"), archive.rows)
        test = _read_toxic(TableFile(copy, archive.name, "wikidata_test.csv"), None)
        kind = "full download"
        line = f"Toxic comments: full Jigsaw data ({len(train):,} train + {len(test):,} test rows) from {copy.where}."
    else:
        train_sample, val_sample = copy.files
        train = _read_toxic(TableFile(copy, train_sample.name), train_sample.rows)
        test = _read_toxic(TableFile(copy, val_sample.name), val_sample.rows)
        kind = "mirror sample"
        line = (
            f"Toxic comments: real {len(train) + len(test):,}-row Jigsaw sample from {copy.where} "
            f"({len(train):,} train + {len(test):,} test rows). The full set "
            f"({FULL_TOXIC_TRAIN_ROWS:,} training rows) downloads when no mirror is set."
        )
    for table in (train, test):
        table.attrs["source"] = kind
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
    copy = find_or_fetch(DATASETS["recipes"])
    (file,) = copy.files
    source = TableFile(copy, file.name)
    table = read_csv(source, RECIPE_COLUMNS, file.rows)
    require_text(source, table, ("name",))
    for column in ("url", "author", "ingredients"):
        table[column] = table[column].mask(table[column].isin(MISSING))
    as_numbers(source, table, _RECIPE_NUMBERS)
    as_dates(source, table, "date_published")
    if copy.matched[file.name] is None:
        _check_unvouched_recipes(source, table)
    print(f"Recipes: {len(table):,} Allrecipes recipes (tastyR, TidyTuesday 2025-09-16) from {copy.where}.")
    return table


def _check_unvouched_recipes(source: TableFile, table: pd.DataFrame) -> None:
    """Refuse a recipes table that no real download would give (see MAX_RECIPE_TEXT_CHARS)."""
    content = source.path.read_bytes()  # the raw bytes: pandas versions differ in what they do with NUL
    if not content.endswith(b"\n"):
        raise source.error("its last line is cut off (no line break at the end): the download stopped early.")
    if b"\x00" in content:
        line = content.count(b"\n", 0, content.index(b"\x00")) + 1
        raise source.error(f"line {line:,} holds a NUL byte: the file is damaged.")
    for column in ("name", "url", "author", "ingredients"):
        bad = table[column].fillna("").str.len() > MAX_RECIPE_TEXT_CHARS
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0]) + 1
            raise source.error(
                f"column {column!r} of data row {row:,} holds more than {MAX_RECIPE_TEXT_CHARS:,} "
                "characters: the file is damaged."
            )
    repeated = table["url"].dropna().duplicated().mean()
    if repeated > MAX_REPEATED_RECIPES:
        raise source.error(
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
        value = numbers[column].iloc[row]
        raise source.error(f"column {column!r} of data row {row + 1:,} holds {value:g}; it must be {rule}.")


#: Words that make a recipe title a cookie name (see :func:`cookie_names`).
COOKIE_WORDS = (
    "cookie", "snickerdoodle", "biscotti", "shortbread", "macaroon", "macaron",
    "gingersnap", "ginger snap", "thumbprint", "rugelach", "pizzelle", "amaretti",
    "alfajor", "hamantaschen", "lebkuchen", "mandelbrot", "polvoron", "russian tea cake",
)  # fmt: skip


def _cookie_pattern(words) -> re.Pattern[str]:
    if isinstance(words, str | bytes) or not isinstance(words, Iterable):
        raise ValueError(f"words must be a list or tuple of strings, e.g. ('cookie', 'biscotti'); got {words!r}.")
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
        raise ValueError("recipes must be a DataFrame with a 'name' column, like load_recipes() returns.")
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
    copy = find_or_fetch(DATASETS["anki_fra_eng"])
    (file,) = copy.files
    source = TableFile(copy, file.name, "fra.txt")
    with reading(source) as fh:
        text = fh.read().decode("utf-8-sig")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line
    if not lines:
        raise source.error("empty: no sentence pairs.")
    english, french = [], []
    for number, line in enumerate(lines, start=1):
        fields = line.removesuffix("\r").split("\t")
        if not 2 <= len(fields) <= 3:
            raise source.error(
                f"line {number:,} has {len(fields)} tab-separated column(s), expected 2 "
                f"(English, French) or 3 (plus attribution): {line[:80]!r}."
            )
        if not fields[0].strip() or not fields[1].strip():
            raise source.error(f"line {number:,} has an empty sentence: {line[:80]!r}.")
        english.append(fields[0])
        french.append(fields[1])
    is_mirror_copy = copy.matched[file.name] == f"sha256:{file.mirror_sha256}"
    if is_mirror_copy and len(english) != file.mirror_rows:
        raise source.error(f"expected {file.mirror_rows:,} lines, found {len(english):,}.")
    if copy.matched[file.name] is None:
        _check_unvouched_pairs(source, english, french)
    pairs = pd.DataFrame({"english": english, "french": french})
    print(f"English-French pairs: {len(pairs):,} Tatoeba sentence pairs (manythings.org/anki) from {copy.where}.")
    return pairs


_ENGLISH_WORDS = re.compile(r"\b(?:the|you|is|it|to|i)\b", re.IGNORECASE)
_FRENCH_WORDS = re.compile(r"\b(?:je|le|la|les|de|est|vous|tu|pas|il)\b", re.IGNORECASE)


def _share_with(pattern: re.Pattern[str], sentences: list[str]) -> float:
    """The share of (up to about 5,000 evenly spread) ``sentences`` that ``pattern`` finds a word in."""
    sample = sentences[:: max(1, len(sentences) // 5_000)]
    return sum(bool(pattern.search(s)) for s in sample) / len(sample)


def _check_unvouched_pairs(source: TableFile, english: list[str], french: list[str]) -> None:
    """Refuse sentence pairs that no real release would give (see FRA_ENG_PAIRS_RANGE)."""
    low, high = FRA_ENG_PAIRS_RANGE
    if not low <= len(english) <= high:
        raise source.error(
            f"{len(english):,} sentence pairs; a real release has between {low:,} and {high:,} "
            "(a download cut short, or the wrong file)."
        )
    for number, (en, fr) in enumerate(zip(english, french), start=1):
        if "\x00" in en or "\x00" in fr:
            raise source.error(f"line {number:,} holds a NUL byte: the file is damaged.")
        if max(len(en), len(fr)) > MAX_SENTENCE_CHARS:
            raise source.error(
                f"line {number:,} holds a sentence of {max(len(en), len(fr)):,} characters; real ones "
                f"have at most a few hundred (limit {MAX_SENTENCE_CHARS:,}): the file is damaged."
            )
    repeated = 1 - len(set(zip(english, french))) / len(english)
    if repeated > MAX_REPEATED_PAIRS:
        raise source.error(
            f"{repeated:.0%} of the pairs repeat an earlier pair; a real release repeats at most "
            f"{MAX_REPEATED_PAIRS:.0%} (a file appended to itself?)."
        )
    if _share_with(_FRENCH_WORDS, english) > _share_with(_FRENCH_WORDS, french) or _share_with(
        _ENGLISH_WORDS, french
    ) > _share_with(_ENGLISH_WORDS, english):
        raise source.error(
            "the columns look swapped: the first column reads as French and the second as "
            "English. Each line must be English, a tab, then French."
        )
