"""Generation stamps: how the page cache learns, in every worker process and on every server,
that data under a page changed.

A page records the stamps of its scopes when it is rendered; a write bumps the stamps of the
scopes it touches; a cached page whose stamps moved is stale. Scopes: "catalog" (everything,
bumped by imports), "lists" (pages that list many films), "film:<slug>" (one film's pages).

Without Redis the stamps live in a small file every local worker maps into memory, so
checking them costs a memory read, not a system call. With REDIS_URL they live in Redis, shared
by every server. Scopes hash into a fixed number of slots; two scopes sharing a slot only cost
an extra re-render, never a stale page.
"""

from __future__ import annotations

import fcntl
import logging
import mmap
import os
import secrets
import struct
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import transaction

log = logging.getLogger("whatsafter.cache")
SLOTS = 4096
_SLOT = struct.Struct("<Q")
CATALOG = "catalog"
LISTS = "lists"


def film(slug: str) -> str:
    return f"film:{slug}"


def slot_of(scope: str) -> int:
    return zlib.crc32(scope.encode()) % SLOTS


class FileStamps:
    """Stamps in a shared memory-mapped file (one host, any number of worker processes)."""

    def __init__(self, path: Path):
        self.path = path
        self._fd = -1
        self._map: mmap.mmap | None = None

    def _mapped(self) -> mmap.mmap:
        if self._map is None:
            self._create()
            self._fd = os.open(self.path, os.O_RDWR)
            self._map = mmap.mmap(self._fd, SLOTS * _SLOT.size)
        return self._map

    def _create(self) -> None:
        """Atomically create the file with random starting values, so a recreated file can
        never repeat a generation an old cached page recorded."""
        if self.path.exists():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        tmp.write_bytes(secrets.token_bytes(SLOTS * _SLOT.size))
        try:
            os.link(tmp, self.path)  # fails if another process won the race: use theirs
        except FileExistsError:
            pass
        finally:
            tmp.unlink()

    def read(self, slots: Sequence[int]) -> tuple[int, ...] | None:
        mapped = self._mapped()
        return tuple(_SLOT.unpack_from(mapped, slot * _SLOT.size)[0] for slot in slots)

    def bump(self, slots: Iterable[int]) -> None:
        mapped = self._mapped()
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        try:
            for slot in set(slots):
                offset = slot * _SLOT.size
                value = (_SLOT.unpack_from(mapped, offset)[0] + 1) % (1 << 64)
                _SLOT.pack_into(mapped, offset, value)
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)


class RedisStamps:
    """Stamps as Redis counters, shared by every server on the same Redis."""

    prefix = "stamp:"

    def read(self, slots: Sequence[int]) -> tuple[int, ...] | None:
        cache = caches["shared"]
        keys = [f"{self.prefix}{slot}" for slot in slots]
        found = cache.get_many(keys)
        if len(found) < len(keys):
            # A stamp never bumped (or lost with a flushed Redis) starts at a random value, so it
            # cannot repeat one an old page recorded; add() keeps a racing process' value.
            for key in keys:
                if key not in found:
                    cache.add(key, secrets.randbits(62), timeout=None)
            found = cache.get_many(keys)
            if len(found) < len(keys):  # Redis is away: vouch for nothing
                return None
        return tuple(int(found[key]) for key in keys)

    def bump(self, slots: Iterable[int]) -> None:
        cache = caches["shared"]
        for slot in set(slots):
            key = f"{self.prefix}{slot}"
            try:
                cache.incr(key)
            except ValueError:  # never read yet: any fresh value differs from none
                cache.set(key, secrets.randbits(62), timeout=None)


_store: FileStamps | RedisStamps | None = None


def store() -> FileStamps | RedisStamps:
    global _store
    if _store is None:
        _store = RedisStamps() if settings.REDIS_URL else FileStamps(settings.PAGE_STAMPS_FILE)
    return _store


def reset_store(**kwargs: object) -> None:
    """Forget the chosen store, so the next use follows the current settings."""
    global _store
    if kwargs.get("setting") in (None, "REDIS_URL", "PAGE_STAMPS_FILE", "CACHES"):
        _store = None


setting_changed.connect(reset_store, dispatch_uid="page-stamps-settings")


def read(scopes: Sequence[str]) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """(slots, their current stamps) for these scopes, or None if they cannot be known."""
    slots = tuple(slot_of(scope) for scope in scopes)
    values = store().read(slots)
    return None if values is None else (slots, values)


class Importing:
    """While this process runs an import, its writes bump nothing one by one: the end of the
    import (its ImportRun row leaving "running") bumps "catalog" once."""

    active = False


def bump(*scopes: str) -> None:
    """Data under these scopes changed: bump now (this process' next read misses even inside
    the writing transaction) and again after commit (no process can have cached pre-commit
    data between the two, because a page reads its stamps before its data)."""
    if Importing.active and CATALOG not in scopes:
        return
    slots = [slot_of(scope) for scope in scopes]
    store().bump(slots)
    transaction.on_commit(lambda: store().bump(slots))


def films(slugs: Iterable[str]) -> list[str]:
    return [film(slug) for slug in slugs]
