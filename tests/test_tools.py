"""The tools' shared plumbing: a ToolError becomes a message and exit code 1 in every main(), and the processes
the tools start inherit the course's TensorFlow settings from ``utils``."""

import json
import os
import subprocess
import sys

import pytest

from tools import benchmark, execute_notebooks, full_data_epochs, grade, make_labs, stamp_notebooks
from tools.errors import ToolError, exits_on_tool_error
from utils import config
from utils.config import REPO_ROOT

# Each tool's main, a function it calls before doing any work, and the arguments that get it there.
MAINS = {
    "benchmark": (benchmark, "machine_info", ["--quick"]),
    "execute_notebooks": (execute_notebooks, "execute", ["--no-write", "solutions/01_toxic_comments.ipynb"]),
    "full_data_epochs": (full_data_epochs, "measure", []),
    "grade": (grade, "grade", ["01_toxic_comments", "submissions", "--out", "grades"]),
    "make_labs": (make_labs, "generate", ["solutions/01_toxic_comments.ipynb"]),
    "stamp_notebooks": (stamp_notebooks, "uncommitted_course_code", []),
}
# The course's settings for TensorFlow, which importing utils puts into the environment (utils/__init__.py).
TF_SETTINGS = ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS", "KERAS_BACKEND")


def test_exits_on_tool_error_prints_the_message_and_returns_1(capsys):
    @exits_on_tool_error
    def main(argv=None):
        if argv == ["fail"]:
            raise ToolError("what was wrong; what to do")
        if argv == ["bug"]:
            raise KeyError("a bug")
        return 0

    assert main([]) == 0
    assert main(["fail"]) == 1
    assert capsys.readouterr() == ("", "what was wrong; what to do\n")
    with pytest.raises(KeyError):  # only a ToolError is a message for the user; anything else is a bug
        main(["bug"])


@pytest.mark.parametrize("tool", MAINS)
def test_every_main_turns_a_tool_error_into_its_message_and_exit_code_1(tool, monkeypatch, capsys):
    module, step, argv = MAINS[tool]

    def fails(*args, **kwargs):
        raise ToolError(f"synthetic failure in {tool}.{step}")

    monkeypatch.setattr(module, step, fails)
    monkeypatch.chdir(REPO_ROOT)
    assert module.main(argv) == 1
    assert capsys.readouterr().err == f"synthetic failure in {tool}.{step}\n"


def test_library_functions_raise_tool_error_not_system_exit(tmp_path):
    with pytest.raises(ToolError, match=r"No lab named 'no_such_lab': solutions/no_such_lab\.ipynb does not exist"):
        grade.grade("no_such_lab", tmp_path, tmp_path / "grades")
    with pytest.raises(ToolError, match="is not a folder of submissions"):
        grade.grade("01_toxic_comments", tmp_path / "missing", tmp_path / "grades")


def python(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run this Python with ``args`` in the course folder, as a fresh process (nothing imported yet)."""
    return subprocess.run([sys.executable, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_the_command_line_prints_the_message_and_exits_1(tmp_path):
    # What `raise SystemExit(message)` did before ToolError: the message alone on stderr, exit code 1.
    run = python("-m", "tools.grade", "no_such_lab", str(tmp_path), "--out", str(tmp_path / "grades"))
    labs = ", ".join(sorted(p.stem for p in (REPO_ROOT / "solutions").glob("*.ipynb")))
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr == f"No lab named 'no_such_lab': solutions/no_such_lab.ipynb does not exist (labs: {labs}).\n"


def test_ablate_translator_reports_an_unknown_option():
    # its main() takes its options from sys.argv at import, so it runs as a command here
    run = python("-m", "tools.ablate_translator", "colour=blue")
    assert run.returncode == 1, run.stderr[-2000:]
    assert run.stderr.endswith(
        "unknown option(s) ['colour']; the options are ['att', 'batch', 'bi', 'bucket', "
        "'cell', 'emb', 'epochs', 'jit', 'lr', 'onednn', 'proj', 'seed', 'steps', 'sv', "
        "'tag', 'tv', 'units', 'unroll', 'valn']\n"
    ), run.stderr[-2000:]
    assert "Traceback" not in run.stderr


def without_tf_settings() -> dict[str, str]:
    """This environment without the settings utils sets, as a shell that never imported utils has it."""
    return {key: value for key, value in os.environ.items() if key not in TF_SETTINGS}


@pytest.mark.parametrize("tool", ["grade", "make_labs", "execute_notebooks", "full_data_epochs"])
def test_a_tool_gives_its_child_processes_the_course_settings(tool):
    code = f"import os\nimport tools.{tool}\nprint(*(os.environ.get(key) for key in {TF_SETTINGS!r}))"
    run = python("-c", code, env=without_tf_settings())
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["2", "0", "tensorflow"]


def test_otter_runs_with_the_course_settings(tmp_path):
    # make labs (otter assign) and make grade (otter run) start otter with this environment
    code = (
        "import json, pathlib, sys\nfrom tools.make_labs import otter_env\n"
        f"print(json.dumps(otter_env(pathlib.Path(sys.argv[1]), {config.FAST_ENV}='1')))"
    )
    run = python("-c", code, str(tmp_path / "otter-tmp"), env=without_tf_settings())
    assert run.returncode == 0, run.stderr[-2000:]
    env = json.loads(run.stdout)
    assert env["TF_CPP_MIN_LOG_LEVEL"] == "2" and env[config.FAST_ENV] == "1"
    assert env["TMPDIR"] == str(tmp_path / "otter-tmp") and (tmp_path / "otter-tmp").is_dir()


def test_stamping_a_notebook_without_its_title_or_setup_cell_is_a_tool_error():
    import nbformat

    from tools.anatomy import badge

    untitled = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Lesson 99 · Synthetic")])
    with pytest.raises(ToolError, match="the first cell must be the markdown title with the Colab badge"):
        stamp_notebooks.stamp(untitled, "lessons/99_synthetic.ipynb")
    title = nbformat.v4.new_markdown_cell(f"# Lesson 99 · Synthetic\n\n{badge('lessons/99_synthetic.ipynb')}")
    without_setup = nbformat.v4.new_notebook(cells=[title])
    with pytest.raises(ToolError, match="the second cell must be the setup cell"):
        stamp_notebooks.stamp(without_setup, "lessons/99_synthetic.ipynb")
