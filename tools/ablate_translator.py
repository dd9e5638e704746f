"""Lab 03 ablations: which levers make the translator better within the CPU budget (not for students).

    python -m tools.ablate_translator cell=GRU bi=1 att=additive epochs=2 tag=E2   # one training run
    python -m tools.ablate_translator steps=30 batch=256 tag=b256                   # a throughput probe

The lab teaches one recipe; this script trains variants of it so that its choices rest on measurements:
the cell (LSTM or GRU), a bidirectional encoder, the attention score (dot or additive, or none), batch
size, sizes, a tanh projection before the output layer, the learning rate, XLA, oneDNN, length
bucketing, an unrolled decoder. Data preparation follows the lab (the same normalisation, length filter, split by English
sentence and vocabularies); the decoder input never holds [end], masks are passed to every recurrent
layer, and the training set is reshuffled at every epoch. After each epoch it scores greedy
translations of a fixed validation sample with corpus BLEU, and at the end all test sentences.
Each run appends one record to docs/translator_ablation.json, which `make benchmark` renders.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import unicodedata
from datetime import UTC, datetime

ARGS = dict(a.split("=", 1) for a in sys.argv[1:])
if ARGS.get("onednn", "0") == "0":
    os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"  # the course's default (utils/__init__.py)
else:
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")  # TensorFlow's default on Linux x86, which utils turns off

import utils  # noqa: E402, F401  (the course's other TensorFlow settings, before TensorFlow is imported)

# isort: split
import keras  # noqa: E402
import numpy as np  # noqa: E402
import sacrebleu  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import ops  # noqa: E402

from tools.errors import ToolError, exits_on_tool_error  # noqa: E402
from utils import data  # noqa: E402
from utils.config import REPO_ROOT  # noqa: E402

RESULTS = REPO_ROOT / "docs" / "translator_ablation.json"
DEFAULTS = dict(
    cell="LSTM",
    units=256,
    emb=128,
    batch=128,
    lr=1e-3,
    epochs=3,
    sv=4000,
    tv=5000,
    att="dot",
    bi=0,
    bucket=0,
    proj=0,
    steps=0,
    seed=42,
    valn=500,
    jit=0,
    tag="",
    onednn="0",
    unroll=0,
)
MAX_TOKENS = 8
PUNCTUATION = '.,!?;:«»"'


def options() -> dict:
    unknown = set(ARGS) - set(DEFAULTS)
    if unknown:
        raise ToolError(f"unknown option(s) {sorted(unknown)}; the options are {sorted(DEFAULTS)}")
    return {key: type(value)(ARGS[key]) if key in ARGS else value for key, value in DEFAULTS.items()}


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u202f", " ").replace("\u00a0", " ").replace("’", "'")
    return " ".join(re.sub(f"([{re.escape(PUNCTUATION)}])", r" \1 ", text.lower()).split())


def split_pairs():
    pairs = data.load_fra_eng()
    pairs["en"], pairs["fr"] = pairs["english"].map(normalise), pairs["french"].map(normalise)
    short = pairs[
        (pairs["en"].str.split().str.len() <= MAX_TOKENS) & (pairs["fr"].str.split().str.len() <= MAX_TOKENS)
    ].reset_index(drop=True)
    sentences = np.random.default_rng(42).permutation(np.unique(short["en"]))
    n = round(0.1 * len(sentences))
    parts = [sentences[2 * n :], sentences[n : 2 * n], sentences[:n]]
    return [short[short["en"].isin(part)].reset_index(drop=True) for part in parts]


@exits_on_tool_error
def main() -> int:
    A = options()
    print(A, flush=True)
    keras.utils.set_random_seed(A["seed"])
    train, val, test = split_pairs()
    with_marks = lambda french: ["[start] " + s + " [end]" for s in french]  # noqa: E731
    source_vec = keras.layers.TextVectorization(
        max_tokens=A["sv"], standardize=None, split="whitespace", output_sequence_length=MAX_TOKENS
    )
    target_vec = keras.layers.TextVectorization(
        max_tokens=A["tv"], standardize=None, split="whitespace", output_sequence_length=MAX_TOKENS + 2
    )
    source_vec.adapt(train["en"].to_numpy())
    target_vec.adapt(with_marks(train["fr"]))
    words = target_vec.get_vocabulary()
    start_id, end_id = words.index("[start]"), words.index("[end]")

    def vectorize(frame):
        target = ops.convert_to_numpy(target_vec(np.asarray(with_marks(frame["fr"])))).astype("int64")
        return (
            ops.convert_to_numpy(source_vec(frame["en"].to_numpy())).astype("int64"),
            np.where(target == end_id, 0, target)[:, :-1],
            target[:, 1:],
        )

    def dataset(frame, shuffle):
        english, decoder_input, target = vectorize(frame)
        ds = tf.data.Dataset.from_tensor_slices(((english, decoder_input), target))
        if shuffle:
            ds = ds.shuffle(len(target), seed=A["seed"], reshuffle_each_iteration=True)
        if A["bucket"] and shuffle:  # batches of similar French length, trimmed to their longest sentence
            ds = ds.bucket_by_sequence_length(
                lambda x, y: tf.reduce_sum(tf.cast(y != 0, tf.int32)),
                bucket_boundaries=[4, 6, 8],
                bucket_batch_sizes=[A["batch"]] * 4,
            )
            ds = ds.map(
                lambda x, y: (
                    (x[0], x[1][:, : tf.reduce_max(tf.reduce_sum(tf.cast(y != 0, tf.int32), 1))]),
                    y[:, : tf.reduce_max(tf.reduce_sum(tf.cast(y != 0, tf.int32), 1))],
                )
            )
        else:
            ds = ds.batch(A["batch"])
        return ds.prefetch(tf.data.AUTOTUNE)

    model = build(A, source_vec.vocabulary_size(), target_vec.vocabulary_size())
    train_ds, val_ds = dataset(train, True), dataset(val, False)
    if A["steps"]:
        return probe(A, model, train_ds)

    def greedy(source_ids):
        """Greedy decoding with the training model: feed it the words written so far (padded to the decoder's
        full length, which an unrolled decoder needs; the decoder is causal), read its prediction at step t."""
        written = np.zeros((len(source_ids), MAX_TOKENS + 2), dtype="int64")
        written[:, 0] = start_id
        done = np.zeros(len(source_ids), dtype=bool)
        for t in range(MAX_TOKENS + 1):
            p = ops.convert_to_numpy(model.predict_on_batch([source_ids, written[:, :-1]]))[:, t]
            p[:, [0, 1, start_id]] = 0
            token = np.where(done, 0, p.argmax(-1))
            written[:, t + 1], done = token, done | (token == end_id)
            if done.all():
                break
        texts = []
        for row in written[:, 1:]:
            tokens = []
            for i in row:
                if i in (0, end_id):
                    break
                tokens.append(words[i])
            texts.append(re.sub(r" ([.,])", r"\1", " ".join(tokens)))
        return texts

    def bleu(frame, n=None):
        grouped = frame.groupby("en")["fr"].apply(lambda g: [re.sub(r" ([.,])", r"\1", f) for f in g])
        sentences, refs = list(grouped.index), list(grouped)
        if n:
            keep = np.random.default_rng(0).choice(len(sentences), n, replace=False)
            sentences, refs = [sentences[i] for i in keep], [refs[i] for i in keep]
        ids = ops.convert_to_numpy(source_vec(np.asarray(sentences))).astype("int64")
        hypotheses = [h for b in range(0, len(ids), 1024) for h in greedy(ids[b : b + 1024])]
        streams = [[r[k] if k < len(r) else None for r in refs] for k in range(max(map(len, refs)))]
        return sacrebleu.corpus_bleu(hypotheses, streams).score, sacrebleu.corpus_chrf(hypotheses, streams).score

    epochs, minutes = [], 0.0
    for epoch in range(1, A["epochs"] + 1):
        started = time.perf_counter()
        history = model.fit(train_ds, validation_data=val_ds, epochs=1, verbose=0)
        minutes += (time.perf_counter() - started) / 60
        val_bleu, val_chrf = bleu(val, A["valn"])
        epochs.append(
            {
                "epoch": epoch,
                "minutes": minutes,
                "loss": history.history["loss"][-1],
                "val_loss": history.history["val_loss"][-1],
                "val_BLEU": val_bleu,
                "val_chrF": val_chrf,
            }
        )
        print(
            f"EPOCH {epoch}: {minutes:.2f} min, loss {epochs[-1]['loss']:.3f}, val_loss {epochs[-1]['val_loss']:.3f}, "
            f"val BLEU {val_bleu:.1f}, chrF {val_chrf:.1f}",
            flush=True,
        )
    test_bleu, test_chrf = bleu(test)
    print(
        f"FINAL {A['tag']}: test BLEU {test_bleu:.1f}, chrF {test_chrf:.1f}, {minutes:.2f} min of training", flush=True
    )
    record(A, {"params": model.count_params(), "epochs": epochs, "test_BLEU": test_bleu, "test_chrF": test_chrf})
    return 0


def build(A, source_size, target_size):
    # unroll=1 unrolls the decoder only, as the lab does: in Keras 3.15 an unrolled, masked Bidirectional
    # layer puts the backward direction's outputs at the wrong positions.
    cell = getattr(keras.layers, A["cell"])
    source = keras.Input((None,), dtype="int64")
    decoder_input = keras.Input((MAX_TOKENS + 1 if A["unroll"] else None,), dtype="int64")
    source_mask, decoder_mask = ops.not_equal(source, 0), ops.not_equal(decoder_input, 0)
    english = keras.layers.Embedding(source_size, A["emb"], mask_zero=True)(source)
    french = keras.layers.Embedding(target_size, A["emb"], mask_zero=True)(decoder_input)
    if A["bi"]:
        outputs, *states = keras.layers.Bidirectional(cell(A["units"] // 2, return_sequences=True, return_state=True))(
            english, mask=source_mask
        )
        half = len(states) // 2  # forward states, then backward states
        states = [ops.concatenate([f, b], axis=-1) for f, b in zip(states[:half], states[half:])]
    else:
        outputs, *states = cell(A["units"], return_sequences=True, return_state=True)(english, mask=source_mask)
    decoded = cell(A["units"], return_sequences=True, return_state=True, unroll=bool(A["unroll"]))(
        french, initial_state=states, mask=decoder_mask
    )[0]
    features = decoded
    if A["att"] != "none":
        attention = keras.layers.Attention() if A["att"] == "dot" else keras.layers.AdditiveAttention()
        features = keras.layers.Concatenate()(
            [decoded, attention([decoded, outputs], mask=[decoder_mask, source_mask])]
        )
    if A["proj"]:
        features = keras.layers.Dense(A["proj"], activation="tanh")(features)
    probabilities = keras.layers.Dense(target_size, activation="softmax")(features)
    model = keras.Model([source, decoder_input], probabilities)
    model.compile(
        optimizer=keras.optimizers.Adam(A["lr"]), loss="sparse_categorical_crossentropy", jit_compile=bool(A["jit"])
    )
    return model


def probe(A, model, train_ds) -> int:
    """Training throughput over A['steps'] batches, after 6 warm-up batches."""
    batches = iter(train_ds.repeat())
    for _ in range(6):
        model.train_on_batch(*next(batches))
    started, pairs = time.perf_counter(), 0
    for _ in range(A["steps"]):
        x, y = next(batches)
        model.train_on_batch(x, y)
        pairs += len(y)
    seconds = time.perf_counter() - started
    print(f"THROUGHPUT {A['tag']}: {pairs / seconds:.0f} pairs/s", flush=True)
    record(A, {"pairs per second": pairs / seconds})
    return 0


def record(A, result):
    commit = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True
    ).stdout.strip()
    records = json.loads(RESULTS.read_text()) if RESULTS.is_file() else []
    records = [r for r in records if r["options"]["tag"] != A["tag"]]
    records.append({"options": A, "commit": commit, "date": datetime.now(UTC).strftime("%Y-%m-%d"), **result})
    RESULTS.write_text(json.dumps(records, indent=1) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
