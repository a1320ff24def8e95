# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export YINGJI_VAR_DIR ?= $(CURDIR)/var

.PHONY: run test install lint typecheck pytest serve bench clean

$(BIN)/yingji: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade --quiet pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/yingji

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

yingji/ui/static/vendor/.stamp: node_modules/.package-lock.json $(BIN)/yingji
	$(BIN)/yingji vendor-assets
	touch $@

install: $(BIN)/yingji yingji/ui/static/vendor/.stamp

# Serve the demo city on SQLite at http://127.0.0.1:8000
run: install
	YINGJI_DEMO=1 YINGJI_DEBUG=$${YINGJI_DEBUG:-1} $(BIN)/yingji migrate --no-input -v0
	YINGJI_DEMO=1 YINGJI_DEBUG=$${YINGJI_DEBUG:-1} $(BIN)/yingji demo --if-empty
	YINGJI_DEMO=1 YINGJI_DEBUG=$${YINGJI_DEBUG:-1} $(BIN)/yingji serve

lint: install
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest $(PYTEST_ARGS)

# The whole suite: lint, types, tests (on SQLite, or on YINGJI_DATABASE_URL when set).
test: lint typecheck pytest

bench: install
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) node_modules yingji/ui/static/vendor var
