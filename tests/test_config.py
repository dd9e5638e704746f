"""utils.config: the fast/full switch, seeding and paths."""

import numpy as np
import pytest

from utils import config


@pytest.mark.parametrize(
    "value, fast", [("1", True), ("true", True), ("YES", True), ("", False), ("0", False), ("off", False)]
)
def test_fast_switch_reads_the_environment(monkeypatch, value, fast):
    monkeypatch.setenv("COURSE_FAST", value)
    assert config.is_fast() is fast
    assert config.pick(full=10, fast=1) == (1 if fast else 10)
    assert config.current() == ("fast" if fast else "full")


def test_full_configuration_is_the_default(monkeypatch):
    monkeypatch.delenv("COURSE_FAST", raising=False)
    assert not config.is_fast()
    assert "full" in config.describe()


def test_unknown_fast_value_says_what_to_do(monkeypatch):
    monkeypatch.setenv("COURSE_FAST", "maybe")
    with pytest.raises(ValueError, match=r"COURSE_FAST='maybe' is not understood.*COURSE_FAST=1"):
        config.is_fast()


def test_seed_everything_makes_weights_reproducible():
    import keras

    def initial_weights(seed):
        config.seed_everything(seed)
        model = keras.Sequential([keras.Input(shape=(3, 2)), keras.layers.SimpleRNN(4), keras.layers.Dense(1)])
        return [w.copy() for w in model.get_weights()] + [np.random.rand(3)]

    first, second, other = initial_weights(7), initial_weights(7), initial_weights(8)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], other[0]), "a different seed must give different weights"


@pytest.mark.parametrize("bad", [-1, 1.5, "42", True])
def test_seed_must_be_a_non_negative_integer(bad):
    with pytest.raises(ValueError, match="non-negative integer"):
        config.seed_everything(bad)


def test_course_seed_changes_the_default_seed(monkeypatch):
    monkeypatch.delenv("COURSE_SEED", raising=False)
    assert config.default_seed() == 42 and config.seed_everything() == 42
    monkeypatch.setenv("COURSE_SEED", "43")
    assert config.default_seed() == 43 and config.seed_everything() == 43
    assert config.seed_everything(7) == 7, "an explicit seed wins over COURSE_SEED"


@pytest.mark.parametrize("bad", ["-1", "4.5", "abc"])
def test_unreadable_course_seed_says_what_to_do(monkeypatch, bad):
    monkeypatch.setenv("COURSE_SEED", bad)
    with pytest.raises(ValueError, match=r"COURSE_SEED=.* is not a non-negative integer.*COURSE_SEED=43"):
        config.seed_everything()


def test_data_dir_defaults_to_the_course_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    assert config.data_dir() == config.REPO_ROOT / "data"
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    assert config.data_dir() == tmp_path.resolve()


def test_mirror_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_DATA_MIRROR", raising=False)
    assert config.mirror_dir() is None
    monkeypatch.setenv("COURSE_DATA_MIRROR", str(tmp_path))
    assert config.mirror_dir() == tmp_path.resolve()
    monkeypatch.setenv("COURSE_DATA_MIRROR", str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match="COURSE_DATA_MIRROR points at .* not a folder"):
        config.mirror_dir()


@pytest.mark.parametrize("raw", ["abc", "0", "-1", "inf", "nan"])
def test_a_bad_timeout_setting(monkeypatch, raw):
    monkeypatch.setenv("COURSE_DOWNLOAD_TIMEOUT", raw)
    with pytest.raises(ValueError, match="COURSE_DOWNLOAD_TIMEOUT"):
        config.download_timeout()


def test_timeout_setting(monkeypatch):
    monkeypatch.setenv("COURSE_DOWNLOAD_TIMEOUT", " 2.5 ")
    assert config.download_timeout() == 2.5
    monkeypatch.delenv("COURSE_DOWNLOAD_TIMEOUT")
    assert config.download_timeout() == config.DEFAULT_TIMEOUT_SECONDS
