"""Notebook anatomy (see CONTRIBUTING.md): every course notebook has the same frame."""

import re

import nbformat
import pytest

from tools.anatomy import BADGE_RE, REPO_ROOT, badge, notebook_paths, setup_cell_source
from tools.execute_notebooks import leaked_paths
from tools.stamp_notebooks import stamp, stamp_readme

NOTEBOOKS = notebook_paths()
IDS = [p.relative_to(REPO_ROOT).as_posix() for p in NOTEBOOKS]


def load(path):
    return nbformat.read(path, as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_there_are_notebooks():
    assert any(p.parent.name == "lessons" for p in NOTEBOOKS), "no lesson notebooks found"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_valid_nbformat4_with_python3_kernel(path):
    nb = load(path)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert nb.metadata.kernelspec.name == "python3", "kernelspec must be python3 (Colab and nbval use it)"
    assert nb.metadata.kernelspec.language == "python"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_title_cell_has_a_badge_to_this_notebook(path):
    title = load(path).cells[0]
    rel = path.relative_to(REPO_ROOT).as_posix()
    assert title.cell_type == "markdown" and title.source.startswith("# "), "first cell: markdown '# Title'"
    assert badge(rel) in title.source, f"the Colab badge must point at {rel} (run `make stamp`)"
    assert "objectives" in title.source.lower(), "the title cell lists the learning objectives"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_second_cell_is_the_exact_setup_cell(path):
    setup = load(path).cells[1]
    assert setup.cell_type == "code"
    assert setup.source == setup_cell_source(), "the setup cell differs from tools/anatomy.py (run `make stamp`)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_numbered_sections_summary_and_next_steps(path):
    headers = [
        line
        for c in load(path).cells
        if c.cell_type == "markdown"
        for line in c.source.splitlines()
        if line.startswith("## ")
    ]
    numbers = [int(m.group(1)) for h in headers if (m := re.match(r"## (\d+)\. ", h))]
    assert numbers and numbers == list(range(1, len(numbers) + 1)), f"sections must be numbered 1, 2, ...: {headers}"
    assert "## Summary" in headers and "## Next steps" in headers, "end with '## Summary' and '## Next steps'"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_outputs_are_stored_only_where_they_should_be(path):
    nb = load(path)
    cells = code_cells(nb)
    if path.parent.name == "labs":
        assert all(not c.outputs and c.execution_count is None for c in cells), "labs are committed without outputs"
    else:
        missing = [i for i, c in enumerate(cells) if c.execution_count is None]
        assert not missing, f"lessons and solutions are committed executed; code cells {missing} never ran"
        counts = [c.execution_count for c in cells]
        assert counts == list(range(1, len(cells) + 1)), "executed top to bottom in one run (make execute)"
        errors = [o.get("ename") for c in cells for o in c.outputs if o.output_type == "error"]
        assert not errors, f"stored outputs contain errors: {errors}"


def output_texts(cell):
    """Every text a cell's stored outputs show: streams, text/* data and tracebacks."""
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            yield out.output_type, out.text
        for mime, value in out.get("data", {}).items():
            if mime.startswith("text/"):
                yield mime, value if isinstance(value, str) else "".join(value)
        yield from (("traceback", line) for line in out.get("traceback", []))


LONGEST_PRINTED_OUTPUT = 40  # lines: an epoch log belongs in a plot or one line per run


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_outputs_read_cleanly_on_github(path):
    ansi, long = [], []
    for i, cell in enumerate(code_cells(load(path))):
        printed = 0
        for kind, shown in output_texts(cell):
            if "\x1b[" in shown:
                ansi.append((i, kind, shown[:80]))
            printed += shown.count("\n") if kind == "stream" else 0
        if printed > LONGEST_PRINTED_OUTPUT:
            long.append((i, printed))
    assert not ansi, (
        f"code cells (counting from 0) store ANSI escape codes, shown as garbage on GitHub: {ansi[:3]}; "
        "print plain text instead of keras.utils.Progbar or a model summary's colours"
    )
    assert not long, (
        f"code cells (counting from 0, with line counts) print more than {LONGEST_PRINTED_OUTPUT} "
        f"lines: {long}; train with verbose=0 and show a plot or one line per run"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_machine_paths_or_legacy_keras(path):
    nb = load(path)
    leaks = leaked_paths(nb)
    assert not leaks, f"sources or outputs contain machine paths: {leaks[:3]}"
    sources = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "tf.keras" not in sources and "TF_USE_LEGACY_KERAS" not in sources, "use Keras 3: `import keras`"


@pytest.mark.parametrize(
    "path", [p for p in NOTEBOOKS if p.parent.name == "lessons"], ids=[i for i in IDS if i.startswith("lessons/")]
)
def test_lessons_check_real_outputs(path):
    checked = [c for c in code_cells(load(path)) if c.source.startswith("# NBVAL_CHECK_OUTPUT")]
    assert len(checked) >= 3, "mark the deterministic cells '# NBVAL_CHECK_OUTPUT' so nbval compares outputs"
    assert all(c.outputs for c in checked), "a checked cell must have a stored output to compare"


def test_stamp_rewrites_badge_and_setup_for_a_fork():
    nb = load(NOTEBOOKS[0])
    rel = NOTEBOOKS[0].relative_to(REPO_ROOT).as_posix()
    assert stamp(nb, rel) is False, "the committed notebook is already stamped"
    assert stamp(nb, rel, repo="someone/fork", branch="dev", ref="v2.0") is True
    assert f"github/someone/fork/blob/dev/{rel}" in BADGE_RE.search(nb.cells[0].source).group(0)
    assert 'COURSE_REPO, COURSE_REF = "someone/fork", "v2.0"' in nb.cells[1].source
    assert setup_cell_source() not in nb.cells[1].source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_readme_course_map_lists_the_notebook_with_its_badge(path):
    readme = (REPO_ROOT / "README.md").read_text()
    rel = path.relative_to(REPO_ROOT).as_posix()
    if path.parent.name == "solutions":
        rel = rel.replace("solutions/", "labs/", 1)  # the map lists labs; their solutions sit beside them
    assert f"]({rel})" in readme, f"README course map: no link to {rel}"
    assert badge(rel) in readme, f"README course map: no Colab badge for {rel} (run `make stamp`?)"


def test_stamp_rewrites_the_readme_links_for_a_fork():
    readme = (REPO_ROOT / "README.md").read_text()
    assert stamp_readme(readme) == readme, "README links are out of date (run `make stamp`)"
    forked = stamp_readme(readme, repo="someone/fork", branch="dev")
    assert forked.count("colab.research.google.com/github/someone/fork/blob/dev/") == readme.count(
        "colab.research.google.com/github/"
    )


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.parent.name in ("labs", "solutions")], ids=str)
def test_each_lab_states_its_run_time_and_how_to_hand_it_in(path):
    nb = load(path)
    opening = "\n".join(cell.source for cell in nb.cells[:6] if cell.cell_type == "markdown")
    assert "**Run time.**" in opening and "GPU" in opening, "say at the top how long the lab takes, on Colab too"
    assert "**Handing in.**" in opening, "say at the top how to hand the lab in"
    last = nb.cells[-1]
    assert last.cell_type == "markdown" and last.source.startswith("## Handing in"), "end with how to hand in"
    for text in (opening, last.source):
        assert f"{path.stem}-<your name>.ipynb" in text and "Download" in text and "grader.export()" in text


SOLUTIONS = [p for p in NOTEBOOKS if p.parent.name == "solutions"]


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_every_solution_line_is_a_whole_statement(path):
    """otter replaces a line that ends in `# SOLUTION` by `...`: a statement the formatter split over lines
    would leave the rest of it behind in the student's lab. Keep such a line whole (add `# fmt: skip`)."""
    broken = []
    for cell in code_cells(load(path)):
        for line in cell.source.splitlines():
            code = line.split("# SOLUTION")[0]
            if code != line:
                try:  # inside a function, so that `return ...` is a whole statement too
                    compile("def solution():\n    " + code.strip(), path.name, "exec")
                except SyntaxError:
                    broken.append(line.strip())
    assert not broken, f"{path.name}: these # SOLUTION lines are parts of a statement: {broken}"
