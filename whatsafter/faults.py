"""Which database errors are passing faults of the machine, not bugs.

A database that is down, locked, read-only or out of disk is a state that passes: the
site answers 503 with Retry-After (web/faults.py) and imports stop with a message saying
what to do. Anything else (no such table, bad SQL, a violated constraint) is a bug and
stays a 500 or a traceback.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from django.db import Error as DjangoDatabaseError
from django.db import InterfaceError


@dataclass(frozen=True)
class Fault:
    kind: str  # "busy", "down", "read_only" or "full"
    retry_after: int  # seconds


BUSY = Fault("busy", 5)
DOWN = Fault("down", 30)
READ_ONLY = Fault("read_only", 60)
FULL = Fault("full", 60)

# SQLite primary result codes (the low byte of sqlite_errorcode).
_SQLITE = {
    5: BUSY,  # SQLITE_BUSY: another connection holds the write lock
    6: BUSY,  # SQLITE_LOCKED
    8: READ_ONLY,  # SQLITE_READONLY
    10: DOWN,  # SQLITE_IOERR
    13: FULL,  # SQLITE_FULL
    14: DOWN,  # SQLITE_CANTOPEN
}
# PostgreSQL SQLSTATEs, by exact code or class prefix.
_POSTGRES = {
    "25006": READ_ONLY,  # read_only_sql_transaction (a standby, or read-only mode)
    "55P03": BUSY,  # lock_not_available (lock_timeout)
    "57014": BUSY,  # query_canceled (statement_timeout)
    "40001": BUSY,  # serialization_failure
    "40P01": BUSY,  # deadlock_detected
    "53100": FULL,  # disk_full
    "53": BUSY,  # insufficient resources: out of memory, too many connections
    "08": DOWN,  # connection exception
    "57P": DOWN,  # admin/crash shutdown, cannot connect now
}


def classify(exc: BaseException) -> Fault | None:
    """The fault behind a database exception, or None for a bug that should stay a 500."""
    if not isinstance(exc, DjangoDatabaseError):
        return None
    if isinstance(exc, InterfaceError):  # connection already closed / unusable
        return DOWN
    cause = exc.__cause__
    if isinstance(cause, sqlite3.Error):
        code = getattr(cause, "sqlite_errorcode", None)
        return _SQLITE.get(code & 0xFF) if isinstance(code, int) else None
    if cause is None or not type(cause).__module__.startswith("psycopg"):
        return None
    sqlstate = getattr(cause, "sqlstate", None) or ""
    if not sqlstate:
        # No answer from the server: refused, timed out or reset (OperationalError); a
        # client-side misuse without a state (ProgrammingError) stays a bug.
        return DOWN if type(cause).__name__ == "OperationalError" else None
    for prefix in (sqlstate, sqlstate[:3], sqlstate[:2]):
        if prefix in _POSTGRES:
            return _POSTGRES[prefix]
    return None
