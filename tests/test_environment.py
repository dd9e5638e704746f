"""The installed stack: environment.yml (conda) names the same packages and versions as requirements/course.txt,
the pins are installed, and Keras runs on TensorFlow without XLA on a CPU."""

import re

import pytest
import yaml

from utils import config
from utils.config import REPO_ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^;\s]+)")


def pins(lines):
    """{package: version} from requirement lines; tensorflow-cpu counts as tensorflow."""
    found = {}
    for line in lines:
        match = PIN.match(line.strip())
        if match:
            name = match.group(1).lower().replace("_", "-")
            found[{"tensorflow-cpu": "tensorflow"}.get(name, name)] = match.group(2)
    return found


def requirement_lines(path):
    lines = []
    for line in path.read_text().splitlines():
        if line.startswith("-r "):
            lines += requirement_lines(path.parent / line.split(maxsplit=1)[1])
        else:
            lines.append(line)
    return lines


def test_conda_environment_matches_the_pip_pins():
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    conda_pins, pip_pins = pins(pip_section), pins(requirement_lines(REPO_ROOT / "requirements" / "course.txt"))
    assert conda_pins == pip_pins, (
        "environment.yml and requirements/course.txt disagree:\n"
        f"  only in environment.yml: {sorted(set(conda_pins.items()) - set(pip_pins.items()))}\n"
        f"  only in course.txt:      {sorted(set(pip_pins.items()) - set(conda_pins.items()))}"
    )
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert re.fullmatch(r"python=3\.1[123]", python), f"conda python must be 3.11-3.13, got {python!r}"


def test_every_requirement_is_pinned():
    for name in ("course.txt", "colab.txt", "colab-extras.txt", "dev.txt"):
        for line in requirement_lines(REPO_ROOT / "requirements" / name):
            line = line.split("#")[0].strip()
            assert not line or PIN.match(line), f"requirements/{name}: {line!r} is not pinned with =="


def test_colab_stack_is_the_one_colab_ships():
    colab = pins(requirement_lines(REPO_ROOT / "requirements" / "colab.txt"))
    expected = {
        "tensorflow": "2.20.0",
        "keras": "3.13.2",
        "numpy": "2.1.3",
        "pandas": "2.2.3",
        "matplotlib": "3.10.0",
        "scikit-learn": "1.6.1",
    }
    assert {k: colab.get(k) for k in expected} == expected


def test_the_installed_stack_is_keras_3_on_tensorflow():
    import keras

    assert int(keras.__version__.split(".")[0]) == 3
    assert keras.backend.backend() == "tensorflow"


def test_installed_packages_are_the_pinned_stack():
    """`make test` runs once per stack; each run must really have that stack installed."""
    import os
    import sys
    from importlib.metadata import PackageNotFoundError, version

    import pytest

    stack = os.environ.get(config.STACK_ENV)
    if not stack:
        pytest.skip("COURSE_STACK is not set (it is set by `make test`)")
    wanted = pins(requirement_lines(REPO_ROOT / "requirements" / f"{stack}.txt"))
    for name, pinned in wanted.items():
        candidates = [name] + (["tensorflow-cpu"] if name == "tensorflow" else [])
        installed = []
        for candidate in candidates:
            try:
                installed.append(version(candidate))
            except PackageNotFoundError:
                pass
        assert pinned in installed, (
            f"{stack} stack: {name}=={pinned} pinned, {installed or 'nothing'} installed in {sys.prefix}"
        )


def test_xla_stays_off_on_cpu():
    """Keras' jit_compile="auto" must resolve to False on a CPU-only machine (XLA made LSTMs slower here)."""
    import keras
    import tensorflow as tf

    if tf.config.list_physical_devices("GPU"):
        pytest.skip("a GPU is present: XLA may rightly be on")
    model = keras.Sequential([keras.Input(shape=(5, 1)), keras.layers.LSTM(2)])
    model.compile(optimizer="adam", loss="mse")
    assert model.jit_compile is False
