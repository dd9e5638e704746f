"""The benchmark command runs end to end (quick mode) and its report covers every lab and model.

The full benchmark (`make benchmark`, ~1 hour) is not a test: it writes docs/benchmarks.md. Here
the same command runs in the fast configuration, and the pieces that parse notebooks and JUnit
reports are checked on small synthetic inputs.
"""

import os
import re
import subprocess
import sys

import nbformat
import pytest

from tools import benchmark, benchmark_labs
from tools.errors import ToolError
from utils import config
from utils.config import REPO_ROOT

SUMMARY_ROW = re.compile(r"^\| (\d\d) \| (.+?) \| ([\d.]+|-) \| (.+?) \| ([\d.]+|-) \| (.+?) \| ([\d.]+|-) \|$", re.M)


def summary(report):
    section = report.split("## Summary", 1)[1].split("\n## ", 1)[0]
    return SUMMARY_ROW.findall(section)


def test_every_solution_has_a_benchmark_entry():
    solutions = sorted(p.stem for p in (REPO_ROOT / "solutions").glob("*.ipynb"))
    assert solutions == sorted(benchmark.LABS), (
        f"solutions {solutions} but tools/benchmark.py benchmarks {sorted(benchmark.LABS)}: add a Lab record to LABS "
        "and a collector to tools/benchmark_labs.py"
    )
    for name, lab in benchmark.LABS.items():
        assert lab.name == name
        # the notebook's kernel finds the collector by its name in tools.benchmark_labs
        assert getattr(benchmark_labs, lab.collector.__name__, None) is lab.collector, (
            f"{name}: the collector must be a function of tools/benchmark_labs.py"
        )


def test_the_readme_links_the_report():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/benchmarks.md" in readme and "make benchmark" in readme


def test_the_stored_report_is_from_the_full_configuration_and_covers_every_lab():
    report = (REPO_ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    assert "configuration **full**" in report
    assert re.search(r"measuring commit `[0-9a-f]{12}`", report)
    for name, lab in benchmark.LABS.items():
        assert f"## {lab.title}" in report, f"docs/benchmarks.md has no section for {name}: run make benchmark"
    assert {row[0] for row in summary(report)} == {lab[:2] for lab in benchmark.LABS}
    grading = report.split("## Grading throughput", 1)[-1].split("\n## ", 1)[0]
    assert "## Grading throughput" in report, "docs/benchmarks.md has no grading throughput: run make benchmark"
    for lab in benchmark.LABS:
        assert re.search(rf"^\| {lab[:2]} \| \d+ \| [\d.]+ / [\d.]+ \| \d+ \|", grading, re.M), (
            f"no grading row for {lab}"
        )
    assert "## CI cost" in report
    full_data = report.split("## Lab 01 on the full data", 1)[-1].split("\n## ", 1)[0]
    assert "## Lab 01 on the full data" in report, "docs/benchmarks.md has no full-data epoch times: run make benchmark"
    for model in ("word average", "SimpleRNN", "LSTM", "BiLSTM"):
        assert re.search(rf"^\| {model} \| \d+ \| \d+ \| \d+ \|", full_data, re.M), (
            f"no full-data epoch row for {model}"
        )


def test_timed_seconds_names_what_the_notebook_did_not_time(monkeypatch):
    from tools import benchmark_labs
    from utils import training

    monkeypatch.setattr(training, "TIMED_SECONDS", {"LSTM": 2.5, "SimpleRNN": 1.0})
    assert benchmark_labs.timed_seconds("LSTM") == {"LSTM": 2.5}
    with pytest.raises(KeyError, match=r"timed no \['BiLSTM'\] \(it timed \['LSTM', 'SimpleRNN'\]\)"):
        benchmark_labs.timed_seconds("LSTM", "BiLSTM")


def test_junit_seconds_adds_up_each_notebook(tmp_path):
    synthetic = tmp_path / "synthetic-junit.xml"
    synthetic.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="solutions.01_toxic_comments.ipynb" name="Cell 0" time="1.5"/>'
        '<testcase classname="solutions.01_toxic_comments.ipynb" name="Cell 1" time="2.0"/>'
        '<testcase classname="lessons.02_task_types.ipynb" name="Cell 0" time="0.25"/>'
        '<testcase classname="tests.test_data" name="test_x" time="0.5"/>'
        '<testcase classname="tests.test_data" name="test_y" time="0.5"/>'
        "</testsuite></testsuites>",
        encoding="utf-8",
    )
    assert benchmark.junit_seconds(synthetic) == {
        "solutions/01_toxic_comments.ipynb": 3.5,
        "lessons/02_task_types.ipynb": 0.25,
        "tests/test_data.py": 1.0,
    }


def test_summary_ratio_is_against_the_baseline_on_the_same_sentences():
    synthetic = {
        "results": [
            {"model": "seq2seq", "decoding": "greedy, all", "sentences": 100, "BLEU": 10.0, "chrF": 1, "seconds": 1},
            {"model": "seq2seq", "decoding": "greedy", "sentences": 10, "BLEU": 5.0, "chrF": 1, "seconds": 1},
            {"model": "attention", "decoding": "beam 4", "sentences": 10, "BLEU": 7.5, "chrF": 1, "seconds": 2},
            {"model": "attention", "decoding": "greedy, all", "sentences": 100, "BLEU": 20.0, "chrF": 1, "seconds": 2},
        ]
    }
    ratios = {row["model"]: row["ratio"] for row in benchmark.summary_rows("03_translator", synthetic)}
    assert ratios["attention, beam 4 (10 sentences)"] == pytest.approx(1.5)
    assert ratios["attention, greedy, all (100 sentences)"] == pytest.approx(2.0)


@pytest.mark.skipif(
    os.environ.get(config.STACK_ENV) == "colab",
    reason="executes the three solutions again; once, on the course stack, is enough",
)
def test_quick_benchmark_runs_end_to_end(tmp_path):
    out = tmp_path / "benchmarks.md"
    run = subprocess.run(
        [sys.executable, "-m", "tools.benchmark", "--quick", "--out", str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert run.returncode == 0, f"make benchmark --quick failed:\n{run.stdout[-2000:]}\n{run.stderr[-3000:]}"
    report = out.read_text(encoding="utf-8")
    assert report.strip() in run.stdout, "the command prints the same report it writes"
    assert "configuration **fast**" in report
    commit = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True
    ).stdout.strip()
    assert f"`{commit}`" in report
    rows = summary(report)
    models = {(lab, model) for lab, model, *_ in rows}
    expected = {
        ("01", "TF-IDF baseline"),
        ("01", "word average"),
        ("01", "SimpleRNN"),
        ("01", "LSTM"),
        ("01", "BiLSTM"),
        ("01", "Peer: BiLSTM(25), 1 epoch"),
        ("02", "SimpleRNN"),
        ("02", "LSTM"),
    }
    assert expected <= models, f"summary rows missing: {expected - models}"
    assert any(lab == "02" and "gram" in model for lab, model in models), "no n-gram baseline row for Lab 02"
    lab02 = {("02", "fine-tuned LSTM"), ("02", "pre-trained LSTM (no fine-tuning)")}
    assert lab02 <= models, f"Lab 02 transfer-learning rows missing: {lab02 - models}"
    assert sum(lab == "02" and "gram" in model for lab, model in models) == 2, "Lab 02 has two n-gram rows"
    assert "**Best recurrent model:" in report, "the Lab 02 details name the best recurrent model and its ratio"
    translator = [model for lab, model in models if lab == "03"]
    for name in ["seq2seq, greedy, all", "attention, greedy, all", "attention, beam", "Peer: char seq2seq"]:
        assert any(model.startswith(name) for model in translator), f"no Lab 03 row for {name}: {translator}"
    for lab, model, seconds, _, value, _, _ in rows:
        assert seconds != "-" and float(seconds) >= 0, f"{lab} {model}: no wall time"
        assert value != "-", f"{lab} {model}: no metric value"


def test_data_source_says_whether_lab_01_ran_on_the_mirror_sample():
    info = {"data source": "local mirror (COURSE_DATA_MIRROR)"}
    sample = {"source": "mirror sample", "rows": {"training (all)": 1000, "test": 1000}}
    assert "a real sample of 2,000 rows" in benchmark.data_source(sample, info)
    assert benchmark.data_source({"source": "full download"}, info).endswith(": full download")
    assert benchmark.data_source({}, info) == "local mirror (COURSE_DATA_MIRROR)"


def test_a_failing_solution_stops_the_benchmark_with_a_message(tmp_path, monkeypatch):
    (tmp_path / "solutions").mkdir()
    synthetic = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("raise ValueError('synthetic failure')")])
    nbformat.write(synthetic, tmp_path / "solutions" / "01_toxic_comments.ipynb")
    monkeypatch.setattr(benchmark, "REPO_ROOT", tmp_path)
    with pytest.raises(
        ToolError,
        match=r"(?s)01_toxic_comments\.ipynb failed while benchmarking: "
        r"ValueError: synthetic failure.*make test",
    ):
        benchmark.run_lab("01_toxic_comments", quick=True, workdir=tmp_path)


def synthetic_translator_result(greedy_bleu, seconds):
    """A synthetic Lab 03 collector result: two models, greedy on all sentences."""
    return {
        "results": [
            {"model": model, "decoding": "greedy, all", "sentences": 100, "BLEU": bleu, "chrF": 1.0, "seconds": secs}
            for model, bleu, secs in zip(["seq2seq", "attention"], greedy_bleu, seconds)
        ]
    }


def test_spread_table_lists_every_seed_and_model():
    result = synthetic_translator_result([10.0, 25.0], [240, 480])
    assert benchmark.spread_lines(result) == [], "no spread table without a second run"
    result["spread"] = {"43": synthetic_translator_result([11.5, 24.25], [250, 470])}
    table = "\n".join(benchmark.spread_lines(result))
    assert "| 42 (the run above) | 10.0 (4.0 min) | 25.0 (8.0 min) |" in table
    assert "| 43 | 11.5 (4.2 min) | 24.2 (7.8 min) |" in table


def test_ablation_section_renders_recorded_runs(tmp_path, monkeypatch):
    synthetic = tmp_path / "synthetic-ablation.json"
    base = {**benchmark.ABLATION_BASE, "cell": "GRU", "att": "additive", "bi": 1}  # a run with the base sizes
    synthetic.write_text(
        benchmark.json.dumps(
            [
                {
                    "options": {**base, "tag": "run-a"},
                    "commit": "abc",
                    "date": "2026-01-01",
                    "params": 1,
                    "epochs": [{"minutes": 3.0, "val_BLEU": 9.66}, {"minutes": 6.3, "val_BLEU": 24.9}],
                    "test_BLEU": 23.1,
                },
                {
                    "options": {**base, "tag": "probe-b", "batch": 256, "att": "dot", "bi": 0, "cell": "LSTM"},
                    "commit": "abc",
                    "date": "2026-01-01",
                    "pairs per second": 524.4,
                },
            ]
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(benchmark, "ABLATION", synthetic)
    text = "\n".join(benchmark.ablation_section())
    assert "| run-a | bidirectional GRU, additive attention | 2 | 6.3 | 9.7 / 24.9 | 23.1 | abc, 2026-01-01 |" in text
    assert "| probe-b | LSTM, dot-product attention (batch 256) | 524 | abc, 2026-01-01 |" in text
    monkeypatch.setattr(benchmark, "ABLATION", tmp_path / "missing.json")
    assert benchmark.ablation_section() == []


def test_grading_section_shows_every_lab_and_the_notes_of_a_wrong_score():
    graded = {
        "isolation": "session",
        "labs": {
            "01_toxic_comments": {
                "build seconds": 8.2,
                "points": 20.0,
                "solution": {"total": 20.0, "seconds": 45.4, "note": ""},
                "blank lab": {"total": 0.0, "seconds": 26.6, "note": ""},
            },
            "02_cookie_names": {
                "build seconds": 9.0,
                "points": 30.0,
                "solution": {"total": 28.0, "seconds": 61.0, "note": "no result for q9"},
                "blank lab": {"total": 0.0, "seconds": 30.2, "note": ""},
            },
        },
    }
    text = "\n".join(benchmark.grading_section(graded))
    assert "Isolation: **session**" in text
    assert "| 01 | 8 | 20 / 20 | 45 | 0 / 20 | 27 |" in text
    assert "| 02 | 9 | 28 / 30 | 61 | 0 / 30 | 30 |" in text
    assert "- 02 solution: no result for q9" in text, "a score that is not the expected one comes with its reason"
    assert "01 solution" not in text, "no note line for a submission without a note"


def test_full_data_section_gives_each_models_seconds_per_epoch():
    measured = {
        "models": {
            "word average": {"train": 0.003, "validate": 0.002, "epoch": 5.7, "slowest epoch": 9.6},
            "BiLSTM": {"train": 0.0351, "validate": 0.0084, "epoch": 52.3, "slowest epoch": 101.0},
        },
        "steps": 150,
        "repeats": 3,
        "source": "sample",
        "train_batches": 1250,
        "validation_batches": 998,
    }
    text = "\n".join(benchmark.full_data_section(measured))
    assert "| word average | 3 | 2 | 6 | 10 |" in text and "| BiLSTM | 35 | 8 | 52 | 101 |" in text
    assert "slowest of 3 runs" in text and "timed 3 times" in text
    assert "40,000" in text and "1,250 batches" in text and "998 batches" in text and "150 training" in text


def test_full_data_epochs_scales_batches_to_a_full_epoch(monkeypatch):
    from tools import full_data_epochs

    monkeypatch.setattr(full_data_epochs, "sample_batches", lambda steps: ([0] * 64, [0] * 64, "stub"))

    class Untrained:
        def fit(self, *args, **kwargs):
            pass

        evaluate = fit

    monkeypatch.setattr(full_data_epochs, "models", lambda: {"stub": Untrained})
    # three timed runs: (train 10 s, validate 5 s), a disturbed one (30 s, 5 s), then (8 s, 6 s)
    clock = [0.0, 10.0, 10.0, 15.0, 15.0, 45.0, 45.0, 50.0, 50.0, 58.0, 58.0, 64.0]
    monkeypatch.setattr(full_data_epochs.time, "perf_counter", iter(clock).__next__)
    measured = full_data_epochs.measure(steps=100, repeats=3)
    stub = measured["models"]["stub"]
    assert stub["train"] == pytest.approx(0.08) and stub["validate"] == pytest.approx(0.06), "the fastest run counts"
    assert stub["epoch"] == pytest.approx(0.08 * 1250 + 0.06 * 998)
    assert stub["slowest epoch"] == pytest.approx(0.3 * 1250 + 0.05 * 998)


def test_benchmark_measures_with_the_notebooks_tensorflow_settings():
    # The benchmark's own process times the full-data epochs, so TensorFlow must start there as it does in a
    # notebook: with utils' settings (oneDNN off), not TensorFlow's defaults.
    env = {k: v for k, v in os.environ.items() if k not in ("TF_ENABLE_ONEDNN_OPTS", "TF_CPP_MIN_LOG_LEVEL")}
    code = (
        "from tools import benchmark; benchmark.machine_info(True, 'test'); import os; "
        "print(os.environ.get('TF_ENABLE_ONEDNN_OPTS'))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["0"], run.stdout
    assert "oneDNN custom operations are on" not in run.stderr, run.stderr[-2000:]
