"""Readers: pure generators over a source file, no database. Each yields Row or RowError."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from whatsafter.ingest.rows import SourceFileError


@contextmanager
def open_text(path: Path) -> Iterator[IO[str]]:
    """Open plain or gzip text, turning the ways a file can be broken into one error."""
    if not path.exists():
        raise SourceFileError(f"{path}: no such file")
    try:
        raw: IO[bytes] = (
            gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")  # type: ignore[assignment]  # noqa: SIM115
        )
        with io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
            yield text
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise SourceFileError(f"{path}: truncated or corrupt gzip ({exc})") from exc
    except UnicodeDecodeError as exc:
        raise SourceFileError(f"{path}: not UTF-8 text, is it the right file? ({exc})") from exc
