# Storyline: make run · make test · make eval · make bench   (each installs what it needs)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
SHARED ?= ../shared
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test eval bench venv venv-dev browser clean-store

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.runtime
venv-dev: $(VENV)/.dev

# Debian's chromium for the browser tests (Playwright's own browser download does not work here).
browser:
	@command -v chromium >/dev/null 2>&1 && fc-list | grep -qi "noto color emoji" || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null; }

run: venv
	$(PY) -m storyline seed
	$(PY) -m streamlit run dashboard.py --server.port $(PORT)

test: venv-dev browser
	$(PY) -m pytest -q

eval: venv
	$(PY) -m storyline.evaluation --shared $(SHARED)

# The full run: about 30 min on a quiet 2-core machine (+10 min the first time, building the 50k store);
# BENCH_FLAGS=--quick for a reduced pass.
bench: venv-dev
	$(PY) -m benchmarks.run $(BENCH_FLAGS)

clean-store:
	rm -rf data/store
