"""Benchmark report: each lab's models against their baselines and a published-style peer, plus CI cost.

    make benchmark                                   # full configuration, writes docs/benchmarks.md (~1 hour)
    python -m tools.benchmark --quick                # fast configuration, prints the tables (a few minutes)
    python -m tools.benchmark --labs 02_cookie_names --no-ci-cost --out /tmp/b.md

Each lab's solution notebook is executed headless, seeded, in a fresh kernel (nothing is written
back to it). Then, in the same kernel, ``tools.benchmark_labs`` reads the notebook's own results,
trains the peer model on the same split and hands back JSON. Wall times come from the notebook's
``utils.training.timed`` blocks. The CI cost is measured by
running ``.ci/run`` on a fresh clone of the commit, with pytest's JUnit reports giving the time
of each notebook on each stack. Benchmarks are this script, never a timed test.

What the benchmark knows about a lab (its collector, its tables) is one ``Lab`` record in ``LABS``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import nbformat
from nbclient.exceptions import CellExecutionError

from tools import benchmark_labs, full_data_epochs  # each imports utils before TensorFlow, as a notebook does
from tools.errors import ToolError, exits_on_tool_error
from tools.execute_notebooks import run_notebook
from utils import config
from utils.config import REPO_ROOT

DEFAULT_OUT = REPO_ROOT / "docs" / "benchmarks.md"
ABLATION = REPO_ROOT / "docs" / "translator_ablation.json"  # written by tools.ablate_translator


@dataclass(frozen=True)
class Lab:
    """Everything the benchmark knows about one lab: adding a lab means adding one record to ``LABS``.

    The collector runs in the kernel of the lab's executed solution and returns the JSON-ready result;
    the table builders turn that result into the lab's rows of the summary and its own section.
    """

    name: str  # the notebooks' name: solutions/<name>.ipynb
    title: str  # the heading of its section in the report
    data: str  # its data set, in the Data table
    metric: str  # the metric of the summary table
    digits: int  # decimals of the metric (and its baseline) in the summary table
    baseline: str | None  # the model the summary compares with; None: the one the result names ("baseline")
    collector: Callable[..., dict]  # a collect_* function of tools.benchmark_labs: (namespace[, with_peer])
    model_rows: Callable[[dict, str], list[dict]]  # (result, baseline) -> summary rows without their ratio
    details: Callable[[dict], list[str]]  # result -> the lines of its section, under its title
    extra_sections: Callable[[], list[str]] = list  # sections of its own that follow (Lab 03: the ablations)
    spread_seeds: tuple[int, ...] = ()  # full runs again with COURSE_SEED=seed (no peer): the run-to-run spread


# --- running a notebook -----------------------------------------------------------------------


def run_lab(name: str, quick: bool, workdir: Path, seed: int | None = None) -> dict:
    """Execute the lab's solution headless; return what its collector (tools.benchmark_labs) found, and the time.

    With `seed`, the notebook runs with COURSE_SEED=seed and without the peer (a spread run).
    """
    lab = LABS[name]
    path = REPO_ROOT / "solutions" / f"{name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    out = workdir / f"{name}-{seed}.json"
    nb.cells.append(
        nbformat.v4.new_code_cell(
            f"from tools import benchmark_labs\n"
            f"benchmark_labs.collect(benchmark_labs.{lab.collector.__name__}, globals(), {str(out)!r}, "
            f"with_peer={seed is None})"
        )
    )
    os.environ[config.FAST_ENV] = "1" if quick else "0"
    if seed is None:
        os.environ.pop(config.SEED_ENV, None)
    else:
        os.environ[config.SEED_ENV] = str(seed)
    started = time.perf_counter()
    try:
        run_notebook(nb, path.parent, timeout=None)
    except CellExecutionError as error:
        raise ToolError(
            f"solutions/{name}.ipynb failed while benchmarking: {error.ename}: {error.evalue}\n"
            "Run `make test` to see which cell fails, fix it, then run the benchmark again."
        ) from None
    finally:
        os.environ.pop(config.SEED_ENV, None)
    result = json.loads(out.read_text(encoding="utf-8"))
    result["notebook seconds"] = time.perf_counter() - started
    return result


# --- the tables -------------------------------------------------------------------------------


def md_table(headers: list[str], rows: list[list]) -> str:
    """A GitHub markdown table; numbers right-aligned."""

    def fmt(value):
        return "-" if value is None else str(value)

    align = [
        "---:"
        if rows
        and all(
            isinstance(row[i], (int, float)) or row[i] is None or re.fullmatch(r"[\d.,% -]*", str(row[i]))
            for row in rows
        )
        else "---"
        for i in range(len(headers))
    ]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def mean_defined(scores: dict) -> float:
    """The mean of the scores that are defined (not None), NaN if none is."""
    values = [v for v in scores.values() if v is not None]
    return sum(values) / len(values) if values else math.nan


def format_number(value, digits=3) -> str:
    """`value` with `digits` decimals, "-" when it is missing (None or NaN)."""
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def summary_rows(name: str, result: dict) -> list[dict]:
    """One row per model: wall time, the lab's metric, the baseline's value and the ratio."""
    lab = LABS[name]
    rows = lab.model_rows(result, lab.baseline or result["baseline"])
    for row in rows:
        row["ratio"] = row["value"] / row["baseline"] if row["baseline"] else math.nan
    return rows


def render_report(
    results: dict, info: dict, ci: dict | None, grading: dict | None = None, full_data: dict | None = None
) -> str:
    """The markdown report (docs/benchmarks.md): the labs' `results` (keyed by lab name) and the other measurements."""
    quick = info["configuration"] == "fast"
    parts = [
        "# Benchmarks",
        "",
        f"Written by `{info['command']}` on {info['date']}, measuring commit `{info['commit']}`"
        f"{' (with uncommitted changes)' if info['dirty'] else ''}, configuration **{info['configuration']}**"
        + (
            " (the fast configuration of the tests: tiny data, numbers mean nothing)."
            if quick
            else " (what students run and what the stored notebook outputs show)."
        ),
        "Each lab's solution notebook was executed headless, seeded, in a fresh kernel; the peers were trained "
        "in the same kernel on the same split. Wall times are training times on this machine, measured while "
        "nothing else ran. Expect the numbers to differ slightly from the notebooks' stored outputs, which come "
        "from another run: multithreaded floating-point sums on a CPU are not repeated bit for bit, even with "
        "every seed fixed.",
        "",
        "## Machine",
        "",
        md_table(
            ["cores", "CPU", "GPU", "memory", "Python", "TensorFlow", "Keras", "stack"],
            [
                [
                    info["cores"],
                    info["cpu"],
                    info["gpu"],
                    info["memory"],
                    info["python"],
                    info["tensorflow"],
                    info["keras"],
                    info["stack"],
                ]
            ],
        ),
        "",
        "## Data",
        "",
        md_table(
            ["lab", "data set", "source", "rows"],
            [
                [
                    name[:2],
                    LABS[name].data,
                    data_source(result, info),
                    ", ".join(f"{part} {count:,}" for part, count in result["rows"].items()),
                ]
                for name, result in results.items()
            ],
        ),
        "",
        "## Summary: each model against its lab's baseline",
        "",
        "Ratio = metric / baseline metric: above 1 is better for ROC-AUC and BLEU, below 1 is better for "
        "cross-entropy. Wall time is the time to train the model (the n-gram: to count).",
        "",
    ]
    rows = []
    for name, result in results.items():
        lab = LABS[name]
        for row in summary_rows(name, result):
            rows.append(
                [
                    name[:2],
                    row["model"],
                    format_number(row["seconds"], 1),
                    lab.metric,
                    format_number(row["value"], lab.digits),
                    f"{row['baseline name']}: {format_number(row['baseline'], lab.digits)}",
                    format_number(row["ratio"], 2),
                ]
            )
    parts += [md_table(["lab", "model", "wall time (s)", "metric", "value", "baseline", "ratio"], rows), ""]
    parts += [
        md_table(
            ["lab", "notebook executed in (s)"],
            [[name[:2], format_number(result["notebook seconds"], 0)] for name, result in results.items()],
        ),
        "",
    ]
    for name, result in results.items():
        lab = LABS[name]
        parts += [f"## {lab.title}", ""] + lab.details(result) + [""] + lab.extra_sections()
    if full_data is not None:
        parts += full_data_section(full_data)
    if grading is not None:
        parts += grading_section(grading)
    if ci is None:
        parts += [
            "## CI cost",
            "",
            "Not measured in this run (`--quick` or `--no-ci-cost`); `make benchmark` measures it on a fresh clone.",
            "",
        ]
    else:
        parts += ci_section(ci)
    return "\n".join(parts)


def data_source(result: dict, info: dict) -> str:
    """Where a lab's rows came from; for Lab 01, whether they are the mirror's sample or the full download."""
    if result.get("source") == "mirror sample":
        rows = result["rows"]
        return (
            f"{info['data source']}: a real sample of {rows['training (all)'] + rows['test']:,} rows "
            "(the full data comes by download)"
        )
    return f"{info['data source']}: {result['source']}" if "source" in result else info["data source"]


# --- Lab 01: toxic comments -------------------------------------------------------------------


def toxic_comments_rows(result: dict, baseline: str) -> list[dict]:
    """Each model's mean ROC-AUC over the labels, against the baseline's."""
    seconds = result["seconds"]
    values = {model: mean_defined(scores) for model, scores in result["auc"].items()}
    return [
        {
            "model": model,
            "seconds": seconds[model],
            "value": value,
            "baseline": values[baseline],
            "baseline name": baseline,
        }
        for model, value in values.items()
    ]


def toxic_comments_details(result: dict) -> list[str]:
    """ROC-AUC per label and model, and what the controls and the peer are."""
    models = list(result["auc"])
    rows = [
        [label, result["positives"][label]] + [format_number(result["auc"][m][label]) for m in models]
        for label in result["positives"]
    ]
    rows.append(["mean", ""] + [format_number(mean_defined(result["auc"][m])) for m in models])
    return [
        "ROC-AUC per label on the test comments (`-`: undefined, one class only). The word average "
        "(Embedding -> GlobalAveragePooling1D, order-blind) and the one-directional LSTM are the notebook's "
        "controls, trained like its SimpleRNN and BiLSTM. The peer is "
        "Embedding(128) -> Bidirectional LSTM(25, every step) -> GlobalMaxPool -> Dense(6, sigmoid), "
        f"one epoch, Adam, batch 32, on the lab's tokens and training rows: here one epoch is "
        f"{math.ceil(result['rows']['training (fit)'] / 32):,} updates"
        + (
            ", so the peer has barely started learning: the published one epoch was over the full data set."
            if result.get("source") == "mirror sample"
            else "."
        ),
        "",
        md_table(["label", "positives"] + models, rows),
    ]


# --- Lab 02: cookie names ---------------------------------------------------------------------


def cookie_names_rows(result: dict, baseline: str) -> list[dict]:
    """Each model's held-out cross-entropy, against the baseline n-gram's (the notebook's NGRAM)."""
    models = result["models"]
    return [
        {
            "model": name,
            "seconds": m["seconds"],
            "value": m["cross-entropy"],
            "baseline": models[baseline]["cross-entropy"],
            "baseline name": baseline,
        }
        for name, m in models.items()
    ]


def cookie_names_details(result: dict) -> list[str]:
    """Cross-entropy, perplexity and the generated names' statistics per model, and the best recurrent model."""
    models, baseline = result["models"], result["baseline"]

    def share(m, key):
        return f"{m[key]:.1%}" if key in m else "-"

    rows = [["uniform", "-", format_number(result["uniform cross-entropy"]), "-", "-", "-", "-", "-"]]
    rows += [
        [
            name,
            m["trained on"],
            format_number(m["cross-entropy"]),
            format_number(m["cross-entropy"] / models[baseline]["cross-entropy"], 2),
            format_number(math.exp(m["cross-entropy"]), 2),
            share(m, "new"),
            share(m, "ended"),
            format_number(m["mean length"], 1) if "mean length" in m else "-",
        ]
        for name, m in models.items()
    ]
    rows.append(["real names (test)", "-", "-", "-", "-", "-", "-", format_number(result["real mean length"], 1)])
    recurrent = {name: m for name, m in models.items() if "gram" not in name}
    best = min(recurrent, key=lambda name: recurrent[name]["cross-entropy"])
    ratio = recurrent[best]["cross-entropy"] / models[baseline]["cross-entropy"]
    pre = result["pretraining"]
    return [
        f"Held-out cross-entropy per character (all models on the same test names) and "
        f"{result['generated']:,} names sampled per generator at temperature 1: the share that is new "
        "(not a training name), the share that ended with the end marker (not cut at the length cap), "
        f"and the mean length. Pre-training: {pre['titles']:,} recipe titles that are not cookie names "
        f"({pre['held-out names among the titles']} held-out names among them), {pre['epochs']} epochs, "
        f"{pre['seconds']:.0f} s.",
        "",
        f"**Best recurrent model: {best}, {ratio:.2f} x the {baseline}'s cross-entropy** (target: 0.90 or less).",
        "",
        md_table(
            ["model", "trained on", "cross-entropy", f"x {baseline}", "perplexity", "new", "ended", "mean length"], rows
        ),
    ]


# --- Lab 03: translator -----------------------------------------------------------------------


def translator_rows(result: dict, baseline: str) -> list[dict]:
    """Each model and decoding's BLEU, against the baseline model's greedy BLEU on the same sentences."""
    # the same sentences: all test sentences, or the sample that beam search decodes
    greedy = {
        r["sentences"]: r["BLEU"]
        for r in result["results"]
        if r["model"] == baseline and r["decoding"].startswith("greedy")
    }
    return [
        {
            "model": f"{r['model']}, {r['decoding']} ({r['sentences']:,} sentences)",
            "seconds": r["seconds"],
            "value": r["BLEU"],
            "baseline": greedy[r["sentences"]],
            "baseline name": f"{baseline} greedy",
        }
        for r in result["results"]
    ]


def translator_details(result: dict) -> list[str]:
    """BLEU and chrF per model and decoding, validation curves, run-to-run spread and the peer's translations."""
    peer = result["peer"]
    rows = [
        [
            r["model"],
            r["decoding"],
            f"{r['sentences']:,}",
            format_number(r["BLEU"], 1),
            format_number(r["chrF"], 1),
            format_number(r["seconds"] / 60, 1),
        ]
        for r in result["results"]
    ]
    examples = [f"- `{english}` -> `{french}`" for english, french in result["peer examples"]]
    training = (
        sum(
            r["seconds"]
            for r in {r["model"]: r for r in result["results"] if not r["model"].startswith("Peer")}.values()
        )
        / 60
    )
    curve = result["validation BLEU per epoch"]
    models = [name for name in curve if name != "sentences"]
    lines = [
        f"Corpus BLEU and chrF (sacrebleu, against every reference of each English sentence). Beam width "
        f"{result['beam width']}, on a fixed sample of the test sentences. Both models trained for "
        f"{result['epochs']} epochs, **{training:.1f} min of training together**. The peer is a character-level "
        f"encoder-decoder of the keras-io `lstm_seq2seq` kind (one-hot characters, LSTM 256, RMSprop, "
        f"batch 64, spaces as padding counted in the loss, greedy decoding), trained on the same "
        f"{peer['training pairs']:,} training pairs for the attention model's training time "
        f"({result['budget seconds'] / 60:.1f} min): it managed {peer['epochs']:.2f} epochs. A character model "
        f"must learn to spell before it can translate; the keras-io example trains for 100 epochs.",
        "",
        md_table(["model", "decoding", "sentences", "BLEU", "chrF", "training (min)"], rows),
        "",
        f"Greedy BLEU on {curve['sentences']:,} validation sentences after each epoch (the notebook's checkpoints):",
        "",
        md_table(
            ["epoch"] + models,
            [[epoch + 1] + [format_number(curve[m][epoch], 1) for m in models] for epoch in range(result["epochs"])],
        ),
        "",
    ]
    lines += spread_lines(result) + ["Peer translations (greedy):", ""] + examples
    return lines


def spread_lines(result: dict) -> list[str]:
    """The run-to-run spread: the same notebook with other seeds (COURSE_SEED), greedy BLEU on all sentences."""
    runs = {"42 (the run above)": result, **{str(seed): run for seed, run in result.get("spread", {}).items()}}
    if len(runs) < 2:
        return []

    def cell(run, model):
        row = next(r for r in run["results"] if r["model"] == model and r["decoding"] == "greedy, all")
        return f"{row['BLEU']:.1f} ({row['seconds'] / 60:.1f} min)"

    models = [
        r["model"] for r in result["results"] if r["decoding"] == "greedy, all" and not r["model"].startswith("Peer")
    ]
    return [
        "Run-to-run spread: the whole notebook again with another seed (initial weights, shuffling), "
        "greedy BLEU on all test sentences (training minutes):",
        "",
        md_table(["seed"] + models, [[seed] + [cell(run, m) for m in models] for seed, run in runs.items()]),
        "",
    ]


def ablation_section() -> list[str]:
    """Lab 03's ablation runs (tools.ablate_translator), if any were recorded."""
    if not ABLATION.is_file():
        return []
    records = json.loads(ABLATION.read_text(encoding="utf-8"))
    trained = [r for r in records if "epochs" in r]
    probes = [r for r in records if "pairs per second" in r]

    def variant(options):
        encoder = ("bidirectional " if options["bi"] else "") + options["cell"]
        attention = {"none": "no attention", "dot": "dot-product attention", "additive": "additive attention"}[
            options["att"]
        ]
        extras = [
            f"{key} {options.get(key, 0)}"
            for key in ("units", "batch", "lr", "proj", "tv", "bucket", "jit", "onednn", "unroll")
            if str(options.get(key, 0)) != str(ABLATION_BASE[key])
        ]
        return f"{encoder}, {attention}" + (f" ({', '.join(extras)})" if extras else "")

    def measured(record):
        return f"{record['commit']}, {record['date']}" + (f": {record['note']}" if record.get("note") else "")

    lines = [
        "## Lab 03: ablations (what the recipe rests on)",
        "",
        "Measured with `python -m tools.ablate_translator` (the commit checked out and the date of each run are "
        "given; runs recorded before the script was committed used its draft, with the same model and data code), "
        "which trains variants of the lab's model on the same data, split, vocabularies and pipeline (decoder "
        "input without `[end]`, masks passed to every recurrent layer, reshuffled every epoch), one run each, "
        "seed 42, and decodes greedily with the training model itself. Validation BLEU: "
        "greedy, 500 fixed validation sentences; test BLEU: greedy, all test sentences. Unless a row says "
        f"otherwise: {ABLATION_BASE['units']} units, embeddings {ABLATION_BASE['emb']}, "
        f"batch {ABLATION_BASE['batch']}, Adam {ABLATION_BASE['lr']}, "
        f"vocabularies {ABLATION_BASE['sv']:,}/{ABLATION_BASE['tv']:,}.",
        "",
    ]
    if trained:
        rows = [
            [
                r["options"]["tag"],
                variant(r["options"]),
                len(r["epochs"]),
                format_number(r["epochs"][-1]["minutes"], 1),
                " / ".join(format_number(e["val_BLEU"], 1) for e in r["epochs"]),
                format_number(r["test_BLEU"], 1),
                measured(r),
            ]
            for r in trained
        ]
        lines += [
            md_table(
                ["run", "variant", "epochs", "training (min)", "validation BLEU per epoch", "test BLEU", "measured"],
                rows,
            ),
            "",
        ]
    if probes:
        rows = [
            [r["options"]["tag"], variant(r["options"]), f"{r['pairs per second']:,.0f}", measured(r)] for r in probes
        ]
        lines += [
            "Training throughput probes (a few dozen batches after warm-up; the same probe run twice on this "
            "machine has differed by up to 15%):",
            "",
            md_table(["probe", "variant", "pairs per second", "measured"], rows),
            "",
        ]
    return lines


ABLATION_BASE = {
    "cell": "LSTM",
    "units": 256,
    "emb": 128,
    "batch": 128,
    "lr": 0.001,
    "sv": 4000,
    "tv": 5000,
    "proj": 0,
    "bucket": 0,
    "jit": 0,
    "onednn": "0",
    "unroll": 0,
}


# --- the labs ---------------------------------------------------------------------------------

LABS = {
    lab.name: lab
    for lab in [
        Lab(
            "01_toxic_comments",
            title="Lab 01: toxic comments (many-to-one)",
            data="Jigsaw Toxic Comment Classification (Wikipedia talk comments, six labels)",
            metric="mean ROC-AUC (test)",
            digits=3,
            baseline="TF-IDF baseline",
            collector=benchmark_labs.collect_toxic_comments,
            model_rows=toxic_comments_rows,
            details=toxic_comments_details,
        ),
        Lab(
            "02_cookie_names",
            title="Lab 02: cookie names (one-to-many, generation)",
            data="Food.com / allrecipes recipe names, cookie names only",
            metric="cross-entropy, nats/char (test)",
            digits=3,
            baseline=None,  # the notebook's n-gram (NGRAM)
            collector=benchmark_labs.collect_cookie_names,
            model_rows=cookie_names_rows,
            details=cookie_names_details,
        ),
        Lab(
            "03_translator",
            title="Lab 03: English-to-French translator (many-to-many, delayed)",
            data="Tatoeba English-French pairs (manythings.org/anki, CC BY 2.0 FR)",
            metric="corpus BLEU (test)",
            digits=1,
            baseline="seq2seq",
            collector=benchmark_labs.collect_translator,
            model_rows=translator_rows,
            details=translator_details,
            extra_sections=ablation_section,
            spread_seeds=(43,),
        ),
    ]
}


# --- CI cost ----------------------------------------------------------------------------------


def junit_seconds(path: Path) -> dict[str, float]:
    """Seconds per notebook (or per test module) from a pytest JUnit report."""
    seconds = defaultdict(float)
    for case in ElementTree.parse(path).iter("testcase"):
        name = case.get("classname", "")
        if name.endswith(".ipynb"):
            folder, notebook = name[: -len(".ipynb")].split(".", 1)
            key = f"{folder}/{notebook}.ipynb"
        else:
            key = name.replace(".", "/") + ".py"
        seconds[key] += float(case.get("time", 0))
    return dict(seconds)


def measure_ci(mirror: Path, report_path: Path | None = None) -> dict:
    """Run `.ci/run` on a fresh clone of HEAD; its total time and each notebook's time on each stack.

    The clone gets the report written so far (the labs' part), as the commit that stores it will have.
    """
    with tempfile.TemporaryDirectory() as tmp:
        clone, junit = Path(tmp) / "clone", Path(tmp) / "junit"
        subprocess.run(["git", "clone", "--quiet", str(REPO_ROOT), str(clone)], check=True)
        if mirror.is_dir():  # beside the clone, as on CI: tests that read <repo>/../shared/data run too
            (Path(tmp) / mirror.parent.name).symlink_to(mirror.parent, target_is_directory=True)
        if report_path is not None and report_path.resolve().is_relative_to(REPO_ROOT) and report_path.is_file():
            target = clone / report_path.resolve().relative_to(REPO_ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(report_path.read_bytes())
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("COURSE_", "VIRTUAL_ENV", "MAKE", "MFLAGS"))
        }  # as on a CI machine
        env["PATH"] = os.pathsep.join(
            p
            for p in env.get("PATH", "").split(os.pathsep)  # not this venv's python
            if not p.startswith(sys.prefix)
        )
        env.update(MIRROR=str(mirror), JUNIT_DIR=str(junit))
        print("CI cost: running .ci/run on a fresh clone (about 8 minutes) ...", flush=True)
        started = time.perf_counter()
        run = subprocess.run(["bash", ".ci/run"], cwd=clone, env=env, capture_output=True, text=True)
        total = time.perf_counter() - started
        if run.returncode != 0:
            raise ToolError(f".ci/run failed on a fresh clone (exit {run.returncode}):\n{run.stdout[-3000:]}")
        passed = re.findall(r"=+ (.*(?:passed|failed).*) in [\d.]+s", run.stdout)
        return {
            "total seconds": total,
            "summaries": passed,
            "stacks": {stack: junit_seconds(junit / f"{stack}.xml") for stack in ("course", "colab")},
        }


def ci_section(ci: dict) -> list[str]:
    stacks = ci["stacks"]
    names = sorted(set().union(*stacks.values()), key=lambda n: (not n.endswith(".ipynb"), n))
    rows = [[name] + [format_number(stacks[s].get(name), 1) for s in ("course", "colab")] for name in names]
    rows.append(["**all tests (sum)**"] + [format_number(sum(stacks[s].values()), 1) for s in ("course", "colab")])
    return [
        "## CI cost",
        "",
        f"`bash .ci/run` on a fresh clone of the commit took **{ci['total seconds'] / 60:.1f} min** in all "
        "(both virtual environments created and installed, with uv's download cache already warm on this "
        "machine; CI's limit is 90 min). pytest: " + "; ".join(ci["summaries"]) + ".",
        "",
        "Seconds per notebook (nbval, fast configuration) and per test module, summed over their tests "
        "(the two pytest workers run in parallel, so the sum is more than the wall time):",
        "",
        md_table(["file", "course stack (s)", "Colab stack (s)"], rows),
        "",
    ]


# --- grading throughput -----------------------------------------------------------------------


def measure_grading(labs: list[str], workdir: Path) -> dict:
    """Grade each lab's solution and its untouched student lab with ``tools.grade`` (fast configuration).

    The autograder build is timed on its own (what a first ``make grade`` pays once per solution);
    the grades reuse the cached build, as every later run does.
    """
    from tools import grade, make_labs, sandbox

    os.environ[config.FAST_ENV] = "1"
    user = grade.describe_user(grade.unprivileged_user(config.data_dir()))
    results = {"isolation": f"{sandbox.isolation()}, as {user}", "labs": {}}
    for lab in labs:
        print(f"{lab}: grading its solution and its blank student lab (fast configuration) ...", flush=True)
        solution = REPO_ROOT / "solutions" / f"{lab}.ipynb"
        started = time.perf_counter()
        make_labs.otter_assign(solution, workdir / f"build-{lab}")
        build = time.perf_counter() - started
        submissions = workdir / f"submissions-{lab}"
        submissions.mkdir()
        for kind, source in {"solution": solution, "blank lab": REPO_ROOT / "labs" / f"{lab}.ipynb"}.items():
            (submissions / f"{kind.replace(' ', '_')}.ipynb").write_bytes(source.read_bytes())
        graded = {
            r.submission.removesuffix(".ipynb").replace("_", " "): r
            for r in grade.grade(lab, submissions, workdir / f"grades-{lab}")
        }
        results["labs"][lab] = {
            "build seconds": build,
            "points": sum(grade.questions(solution).values()),
            **{name: {"total": r.total, "seconds": r.seconds, "note": r.note} for name, r in graded.items()},
        }
    return results


def full_data_section(measured: dict) -> list[str]:
    """Lab 01's cost per epoch on the full download, the path a Colab student takes."""
    return [
        "## Lab 01 on the full data (the Colab path): seconds per epoch",
        "",
        f"On Colab, Lab 01 downloads the 159,571 training comments; each neural model trains on "
        f"{full_data_epochs.FIT_ROWS:,} of them ({measured['train_batches']:,} batches of "
        f"{full_data_epochs.BATCH}) and validates on {full_data_epochs.VALIDATION_ROWS:,} "
        f"({measured['validation_batches']:,} batches) every epoch. "
        f"The mirror holds only a sample, so `python -m tools.full_data_epochs` timed {measured['steps']} training "
        f"and {measured['steps']} validation batches of real sample comments per model, with the lab's layers, "
        f"sequence length ({full_data_epochs.SEQUENCE_LENGTH}) and vocabulary size "
        f"({full_data_epochs.VOCABULARY:,}), and scaled to a full epoch. Each model was timed "
        f"{measured['repeats']} times: the batch times are the fastest run's, and the last column gives the "
        "slowest run's epoch, since timings on a shared 2-core machine vary from run to run. Early stopping "
        "decides how many epochs each model runs.",
        "",
        *full_data_epochs.table(measured),
        "",
    ]


def grading_section(grading: dict) -> list[str]:
    rows = []
    for lab, r in grading["labs"].items():
        rows.append(
            [
                lab[:2],
                format_number(r["build seconds"], 0),
                f"{r['solution']['total']:g} / {r['points']:g}",
                format_number(r["solution"]["seconds"], 0),
                f"{r['blank lab']['total']:g} / {r['points']:g}",
                format_number(r["blank lab"]["seconds"], 0),
            ]
        )
    notes = [
        f"- {lab[:2]} {name}: {r[name]['note']}"
        for lab, r in grading["labs"].items()
        for name in ("solution", "blank lab")
        if r[name]["note"]
    ]
    return [
        "## Grading throughput",
        "",
        "`make grade` (tools/grade.py) on two submissions per lab, in the fast configuration, one at a time: "
        "the solution notebook (full marks expected) and the untouched student lab (zero expected). "
        f"Isolation: **{grading['isolation']}**. Seconds per graded submission are the whole sandboxed "
        "`otter run` (a fresh kernel executes the notebook, then the public and hidden tests and the canaries). "
        "The autograder build (`otter assign` on the solution) is paid once per solution and otter version: "
        "later runs reuse it from the cache.",
        "",
        md_table(
            ["lab", "autograder build (s)", "solution: score", "solution (s)", "blank lab: score", "blank lab (s)"],
            rows,
        ),
        "",
    ] + (["Notes from the gradebook:", "", *notes, ""] if notes else [])


# --- machine ----------------------------------------------------------------------------------


def version(*packages: str) -> str:
    for package in packages:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


def machine_info(quick: bool, command: str) -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    cpu = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    memory = re.search(r"MemTotal:\s*(\d+) kB", meminfo)
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    git = lambda *args: subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True).stdout.strip()
    mirror = os.environ.get(config.MIRROR_ENV)
    return {
        "command": command,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git("rev-parse", "--short=12", "HEAD"),
        "dirty": bool(git("status", "--porcelain")),
        "configuration": "fast" if quick else "full",
        "cores": os.cpu_count(),
        "cpu": cpu.group(1).strip() if cpu else platform.processor() or "unknown",
        "gpu": ", ".join(g.name for g in gpus) or "none",
        "memory": f"{int(memory.group(1)) / 2**20:.0f} GiB" if memory else "unknown",
        "python": platform.python_version(),
        "tensorflow": version("tensorflow", "tensorflow-cpu"),
        "keras": version("keras"),
        "stack": os.environ.get(config.STACK_ENV, "course"),
        "data source": f"local mirror ({config.MIRROR_ENV})" if mirror else "download / cache in data/",
    }


@exits_on_tool_error
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fast configuration, no CI cost: a few minutes")
    parser.add_argument("--labs", nargs="+", choices=list(LABS), default=list(LABS))
    parser.add_argument("--no-ci-cost", action="store_true", help="skip the fresh-clone .ci/run measurement")
    parser.add_argument("--no-grading", action="store_true", help="skip the grading throughput (make grade)")
    parser.add_argument(
        "--out",
        type=Path,
        help="markdown file to write (default: "
        f"{DEFAULT_OUT.relative_to(REPO_ROOT)} in the full configuration, none with --quick)",
    )
    args = parser.parse_args(argv)
    out = args.out or (None if args.quick else DEFAULT_OUT)
    given = argv if argv is not None else sys.argv[1:]
    info = machine_info(args.quick, " ".join(["python -m tools.benchmark", *given]) if given else "make benchmark")
    results = {}
    with tempfile.TemporaryDirectory() as workdir:
        for lab in args.labs:
            print(f"{lab}: executing solutions/{lab}.ipynb ({info['configuration']} configuration) ...", flush=True)
            results[lab] = run_lab(lab, args.quick, Path(workdir))
            print(f"{lab}: done in {results[lab]['notebook seconds']:.0f} s", flush=True)
            for seed in LABS[lab].spread_seeds if not args.quick else ():
                print(f"{lab}: again with {config.SEED_ENV}={seed}, for the run-to-run spread ...", flush=True)
                results[lab].setdefault("spread", {})[str(seed)] = run_lab(lab, args.quick, Path(workdir), seed)
        grading = None if args.quick or args.no_grading else measure_grading(args.labs, Path(workdir))
    full_data = None
    if not args.quick and "01_toxic_comments" in args.labs:
        print("01_toxic_comments: seconds per epoch at the full data's size ...", flush=True)
        full_data = full_data_epochs.measure()
    report = render_report(results, info, None, grading, full_data)
    if out:  # the labs' part first: the CI run below tests the repository with this report in place
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report + "\n", encoding="utf-8")
    if not (args.quick or args.no_ci_cost):
        report = render_report(results, info, measure_ci(config.SHARED_MIRROR, report_path=out), grading, full_data)
    print(report)
    if out:
        out.write_text(report + "\n", encoding="utf-8")
        print(f"\nwritten to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
