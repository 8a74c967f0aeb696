"""Serving benchmarks (`make bench-serve`): each figure is a ratio to a baseline measured in the
same run, because the machine is shared and absolute numbers move with its load.

  python bench/serve_bench.py [--db PATH] [--duration 30] [--connections 64] [--soak SECONDS]

One core runs the server(s) (taskset -c 0), another runs wrk (taskset -c 1). Measured:
  1. server choice: a hello-world and the cached film page on Granian and gunicorn (sync);
  2. the app alone, warm page cache: film page vs hello-world on the same server;
  3. the stack (nginx micro-cache -> app), warm: film page vs nginx serving its bytes as a file;
  4. the app with caches off: req/s, p99 and queries per page, and search suggestions' p99;
  5. with --soak: a steady load through the stack, errors and worker memory growth.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PY = sys.executable
FILM = "/movies/never-let-me-go-2010/"
PORTS = {"app": 8210, "hello": 8211, "nginx": 8243, "nginx_http": 8280}


@dataclass
class Run:
    rps: float
    p99_ms: float
    errors: int
    requests: int
    error_kinds: str = ""  # wrk's breakdown, e.g. "timeout 3, non-2xx 1"

    def show(self) -> str:
        kinds = f" ({self.error_kinds})" if self.errors else ""
        return f"{self.rps:9.0f} req/s  p99 {self.p99_ms:7.1f} ms  errors {self.errors}{kinds}"


def _ms(text: str) -> float:
    """wrk's duration ("812.00us", "1.20s", "1.00m"); NaN when it printed none (all timed out)."""
    found = re.match(r"([\d.]+)(us|ms|s|m|h)\b", text)
    if not found:
        return math.nan
    value, unit = found.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1e3, "m": 6e4, "h": 3.6e6}[unit]


def wrk(url: str, *, duration: int, connections: int, script: Path | None = None) -> Run:
    cmd = ["taskset", "-c", "1", "wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency"]
    cmd += ["-s", str(script)] if script else []
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    latency = re.search(r"99%\s+(\S+)", out)
    p99 = _ms(latency.group(1)) if latency else math.nan
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    kinds = {k: int(n) for k, n in re.findall(r"(connect|read|write|timeout) (\d+)", out)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        kinds["non-2xx"] = int(non2xx.group(1))
    shown = ", ".join(f"{k} {n}" for k, n in kinds.items() if n)
    return Run(rps, p99, sum(kinds.values()), requests, shown)


@contextlib.contextmanager
def server(cmd: list[str], port: int, env: dict[str, str], probe: str = "/") -> Iterator[int]:
    """Start a server pinned to core 0, wait until it answers, stop it afterwards."""
    proc = subprocess.Popen(
        ["taskset", "-c", "0", *cmd], env={**os.environ, **env}, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(300):
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"http://127.0.0.1:{port}{probe}", timeout=5).status_code < 500:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"{cmd} did not start")
        yield proc.pid
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def granian(app: str, port: int, workers: int = 1) -> list[str]:
    return [PY, "-m", "granian", "--interface", "wsgi", "--no-ws", "--workers", str(workers),
            "--blocking-threads", "1", "--backlog", "2048", "--port", str(port), app]  # fmt: skip


def gunicorn(app: str, port: int) -> list[str]:
    return [PY, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
            "--log-level", "warning", app]  # fmt: skip


def app_env(db: Path, *, cache: bool) -> dict[str, str]:
    return {
        "SQLITE_PATH": str(db), "DEBUG": "false", "SECURE_COOKIES": "false",
        "PAGE_CACHE": "true" if cache else "false", "API_READS_PER_MINUTE": "100000000",
        "PAGE_STAMPS_FILE": str(OUT / "page-stamps"), "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "whatsafter.settings", "STATIC_HASHED": "true",
    }  # fmt: skip


def prepare(db: Path) -> None:
    env = {**os.environ, "SQLITE_PATH": str(db)}
    manage = [PY, str(ROOT / "manage.py")]
    steps = (["ensure_secret_key"], ["migrate", "--noinput"], ["createcachetable"],
             ["build_sample", "--if-empty"])  # fmt: skip
    for args in steps:  # a fresh clone has no key yet: the server refuses to start without one
        subprocess.run([*manage, *args], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v0"], env={**env, "STATIC_HASHED": "true"},
        check=True,
    )  # fmt: skip


def sample_urls(db: Path) -> dict[str, str]:
    """One real person and company from the catalogue, found through the site's own pages."""
    os.environ.update(app_env(db, cache=False))
    import django

    django.setup()
    from whatsafter.catalog.models import Company, Person

    person = Person.objects.filter(credits__movie__slug=FILM.split("/")[2]).first()
    company = Company.objects.filter(movies__isnull=False).first()
    assert person and company, "the sample catalogue is missing"
    return {
        "home": "/", "film": FILM, "search": "/search/?q=avengers",
        "person": person.get_absolute_url(), "company": f"/companies/{company.slug}/",
        "latest": "/latest/", "api answer": "/api/v1/answer?title=Never+Let+Me+Go",
    }  # fmt: skip


def queries_per_page(urls: dict[str, str]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, counts = Client(), {}
    for name, url in urls.items():
        client.get(url)  # warm Python-level caches first, as a running server would be
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        counts[name] = len(captured)
    return counts


def suggestion_script(db: Path) -> Path:
    """wrk picks a random title prefix per request, as people typing would."""
    import sqlite3

    titles = [r[0] for r in sqlite3.connect(db).execute(
        "SELECT title FROM catalog_movie ORDER BY popularity DESC LIMIT 2000")]  # fmt: skip
    prefixes = sorted({t[:n].lower() for t in titles for n in (3, 5) if len(t) > n})
    script = OUT / "suggest.lua"
    quoted = ",".join(json.dumps(p) for p in prefixes)
    script.write_text(
        f"local p = {{{quoted}}}\n"
        'wrk.headers["HX-Request"] = "true"\n'
        "request = function()\n"
        '  local q = string.gsub(p[math.random(#p)], " ", "+")\n'
        '  return wrk.format("GET", "/search/?suggest=1&q=" .. q)\n'
        "end\n"
    )
    return script


def nginx_conf(work: Path) -> Path:
    """The deploy/ site, rendered for this machine's ports."""
    work.chmod(0o755)  # nginx's workers run as www-data
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(work / "key.pem"),
                    "-out", str(work / "cert.pem")], check=True, capture_output=True)  # fmt: skip
    site = work / "site"
    subprocess.run(
        [str(ROOT / "deploy" / "render.sh"), str(site), "127.0.0.1", str(ROOT),
         str(work / "cert.pem"), str(work / "key.pem"), f"127.0.0.1:{PORTS['app']}", "1",
         str(work / "cache")], check=True,
    )  # fmt: skip
    text = (site / "whatsafter.conf").read_text()
    text = text.replace("listen 443 ssl http2;", f"listen {PORTS['nginx']} ssl;")
    text = text.replace("listen 80;", f"listen {PORTS['nginx_http']};")
    text = re.sub(r"\n\s*listen \[::\]:\d+[^\n]*", "", text)
    (site / "whatsafter.conf").write_text(text)
    conf = work / "nginx.conf"
    temp = " ".join(f"{k}_temp_path {work / k};" for k in ("client_body", "proxy", "fastcgi",
                                                          "uwsgi", "scgi"))  # fmt: skip
    conf.write_text(
        f"worker_processes 1; daemon off; pid {work / 'nginx.pid'};\n"
        f"error_log {work / 'error.log'};\n"
        "events { worker_connections 4096; }\n"
        f"http {{ access_log off; include /etc/nginx/mime.types; {temp}\n"
        f"include {site / 'whatsafter.conf'}; }}\n"
    )
    return conf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=OUT / "serve.sqlite3")
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--soak", type=int, default=0, help="seconds of soak; 0 = skip")
    parser.add_argument("--soak-rate", type=int, default=20, help="requests/s during the soak")
    parser.add_argument("--soak-only", action="store_true", help="only the soak (needs --soak)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if (
        shutil.which("gunicorn") is None
        and subprocess.run(
            [PY, "-c", "import gunicorn"], capture_output=True, check=False
        ).returncode
    ):  # only the comparison needs it: not a dependency of the site
        subprocess.run([PY, "-m", "pip", "install", "-q", "gunicorn"], check=True)
    prepare(args.db)
    d, c = args.duration, args.connections
    results: dict[str, object] = {"duration_s": d, "connections": c}

    def measure(label: str, url: str, **kw: object) -> Run:
        run = wrk(url, duration=d, connections=c, **kw)  # type: ignore[arg-type]
        print(f"  {label:<44} {run.show()}", flush=True)
        results[label] = run.__dict__
        return run

    app, hello = f"http://127.0.0.1:{PORTS['app']}", f"http://127.0.0.1:{PORTS['hello']}"
    cached = app_env(args.db, cache=True)
    full = not args.soak_only
    print("1. Server choice (one worker each)")
    for name, make in (("granian", granian), ("gunicorn", gunicorn)) if full else ():
        with server(make("bench.hello_wsgi:application", PORTS["hello"]), PORTS["hello"],
                    {"PYTHONPATH": str(ROOT)}):  # fmt: skip
            measure(f"{name} hello-world", hello + "/")
        with server(make("whatsafter.wsgi:application", PORTS["app"]), PORTS["app"], cached):
            httpx.get(app + FILM)
            measure(f"{name} cached film page", app + FILM)

    print("2. App alone (Granian, one worker), warm page cache")
    if full:
        with server(granian("bench.hello_wsgi:application", PORTS["hello"]), PORTS["hello"],
                    {"PYTHONPATH": str(ROOT)}):  # fmt: skip
            floor = measure("hello-world", hello + "/")
    with server(granian("whatsafter.wsgi:application", PORTS["app"]), PORTS["app"], cached) as pid:
        httpx.get(app + FILM)
        if full:
            page = measure("film page, warm cache", app + FILM)
            measure("search suggestions, page cache on", app + "/",
                    script=suggestion_script(args.db))  # fmt: skip
            print(
                f"  ratio film/hello-world: {page.rps / floor.rps:.2f} (goal >= 0.5, p99 < 50 ms)"
            )
            results["ratio app warm / hello"] = page.rps / floor.rps

        print("3. Stack: nginx micro-cache -> app, warm")
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            body = httpx.get(app + FILM).content
            static = ROOT / "staticfiles" / "bench"
            static.mkdir(parents=True, exist_ok=True)
            (static / "film.html").write_bytes(body)
            conf = nginx_conf(work)
            with server(["nginx", "-c", str(conf)], PORTS["nginx_http"], {}, probe="/healthz-none"):
                nginx = f"https://127.0.0.1:{PORTS['nginx']}"
                httpx.get(nginx + FILM, verify=False)  # noqa: S501 - our self-signed cert
                if full:
                    stat = measure(
                        "nginx static file, same bytes", nginx + "/static/bench/film.html"
                    )
                    stack = measure("stack film page, warm", nginx + FILM)
                    ratio = stack.rps / stat.rps
                    print(f"  ratio stack/static: {ratio:.2f} (goal >= 0.5, p99 < 20 ms)")
                    results["ratio stack / static"] = ratio
                if args.soak:
                    results["soak"] = soak(nginx, args.soak, pid, args.db, args.soak_rate)

    if full:
        caches_off(args.db, measure)
    (OUT / "serve_bench.json").write_text(json.dumps(results, indent=2))
    print(f"Figures written to {OUT / 'serve_bench.json'}")


def caches_off(db: Path, measure: Callable[..., Run]) -> None:
    """Part 4: every page with the page cache off, one worker; queries counted in-process."""
    print("4. App alone (Granian, one worker), caches off")
    app = f"http://127.0.0.1:{PORTS['app']}"
    urls = sample_urls(db)
    counts = queries_per_page(urls)
    with server(granian("whatsafter.wsgi:application", PORTS["app"]), PORTS["app"],
                app_env(db, cache=False)):  # fmt: skip
        for name, url in urls.items():
            measure(f"{name} ({counts[name]} queries)", app + url)
        measure("search suggestions, uncached", app + "/", script=suggestion_script(db))
    print(f"  queries per page: {counts}")


def soak(base: str, seconds: int, server_pid: int, db: Path, rate: int) -> dict[str, object]:
    """A steady load through the stack on a mix that reaches the app, and worker memory.

    One cached URL would mostly be answered by nginx's micro-cache and say nothing about the
    workers, so each request picks a random film of the whole catalogue (a page-cache miss
    the first time, then a hit), a random suggestion prefix, or the home page. Memory is
    read once a flat-out warm-up has filled the caches (memory stops growing) and then
    every minute, so growth means a leak rather than a cache filling to its bound.
    """
    workers = _descendants(server_pid)
    # The warm-up runs flat out until the workers' memory stops growing: the page store is
    # bounded in bytes (PAGE_CACHE_MAX_BYTES, 64 MB by default, ~4,600 film pages), and
    # filling it is not a leak. At most 10 rounds of 30 s; the rounds are reported.
    flat, warm_mb = soak_script(db, rate=0), [max(_rss_kb(p) for p in workers) / 1024]
    for _ in range(10):
        wrk(base + "/", duration=30, connections=8, script=flat)
        warm_mb.append(max(_rss_kb(p) for p in workers) / 1024)
        if warm_mb[-1] < warm_mb[-2] * 1.01:
            break
    warm = 30 * (len(warm_mb) - 1)
    script = soak_script(db, rate=rate)
    before = {pid: _rss_kb(pid) for pid in workers}
    samples: list[dict[int, int]] = []
    with ThreadPoolExecutor(1) as pool:
        load = pool.submit(wrk, base + "/", duration=seconds, connections=8, script=script)
        while not load.done():
            time.sleep(min(60, seconds / 10))
            samples.append({pid: _rss_kb(pid) for pid in workers})
        run = load.result()
    after = {pid: _rss_kb(pid) for pid in workers}
    growth = max((after[p] - before[p]) / before[p] for p in workers) if workers else 0.0
    trend = [round(max(s.values()) / 1024, 1) for s in samples if s]
    print(
        f"  soak {seconds} s at ~{rate} req/s after {warm} s warm-up, mixed pages: {run.show()},"
        f" worker RSS growth {growth:.1%} (largest worker, MB per sample: {trend};"
        f" during the warm-up: {[round(m, 1) for m in warm_mb]})"
    )
    return {"seconds": seconds, **run.__dict__, "max_worker_rss_growth": growth,
            "rss_mb_samples": trend, "warm_up_rss_mb": warm_mb}  # fmt: skip


def soak_script(db: Path, rate: int) -> Path:
    """wrk: a random film page (7 in 10), a random suggestion (2 in 10) or the home page.

    With a rate, each of the 8 connections waits a random (exponential) pause between
    requests, so arrivals are steady at about `rate` a second instead of as fast as the
    server answers: a soak at a sustainable load, not a saturation test.
    """
    import sqlite3

    slugs = [r[0] for r in sqlite3.connect(db).execute("SELECT slug FROM catalog_movie")]
    listing, script = OUT / "soak-slugs.txt", OUT / "soak.lua"
    listing.write_text("\n".join(slugs) + "\n")
    script.write_text(
        f"local s = {{}}\nfor line in io.lines({json.dumps(str(listing))}) do\n"
        "  s[#s + 1] = line\nend\n"
        'local p = {"the", "star", "iron", "love", "nev", "bat", "dark", "man", "la l", "x-m"}\n'
        "request = function()\n"
        "  local r = math.random(10)\n"
        '  if r <= 7 then return wrk.format("GET", "/movies/" .. s[math.random(#s)] .. "/") end\n'
        '  if r <= 9 then return wrk.format("GET", "/search/?suggest=1&q=" ..'
        ' string.gsub(p[math.random(#p)], " ", "+")) end\n'
        '  return wrk.format("GET", "/")\n'
        "end\n"
        + (
            f"delay = function() return -math.log(1 - math.random()) * {8000 / rate:.1f} end\n"
            if rate
            else ""
        )
    )
    return script


def _descendants(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    children = [int(p) for p in out.stdout.split()]
    return children + [d for child in children for d in _descendants(child)]


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


if __name__ == "__main__":
    main()
