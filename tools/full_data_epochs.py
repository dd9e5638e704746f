"""Seconds per training epoch of Lab 01's neural models at the full data's size, on this machine.

On Colab, Lab 01 downloads the full Jigsaw data (159,571 training comments): each neural model
then trains on 40,000 comments (the lab's ``fit_rows``) and validates on the 20% split off for
validation (31,915 comments) after every epoch. The course's mirror holds only a 2,000-row sample,
so this script does not train on the full data. It times what an epoch at that size costs: the
lab's four models (same layers, sizes, batch size, sequence length and vocabulary size as the
lab's full configuration) train for ``--steps`` batches of real sample comments, drawn with
replacement, and are evaluated for as many; the time of one batch, times the number of batches
of a full epoch, is the estimate. A batch's cost does not depend on which comments it holds:
every comment is padded or cut to the same length.

    python -m tools.full_data_epochs [--steps 150]
"""

from __future__ import annotations

import argparse
import math
import time

import utils  # noqa: F401  (the course's TensorFlow settings, set before keras is imported below)
from tools.errors import exits_on_tool_error

FIT_ROWS = 40_000  # Lab 01: config.pick(full=40_000, ...)
VALIDATION_ROWS = 31_915  # 20% of the 159,571 training comments
SEQUENCE_LENGTH = 147  # Lab 01's stored run: 90% of the training comments fit (sample; the full data is alike)
VOCABULARY = 20_000  # Lab 01's MAX_TOKENS cap, reached on the full data
EMBEDDING_DIM, BATCH = 32, 32


def models():
    import keras

    def build(layer, name):
        model = keras.Sequential(
            [
                keras.Input(shape=(SEQUENCE_LENGTH,), dtype="int64"),
                keras.layers.Embedding(VOCABULARY, EMBEDDING_DIM, mask_zero=True),
                layer,
                keras.layers.Dense(6, activation="sigmoid"),
            ],
            name=name,
        )
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[keras.metrics.AUC(name="auc")])
        return model

    return {
        "word average": lambda: build(keras.layers.GlobalAveragePooling1D(), "word_average"),
        "SimpleRNN": lambda: build(keras.layers.SimpleRNN(32), "simple_rnn"),
        "LSTM": lambda: build(keras.layers.LSTM(32), "forward_lstm"),
        "BiLSTM": lambda: build(keras.layers.Bidirectional(keras.layers.LSTM(32)), "lstm"),
    }


def sample_batches(steps: int):
    """``steps`` batches of real comments from the data the loaders find, as word ids and labels."""
    import keras
    import numpy as np

    from utils import config, data

    train, _ = data.load_toxic_comments()
    vectorizer = keras.layers.TextVectorization(max_tokens=VOCABULARY, output_sequence_length=SEQUENCE_LENGTH)
    vectorizer.adapt(train["comment_text"].to_numpy())
    rows = np.random.default_rng(config.default_seed()).integers(0, len(train), steps * BATCH)
    ids = keras.ops.convert_to_numpy(vectorizer(train["comment_text"].to_numpy()[rows]))
    ids[:, 0] = np.where(ids.any(axis=1), ids[:, 0], 1)  # no all-padding row (the lab drops those)
    return ids, train[list(data.LABELS)].to_numpy("float32")[rows], train.attrs.get("source", "")


def measure(steps: int = 150, repeats: int = 3) -> dict:
    """{model: {"train": s per batch, "validate": s per batch, "epoch": s per full-size epoch, "slowest epoch": s}}.

    Each model is timed ``repeats`` times; the per-batch times are the fastest run's (the least
    disturbed by whatever else the machine does), and "slowest epoch" is the slowest run's epoch.
    """
    from utils import config

    x, y, source = sample_batches(steps)
    train_batches, validation_batches = math.ceil(FIT_ROWS / BATCH), math.ceil(VALIDATION_ROWS / BATCH)
    results = {}
    for name, build in models().items():
        config.seed_everything()
        model = build()
        model.fit(x[: BATCH * 2], y[: BATCH * 2], batch_size=BATCH, epochs=1, verbose=0)  # trace and warm up
        model.evaluate(x[: BATCH * 2], y[: BATCH * 2], batch_size=BATCH, verbose=0)
        runs = []
        for _ in range(repeats):
            started = time.perf_counter()
            model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)
            train = (time.perf_counter() - started) / steps
            started = time.perf_counter()
            model.evaluate(x, y, batch_size=BATCH, verbose=0)
            validate = (time.perf_counter() - started) / steps
            runs.append((train, validate, train * train_batches + validate * validation_batches))
        train, validate, epoch = min(runs, key=lambda run: run[2])
        results[name] = {
            "train": train,
            "validate": validate,
            "epoch": epoch,
            "slowest epoch": max(run[2] for run in runs),
        }
    return {
        "models": results,
        "steps": steps,
        "repeats": repeats,
        "source": source,
        "train_batches": train_batches,
        "validation_batches": validation_batches,
    }


def table(measured: dict) -> list[str]:
    lines = [
        "| model | ms per training batch | ms per validation batch | seconds per full-size epoch | "
        f"slowest of {measured['repeats']} runs (s) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, m in measured["models"].items():
        lines.append(
            f"| {name} | {m['train'] * 1000:.0f} | {m['validate'] * 1000:.0f} | {m['epoch']:.0f} | "
            f"{m['slowest epoch']:.0f} |"
        )
    return lines


@exits_on_tool_error
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=150, help="batches timed per model (default 150)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per model; the fastest counts (default 3)")
    args = parser.parse_args(argv)
    if args.steps < 10:
        parser.error("--steps must be at least 10, or the timing is mostly noise")
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    measured = measure(args.steps, args.repeats)
    print(
        f"Lab 01 at the full data's size: {FIT_ROWS:,} training comments ({measured['train_batches']:,} batches "
        f"of {BATCH}) and {VALIDATION_ROWS:,} validation comments ({measured['validation_batches']:,} batches) "
        f"per epoch; {measured['steps']} batches timed per model, best of {measured['repeats']} runs, comments from {measured['source']}"
    )
    print("\n".join(table(measured)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
