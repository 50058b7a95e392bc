# Desktop shell (src-tauri/), its page (ui/) and the real-window tests (tests/e2e/).
# Included from the root Makefile; also works alone: make -f mk/app.mk test-app
#
#   make ui            build ui/dist (npm ci first when ui/node_modules is missing or stale)
#   make app           ui, then cargo build -p dossierkluis-app
#   make run-app       app, then open the window
#   make test-app      ui, then cargo test -p dossierkluis-app --features test-seams (IPC surface snapshot,
#                      mock-runtime IPC)
#   make tauri-driver  install tauri-driver 2.x into .tools/ once
#   make test-e2e      app + tauri-driver, then drive the real window under Xvfb (tests/e2e/run.sh);
#                      E2E_FILES="./app.test.mjs ./x.test.mjs" runs only those files, in that order

# Never let this fragment choose the default goal of the Makefile that includes it.
APP_MK_SAVED_GOAL := $(.DEFAULT_GOAL)

APP_ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)
UI_DIR := $(APP_ROOT)/ui
E2E_DIR := $(APP_ROOT)/tests/e2e
TOOLS_DIR := $(APP_ROOT)/.tools
CARGO ?= cargo
NPM ?= npm
APP_TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(APP_ROOT)/target)
APP_BIN := $(APP_TARGET_DIR)/debug/dossierkluis-app
TAURI_DRIVER := $(TOOLS_DIR)/bin/tauri-driver

# Stamps written after a successful `npm ci`: a newer package-lock.json re-installs.
UI_DEPS := $(UI_DIR)/node_modules/.dossierkluis-installed
E2E_DEPS := $(E2E_DIR)/node_modules/.dossierkluis-installed
UI_SOURCES := $(shell find $(UI_DIR)/src -type f 2>/dev/null) \
  $(wildcard $(UI_DIR)/index.html $(UI_DIR)/*.json $(UI_DIR)/*.ts $(UI_DIR)/*.js)
UI_DIST := $(UI_DIR)/dist/index.html

.PHONY: ui app app-e2e run-app test-app tauri-driver test-e2e

ui: $(UI_DIST)

$(UI_DEPS): $(UI_DIR)/package-lock.json
	cd $(UI_DIR) && $(NPM) ci --no-audit --no-fund
	touch $@

$(UI_DIST): $(UI_DEPS) $(UI_SOURCES)
	cd $(UI_DIR) && $(NPM) run build

app: ui
	cd $(APP_ROOT) && $(CARGO) build -p dossierkluis-app

run-app: app
	$(APP_BIN)

# The shell embeds ui/dist at compile time, so its tests need the page built too.
test-app: ui
	cd $(APP_ROOT) && $(CARGO) test -p dossierkluis-app --features test-seams

tauri-driver: $(TAURI_DRIVER)

# 2.x: the newest on crates.io is a 3.0 alpha.
$(TAURI_DRIVER):
	$(CARGO) install --root $(TOOLS_DIR) tauri-driver --locked --version '^2'

# --ignore-scripts: no postinstall may download browsers or drivers; WebKitWebDriver comes from Debian.
$(E2E_DEPS): $(E2E_DIR)/package-lock.json
	cd $(E2E_DIR) && $(NPM) ci --ignore-scripts --no-audit --no-fund
	touch $@

# The real-window tests drive a build with the test seams (dialogs answered from a folder, a fake lp);
# `make app`/`make run` build the same binary without them (cargo rebuilds only the shell crate).
app-e2e: ui
	cd $(APP_ROOT) && $(CARGO) build -p dossierkluis-app --features test-seams

test-e2e: app-e2e $(TAURI_DRIVER) $(E2E_DEPS)
	DOSSIERKLUIS_APP_BIN=$(APP_BIN) TAURI_DRIVER=$(TAURI_DRIVER) $(E2E_DIR)/run.sh $(E2E_FILES)

.DEFAULT_GOAL := $(APP_MK_SAVED_GOAL)
