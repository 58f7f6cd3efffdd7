# The README's two commands: `make run` and `make test`.
# Cargo's target directory lives outside the clone so that fresh clones and CI runs reuse it.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/hocba-target

# The server's settings for `make run` (production build, demo data on an empty database).
# DATABASE_URL is left to the server's default, sqlite://data/hocba.db.
RUN_ENV = LEPTOS_OUTPUT_NAME=hocba LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
	LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_ENV=PROD

.PHONY: help run test setup site site-release sizes pg-start pg-stop bench

help:
	@echo "make run           install what is missing, build for release, serve on http://127.0.0.1:3000"
	@echo "make test          lints, Rust tests (SQLite + PostgreSQL), browser tests"
	@echo "make setup         install what is missing (scripts/setup.sh)"
	@echo "make site          cargo xtask build-site (wasm-release client, debug server)"
	@echo "make site-release  cargo xtask build-site --release"
	@echo "make sizes         raw/gzip/brotli sizes of the built client"
	@echo "make pg-start|pg-stop  the throwaway PostgreSQL cluster used by the tests"
	@echo "make bench         argon2 floor, login, import, grade saves, the grid, parents, dashboards (bench/)"

run: setup site-release
	@mkdir -p data
	$(RUN_ENV) "$(CARGO_TARGET_DIR)/release/hocba" serve --seed-demo-if-empty

test:
	scripts/test.sh

setup:
	scripts/setup.sh

site:
	cargo xtask build-site

site-release:
	cargo xtask build-site --release

sizes:
	cargo xtask sizes

pg-start:
	scripts/pg.sh start

pg-stop:
	scripts/pg.sh stop

bench:
	cargo bench -p app --features ssr --bench password_hash
	bench/login.sh
	bench/import.sh
	bench/grid-save.sh
	bench/grid.sh
	bench/audit.sh
	bench/offline_sync.sh
	bench/parents.sh
	bench/dashboard.sh
