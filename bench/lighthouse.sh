#!/usr/bin/env bash
# Lighthouse 12.2.3 (npm; Node 20 needs exactly that version) with Debian's chromium against
# the production server: home, a film page and its cinema page, mobile and desktop. Prints
# the four category scores and the bytes each page transferred.
#
#   bench/lighthouse.sh [FILM_SLUG]        (default: the-avengers-2012 from the sample)
#   PORT=8810 RUNS=1 bench/lighthouse.sh
#
# Goals (issue 15): every score >= 95, the film page < 100 KB transferred. Lighthouse's
# performance score depends on the machine's load (it simulates a slow phone from measured
# timings); run it on a quiet machine and compare runs made on the same machine.
set -euo pipefail
cd "$(dirname "$0")/.."

SLUG="${1:-the-avengers-2012}"
PORT="${PORT:-8810}"
OUT="bench/out/lighthouse"
LH="$OUT/node_modules/.bin/lighthouse"
CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
export CHROME_PATH

if [ ! -x "$LH" ]; then
  echo "installing lighthouse@12.2.3 into $OUT (npm)"
  mkdir -p "$OUT"
  npm i -E --no-audit --no-fund --prefix "$OUT" lighthouse@12.2.3 >/dev/null
fi

# The production server: `whatsafter serve` with DEBUG off (hashed, compressed static files).
export DEBUG=false
export SECRET_KEY="${SECRET_KEY:-lighthouse-run-$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')}"
export ALLOWED_HOSTS="127.0.0.1,localhost"
if .venv/bin/whatsafter serve --help 2>/dev/null | grep -q -- "--port"; then
  .venv/bin/whatsafter serve --port "$PORT" >"$OUT/server.log" 2>&1 &
else
  .venv/bin/whatsafter serve "127.0.0.1:$PORT" >"$OUT/server.log" 2>&1 &
fi
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fso /dev/null "http://127.0.0.1:$PORT/" && break
  sleep 1
done
curl -fso /dev/null "http://127.0.0.1:$PORT/movies/$SLUG/" || { echo "no film page for $SLUG"; exit 1; }

BASE="http://127.0.0.1:$PORT"
declare -A PAGES=([home]="/" [film]="/movies/$SLUG/" [cinema]="/movies/$SLUG/cinema/")
for form in mobile desktop; do
  preset=()
  [ "$form" = desktop ] && preset=(--preset=desktop)
  for name in home film cinema; do
    "$LH" "$BASE${PAGES[$name]}" "${preset[@]}" --quiet --output=json \
      --output-path="$OUT/$name-$form.json" \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" || true
  done
done

.venv/bin/python - "$OUT" <<'PY'
import json
import sys
from pathlib import Path

out = Path(sys.argv[1])
print(f"{'page':8} {'form':8} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'KB':>7}  problems")
for form in ("mobile", "desktop"):
    for name in ("home", "film", "cinema"):
        report = json.loads((out / f"{name}-{form}.json").read_text())
        scores = [
            round(100 * (report["categories"][c]["score"] or 0))
            for c in ("performance", "accessibility", "best-practices", "seo")
        ]
        weight = report["audits"]["total-byte-weight"]["numericValue"] / 1024
        failed = [
            audit_id
            for category in report["categories"].values()
            for ref in category["auditRefs"]
            if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 0.9
            for audit_id in [ref["id"]]
        ]
        print(f"{name:8} {form:8} " + " ".join(f"{s:5d}" for s in scores) + f" {weight:7.1f}  {' '.join(failed)}")
PY
