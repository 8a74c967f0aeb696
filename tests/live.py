"""A real server process on the test's data, for fault and browser tests.

The server runs in its own process (as in production), on the same database the test
wrote to: PostgreSQL's test database directly, or for SQLite a file copy of pytest's
in-memory test database (taken with SQLite's online backup, so it is consistent).
"""

from __future__ import annotations

import os
import random
import socket
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
from django.db import connection

from whatsafter.web.management.commands.serve import granian_argv

ROOT = Path(__file__).resolve().parents[1]
# Our own range on the shared machine (COMMON.md); any free port in it.
PORTS = range(8400, 8500)


def free_port() -> int:
    # In a random order: CI runs the SQLite and PostgreSQL suites side by side, and two
    # runs probing from the same end would pick the same port before either binds it.
    for port in random.sample(PORTS, len(PORTS)):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


def database_env(tmp_path: Path, *, via_port: int | None = None) -> dict[str, str]:
    """Env vars pointing a server process at the test's database (committed rows only).

    With via_port, PostgreSQL is reached through that local port (a TcpProxy) instead.
    """
    if connection.vendor == "sqlite":
        path = tmp_path / "db" / "site.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
        target.close()
        return {"SQLITE_PATH": str(path), "DATABASE_URL": ""}
    settings = connection.settings_dict
    port = via_port or settings["PORT"] or 5432
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    url = f"postgres://{user}{password}@{settings['HOST'] or '127.0.0.1'}:{port}/{settings['NAME']}"
    return {"DATABASE_URL": url}


def server_rows(env: dict[str, str], sql: str) -> list[tuple[object, ...]]:
    """Rows from the database the server process writes to (its own copy on SQLite)."""
    if env.get("SQLITE_PATH"):
        with sqlite3.connect(env["SQLITE_PATH"]) as db:
            return list(db.execute(sql).fetchall())
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())


@contextmanager
def server_process(env: dict[str, str], log_dir: Path, *, debug: bool = False) -> Iterator[str]:
    """Start the site in a child process; yield its base URL; stop it. Its output: log_dir."""
    port = free_port()
    full_env = {
        **os.environ,
        "DEBUG": "true" if debug else "false",
        "SECRET_KEY": "test-key-for-a-server-process-" + "x" * 40,
        "SECURE_COOKIES": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": "whatsafter.settings",
        **env,
    }
    # The production server, as `whatsafter serve` runs it (one worker).
    command = granian_argv(host="127.0.0.1", port=port, workers=1)
    log = open(log_dir / f"server-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(command, cwd=ROOT, env=full_env, stdout=log, stderr=log)  # noqa: S603
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}; log {log.name}")
            try:
                httpx.get(f"{url}/robots.txt", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class TcpProxy:
    """A local port forwarding to the database, which the test can cut and restore.

    Cutting it closes every open connection and stops listening, exactly what a
    database server that went away looks like to the app: connections reset, then refused.
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        with self._lock:
            if self._listener is not None:
                # shutdown, not just close: it stops the listening and wakes accept().
                _shut(self._listener)
                self._listener.close()
                self._listener = None
            for sock in self._sockets:
                _shut(sock)
                sock.close()
            self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with suppress(OSError):  # already closed by the other side
        sock.shutdown(socket.SHUT_RDWR)
