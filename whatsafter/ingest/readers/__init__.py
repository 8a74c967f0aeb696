"""Readers: pure generators over a source file, no database. Each yields Row or RowError."""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TypeVar

from whatsafter.ingest.rows import Row, RowError, SourceFileError

T = TypeVar("T")

# Overviews, keyword lists and plots exceed csv's default 128 KiB cell limit on some rows.
csv.field_size_limit(sys.maxsize)


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


def json_items(path: Path, what: str) -> Iterator[tuple[int, object] | RowError]:
    """(line or item number, decoded JSON) from JSON lines (.jsonl) or one JSON array.

    A JSON array has no useful line numbers, so its rows are cited by item number.
    """
    with open_text(path) as text:
        if ".jsonl" in path.suffixes:
            for number, line in enumerate(text, start=1):
                if not line.strip():
                    continue
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    yield RowError(path.name, number, f"not JSON ({exc.msg})")
            return
        try:
            items = json.load(text)
        except json.JSONDecodeError as exc:
            raise SourceFileError(f"{path}: not a JSON array of {what} ({exc})") from exc
        if not isinstance(items, list):
            raise SourceFileError(f"{path}: not a JSON array of {what}")
        yield from enumerate(items, start=1)


def json_rows(path: Path, what: str, parse: Callable[[object], T]) -> Iterator[Row[T] | RowError]:
    """Parsed rows of a JSON source; `parse` raises ValueError with the reason for a bad row."""
    for entry in json_items(path, what):
        if isinstance(entry, RowError):
            yield entry
            continue
        number, item = entry
        try:
            yield Row(path.name, number, parse(item))
        except ValueError as exc:
            yield RowError(path.name, number, str(exc))


def csv_rows(
    path: Path,
    *,
    header_problem: Callable[[list[str]], str | None],
    parse: Callable[[dict[str, str]], T],
) -> Iterator[Row[T] | RowError]:
    """Parsed rows of a CSV source with a header line. `header_problem` says why a header
    (its names stripped) is not this source's, None when it is; `parse` gets a row's cells
    by column name and raises ValueError with the reason for a bad row. A row csv cannot
    read or with the wrong number of cells is a RowError, and the rows after it are read."""
    name = path.name
    with open_text(path) as text:
        reader = csv.reader(text)
        try:
            header = [column.strip() for column in next(reader)]
        except StopIteration:
            raise SourceFileError(f"{path}: empty file") from None
        except csv.Error as exc:
            raise SourceFileError(f"{path}: not a CSV file ({exc})") from exc
        problem = header_problem(header)
        if problem:
            raise SourceFileError(f"{path}: {problem}")
        line = reader.line_num + 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield RowError(name, line, f"unreadable CSV ({exc})")
            else:
                if len(values) != len(header):
                    yield RowError(name, line, f"{len(values)} cells, expected {len(header)}")
                else:
                    try:
                        yield Row(name, line, parse(dict(zip(header, values, strict=True))))
                    except ValueError as exc:
                        yield RowError(name, line, str(exc))
            line = reader.line_num + 1
