"""Shared helpers for the *Sequence Models with Keras* notebooks.

Notebooks import this package after their setup cell has put the course folder
on ``sys.path``::

    from utils import config, data

Importing it selects the TensorFlow backend for Keras and quiets TensorFlow's
C++ logging, unless you have set those environment variables yourself. It also
turns off TensorFlow's oneDNN CPU kernels: with them on, TensorFlow 2.21 writes
log lines into notebook outputs that no log level hides, and results differ
slightly from machine to machine; the speed difference on our RNNs was negligible.
"""

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

from . import config  # noqa: E402  (the environment must be set first)

__all__ = ["config"]
