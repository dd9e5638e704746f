"""Shared by every test: import ``utils`` first, so the whole session (and every notebook kernel that
nbval starts from it) runs with the course's environment settings (Keras backend, TensorFlow's log
level, oneDNN off), set in one place: ``utils/__init__.py``."""

import utils  # noqa: F401  (imported for its environment settings)
