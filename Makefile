# The README's two commands. Both create .venv on a fresh machine.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run dev test install lint typecheck migrations-check sample bench bench-serve deploy-check clean

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null 2>&1 || { echo "Python 3.11 is required (set PY=...)"; exit 1; }
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

# The production server (Granian, several workers, DEBUG off, hashed static files); `serve`
# writes a random secret key to var/secret_key on first run, migrates and loads the sample.
# SECURE_COOKIES=false because this serves plain http on 127.0.0.1 (behind TLS, leave it on).
WORKERS ?= 2
run: $(STAMP)
	DEBUG=false SECURE_COOKIES=$${SECURE_COOKIES:-false} $(BIN)/whatsafter serve --workers $(WORKERS) --port 8000

# The auto-reloading development server, DEBUG on.
dev: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py build_sample --if-empty
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy whatsafter

migrations-check: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

test: lint typecheck migrations-check
	$(BIN)/pytest

# Render deploy/ and check it: nginx -t with a self-signed certificate, systemd-analyze verify.
deploy-check:
	deploy/check.sh

# Serving benchmarks (bench/serve_bench.py; figures in docs/BENCHMARKS.md). SOAK=600 adds the
# soak run through the stack, in seconds.
bench-serve: $(STAMP)
	@command -v wrk >/dev/null && command -v nginx >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null)
	$(BIN)/python bench/serve_bench.py $(if $(SOAK),--soak $(SOAK),)

sample: $(STAMP)
	$(BIN)/python scripts/derive_sample.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm
