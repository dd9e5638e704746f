"""Tests for utils/data.py (and utils/sources.py, utils/tables.py behind it): the real data, and every error path.

Tests marked "real data" read the course mirror (``../shared/data`` next to the
course folder) and are skipped if it is absent. All other tests build small
SYNTHETIC files in ``tmp_path``; no row or label in them is real.

Every test points ``COURSE_DATA_DIR`` at ``tmp_path``, so nothing is ever written
into the course's ``data/`` folder, and no test needs the internet: downloads go
to ``file://`` URLs or to servers on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import gzip
import hashlib
import io
import re
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from utils import config, data, sources, tables

REAL_MIRROR = config.SHARED_MIRROR

# An absolute path at the start of a word: /x, ~/x, C:\x or C:/x.
ABSOLUTE_PATH = re.compile(r"(?:^|[\s(\"'=])(?:/|~/|[A-Za-z]:[\\/])\w")

TOXIC_HEADER = ["id", "comment_text", *data.LABELS]


# --------------------------------------------------------------------------------------
# Fixtures and helpers
# --------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """Every test: cache in tmp_path, no mirror, a short download timeout."""
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("COURSE_DATA_MIRROR", raising=False)
    monkeypatch.setenv("COURSE_DOWNLOAD_TIMEOUT", "5")
    return tmp_path / "cache"


@pytest.fixture
def mirror(monkeypatch):
    """Point COURSE_DATA_MIRROR at the real mirror (or skip)."""
    if not REAL_MIRROR.is_dir():
        pytest.skip(f"real data mirror not found at <repo>/../shared/data ({REAL_MIRROR})")
    monkeypatch.setenv("COURSE_DATA_MIRROR", str(REAL_MIRROR))
    return REAL_MIRROR


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def patch_file(monkeypatch, dataset: str, name: str, **changes) -> None:
    """Replace fields of one registry DataFile for this test only."""
    ds = data.DATASETS[dataset]

    def fix(files):
        return tuple(dataclasses.replace(f, **changes) if f.name == name else f for f in files)

    new = dataclasses.replace(ds, download_files=fix(ds.download_files), mirror_files=fix(ds.mirror_files))
    assert new != ds, f"{dataset} has no file {name}"
    monkeypatch.setitem(data.DATASETS, dataset, new)


@pytest.fixture
def synthetic_mirror(monkeypatch, tmp_path):
    """put(dataset, name, content): a synthetic file in a tmp mirror.

    With ``trust=True`` the registry's mirror hash is set to the file's own hash,
    so the test reaches the reading and validation code behind the hash check.
    """
    root = tmp_path / "synthetic_mirror"
    monkeypatch.setenv("COURSE_DATA_MIRROR", str(root))

    def put(dataset: str, name: str, content: bytes, trust: bool = True) -> Path:
        path = root / dataset / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        if trust:
            patch_file(monkeypatch, dataset, name, mirror_sha256=sha256(content))
        return path

    return put


def toxic_csv(rows, header=TOXIC_HEADER) -> bytes:
    """A synthetic toxic-comments CSV; each row is a dict keyed by column."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: row[key] for key in header if key in row})
    return out.getvalue().encode("utf-8")


def toxic_rows(n: int, labels=None, **overrides):
    """n synthetic rows; the first comment has a quoted newline and a quote."""
    rows = []
    for i in range(n):
        row = {"id": f"synthetic{i:04x}", "comment_text": f"synthetic comment {i}", "lang": "en"}
        row.update({label: (labels or {}).get(label, "0") for label in data.LABELS})
        rows.append(row)
    rows[0]["comment_text"] = 'synthetic comment 0,\nsecond line with a "quote"'
    for i, fields in overrides.items():
        rows[int(i.removeprefix("row"))].update(fields)
    return rows


def gz(content: bytes) -> bytes:
    return gzip.compress(content, mtime=0)


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def recipes_csv(n: int) -> bytes:
    """A synthetic all_recipes.csv with n rows; row 1 has NA / empty values."""
    lines = [",".join(data.RECIPE_COLUMNS)]
    for i in range(n):
        numbers = ["NA" if i == 1 else str(10 + i)] + [str(float(j + i)) for j in range(10)]
        ingredients = "" if i == 1 else '"1 cup synthetic flour, 2 synthetic eggs"'
        lines.append(
            f"Synthetic Recipe {i},https://example.invalid/{i},synthetic author,"
            f"2020-01-0{i + 1},{ingredients}," + ",".join(numbers)
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def closed_port_url(path: str) -> str:
    """An http URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/{path}"


@contextlib.contextmanager
def silent_server(reply: bytes = b""):
    """A local server that accepts, optionally sends ``reply``, then never says more."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    server.settimeout(0.2)
    stop = threading.Event()
    connections = []

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            connections.append(conn)
            with contextlib.suppress(OSError):
                conn.recv(65536)
                if reply:
                    conn.sendall(reply)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        for conn in connections:
            conn.close()
        server.close()


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def assert_one_clean_line(out: str, *paths: Path) -> str:
    lines = out.strip().splitlines()
    assert len(lines) == 1, out
    assert not ABSOLUTE_PATH.search(lines[0]), lines[0]
    for path in (config.REPO_ROOT, REAL_MIRROR, *paths):
        assert str(path) not in lines[0]
    return lines[0]


# --------------------------------------------------------------------------------------
# Real data, through the mirror
# --------------------------------------------------------------------------------------


def test_toxic_comments_real_sample(mirror, capsys, isolated):
    train, test = data.load_toxic_comments()
    line = assert_one_clean_line(capsys.readouterr().out, isolated)
    assert line == (
        "Toxic comments: real 2,000-row Jigsaw sample from the local mirror "
        "(1,000 train + 1,000 test rows). The full set (159,571 training rows) "
        "downloads when no mirror is set."
    )
    assert (len(train), len(test)) == (1_000, 1_000)
    for table in (train, test):
        assert list(table.columns) == ["id", "comment_text", *data.LABELS]
        assert table.attrs["source"] == "mirror sample"
        assert all(table[label].dtype == "int8" for label in data.LABELS)
        assert set(table[list(data.LABELS)].stack().unique()) == {0, 1}
        for column in ("id", "comment_text"):
            assert pd.api.types.is_string_dtype(table[column])
            assert all(isinstance(v, str) and v for v in table[column])
    assert train[list(data.LABELS)].sum().tolist() == [92, 12, 48, 5, 48, 10]
    assert test[list(data.LABELS)].sum().tolist() == [77, 3, 45, 2, 42, 9]
    assert int(train[list(data.LABELS)].any(axis=1).sum()) == 98
    assert not set(train["id"]) & set(test["id"])
    assert train["comment_text"].str.contains("\n").any()  # quoted newlines survived
    assert not files_in(isolated)  # the mirror is read in place


def test_recipes_real(mirror, capsys, isolated):
    recipes = data.load_recipes()
    line = assert_one_clean_line(capsys.readouterr().out, isolated)
    assert line == ("Recipes: 14,426 Allrecipes recipes (tastyR, TidyTuesday 2025-09-16) from the local mirror.")
    assert len(recipes) == 14_426
    assert list(recipes.columns) == list(data.RECIPE_COLUMNS)
    assert pd.api.types.is_string_dtype(recipes["name"]) and recipes["name"].notna().all()
    assert pd.api.types.is_datetime64_any_dtype(recipes["date_published"])
    for column in data.RECIPE_COLUMNS[5:]:
        assert recipes[column].dtype == "float64", column
    assert recipes["calories"].isna().sum() == 200  # missing values stay missing
    assert recipes["ingredients"].isna().sum() == 9


def test_cookie_names_real(mirror, capsys):
    recipes = data.load_recipes()
    names = data.cookie_names(recipes)
    cookie_only = data.cookie_names(recipes, words=("cookie",))
    assert len(cookie_only) == 494  # SOURCE.md: "cookie" alone gives 494 unique names
    assert len(names) == 666
    assert set(cookie_only) < set(names)
    assert names == sorted(set(names)) and all(n == n.strip() for n in names)
    assert {"French Macarons", "Rugelach", "Amazing Ginger Snaps", "Alfajores"} <= set(names)
    assert not any("Macaroni" in n for n in names)
    assert any("®" in n for n in names) and any("\u2019" in n for n in names)  # original punctuation
    capsys.readouterr()
    assert data.cookie_names(words=("cookie",)) == cookie_only  # recipes=None loads them


def test_fra_eng_real(mirror, capsys, isolated):
    pairs = data.load_fra_eng()
    line = assert_one_clean_line(capsys.readouterr().out, isolated)
    assert line == ("English-French pairs: 167,130 Tatoeba sentence pairs (manythings.org/anki) from the local mirror.")
    assert len(pairs) == 167_130
    assert list(pairs.columns) == ["english", "french"]
    assert all(pd.api.types.is_string_dtype(pairs[c]) for c in pairs.columns)
    assert pairs.iloc[0].tolist() == ["Go.", "Va !"]
    said = pairs.loc[pairs["english"] == "She said goodbye.", "french"].tolist()
    assert 'Elle a dit "au revoir".' in said  # quotes kept as text
    assert pairs["french"].str.contains("\u202f").any()
    assert not (pairs["english"].str.contains("\t") | pairs["french"].str.contains("\t")).any()


def test_registry_hashes_match_the_real_mirror(mirror):
    checked = 0
    for ds in data.DATASETS.values():
        assert (mirror / ds.folder).is_dir(), ds.folder
        for f in ds.download_files + ds.mirror_files:
            for algorithm, digest in f.known_hashes:
                assert re.fullmatch({"sha256": "[0-9a-f]{64}", "sha1": "[0-9a-f]{40}"}[algorithm], digest)
            path = mirror / ds.folder / f.name
            if path.is_file():
                assert f.mirror_sha256 == sha256(path.read_bytes()), path
                checked += 1
    assert checked == 4  # two toxic samples, all_recipes.csv.gz, fra-eng.zip


# --------------------------------------------------------------------------------------
# Downloads: offline, hanging servers, file:// origins
# --------------------------------------------------------------------------------------


def test_offline_without_mirror_fails_fast_and_says_what_to_do(monkeypatch, isolated):
    urls = [
        closed_port_url("synthetic_d2l/fra-eng.zip"),
        closed_port_url("synthetic_anki/fra-eng.zip"),
    ]
    patch_file(monkeypatch, "anki_fra_eng", "fra-eng.zip", origins=tuple(data.Origin(u) for u in urls))
    import keras.utils  # noqa: F401 - the first import of Keras (seconds, more on a busy machine) is not the wait

    start = time.monotonic()
    with pytest.raises(data.DataUnavailableError) as caught:
        data.load_fra_eng()
    assert time.monotonic() - start < 20, "a refused connection must fail at once, not wait for time-outs"
    message = str(caught.value)
    assert message.startswith("Could not get the 'anki_fra_eng' data set")
    for url in urls:  # every URL tried, each with its error
        assert f"{url}: Connection refused" in message
    assert str(isolated / "anki_fra_eng" / "fra-eng.zip") in message  # where to put it
    assert "COURSE_DATA_MIRROR" in message
    assert caught.value.__cause__ is not None  # chained, not swallowed
    assert files_in(isolated) == []


def test_a_server_that_never_answers_times_out(monkeypatch, isolated):
    monkeypatch.setenv("COURSE_DOWNLOAD_TIMEOUT", "1")
    with silent_server() as base:
        url = f"{base}/synthetic_all_recipes.csv"
        patch_file(monkeypatch, "recipes", "all_recipes.csv", origins=(data.Origin(url),))
        start = time.monotonic()
        with pytest.raises(data.DataUnavailableError, match="timed out") as caught:
            data.load_recipes()
        assert time.monotonic() - start < 30
    assert url in str(caught.value)
    assert str(isolated / "recipes" / "all_recipes.csv") in str(caught.value)
    assert files_in(isolated) == []


def test_a_download_that_stalls_halfway_leaves_nothing_in_the_cache(monkeypatch, isolated):
    monkeypatch.setenv("COURSE_DOWNLOAD_TIMEOUT", "1")
    reply = b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + recipes_csv(3)
    with silent_server(reply) as base:
        patch_file(monkeypatch, "recipes", "all_recipes.csv", origins=(data.Origin(f"{base}/x.csv"),))
        with pytest.raises(data.DataUnavailableError, match="timed out"):
            data.load_recipes()
    assert files_in(isolated) == []


@pytest.fixture
def synthetic_full_toxic(tmp_path):
    """A synthetic wikipedia_toxicity_subtypes zip: members in a sub-folder, labels as 0.0/1.0."""
    header = [*TOXIC_HEADER, "lang"]
    train = toxic_rows(3, labels={"toxic": "1.0", "insult": "1.0"}, row1={"toxic": "0.0", "insult": "0.0"})
    test = toxic_rows(2)
    content = zipped(
        {
            "synthetic/wikidata_train.csv": toxic_csv(train, header),
            "synthetic/wikidata_test.csv": toxic_csv(test, header),
            "__MACOSX/synthetic/._wikidata_train.csv": b"synthetic resource fork",
        }
    )
    path = tmp_path / "synthetic_source" / "wikipedia_toxicity_subtypes_v0.3.zip"
    path.parent.mkdir()
    path.write_bytes(content)
    return path


def test_download_through_get_file_checks_the_hash_and_reads_the_zip(
    monkeypatch, isolated, synthetic_full_toxic, capsys
):
    name = synthetic_full_toxic.name
    origin = data.Origin(synthetic_full_toxic.as_uri(), sha256=sha256(synthetic_full_toxic.read_bytes()))
    patch_file(monkeypatch, "toxic_comments", name, origins=(origin,))
    patch_file(monkeypatch, "toxic_comments", name, rows=3)  # the rows of wikidata_train.csv

    train, test = data.load_toxic_comments()
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1] == (
        "Toxic comments: full Jigsaw data (3 train + 2 test rows) from the download cache."
    )
    assert (len(train), len(test)) == (3, 2)
    assert list(train.columns) == ["id", "comment_text", *data.LABELS]  # lang dropped
    assert train.attrs["source"] == test.attrs["source"] == "full download"
    assert train["toxic"].tolist() == [1, 0, 1] and train["toxic"].dtype == "int8"
    assert train["comment_text"][0] == 'synthetic comment 0,\nsecond line with a "quote"'
    assert files_in(isolated) == [name]  # no .part file left

    # The second call reads the cache: the URL is not needed any more.
    patch_file(
        monkeypatch,
        "toxic_comments",
        name,
        origins=(dataclasses.replace(origin, url=closed_port_url(name)),),
    )
    again, _ = data.load_toxic_comments()
    assert again.equals(train)


def test_a_download_with_the_wrong_hash_is_refused_and_removed(monkeypatch, isolated, synthetic_full_toxic):
    wrong = "0" * 64
    origin = data.Origin(synthetic_full_toxic.as_uri(), sha256=wrong)
    patch_file(monkeypatch, "toxic_comments", synthetic_full_toxic.name, origins=(origin,))
    with pytest.raises(data.DataUnavailableError) as caught:
        data.load_toxic_comments()
    message = str(caught.value)
    assert "hash mismatch" in message
    assert wrong in message and sha256(synthetic_full_toxic.read_bytes()) in message
    assert files_in(isolated) == []


def test_fra_eng_tries_the_next_url_after_a_bad_sha1_and_accepts_3_columns(monkeypatch, isolated, tmp_path, capsys):
    two = zipped({"fra-eng/fra.txt": b"Go.\tVa !\nHi.\tSalut !\n"})
    three_columns = 'Synthetic "one".\tSynthétique « un ».\tCC-BY synthetic\nTwo.\tDeux.\tCC-BY synthetic\n'
    three = zipped({"fra-eng/fra.txt": three_columns.encode()})
    (tmp_path / "d2l.zip").write_bytes(two)
    (tmp_path / "anki.zip").write_bytes(three)
    origins = (
        data.Origin((tmp_path / "d2l.zip").as_uri(), sha1="f" * 40),  # wrong sha1: refused
        data.Origin((tmp_path / "anki.zip").as_uri()),  # no hash: accepted
    )
    patch_file(monkeypatch, "anki_fra_eng", "fra-eng.zip", origins=origins)
    monkeypatch.setattr(data, "FRA_ENG_PAIRS_RANGE", (2, 10))  # a real release has 100,000 or more
    pairs = data.load_fra_eng()
    assert pairs.to_dict("list") == {
        "english": ['Synthetic "one".', "Two."],
        "french": ["Synthétique « un ».", "Deux."],
    }
    assert "2 Tatoeba sentence pairs (manythings.org/anki) from the download cache." in capsys.readouterr().out
    assert files_in(isolated) == ["fra-eng.zip"]

    # With the right sha1, the first URL is used.
    (isolated / "anki_fra_eng" / "fra-eng.zip").unlink()
    good = (dataclasses.replace(origins[0], sha1=hashlib.sha1(two).hexdigest()), origins[1])
    patch_file(monkeypatch, "anki_fra_eng", "fra-eng.zip", origins=good)
    assert data.load_fra_eng()["english"].tolist() == ["Go.", "Hi."]


def test_recipes_download_of_a_plain_csv(monkeypatch, isolated, tmp_path, capsys):
    source = tmp_path / "synthetic_all_recipes.csv"
    source.write_bytes(recipes_csv(3))
    patch_file(monkeypatch, "recipes", "all_recipes.csv", origins=(data.Origin(source.as_uri()),))
    patch_file(monkeypatch, "recipes", "all_recipes.csv", rows=3)
    recipes = data.load_recipes()
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert line == "Recipes: 3 Allrecipes recipes (tastyR, TidyTuesday 2025-09-16) from the download cache."
    assert recipes["calories"].tolist()[0] == 10.0 and pd.isna(recipes["calories"][1])  # "NA" -> NaN
    assert pd.isna(recipes["ingredients"][1])
    assert recipes["date_published"].tolist()[2] == pd.Timestamp("2020-01-03")


# --------------------------------------------------------------------------------------
# Damaged or wrong files
# --------------------------------------------------------------------------------------


def test_a_corrupt_zip_in_the_cache(isolated):
    path = isolated / "anki_fra_eng" / "fra-eng.zip"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"synthetic: this is not a zip file")
    with pytest.raises(data.DataFormatError) as caught:
        data.load_fra_eng()
    message = str(caught.value)
    assert str(path) in message and "not a valid zip file" in message and "Delete it" in message


def test_a_mirror_file_with_the_wrong_hash(synthetic_mirror):
    path = synthetic_mirror("recipes", "all_recipes.csv.gz", gz(recipes_csv(3)), trust=False)
    with pytest.raises(data.DataFormatError) as caught:
        data.load_recipes()
    message = str(caught.value)
    assert str(path) in message and "hash mismatch" in message
    assert data.DATASETS["recipes"].mirror_files[0].mirror_sha256 in message  # expected
    assert sha256(path.read_bytes()) in message  # actual
    assert "COURSE_DATA_MIRROR" in message


def test_a_truncated_gzip(synthetic_mirror):
    whole = gz(toxic_csv(toxic_rows(200)))
    synthetic_mirror("toxic_comments", "jigsaw_train_sample.csv.gz", whole[: len(whole) // 2])
    synthetic_mirror("toxic_comments", "jigsaw_val_sample.csv.gz", whole)
    with pytest.raises(data.DataFormatError, match=r"jigsaw_train_sample\.csv\.gz: truncated"):
        data.load_toxic_comments()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", r"empty file \(0 bytes\)"),
        (gz(b""), "empty: no header and no rows"),
        (gz(b"synthetic\n"), "missing column"),
    ],
)
def test_an_empty_file(synthetic_mirror, content, problem):
    path = synthetic_mirror("recipes", "all_recipes.csv.gz", content)
    with pytest.raises(data.DataFormatError, match=problem) as caught:
        data.load_recipes()
    assert str(path) in str(caught.value)


def test_missing_columns_are_named(synthetic_mirror):
    header = [c for c in TOXIC_HEADER if c not in ("threat", "insult")]
    path = synthetic_mirror("toxic_comments", "jigsaw_train_sample.csv.gz", gz(toxic_csv(toxic_rows(3), header)))
    synthetic_mirror("toxic_comments", "jigsaw_val_sample.csv.gz", gz(toxic_csv(toxic_rows(3))))
    with pytest.raises(data.DataFormatError) as caught:
        data.load_toxic_comments()
    message = str(caught.value)
    assert str(path) in message
    assert "missing column(s) ['threat', 'insult']" in message
    assert "found ['id', 'comment_text', 'toxic', 'severe_toxic', 'obscene', 'identity_hate']" in message


@pytest.mark.parametrize(
    ("override", "problem"),
    [
        (
            {"obscene": "2"},
            r"column 'obscene' must hold 0/1 labels; 1 row\(s\), e.g. data rows \[3\] hold \['2'\]",
        ),
        ({"toxic": ""}, r"column 'toxic' must hold 0/1 labels"),
        ({"comment_text": ""}, r"column 'comment_text' has missing text"),
    ],
)
def test_bad_labels_and_missing_text(synthetic_mirror, override, problem):
    rows = toxic_rows(1_000, row2=override)
    synthetic_mirror("toxic_comments", "jigsaw_train_sample.csv.gz", gz(toxic_csv(toxic_rows(1_000))))
    path = synthetic_mirror("toxic_comments", "jigsaw_val_sample.csv.gz", gz(toxic_csv(rows)))
    with pytest.raises(data.DataFormatError, match=problem) as caught:
        data.load_toxic_comments()
    assert str(path) in str(caught.value)


def test_a_wrong_row_count(synthetic_mirror):
    synthetic_mirror("recipes", "all_recipes.csv.gz", gz(recipes_csv(3)))
    with pytest.raises(data.DataFormatError, match="expected 14,426 rows, found 3"):
        data.load_recipes()


def test_the_val_sample_column_order_is_normalised(synthetic_mirror, capsys):
    val_header = ["id", *data.LABELS, "comment_text"]
    synthetic_mirror("toxic_comments", "jigsaw_train_sample.csv.gz", gz(toxic_csv(toxic_rows(1_000))))
    synthetic_mirror(
        "toxic_comments",
        "jigsaw_val_sample.csv.gz",
        gz(toxic_csv(toxic_rows(1_000, row5={"threat": "1"}), val_header)),
    )
    train, test = data.load_toxic_comments()
    assert list(test.columns) == list(train.columns) == ["id", "comment_text", *data.LABELS]
    assert test["threat"].sum() == 1 and test["comment_text"][5] == "synthetic comment 5"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Go.\tVa !\nsynthetic line with one column\n", "line 2 has 1 tab-separated column"),
        ("Go.\tVa !\na\tb\tc\td\n", "line 2 has 4 tab-separated column"),
        ("Go.\t\n", "line 1 has an empty sentence"),
    ],
)
def test_bad_fra_lines_are_named(isolated, text, problem):
    path = isolated / "anki_fra_eng" / "fra-eng.zip"
    path.parent.mkdir(parents=True)
    path.write_bytes(zipped({"fra-eng/fra.txt": text.encode()}))
    with pytest.raises(data.DataFormatError, match=problem) as caught:
        data.load_fra_eng()
    assert f"{path} (member fra.txt)" in str(caught.value)


def test_a_zip_without_the_expected_member(isolated):
    path = isolated / "anki_fra_eng" / "fra-eng.zip"
    path.parent.mkdir(parents=True)
    path.write_bytes(zipped({"fra-eng/_about.txt": b"synthetic", "__MACOSX/fra-eng/._fra.txt": b"junk"}))
    with pytest.raises(data.DataFormatError, match=r"no file named 'fra.txt' inside"):
        data.load_fra_eng()


# --------------------------------------------------------------------------------------
# The cookie rule and small helpers
# --------------------------------------------------------------------------------------


def test_the_cookie_rule_on_synthetic_titles():
    titles = [
        " Synthetic Chocolate Chip Cookies ", "Synthetic Chocolate Chip Cookies",
        "Synthetic Macaroni Bake", "Synthetic French Macarons", "Synthetic Alfajores",
        "Synthetic Sugar Snap Peas", "Synthetic Ginger  Snaps", "Synthetic Cookiedough Pie", None,
    ]  # fmt: skip
    recipes = pd.DataFrame({"name": titles})
    assert data.cookie_names(recipes) == [
        "Synthetic Alfajores", "Synthetic Chocolate Chip Cookies",
        "Synthetic French Macarons", "Synthetic Ginger  Snaps",
    ]  # fmt: skip
    assert data.cookie_names(recipes, words=["MACARONI"]) == ["Synthetic Macaroni Bake"]


@pytest.mark.parametrize("words", [[], (), "cookie", [1], ["cookie", ""], [" "], None, 3])
def test_bad_cookie_words(words):
    with pytest.raises(ValueError, match="words"):
        data.cookie_names(pd.DataFrame({"name": ["Synthetic Cookies"]}), words=words)


def test_cookie_names_needs_a_name_column():
    with pytest.raises(ValueError, match="'name' column"):
        data.cookie_names(pd.DataFrame({"title": ["Synthetic Cookies"]}))


def test_a_full_zip_in_the_mirror_beats_the_sample(monkeypatch, synthetic_mirror, synthetic_full_toxic, capsys):
    content = synthetic_full_toxic.read_bytes()
    synthetic_mirror("toxic_comments", synthetic_full_toxic.name, content, trust=False)
    origin = data.Origin("http://127.0.0.1:9/unused.zip", sha256=sha256(content))
    patch_file(monkeypatch, "toxic_comments", synthetic_full_toxic.name, origins=(origin,))
    patch_file(monkeypatch, "toxic_comments", synthetic_full_toxic.name, rows=3)  # the rows of wikidata_train.csv
    synthetic_mirror("toxic_comments", "jigsaw_train_sample.csv.gz", b"synthetic: never read")
    synthetic_mirror("toxic_comments", "jigsaw_val_sample.csv.gz", b"synthetic: never read")
    train, _ = data.load_toxic_comments()
    assert train.attrs["source"] == "full download" and len(train) == 3
    assert capsys.readouterr().out.strip().endswith("from the local mirror.")


@pytest.mark.parametrize(
    "old, new, problem",
    [
        (",10,", ",ten,", r"column 'calories' must hold numbers; 1 row\(s\), e.g. data rows \[1\] hold \['ten'\]"),
        ("2020-01-01", "first of January", r"column 'date_published' must hold ISO dates"),
    ],
)
def test_unreadable_numbers_and_dates_are_named(synthetic_mirror, monkeypatch, old, new, problem):
    patch_file(monkeypatch, "recipes", "all_recipes.csv.gz", rows=3)
    synthetic = recipes_csv(3).decode().replace(old, new, 1).encode()
    synthetic_mirror("recipes", "all_recipes.csv.gz", gz(synthetic))
    with pytest.raises(data.DataFormatError, match=problem):
        data.load_recipes()


# --------------------------------------------------------------------------------------
# The plumbing behind the loaders: utils.sources (finding files) and utils.tables (reading them)
# --------------------------------------------------------------------------------------


def test_the_plumbing_never_imports_utils_data():
    """utils.data imports utils.sources and utils.tables: an import of utils.data from them would be a cycle."""
    code = "import sys, utils.sources, utils.tables; print(*sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], cwd=config.REPO_ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    loaded = run.stdout.split()
    assert {"utils.sources", "utils.tables"} <= set(loaded) and "utils.data" not in loaded


@pytest.mark.parametrize(
    ("convert", "good", "what"),
    [
        (lambda source, table: tables.as_numbers(source, table, ["cell"]), "1.5", "numbers"),
        (lambda source, table: tables.as_dates(source, table, "cell"), "2020-01-01", "ISO dates"),
    ],
    ids=["numbers", "dates"],
)
def test_an_unreadable_cell_of_a_zip_member_names_the_member(tmp_path, convert, good, what):
    path = tmp_path / "synthetic.zip"
    copy = sources.LocalCopy(data.DATASETS["recipes"], {path.name: path}, {path.name: None}, "the download cache", True)
    with pytest.raises(data.DataFormatError) as caught:
        convert(tables.TableFile(copy, path.name, "synthetic.csv"), pd.DataFrame({"cell": [good, "NA", "synthetic"]}))
    assert str(caught.value) == (
        f"{path} (member synthetic.csv): column 'cell' must hold {what}; 1 row(s), e.g. data rows [3] hold "
        "['synthetic']. Delete it and run again to download a fresh copy (see data/README.md)."
    )


# --------------------------------------------------------------------------------------
# Downloads no known hash vouches for: plausible, or refused with the reason
# --------------------------------------------------------------------------------------


def unvouched_download(monkeypatch, tmp_path, dataset: str, name: str, content: bytes) -> Path:
    """Serve ``content`` as the only (hash-less) download of ``name``; return the served file."""
    source = tmp_path / "synthetic_source" / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(content)
    patch_file(monkeypatch, dataset, name, origins=(data.Origin(source.as_uri()),))
    return source


def synthetic_recipes_damaged(how: str) -> bytes:
    lines = recipes_csv(3).decode().splitlines()
    fields = lines[3].split(",")
    if how == "cut":
        return ("\n".join(lines)[:-3]).encode()
    if how == "nul":
        lines[2] = lines[2].replace("Synthetic Recipe", "Synthetic\x00Recipe")
    if how == "long title":
        lines[2] = lines[2].replace("Synthetic Recipe", "S" * (data.MAX_RECIPE_TEXT_CHARS + 1))
    if how == "repeated":
        lines[3] = lines[2]
    if how in ("rating -7", "rating 7", "calories inf"):
        column = "avg_rating" if how.startswith("rating") else "calories"
        fields[data.RECIPE_COLUMNS.index(column) - len(data.RECIPE_COLUMNS)] = how.split()[-1]  # from the end
        lines[3] = ",".join(fields)
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize(
    ("how", "problem"),
    [
        ("cut", "last line is cut off"),
        ("nul", "line 3 holds a NUL byte"),
        ("long title", f"column 'name' of data row 2 holds more than {data.MAX_RECIPE_TEXT_CHARS:,} characters"),
        ("repeated", "33.3% of the recipes repeat an earlier recipe's url"),
        ("rating -7", "column 'avg_rating' of data row 3 holds -7; it must be from 0 to 5 stars"),
        ("rating 7", "column 'avg_rating' of data row 3 holds 7; it must be from 0 to 5 stars"),
        ("calories inf", "column 'calories' of data row 3 holds inf; it must be a finite number"),
    ],
)
def test_an_implausible_recipes_download_is_refused(monkeypatch, isolated, tmp_path, how, problem):
    unvouched_download(monkeypatch, tmp_path, "recipes", "all_recipes.csv", synthetic_recipes_damaged(how))
    patch_file(monkeypatch, "recipes", "all_recipes.csv", rows=3)
    with pytest.raises(data.DataFormatError) as error:
        data.load_recipes()
    message = str(error.value)
    assert problem in message and "all_recipes.csv" in message and "Delete it" in message, message


def synthetic_pairs(n: int) -> list[tuple[str, str]]:
    return [(f"I see the synthetic cat {i}.", f"Je vois le chat synthétique {i}.") for i in range(n)]


def fra_txt(pairs) -> bytes:
    return "".join(f"{en}\t{fr}\tCC-BY synthetic\n" for en, fr in pairs).encode()


@pytest.mark.parametrize(
    ("how", "problem"),
    [
        ("cut", "3 sentence pairs; a real release has between 10 and 1,000"),
        ("swapped", "the columns look swapped"),
        ("nul", "line 5 holds a NUL byte"),
        ("long line", f"line 7 holds a sentence of {data.MAX_SENTENCE_CHARS + 1:,} characters"),
        ("appended to itself", "50% of the pairs repeat an earlier pair"),
    ],
)
def test_an_implausible_sentence_pairs_download_is_refused(monkeypatch, isolated, tmp_path, how, problem):
    pairs = synthetic_pairs(20)
    if how == "cut":
        pairs = pairs[:3]
    if how == "swapped":
        pairs = [(fr, en) for en, fr in pairs]
    if how == "nul":
        pairs[4] = (pairs[4][0], "Je\x00vois.")
    if how == "long line":
        pairs[6] = ("I" * (data.MAX_SENTENCE_CHARS + 1), pairs[6][1])
    if how == "appended to itself":
        pairs = pairs + pairs
    served = unvouched_download(
        monkeypatch, tmp_path, "anki_fra_eng", "fra-eng.zip", zipped({"fra-eng/fra.txt": fra_txt(pairs)})
    )
    monkeypatch.setattr(data, "FRA_ENG_PAIRS_RANGE", (10, 1_000))
    with pytest.raises(data.DataFormatError) as error:
        data.load_fra_eng()
    message = str(error.value)
    assert problem in message and "fra.txt" in message and "Delete it" in message, message
    served.write_bytes(zipped({"fra-eng/fra.txt": fra_txt(synthetic_pairs(20))}))
    (isolated / "anki_fra_eng" / "fra-eng.zip").unlink()
    assert len(data.load_fra_eng()) == 20, "the same file undamaged loads"


def test_the_real_data_passes_the_checks_for_unvouched_downloads(mirror, tmp_path):
    """The mirror's real files, read as if a download no hash vouches for had delivered them."""
    recipes = data.load_recipes()
    plain = tmp_path / "all_recipes.csv"
    plain.write_bytes(gzip.decompress((mirror / "recipes" / "all_recipes.csv.gz").read_bytes()))
    copy = sources.LocalCopy(
        data.DATASETS["recipes"], {plain.name: plain}, {plain.name: None}, "the download cache", True
    )
    data._check_unvouched_recipes(tables.TableFile(copy, plain.name), recipes)
    pairs = data.load_fra_eng()
    copy = sources.LocalCopy(
        data.DATASETS["anki_fra_eng"],
        {"fra-eng.zip": mirror / "anki_fra_eng" / "fra-eng.zip"},
        {"fra-eng.zip": None},
        "the download cache",
        True,
    )
    source = tables.TableFile(copy, "fra-eng.zip", "fra.txt")
    data._check_unvouched_pairs(source, pairs["english"].tolist(), pairs["french"].tolist())
