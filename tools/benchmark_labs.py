"""What the benchmark reads out of each lab's executed solution, and the peer models it adds.

``tools.benchmark`` executes each solution notebook headless and then, in the same kernel,
calls ``collect(collect_<lab>, globals(), path)``, with the collector of the lab's ``Lab`` record
(``tools.benchmark.LABS``). The collectors read the notebook's own variables (its data split, trained
models and result tables) and train the issue's peer model on the same split where there is one;
``collect`` writes their result as one JSON file. The labs' models are therefore measured exactly as
students run them, and no model code is written twice.

The two peers are written for this course from their published descriptions:

* toxic comments: Embedding -> Bidirectional LSTM(25) -> GlobalMaxPool -> Dense, one epoch,
  as an older course published for this data set;
* translator: a character-level encoder-decoder of the keras-io ``lstm_seq2seq`` kind
  (one-hot characters, LSTM 256, RMSprop, padding counted in the loss, greedy decoding),
  trained for the same wall-clock time as the lab's attention model.
"""

from __future__ import annotations

import json
import math
import time

from utils import config, training  # first: importing utils gives TensorFlow the course's settings (oneDNN off)

# isort: split
import keras
import numpy as np
from keras import ops


def need(namespace, *names):
    """The notebook variables `names`, or an error that says the notebook and this file disagree."""
    missing = [name for name in names if name not in namespace]
    if missing:
        raise KeyError(
            f"the executed notebook defines no {missing}; tools/benchmark_labs.py must follow "
            "the notebook's variable names"
        )
    return [namespace[name] for name in names]


def timed_seconds(*names):
    """{name: seconds} of the notebook's ``training.timed(name)`` blocks, or an error that names the missing ones."""
    missing = [name for name in names if name not in training.TIMED_SECONDS]
    if missing:
        raise KeyError(
            f"the executed notebook timed no {missing} (it timed {sorted(training.TIMED_SECONDS)}); "
            "wrap that training in `with training.timed(name):`, or follow the notebook's names here"
        )
    return {name: training.TIMED_SECONDS[name] for name in names}


def plain(value):
    """A JSON-ready copy: numpy numbers become floats, NaN becomes None."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, (np.integer, int)) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(value) else float(value)
    return value


class StopAfter(keras.callbacks.Callback):
    """Ends training once `seconds` of wall-clock time have passed (checked after every batch)."""

    def __init__(self, seconds):
        super().__init__()
        self.seconds = seconds

    def on_train_begin(self, logs=None):
        self.started, self.batches = time.perf_counter(), 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1
        if time.perf_counter() - self.started >= self.seconds:
            self.model.stop_training = True


# --- Lab 01: toxic comments -------------------------------------------------------------------


def toxic_peer(x_fit, y_fit, vocabulary_size, n_labels):
    """The published-style peer, trained for one epoch; returns (model, seconds)."""
    config.seed_everything()
    model = keras.Sequential(
        [
            keras.Input(shape=(x_fit.shape[1],), dtype="int64"),
            keras.layers.Embedding(vocabulary_size, 128),
            keras.layers.Bidirectional(keras.layers.LSTM(25, return_sequences=True)),
            keras.layers.GlobalMaxPooling1D(),
            keras.layers.Dense(n_labels, activation="sigmoid"),
        ],
        name="peer_bilstm25",
    )
    model.compile(optimizer="adam", loss="binary_crossentropy")
    started = time.perf_counter()
    model.fit(x_fit, y_fit, batch_size=32, epochs=1, verbose=2)
    return model, time.perf_counter() - started


def collect_toxic_comments(ns):
    """Lab 01: ROC-AUC per label of the notebook's models and of the peer, with the data's sizes."""
    results, train, test, train_part, val_part, fit_part, LABELS = need(
        ns, "results", "train", "test", "train_part", "val_part", "fit_part", "LABELS"
    )
    x_fit, y_fit, x_test, y_test, columnwise_auc, vocabulary_size = need(
        ns, "x_fit", "y_fit", "x_test", "y_test", "columnwise_auc", "vocabulary_size"
    )
    peer, peer_seconds = toxic_peer(x_fit, y_fit, vocabulary_size, len(LABELS))
    peer_auc = columnwise_auc(y_test, peer.predict(x_test, verbose=0))
    auc = {model: results[model].drop("mean").to_dict() for model in results.columns}
    auc["Peer: BiLSTM(25), 1 epoch"] = peer_auc.to_dict()
    return {
        "source": str(test.attrs.get("source", "unknown")),
        "rows": {
            "training (all)": len(train),
            "training (fit)": len(fit_part),
            "validation": len(val_part),
            "test": len(test),
        },
        "positives": test[LABELS].sum().to_dict(),
        "auc": auc,
        "seconds": {**timed_seconds(*results.columns), "Peer: BiLSTM(25), 1 epoch": peer_seconds},
    }


# --- Lab 02: cookie names ---------------------------------------------------------------------


def collect_cookie_names(ns):
    """Lab 02: each model's held-out cross-entropy and generated names, the pre-training and the data's sizes."""
    results, table, NGRAM, N_GENERATED = need(ns, "results", "table", "NGRAM", "N_GENERATED")
    recipes, names, train_names, val_names, test_names = need(
        ns, "recipes", "names", "train_names", "val_names", "test_names"
    )
    titles, x_titles, PRETRAIN_EPOCHS = need(ns, "titles", "x_titles", "PRETRAIN_EPOCHS")
    ce = "cross-entropy (nats/char)"
    models = {}
    for name in table.index.drop("uniform"):
        row = table.loc[name]
        models[name] = {
            "cross-entropy": row[ce],
            "perplexity": row["perplexity"],
            "seconds": row["train time (s)"],
            "trained on": row["trained on"],
        }
        if name in results.index:
            models[name].update({key: results.loc[name, key] for key in ["new", "ended", "mean length"]})
    return {
        "rows": {
            "recipes": len(recipes),
            "cookie names": len(names),
            "training": len(train_names),
            "validation": len(val_names),
            "test": len(test_names),
            "pre-training titles": len(x_titles),
        },
        "uniform cross-entropy": table.loc["uniform", ce],
        "generated": N_GENERATED,
        "baseline": NGRAM,
        "pretraining": {
            "titles": len(x_titles),
            "epochs": PRETRAIN_EPOCHS,
            "seconds": timed_seconds("LSTM, pre-training")["LSTM, pre-training"],
            "held-out names among the titles": len((set(val_names) | set(test_names)) & set(titles)),
        },
        "models": models,
        "real mean length": results.loc["real names (test)", "mean length"],
    }


# --- Lab 03: translator -----------------------------------------------------------------------

PAD, START, END = " ", "\t", "\n"  # keras-io's choices: pad with spaces, tab starts, newline ends


def char_ids(texts, alphabet, length):
    """Texts as a (texts, length) array of character ids, cut or padded with spaces (id 0)."""
    index = {char: i for i, char in enumerate(alphabet)}
    ids = np.zeros((len(texts), length), dtype="int32")
    for row, text in enumerate(texts):
        ids[row, : len(text[:length])] = [index.get(char, 0) for char in text[:length]]
    return ids


def char_seq2seq_peer(sources, targets, budget_seconds, test_sources, units=256, batch_size=64):
    """Train a one-hot character encoder-decoder for `budget_seconds`; greedy translations of test_sources.

    Returns (translations, details) where details holds the sizes, the seconds and the epochs done.
    """
    config.seed_everything()
    targets = [START + text + END for text in targets]
    source_alphabet = [PAD] + sorted(set("".join(sources)) - {PAD})
    target_alphabet = [PAD, START, END] + sorted(set("".join(targets)) - {PAD, START, END})
    source_length = max(map(len, sources))
    target_length = max(map(len, targets))
    x = char_ids(sources, source_alphabet, source_length)
    y = char_ids(targets, target_alphabet, target_length)

    encoder_lstm = keras.layers.LSTM(units, return_state=True, name="encoder")
    decoder_lstm = keras.layers.LSTM(units, return_sequences=True, return_state=True, name="decoder")
    next_char = keras.layers.Dense(len(target_alphabet), activation="softmax", name="next_char")
    source = keras.Input(shape=(None,), dtype="int32")
    decoder_input = keras.Input(shape=(None,), dtype="int32")
    _, h, c = encoder_lstm(ops.one_hot(source, len(source_alphabet)))
    sequence, _, _ = decoder_lstm(ops.one_hot(decoder_input, len(target_alphabet)), initial_state=[h, c])
    model = keras.Model([source, decoder_input], next_char(sequence), name="peer_char_seq2seq")
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy")

    stop = StopAfter(budget_seconds)
    started = time.perf_counter()
    model.fit([x, y[:, :-1]], y[:, 1:], batch_size=batch_size, epochs=10_000, shuffle=True, verbose=2, callbacks=[stop])
    seconds = time.perf_counter() - started

    encoder = keras.Model(source, [h, c])
    token = keras.Input(shape=(1,), dtype="int32")
    h_in, c_in = keras.Input(shape=(units,)), keras.Input(shape=(units,))
    sequence, h_out, c_out = decoder_lstm(ops.one_hot(token, len(target_alphabet)), initial_state=[h_in, c_in])
    step = keras.Model([token, h_in, c_in], [next_char(sequence)[:, 0, :], h_out, c_out])
    translations = []
    for begin in range(0, len(test_sources), 512):
        chunk = char_ids(test_sources[begin : begin + 512], source_alphabet, source_length)
        h_now, c_now = (ops.convert_to_numpy(t) for t in encoder(chunk, training=False))
        tokens = np.full((len(chunk), 1), target_alphabet.index(START), dtype="int32")
        written = [[] for _ in chunk]
        done = np.zeros(len(chunk), dtype=bool)
        for _ in range(target_length):
            probabilities, h_now, c_now = (
                ops.convert_to_numpy(t) for t in step([tokens, h_now, c_now], training=False)
            )
            chosen = np.argmax(probabilities, axis=-1)
            for row, char_id in enumerate(chosen):
                if not done[row]:
                    if target_alphabet[char_id] == END:
                        done[row] = True
                    else:
                        written[row].append(target_alphabet[char_id])
            if done.all():
                break
            tokens = chosen.reshape(-1, 1).astype("int32")
        translations += ["".join(chars).strip() for chars in written]
    details = {
        "training pairs": len(sources),
        "source characters": len(source_alphabet),
        "target characters": len(target_alphabet),
        "seconds": seconds,
        "epochs": stop.batches / math.ceil(len(sources) / batch_size),
    }
    return translations, details


def collect_translator(ns, with_peer=True):
    """Lab 03: BLEU and chrF per model and decoding, the validation curves, and the peer's (unless with_peer=False)."""
    results, pairs, short, train_pairs, val_pairs, test_pairs = need(
        ns, "results", "pairs", "short", "train_pairs", "val_pairs", "test_pairs"
    )
    references, test_sentences, corpus_scores, detokenize, BEAM_WIDTH = need(
        ns, "references", "test_sentences", "corpus_scores", "detokenize", "BEAM_WIDTH"
    )
    EPOCHS, val_bleu, val_references = need(ns, "EPOCHS", "val_bleu", "val_references")
    seconds = timed_seconds(*dict.fromkeys(model for model, _ in results.index))  # each model's training
    budget = seconds["attention"]
    rows = [
        {
            "model": model,
            "decoding": decoding,
            "sentences": int(row["sentences"]),
            "BLEU": row["BLEU"],
            "chrF": row["chrF"],
            "seconds": seconds[model],
        }
        for (model, decoding), row in results.iterrows()
    ]
    peer, peer_translations = None, []
    if with_peer:
        targets = [detokenize(french.split()) for french in train_pairs["fr"]]  # the references' own form
        peer_translations, peer = char_seq2seq_peer(list(train_pairs["en"]), targets, budget, list(test_sentences))
        rows.append(
            {
                "model": "Peer: char seq2seq (keras-io kind)",
                "decoding": "greedy, all",
                "sentences": len(peer_translations),
                **corpus_scores(peer_translations, list(references)),
                "seconds": peer["seconds"],
            }
        )
    return {
        "rows": {
            "pairs": len(pairs),
            "pairs kept (length filter)": len(short),
            "training pairs": len(train_pairs),
            "validation pairs": len(val_pairs),
            "test pairs": len(test_pairs),
            "test sentences": len(test_sentences),
        },
        "beam width": BEAM_WIDTH,
        "epochs": EPOCHS,
        "validation BLEU per epoch": {"sentences": len(val_references), **val_bleu},
        "budget seconds": budget,
        "peer": peer,
        "peer examples": [
            [test_sentences[i], peer_translations[i]]
            for i in range(0, len(peer_translations), max(1, len(test_sentences) // 3))
        ][:3],
        "results": rows,
    }


def collect(collector, namespace, path, with_peer=True):
    """Run `collector` (one of the collect_* functions above) on the notebook's namespace; write its JSON to `path`.

    with_peer=False skips the peer model (a repeat run that only measures the lab's own spread).
    """
    result = collector(namespace) if with_peer else collector(namespace, with_peer=False)
    with open(path, "w", encoding="utf-8") as file:
        json.dump(plain(result), file, indent=1)
