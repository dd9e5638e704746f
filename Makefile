# Sequence Models with Keras: one command to study, one command to test.
#
#   make lab     create .venv, install the pinned course stack, open JupyterLab on the course
#   make test    install both stacks (the course's and Google Colab's) and run every test
#
# Other targets: make setup | lint | format | execute | labs | grade | benchmark | stamp | check-stamp | clean.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
# Colab runs Python 3.13, so the Colab stack is tested on it: python3.13 on PATH, else pyenv's newest 3.13.
COLAB_PYTHON ?= $(shell python3.13 -c 'import sys; print(sys.executable)' 2>/dev/null || \
  ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.13*/bin/python3.13 2>/dev/null | sort -V | tail -1)
# Which pinned stack to install: course (requirements/course.txt) or colab (requirements/colab.txt).
STACK ?= course
VENV ?= $(if $(filter colab,$(STACK)),.venv-colab,.venv)
BIN := $(VENV)/bin
STACK_PYTHON = $(if $(filter colab,$(STACK)),$(COLAB_PYTHON),$(PYTHON))
PYTHON_RANGE = $(if $(filter colab,$(STACK)),sys.version_info[:2] == (3, 13),(3, 11) <= sys.version_info[:2] <= (3, 13))
PYTHON_HELP = $(if $(filter colab,$(STACK)),The Colab stack is tested on Colab's Python 3.13. Install it (from python.org, \
  with pyenv install 3.13, or your package manager) or name it: make test COLAB_PYTHON=/path/to/python3.13.,\
  The course needs Python 3.11, 3.12 or 3.13 (run e.g. make lab PYTHON=python3.12);)
# Extra arguments for JupyterLab, e.g. make lab JUPYTER_ARGS="--no-browser --port=8890"
JUPYTER_ARGS ?=
# Extra arguments for pytest, e.g. make test PYTEST_ARGS="-k data"
PYTEST_ARGS ?=

# Byte-compile on install: without it `import tensorflow` takes ~20 s instead of ~6 s.
export UV_COMPILE_BYTECODE := 1

# Tests and CI read the data from the local mirror beside the checkout when it exists.
MIRROR ?= $(abspath ../shared/data)
# Set JUNIT_DIR to also write pytest's JUnit report per stack (the benchmark reads the CI cost from it).
JUNIT_DIR ?=
MIRROR_ENV = $(if $(wildcard $(MIRROR)),COURSE_DATA_MIRROR=$(MIRROR),)
TEST_ENV = COURSE_FAST=1 COURSE_STACK=$(STACK) $(MIRROR_ENV)

.PHONY: help setup lab lint format test test-stack execute labs grade benchmark stamp check-stamp clean

help:
	@sed -n '1,8p' Makefile | sed 's/^# \{0,1\}//'

setup: $(VENV)/.installed-$(STACK)

$(VENV)/.installed-$(STACK): requirements/$(STACK).txt requirements/colab-extras.txt requirements/dev.txt
	@$(STACK_PYTHON) -c 'import sys; ok = $(PYTHON_RANGE); sys.exit(0 if ok else 1)' 2>/dev/null || \
	  { echo "$(PYTHON_HELP) Found: '$(or $(STACK_PYTHON),nothing)' ($$($(STACK_PYTHON) --version 2>/dev/null || echo does not run))."; exit 1; }
	@test -x $(BIN)/python && $(BIN)/python -c 'import sys; ok = $(PYTHON_RANGE); sys.exit(0 if ok else 1)' || \
	  { rm -rf $(VENV); $(STACK_PYTHON) -m venv $(VENV); }
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/python -m uv pip install --quiet --python $(BIN)/python -r requirements/$(STACK).txt -r requirements/dev.txt
ifeq ($(STACK),colab)
	@# What Colab has before the notebooks' setup cell runs; tests/test_colab.py compares against it.
	$(BIN)/python -m pip list --format=freeze --disable-pip-version-check > $(VENV)/colab-preinstalled.txt
	@# The setup cell's own install (utils/colab.py), as it runs on Colab.
	$(BIN)/python -c 'from utils import colab; print("colab stack:", colab.install_extras())'
endif
	@touch $@

lab: setup
	@$(BIN)/python -m ipykernel install --user --name sequence-models-keras \
	  --display-name "Python (Sequence Models with Keras)" >/dev/null
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@echo '{"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Markdown Preview"}}}' \
	  > $(VENV)/share/jupyter/lab/settings/overrides.json
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(if $(filter 0,$(shell id -u)),--allow-root,) $(JUPYTER_ARGS) README.md

# The formatter and the linter (ruff, configured in pyproject.toml): any difference fails.
lint: setup
	$(BIN)/ruff format --check --diff .
	$(BIN)/ruff check .

# Apply the formatter and the linter's safe fixes; then re-execute the notebooks whose code changed.
format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The linter, then every test on the course stack, then every test again on Google Colab's stack.
test:
	$(MAKE) --no-print-directory lint STACK=course
	$(MAKE) --no-print-directory test-stack STACK=course
	$(MAKE) --no-print-directory test-stack STACK=colab

test-stack: setup
	@echo "== tests on the $(STACK) stack ($(VENV)), fast configuration =="
	@$(if $(wildcard $(MIRROR)),echo "data: the local mirror $(MIRROR)",echo "data: no mirror at $(MIRROR), so the loaders download (needs internet)")
	$(TEST_ENV) $(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax --nbval-current-env \
	  -p no:cacheprovider $(if $(JUNIT_DIR),--junitxml=$(JUNIT_DIR)/$(STACK).xml,) $(PYTEST_ARGS)

# Re-run lessons and solutions in the full configuration and store their outputs.
execute: setup
	$(BIN)/python -m tools.execute_notebooks $(NOTEBOOKS)

# Generate the student labs (labs/) from the solutions with otter assign; each solution must pass its own tests.
labs: setup
	$(BIN)/python -m tools.make_labs --run-tests $(NOTEBOOKS)

# Grade a folder of submissions: make grade LAB=01_toxic_comments SUBMISSIONS=dir OUT=dir [TIMEOUT=1800 MEMORY=6 JOBS=1]
grade: setup
	@test -n "$(LAB)" -a -n "$(SUBMISSIONS)" -a -n "$(OUT)" || \
	  { echo "usage: make grade LAB=01_toxic_comments SUBMISSIONS=folder OUT=folder-outside-the-repo"; exit 2; }
	$(BIN)/python -m tools.grade $(LAB) "$(SUBMISSIONS)" --out "$(OUT)" --timeout $(or $(TIMEOUT),1800) \
	  --memory $(or $(MEMORY),6) --jobs $(or $(JOBS),1)

# Benchmark report (docs/benchmarks.md): every lab's models, baselines and peers in the full
# configuration (Lab 03 twice, two seeds), plus the CI cost; 60 to 90 minutes. make benchmark BENCHMARK_ARGS=--quick: a few minutes.
benchmark: setup
	$(MIRROR_ENV) $(BIN)/python -m tools.benchmark $(BENCHMARK_ARGS)

# Rewrite every notebook's Colab badge and setup cell from [tool.course] in pyproject.toml.
stamp: setup
	$(BIN)/python -m tools.stamp_notebooks

check-stamp: setup
	$(BIN)/python -m tools.stamp_notebooks --check

clean:
	rm -rf .venv .venv-colab .pytest_cache .otter-tmp
