# Every target sets up what it needs, in a virtual environment in .venv: the console only the skill's
# packages (requirements-run.txt), the other targets the development tools too (requirements.txt).
VENV   := .venv
PY     := $(VENV)/bin/python
RUN_STAMP := $(VENV)/.installed-run
STAMP  := $(VENV)/.installed
PIP    := $(PY) -m pip install --quiet --quiet --disable-pip-version-check
PYTHON ?= python3
# The function's own Python (template.yaml Runtime) for sam build, the emulator tests and the bench.
RUNTIME_DIR   := $(VENV)/lambda-runtime
RUNTIME_STAMP := $(RUNTIME_DIR)/.installed
NPM_STAMP     := node_modules/.installed
export SAM_CLI_TELEMETRY := 0

.PHONY: setup run test lint models eval serve host nginx bench reliability clean deploy destroy ask-configure

$(RUN_STAMP): requirements-run.txt lambda/requirements.txt lambda/pyproject.toml
	@test -x $(PY) || { echo "Creating the virtual environment in $(VENV)..."; $(PYTHON) -m venv $(VENV); }
	@echo "Installing the skill's packages..."
	@$(PIP) -r requirements-run.txt
	@$(PIP) --no-deps --editable lambda
	@touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP) requirements.txt requirements-deploy.txt
	@echo "Installing the development and deployment tools..."
	@$(PIP) --upgrade pip
	@$(PIP) -r requirements.txt -r requirements-deploy.txt
	@touch $(STAMP)

$(RUNTIME_STAMP): requirements-runtime.txt template.yaml $(STAMP)
	@echo "Installing the Lambda runtime's packages for the function's own Python..."
	@RUNTIME_PYTHON=$$($(PY) -m tools.runtime_python) && \
	  $$RUNTIME_PYTHON -m pip install --quiet --quiet --disable-pip-version-check --upgrade \
	    --target $(RUNTIME_DIR) -r requirements-runtime.txt && echo "$$RUNTIME_PYTHON" > $(RUNTIME_DIR)/python
	@touch $(RUNTIME_STAMP)

## The ASK CLI, pinned (package.json, package-lock.json): `npx ask configure` once links your developer account.
$(NPM_STAMP): package.json package-lock.json
	@echo "Installing the pinned ASK CLI and APL validator (npm)..."
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $(NPM_STAMP)

## nginx, Debian's package: `make host` puts it in front of gunicorn (the tests run it too).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  echo "Installing nginx (Debian's nginx-light)..."; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null 2>&1 || { \
	    $(SUDO) apt-get update -qq >/dev/null && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }; }

setup: $(STAMP) $(RUNTIME_STAMP) $(NPM_STAMP) nginx

## Talk to the skill in a console (type what you would say to Alexa).
run: $(RUN_STAMP)
	@$(PY) -m simulator $(ARGS)

## Run the whole test suite.
test: setup
	$(PY) -m pytest -q $(ARGS)

## Lint and type-check: ruff (rules, import order and formatting) and mypy, zero findings.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
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

## The web service as it is hosted: nginx in front of gunicorn on http://127.0.0.1:$${PORT:-8080}/.
host: $(STAMP) nginx
	@$(PY) -m webservice.host

## Measure cold start, warm latency, memory, store calls and package size against a hello-world skill.
bench: setup
	@$(PY) bench/run.py $(ARGS)

## Two-device races (50 per store) and 10,000 hostile envelopes against real loopback servers.
reliability: $(STAMP)
	@$(PY) -m bench.reliability $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache data/*.sqlite3 node_modules .aws-sam

## Build, deploy the stack, create or update the skill, enable it for testing, lock the function to it.
## ARGS="--dry-run" prints every step; see `$(PY) -m tools.deploy --help`.
## Checks first what it needs (AWS credentials and region, the ASK login), in a second, before installing anything.
deploy:
	@$(PYTHON) -m tools.deploy_check $(if $(DRY_RUN),--dry-run) $(ARGS)
	@$(MAKE) --no-print-directory setup
	@$(PY) -m tools.deploy deploy $(if $(DRY_RUN),--dry-run) $(ARGS)

## Link your Amazon developer account once, with the pinned ASK CLI (installed here first).
ask-configure: $(NPM_STAMP)
	@npx --no-install ask configure $(ARGS)

## Remove the stack, the skill and the artifacts; ARGS="--delete-table" deletes the users' table too.
destroy: setup
	@$(PY) -m tools.deploy destroy $(if $(DRY_RUN),--dry-run) $(ARGS)
