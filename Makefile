# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export YINGJI_VAR_DIR ?= $(CURDIR)/var

.PHONY: run test install lint typecheck imports pytest serve bench clean

$(BIN)/yingji: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade --quiet pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/yingji

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

yingji/ui/static/vendor/.stamp: node_modules/.package-lock.json $(BIN)/yingji
	$(BIN)/python -m yingji.ui.vendor
	touch $@

install: $(BIN)/yingji yingji/ui/static/vendor/.stamp

# Serve the demo city on SQLite at http://127.0.0.1:8000
# Demo mode is explicit; it serves with DEBUG off (no stack trace reaches a user), which
# demo mode only accepts when told so, here, for a server bound to 127.0.0.1.
RUN_ENV := YINGJI_DEMO=1 YINGJI_DEMO_ALLOW_PRODUCTION=1
run: install
	$(RUN_ENV) $(BIN)/yingji migrate --no-input -v0
	$(RUN_ENV) $(BIN)/yingji demo --if-empty
	$(RUN_ENV) $(BIN)/yingji serve

lint: install
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy

# The module kit's import contracts ([tool.importlinter] in pyproject.toml).
imports: install
	$(BIN)/lint-imports

# One test process per core (pytest-xdist); TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= auto
pytest: install
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The whole suite: lint, types, import contracts, tests (on SQLite, or on YINGJI_DATABASE_URL when set).
test: lint typecheck imports pytest

bench: install
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) node_modules yingji/ui/static/vendor var
