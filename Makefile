# Floorcast — build, run and test. `make help` lists the targets.
#
# No cargo-leptos needed: the site is built with cargo (WASM) + wasm-bindgen +
# wasm-opt + copies, which installs in minutes instead of ~35 CPU-minutes.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

WASM_BINDGEN_VERSION := 0.2.130
SITE := target/site
PKG := $(SITE)/pkg
NPM_BIN := $(CURDIR)/node_modules/.bin
export PATH := $(HOME)/.cargo/bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help run test bench setup site server-release e2e screenshots dev clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

run: setup site server-release ## build in release mode, migrate, seed the demo on first start, serve on :3000 with the demo floor live
	@mkdir -p data
	FLOORCAST_SITE_ROOT=$(SITE) ./target/release/server serve --seed-demo-if-empty --live-demo

test: setup chromium postgres ## every test: unit, integration (SQLite + Postgres), end-to-end in Chromium
	cargo test
	$(MAKE) site
	$(MAKE) e2e

bench: server-release postgres ## forecasting speed and accuracy tables; signed-in reads and the floor overview under load (SQLite, Postgres); 3-D packing against the bound
	@command -v hey >/dev/null || { echo "installing Debian's hey (load generator)"; \
	  $(SUDO) apt-get install -y hey || { $(SUDO) apt-get update && $(SUDO) apt-get install -y hey; }; }
	./target/release/server bench-forecast
	./target/release/server bench-reads
	./target/release/server bench-floor
	./target/release/server bench-packing

# target/debug/server comes from `cargo test` (same features, so no second build).
e2e: ## end-to-end tests against target/debug/server (run `make test` once first)
	cd end2end && $(NPM_BIN)/playwright test

screenshots: ## retake the README's screenshots (end2end/screenshots/) with the end-to-end tests
	cd end2end && FLOORCAST_SCREENSHOTS=screenshots $(NPM_BIN)/playwright test

# cargo-leptos builds the office bundle only: the kiosk pages stay plain HTML forms there.
dev: setup ## watch, rebuild and reload while developing (installs cargo-leptos on first use)
	@command -v cargo-leptos >/dev/null || cargo install cargo-leptos --version 0.3.10 --locked
	PATH="$(NPM_BIN):$$PATH" cargo leptos watch

clean: ## remove build output (keeps node_modules and the database)
	cargo clean

# ---- tools: installed only when missing -------------------------------------

setup: node_modules/.installed ## install the wasm target, wasm-bindgen CLI and npm packages if missing
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (a few minutes, once)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; \
	fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

.PHONY: chromium postgres
chromium:
	@command -v chromium >/dev/null || { echo "installing Debian's chromium for the end-to-end tests"; \
	  $(SUDO) apt-get install -y chromium || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }; }

# Starts the machine's Postgres cluster if it is installed but stopped. The
# integration tests then say loudly (or fail, with CI=true) if it is still unreachable.
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || { \
	  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then \
	    echo "starting the local Postgres cluster"; \
	    pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -1) main start || true; \
	  else echo "no Postgres on 127.0.0.1:5432 and none installed: the Postgres tests will say so"; fi; }

# ---- the site: WASM bundle, CSS, assets, ECharts -----------------------------

# Two bundles: the office's (`frontend`, every page) and the floor's (`floor`, the
# kiosk pages only, so a tablet downloads a fraction of it). One cargo call builds both.
WASM_CRATES := -p frontend -p floor
# crate:file-stem under /pkg
BUNDLES := frontend:floorcast floor:floorcast-floor
WASM_DIR := target/wasm32-unknown-unknown/wasm-release
# Marks target/site/pkg as holding the optimised bundles of the current WASM.
BUNDLE_STAMP := $(PKG)/.bundles

site: ## the browser bundles, size-optimised and precompressed, into target/site
	cargo build $(WASM_CRATES) --lib --target wasm32-unknown-unknown --profile wasm-release
	$(MAKE) $(BUNDLE_STAMP) site-assets
	node assets/precompress.mjs $(SITE)

# wasm-bindgen and wasm-opt run only when cargo produced a new WASM.
$(BUNDLE_STAMP): $(WASM_DIR)/frontend.wasm $(WASM_DIR)/floor.wasm
	for bundle in $(BUNDLES); do crate=$${bundle%%:*}; name=$${bundle#*:}; \
	  wasm-bindgen $(WASM_DIR)/$$crate.wasm --target web --no-typescript --out-dir $(PKG) --out-name $$name; \
	  $(NPM_BIN)/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
	    $(PKG)/$${name}_bg.wasm -o $(PKG)/$${name}_bg.wasm; \
	done
	touch $@

# ECharts with only the chart types and components we draw (assets/echarts.js).
.PHONY: site-assets
site-assets:
	mkdir -p $(PKG)
	cp style/main.css $(PKG)/floorcast.css
	cp -r public/. $(SITE)/
	$(NPM_BIN)/esbuild assets/echarts.js --bundle --minify --format=iife --global-name=echarts --legal-comments=none \
	  --target=es2019 --log-level=warning --outfile=$(SITE)/echarts.min.js

server-release:
	cargo build --release -p server
