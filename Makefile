# PHR developer commands. Every target creates .venv on first use and reinstalls only when
# pyproject.toml changes, so running a target twice is a fast no-op.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
STAMP_BENCH := $(VENV)/.installed-bench
STAMP_PACKAGE := $(VENV)/.installed-package
BUNDLE := dist/phr
STAMP_SYS := $(VENV)/.system-libs
STAMP_SYS_RUN := $(VENV)/.system-libs-run

export QT_QPA_PLATFORM ?= offscreen
# setuptools explains at length, on every editable install, that a folder named like the
# package shadows it; that is exactly our layout, so that one notice (only) is silenced.
PIP_INSTALL := PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet

.PHONY: run test lint bench package package-test bundle-size install-desktop uninstall-desktop clean

run: $(STAMP_RUN) $(STAMP_SYS_RUN)
	@if [ "$$(uname)" = Linux ] && [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		echo "make run: no display to open the app on (DISPLAY and WAYLAND_DISPLAY are unset); the command line works without one: $(BIN)/phr --help" >&2; \
		exit 1; fi
	@echo "Opening the desktop app. The command line is $(BIN)/phr (try $(BIN)/phr --help)."
	QT_QPA_PLATFORM= $(BIN)/phr-desktop

test: $(STAMP_TEST) $(STAMP_SYS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

lint: $(STAMP_TEST)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP_BENCH)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# The desktop bundle (PyInstaller one-folder: $(BUNDLE)/phr-desktop and $(BUNDLE)/phr).
package: $(STAMP_PACKAGE) $(STAMP_SYS)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/phr.spec
	@echo "bundle: $$(du -sh $(BUNDLE) | cut -f1) in $(BUNDLE)"

# Not part of `make test`: builds the bundle, checks its size, smoke-tests it, then checks the
# wheel in a fresh venv. Set COLD=1 (as root on Linux) to drop the page cache before the
# cold-start timing.
package-test: package
	$(PYTHON) packaging/check_size.py $(BUNDLE) --limit-mb $(BUNDLE_LIMIT_MB)
	bash packaging/smoke_test.sh $(BUNDLE)
	bash packaging/check_wheel.sh

# Fails if the built bundle is over BUNDLE_LIMIT_MB (issue 14), listing the largest files.
BUNDLE_LIMIT_MB ?= 250
bundle-size:
	$(PYTHON) packaging/check_size.py $(BUNDLE) --limit-mb $(BUNDLE_LIMIT_MB)

# Menu entry, icons and AppStream metadata for the current user (~/.local/share). The launcher
# runs the bundle if one was built, else the venv's phr-desktop.
install-desktop: $(if $(wildcard $(BUNDLE)/phr-desktop),,$(STAMP_RUN))
	bash packaging/install_desktop.sh "$(abspath $(if $(wildcard $(BUNDLE)/phr-desktop),$(BUNDLE)/phr-desktop,$(BIN)/phr-desktop))"

uninstall-desktop:
	bash packaging/install_desktop.sh --uninstall

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(VENV)/bin/python
	$(PIP_INSTALL) -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(VENV)/bin/python
	$(PIP_INSTALL) -e '.[test]'
	touch $@ $(STAMP_RUN)

$(STAMP_BENCH): pyproject.toml | $(VENV)/bin/python
	$(PIP_INSTALL) -e '.[test,bench]'
	touch $@ $(STAMP_TEST) $(STAMP_RUN)

# Qt needs a few shared libraries that minimal Linux images lack. Installed only when missing,
# only on Debian/Ubuntu, and only when we are allowed to (root); elsewhere the script says what to do.
$(STAMP_PACKAGE): pyproject.toml | $(VENV)/bin/python
	$(PIP_INSTALL) -e '.[package]'
	touch $@ $(STAMP_RUN)

$(STAMP_SYS): scripts/system-libs.sh | $(VENV)/bin/python
	bash scripts/system-libs.sh test
	touch $@

$(STAMP_SYS_RUN): scripts/system-libs.sh | $(VENV)/bin/python
	bash scripts/system-libs.sh run
	touch $@

clean:
	rm -rf $(VENV) build dist *.egg-info
