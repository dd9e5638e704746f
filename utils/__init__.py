"""Shared helpers for the *Sequence Models with Keras* notebooks.

Notebooks import this package after their setup cell has put the course folder
on ``sys.path``::

    from utils import config, data

Importing it selects the TensorFlow backend for Keras and quiets TensorFlow's
C++ start-up logging, unless you have set those environment variables yourself.
"""

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from . import config  # noqa: E402  (the environment must be set first)

__all__ = ["config"]
