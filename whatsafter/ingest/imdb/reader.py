"""Finding and opening the IMDb files, and refusing the ones that are not what they claim.

Rows are handed out as raw bytes lines straight from the (gzip) file object: the loader's
loops look at most lines only as far as the title id, so decoding or splitting every line
here would cost more than everything else the loader does with them.
"""

from __future__ import annotations

import datetime as dt
import gzip
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from whatsafter.ingest.rows import SourceFileError

# Column names exactly as IMDb publishes them (https://developer.imdb.com/non-commercial-datasets/).
HEADERS: dict[str, tuple[str, ...]] = {
    "title.basics": (
        "tconst",
        "titleType",
        "primaryTitle",
        "originalTitle",
        "isAdult",
        "startYear",
        "endYear",
        "runtimeMinutes",
        "genres",
    ),
    "title.ratings": ("tconst", "averageRating", "numVotes"),
    "title.principals": ("tconst", "ordering", "nconst", "category", "job", "characters"),
    "title.crew": ("tconst", "directors", "writers"),
    "name.basics": (
        "nconst",
        "primaryName",
        "birthYear",
        "deathYear",
        "primaryProfession",
        "knownForTitles",
    ),
    "title.akas": (
        "titleId",
        "ordering",
        "title",
        "region",
        "language",
        "types",
        "attributes",
        "isOriginalTitle",
    ),
}
REQUIRED = ("title.basics", "title.ratings", "title.principals", "title.crew", "name.basics")
# title.akas is loaded when present (other titles of the films); without it the import
# runs as usual.
OPTIONAL = ("title.akas",)

GZIP_MAGIC = b"\x1f\x8b"
PNG_MAGIC = b"\x89PNG"
READ_BUFFER = 1 << 20


@dataclass(frozen=True)
class SourceFile:
    kind: str
    path: Path
    size: int
    # The dataset's own date: ratings are stamped with it, not with the import day.
    as_of: dt.date

    @property
    def name(self) -> str:
        return self.path.name


def find_files(directory: Path) -> dict[str, SourceFile]:
    """The dataset files in `directory`, by kind; a missing required file is an error."""
    if not directory.is_dir():
        raise SourceFileError(f"{directory}: not a directory")
    found: dict[str, SourceFile] = {}
    for kind in (*REQUIRED, *OPTIONAL):
        paths = [p for p in (directory / f"{kind}.tsv.gz", directory / f"{kind}.tsv") if p.exists()]
        if len(paths) > 1:
            raise SourceFileError(
                f"{directory}: both {paths[0].name} and {paths[1].name} are present; keep one"
            )
        if not paths:
            if kind in REQUIRED:
                raise SourceFileError(
                    f"{directory}: {kind}.tsv.gz (or {kind}.tsv) is missing; "
                    f"the IMDb import needs {', '.join(REQUIRED)}"
                )
            continue
        stat = paths[0].stat()
        found[kind] = SourceFile(
            kind=kind,
            path=paths[0],
            size=stat.st_size,
            as_of=dt.datetime.fromtimestamp(stat.st_mtime, tz=dt.UTC).date(),
        )
    return found


class Table:
    """An open IMDb file positioned after its header: iterate it for raw lines."""

    def __init__(self, source: SourceFile, raw: IO[bytes], lines: IO[bytes]) -> None:
        self.source = source
        self._raw = raw
        self.lines = lines

    def position(self) -> int:
        """Bytes of the file on disk consumed so far (compressed bytes for gzip)."""
        return self._raw.tell()


def _describe_header(kind: str, line: bytes, path: Path) -> str:
    """A one-line reason why `line` is not the header of a `kind` file."""
    if not line:
        return f"{path}: empty file, expected an IMDb {kind} file"
    try:
        columns = tuple(line.decode("utf-8").rstrip("\r\n").split("\t"))
    except UnicodeDecodeError:
        return f"{path}: not text, expected an IMDb {kind} file (tab-separated, header first)"
    for other, header in HEADERS.items():
        if columns == header and other != kind:
            return f"{path}: this is an IMDb {other} file, expected {kind}"
    shown = line[:80].decode("utf-8", "replace").rstrip("\r\n").replace("\t", " ")
    return f"{path}: wrong header for {kind}: got '{shown}', expected '{' '.join(HEADERS[kind])}'"


@contextmanager
def open_table(source: SourceFile) -> Iterator[Table]:
    """Open a file and check its header; read errors inside the block become SourceFileError.

    Plain or gzip is decided by the file's first bytes, not its name, so a `.tsv` that is
    really gzip still loads and a `.gz` that is not says so.
    """
    path = source.path
    try:
        raw: IO[bytes] = open(path, "rb", buffering=READ_BUFFER)  # noqa: SIM115
    except OSError as exc:
        raise SourceFileError(f"{path}: cannot open ({exc.strerror})") from exc
    try:
        magic = raw.peek(4)[:4]  # type: ignore[attr-defined]
        if magic.startswith(PNG_MAGIC):
            raise SourceFileError(f"{path}: a PNG image, expected an IMDb {source.kind} file")
        lines: IO[bytes]
        if magic.startswith(GZIP_MAGIC):
            lines = cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb"))
        elif path.suffix == ".gz":
            raise SourceFileError(f"{path}: not gzip-compressed although named .gz")
        else:
            lines = raw
        header = lines.readline()
        if (
            tuple(header.decode("utf-8", "replace").rstrip("\r\n").split("\t"))
            != HEADERS[source.kind]
        ):
            raise SourceFileError(_describe_header(source.kind, header, path))
        yield Table(source, raw, lines)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise SourceFileError(f"{path}: truncated or corrupt gzip ({exc})") from exc
    except OSError as exc:
        raise SourceFileError(f"{path}: read error ({exc.strerror or exc})") from exc
    finally:
        raw.close()


class IdSet:
    """A set of IMDb ids (the number after `tt`/`nm`) as a bitmap.

    The loader keeps one for the films it imports and one for the people they credit, so
    principals and name.basics can be filtered while streaming. A bitmap costs 1 bit per
    possible id (about 5 MB for today's ~40 million title ids) however many ids are in
    it, where a Python set of the same ids would grow with the file.
    """

    __slots__ = ("bits", "count")

    def __init__(self) -> None:
        self.bits = bytearray(1 << 16)
        self.count = 0

    def add(self, number: int) -> None:
        index = number >> 3
        bits = self.bits
        if index >= len(bits):
            bits.extend(bytes(max(index + 1 - len(bits), len(bits))))
        mask = 1 << (number & 7)
        if not bits[index] & mask:
            bits[index] |= mask
            self.count += 1

    def __contains__(self, number: object) -> bool:
        if not isinstance(number, int):
            return False
        index = number >> 3
        return index < len(self.bits) and bool(self.bits[index] >> (number & 7) & 1)

    def __len__(self) -> int:
        return self.count
