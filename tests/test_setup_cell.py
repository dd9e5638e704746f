"""The notebooks' setup cell works locally from any folder and does the right thing on Colab."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tools.anatomy import course_settings, setup_cell_source

ROOT = Path(__file__).resolve().parent.parent


def run_setup_cell(cwd, prelude="", env=None):
    code = prelude + "\n" + setup_cell_source()
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def test_locally_it_finds_the_course_from_a_subfolder():
    result = run_setup_cell(ROOT / "lessons", env={"COURSE_FAST": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Configuration: full"), result.stdout


def test_outside_the_course_it_says_what_to_do(tmp_path):
    env = {"PYTHONPATH": ""}
    result = run_setup_cell(tmp_path, env=env)
    assert result.returncode != 0
    assert "Cannot find the course folder" in result.stderr and "make lab" in result.stderr


def test_on_colab_it_clones_once_and_installs_only_the_extras(tmp_path):
    """Simulate Colab: google.colab is imported and subprocess.run is recorded, not run."""
    prelude = (
        "import sys, types, subprocess, json, atexit\n"
        "sys.modules['google.colab'] = types.ModuleType('google.colab')\n"
        "calls = []\n"
        "subprocess.run = lambda cmd, **kw: calls.append(cmd)\n"
        "atexit.register(lambda: print('CALLS=' + json.dumps(calls)))\n"
    )
    result = run_setup_cell(tmp_path, prelude, env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    calls = json.loads(result.stdout.split("CALLS=")[1])
    repo, branch = course_settings()["github_repo"], course_settings()["branch"]
    clone, install = calls
    assert clone[:2] == ["git", "clone"] and "--depth" in clone and f"https://github.com/{repo}.git" in clone
    assert clone[clone.index("--branch") + 1] == branch
    assert clone[-1] == "/content/" + repo.split("/")[1]
    assert install[1:4] == ["-m", "pip", "install"] and install[-1].endswith("requirements/colab-extras.txt")


def test_colab_extras_never_reinstall_the_colab_stack():
    lines = [line.split("#")[0].strip().lower() for line in (ROOT / "requirements" / "colab-extras.txt").read_text().splitlines()]
    reinstalled = [line for line in lines if line.split("==")[0] in {"tensorflow", "tensorflow-cpu", "keras", "numpy", "pandas", "matplotlib", "scikit-learn"}]
    assert not reinstalled, f"Colab ships these already; installing them there breaks the runtime: {reinstalled}"
