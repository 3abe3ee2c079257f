# Every target sets up what it needs: a virtual environment in .venv with requirements.txt installed.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PYTHON ?= python3

.PHONY: setup run test lint models eval serve bench reliability clean

$(STAMP): requirements.txt lambda/requirements.txt lambda/pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --editable lambda
	@touch $(STAMP)

setup: $(STAMP)

## Talk to the skill in a console (type what you would say to Alexa).
run: $(STAMP)
	@$(PY) -m simulator $(ARGS)

## Run the whole test suite.
test: $(STAMP)
	$(PY) -m pytest -q $(ARGS)

## Lint and type-check: ruff (rules and import order) and mypy, zero findings.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

## Regenerate what follows from skill.json's locales and the exercise list: the locale models, content/locales.json.
models: $(STAMP)
	$(PY) tools/sync_locales.py

## Score the model and the skill on real phrasings: intent accuracy, red-flag recall, unsafe answers.
eval: $(STAMP)
	@$(PY) -m tools.evaluate $(ARGS)

## Serve the skill as a verified HTTPS-ready web service on 127.0.0.1:$${PORT:-5000}.
serve: $(STAMP)
	@$(PY) -m webservice

## Measure cold start, warm latency, memory, store calls and package size against a hello-world skill.
bench: $(STAMP)
	@$(PY) bench/run.py $(ARGS)

## Two-device races (50 per store) and 10,000 hostile envelopes against real loopback servers.
reliability: $(STAMP)
	@$(PY) bench/reliability.py $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache data/*.sqlite3
