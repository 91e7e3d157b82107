# Masthead: `make run` serves the demo newsroom, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PROXY_PORT ?= 8080
# Apps that carry their own catalog (masthead/<app>/locale/); the rest share masthead/locale/.
FEATURE_APPS = $(patsubst masthead/%/locale,%,$(wildcard masthead/*/locale))
export PORT PROXY_PORT

.PHONY: install run proxy cluster test test-fast bench lighthouse messages check-deploy clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@scripts/ensure-venv-support.sh "$(PYTHON)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

run: install
	$(PY) manage.py compile_catalogs -v0
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py ensure_media_bucket  # MEDIA_STORAGE_URL set: its bucket (README, "Media on object storage")
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_admin --admin-url "http://127.0.0.1:$(PORT)/admin/"
	$(PY) manage.py serve --port $(PORT)

# The app as `make run` serves it, behind Varnish on PROXY_PORT (deploy/README.md).
proxy: install
	@scripts/proxy.sh

# The production shape on this machine (scripts/cluster.py, docs/scaling.md): Varnish on PORT in front of
# NODES app nodes (PORT+1...), a worker, a private PostgreSQL primary + streaming replica, Redis, object storage.
cluster: install
	@scripts/ensure-debian-package.sh varnish varnish-modules
	$(PY) manage.py compile_catalogs -v0
	@$(PY) scripts/cluster.py

# The layer contracts (pyproject.toml, [tool.importlinter]) are checked before any test runs.
test: install
	@scripts/ensure-chromium.sh
	@scripts/ensure-debian-package.sh varnish varnish-modules
	$(VENV)/bin/lint-imports
	$(PY) manage.py compile_catalogs -v0
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: install
	$(VENV)/bin/lint-imports
	$(PY) manage.py compile_catalogs -v0
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

bench: install
	$(PY) manage.py compile_catalogs -v0
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) bench/peer/manage.py build_peer  # the plain-Wagtail peer of the side-by-side section (idempotent)
	$(PY) manage.py bench $(BENCH_ARGS)

# Lighthouse 12 (mobile) on home, an article, a rubric, the English home and search, median of 3 runs, against
# a site already running on PORT (`make run` in another terminal). Lighthouse comes from npm into var/lighthouse.
lighthouse: install
	$(PY) scripts/lighthouse.py $(LIGHTHOUSE_ARGS)

# Re-extract the catalogs (needs GNU gettext: apt-get install gettext). Each feature app keeps its
# templates, static files and catalog inside itself; the shared tree and the core apps share masthead/locale/.
messages: install
	cd masthead && ../$(PY) ../manage.py makemessages -l ru -l en $(foreach app,$(FEATURE_APPS),--ignore '$(app)/*') --ignore 'demo/*'
	for app in $(FEATURE_APPS); do (cd masthead/$$app && ../../$(PY) ../../manage.py makemessages -l ru -l en); done
	$(PY) manage.py compile_catalogs

check-deploy: install
	DEBUG=0 SECRET_KEY=$$(head -c 48 /dev/urandom | base64) $(PY) manage.py check --deploy

clean:
	rm -rf $(VENV) var
