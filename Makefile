# Masthead: `make run` serves the demo newsroom, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

.PHONY: install run test test-fast bench messages check-deploy clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@scripts/ensure-venv-support.sh "$(PYTHON)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

run: install
	$(PY) manage.py compilemessages -v0 --ignore '.venv/*'
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_admin --admin-url "http://127.0.0.1:$(PORT)/admin/"
	$(PY) manage.py serve --port $(PORT)

test: install
	@scripts/ensure-chromium.sh
	$(PY) manage.py compilemessages -v0 --ignore '.venv/*'
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: install
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

bench: install
	$(PY) manage.py bench $(BENCH_ARGS)

messages: install
	cd masthead && ../$(PY) ../manage.py makemessages -l ru -l en --ignore '.venv/*' && ../$(PY) ../manage.py makemessages -d djangojs -l ru -l en
	$(PY) manage.py compilemessages -v0 --ignore '.venv/*'

check-deploy: install
	DEBUG=0 SECRET_KEY=$$(head -c 48 /dev/urandom | base64) $(PY) manage.py check --deploy

clean:
	rm -rf $(VENV) var
