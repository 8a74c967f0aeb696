"""`import_imdb`: stream the IMDb files into a stage, then merge the stage set-based.

Reading (per file, in this order, each filtered by what came before):
  title.basics      films (movie, and tvMovie when IMPORT_TV_MOVIES) -> s_title;
                    their ids go into a bitmap
  title.ratings     rows of those films -> s_rating
  title.principals  rows of those films -> s_credit; credited people into a second bitmap
  title.crew        directors and writers of those films -> s_credit (weak: only where
                    principals did not already credit that person in that department)
  name.basics       the credited people -> s_person
Nothing is held per row in Python: the two bitmaps are the only state that grows, and
they are bounded by the largest IMDb id, not by the files.

Merging (one transaction per batch of staged rows; every statement is an upsert keyed by
IMDb id or by the catalogue's unique constraints, so a batch repeated after a crash
changes nothing): films, genre links, ratings, people, credits, then verdicts for films
that have none yet. Each update statement touches only rows whose values differ, which is
what makes a re-import of the same files write nothing.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from whatsafter.aftercredits.models import CreditScene, Evidence, Report, Verdict
from whatsafter.aftercredits.services import verdict_refresh
from whatsafter.catalog.models import Credit, Genre, Movie, Person
from whatsafter.catalog.services import slug_mint
from whatsafter.ingest.imdb import mapping
from whatsafter.ingest.imdb.reader import IdSet, SourceFile, Table, find_files, open_table
from whatsafter.ingest.imdb.stage import Stage, open_stage
from whatsafter.ingest.rows import RowError
from whatsafter.ratings.models import Rating
from whatsafter.search.services import search_index_refresh

Progress = Callable[[str, int, int | None], None]

# Staged rows per merge transaction: large enough that per-statement overhead vanishes,
# small enough that a transaction holds SQLite's write lock for about a second.
MERGE_BATCH = 200_000
# Rejections kept to store as RejectedRow; past this they are only counted, so a file
# that is garbage from line 2 costs a message, not a million rows.
MAX_STORED_REJECTIONS = 10_000
PROGRESS_EVERY = 0xFFFF  # lines between progress updates (a power of two minus one)
PROVENANCE = "imdb-datasets"
TAB = b"\t"

MOVIE = Movie._meta.db_table
GENRE = Genre._meta.db_table
MOVIE_GENRES = Movie.genres.through._meta.db_table
PERSON = Person._meta.db_table
CREDIT = Credit._meta.db_table
RATING = Rating._meta.db_table
VERDICT = Verdict._meta.db_table
EVIDENCE = Evidence._meta.db_table
SCENE = CreditScene._meta.db_table
REPORT = Report._meta.db_table


def _no_progress(step: str, advance: int, total: int | None) -> None:
    return None


@dataclass
class Counts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    # Well-formed rows the catalogue has no place for (archive footage, unknown people).
    skipped: int = 0


@dataclass
class ImdbReport:
    rows_read: dict[str, int] = field(default_factory=dict)
    rejected: list[RowError] = field(default_factory=list)
    rejected_count: int = 0
    loads: dict[str, Counts] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    verdicts: int = 0

    @property
    def total(self) -> Counts:
        total = Counts()
        for counts in self.loads.values():
            total.inserted += counts.inserted
            total.updated += counts.updated
            total.unchanged += counts.unchanged
            total.skipped += counts.skipped
        return total


def film_kinds(*, tv_movies: bool) -> frozenset[bytes]:
    return frozenset({b"movie", b"tvMovie"} if tv_movies else {b"movie"})


class Sql:
    """The few places SQLite and PostgreSQL spell the same statement differently."""

    def __init__(self, stage: Stage) -> None:
        self.vendor = connection.vendor
        self.s = stage.prefix
        self.postgres = self.vendor == "postgresql"

    def json_param(self) -> str:
        return "%s::jsonb" if self.postgres else "%s"

    def json_merge(self, column: str, patch: str) -> str:
        if self.postgres:
            return f"{column} || ({patch})::jsonb"
        return f"json_patch({column}, {patch})"

    def genre_tokens(self, alias: str) -> str:
        """A FROM item yielding one `value` row per name in `alias`.genres."""
        if self.postgres:
            return f"unnest(string_to_array({alias}.genres, ',')) AS j(value)"
        # Genre names are checked to be letters and dashes, so this is valid JSON.
        return f"""json_each('["' || replace({alias}.genres, ',', '","') || '"]') AS j"""

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> int:
        raw = connection.connection
        assert raw is not None
        if not self.postgres:
            sql = sql.replace("%s", "?")
        cursor = raw.cursor()
        try:
            cursor.execute(sql, params)
            return int(cursor.rowcount)
        finally:
            cursor.close()

    def fetch(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        raw = connection.connection
        assert raw is not None
        if not self.postgres:
            sql = sql.replace("%s", "?")
        cursor = raw.cursor()
        try:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
        finally:
            cursor.close()


class ImdbImport:
    def __init__(
        self, directory: Path, *, tv_movies: bool, progress: Progress = _no_progress
    ) -> None:
        self.files = find_files(directory)
        self.kinds = film_kinds(tv_movies=tv_movies)
        self.progress = progress
        self.report = ImdbReport()
        self.films = IdSet()  # titles staged as films
        self.people = IdSet()  # people credited on them
        self.found = IdSet()  # people staged from name.basics
        self.genres: set[str] = set()
        self.staged: dict[str, int] = {}
        self.bounds: dict[str, tuple[int, int]] = {}
        self.seq = 0  # running key of s_credit across principals and crew
        self.credits = Counts()
        self.now = timezone.now()

    # -- bookkeeping ---------------------------------------------------------------

    def _reject(self, source: SourceFile, line: int, reason: str) -> None:
        self.report.rejected_count += 1
        if len(self.report.rejected) < MAX_STORED_REJECTIONS:
            self.report.rejected.append(RowError(source.name, line, reason))

    @contextmanager
    def _timed(self, step: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.report.seconds[step] = self.report.seconds.get(step, 0.0) + (
            time.perf_counter() - started
        )

    # -- the run -------------------------------------------------------------------

    def run(self) -> ImdbReport:
        # Every header is checked before anything is staged: a wrong file fails in
        # milliseconds, not after the 5 GB principals file has been read.
        for source in self.files.values():
            with open_table(source):
                pass
        connection.ensure_connection()
        stage = open_stage()
        try:
            with self._timed("read"):
                self._read_basics(stage)
                self._read_ratings(stage)
                self._read_principals(stage)
                self._read_crew(stage)
                self._read_names(stage)
            stage.attach()
            self._merge(stage)
            with self._timed("search index"):
                search_index_refresh()
        finally:
            stage.close()
        return self.report

    # -- reading -------------------------------------------------------------------
    #
    # The loops below run once per line of files with up to a hundred million lines, so
    # they are written flat: local names, bytes until a row is known to be kept, no
    # function call for a row that is skipped.

    def _ticker(self, source: SourceFile) -> Callable[[Table | None], None]:
        done = 0

        def tick(table: Table | None) -> None:
            nonlocal done
            position = table.position() if table is not None else source.size
            self.progress(source.kind, position - done, source.size)
            done = position

        return tick

    def _decode(self, source: SourceFile, line_no: int, line: bytes, width: int) -> list[str]:
        """The row's fields as text, or [] after rejecting it."""
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            self._reject(source, line_no, "not UTF-8 text")
            return []
        cols = text.rstrip("\r\n").split("\t")
        if len(cols) != width:
            self._reject(source, line_no, f"{len(cols)} columns, expected {width}")
            return []
        return cols

    def _bad_id(self, source: SourceFile, line_no: int, line: bytes) -> None:
        if line.strip():
            shown = line.split(b"\t", 1)[0][:20].decode("utf-8", "replace")
            self._reject(source, line_no, f"{shown!r} is not an IMDb id")

    def _read_basics(self, stage: Stage) -> None:
        source = self.files["title.basics"]
        kinds, films, genres = self.kinds, self.films, self.genres
        reject, decode = self._reject, self._decode
        tick = self._ticker(source)
        staged = pairs = line_no = 0
        first = last = 0
        with open_table(source) as table, stage.sink("s_title") as add:
            for line_no, line in enumerate(table.lines, start=2):
                if not line_no & PROGRESS_EVERY:
                    tick(table)
                fields = line.split(b"\t", 2)
                if len(fields) == 3 and fields[1] not in kinds:
                    # Not a film: only its shape is checked.
                    if line.count(TAB) != 8:
                        reject(source, line_no, f"{line.count(TAB) + 1} columns, expected 9")
                    continue
                if not line.strip():
                    continue
                cols = decode(source, line_no, line, 9)
                if not cols:
                    continue
                number = mapping.imdb_id_number(cols[0], "tt")
                if number is None:
                    reject(source, line_no, f"tconst {cols[0][:20]!r} is not an IMDb title id")
                    continue
                if number in films:
                    reject(source, line_no, f"{cols[0]} appears twice")
                    continue
                row = mapping.movie_row(line_no, cols)
                if isinstance(row, str):
                    reject(source, line_no, row)
                    continue
                add(row)
                films.add(number)
                staged += 1
                first = first or line_no
                last = line_no
                if row[6]:
                    names = row[6].split(",")
                    genres.update(names)
                    pairs += len(names)
            tick(None)
        self.report.rows_read[source.kind] = max(line_no - 1, 0)
        self.staged["s_title"] = staged
        self.staged["genre links"] = pairs
        self.bounds["s_title"] = (first, last)

    def _read_ratings(self, stage: Stage) -> None:
        source = self.files["title.ratings"]
        bits = self.films.bits
        size = len(bits)
        rated = IdSet()
        reject, decode = self._reject, self._decode
        tick = self._ticker(source)
        staged = line_no = first = last = 0
        with open_table(source) as table, stage.sink("s_rating") as add:
            for line_no, line in enumerate(table.lines, start=2):
                if not line_no & PROGRESS_EVERY:
                    tick(table)
                tab = line.find(b"\t")
                digits = line[2:tab]
                if tab < 0 or line[:2] != b"tt" or not _id_digits(digits):
                    self._bad_id(source, line_no, line)
                    continue
                number = int(digits)
                index = number >> 3
                if index >= size or not bits[index] >> (number & 7) & 1:
                    continue
                if number in rated:
                    reject(source, line_no, f"{line[:tab].decode()} appears twice")
                    continue
                cols = decode(source, line_no, line, 3)
                if not cols:
                    continue
                row = mapping.rating_row(cols)
                if isinstance(row, str):
                    reject(source, line_no, row)
                    continue
                add((line_no, *row))
                rated.add(number)
                staged += 1
                first = first or line_no
                last = line_no
            tick(None)
        self.report.rows_read[source.kind] = max(line_no - 1, 0)
        self.staged["s_rating"] = staged
        self.bounds["s_rating"] = (first, last)

    def _read_principals(self, stage: Stage) -> None:
        source = self.files["title.principals"]
        bits = self.films.bits
        size = len(bits)
        people = self.people
        reject, decode, credit_row = self._reject, self._decode, mapping.credit_row
        tick = self._ticker(source)
        seq = self.seq
        line_no = skipped = repeated = 0
        # IMDb lists a title's principals together, so the keep-or-skip decision is made
        # once per title: a line starting with the previous title's id inherits it.
        prev = b"\x00"
        keep = False
        seen: set[tuple[str, ...]] = set()
        with open_table(source) as table, stage.sink("s_credit") as add:
            for line_no, line in enumerate(table.lines, start=2):
                if not line_no & PROGRESS_EVERY:
                    tick(table)
                if not line.startswith(prev):
                    tab = line.find(b"\t")
                    digits = line[2:tab]
                    if tab < 0 or line[:2] != b"tt" or not _id_digits(digits):
                        prev, keep = b"\x00", False
                        self._bad_id(source, line_no, line)
                        continue
                    prev = line[: tab + 1]
                    number = int(digits)
                    index = number >> 3
                    keep = index < size and bool(bits[index] >> (number & 7) & 1)
                    if keep:
                        seen = set()
                if not keep:
                    continue
                cols = decode(source, line_no, line, 6)
                if not cols:
                    continue
                row = credit_row(cols)
                if isinstance(row, str):
                    if row:
                        reject(source, line_no, row)
                    else:
                        skipped += 1
                    continue
                # The same person in the same part twice on one title is one credit.
                key = (row[1], row[2], row[3], row[5], row[6])
                if key in seen:
                    repeated += 1
                    continue
                seen.add(key)
                seq += 1
                add((seq, *row))
                people.add(int(row[1][2:]))
            tick(None)
        self.report.rows_read[source.kind] = max(line_no - 1, 0)
        self.credits.skipped += skipped + repeated
        self.staged["principals"] = seq - self.seq
        self.seq = seq

    def _read_crew(self, stage: Stage) -> None:
        source = self.files["title.crew"]
        bits = self.films.bits
        size = len(bits)
        people = self.people
        reject, decode = self._reject, self._decode
        tick = self._ticker(source)
        seq = self.seq
        line_no = 0
        with open_table(source) as table, stage.sink("s_credit") as add:
            for line_no, line in enumerate(table.lines, start=2):
                if not line_no & PROGRESS_EVERY:
                    tick(table)
                tab = line.find(b"\t")
                digits = line[2:tab]
                if tab < 0 or line[:2] != b"tt" or not _id_digits(digits):
                    self._bad_id(source, line_no, line)
                    continue
                number = int(digits)
                index = number >> 3
                if index >= size or not bits[index] >> (number & 7) & 1:
                    continue
                cols = decode(source, line_no, line, 3)
                if not cols:
                    continue
                rows: dict[tuple[str, str], str] = {}
                bad = ""
                for (department, job), names in zip(mapping.CREW_FILE_ROLES, cols[1:], strict=True):
                    if names == mapping.NULL:
                        continue
                    for nconst in names.split(","):
                        if mapping.imdb_id_number(nconst, "nm") is None:
                            bad = f"{nconst[:20]!r} is not an IMDb name id"
                            break
                        rows[(nconst, department)] = job
                if bad:
                    reject(source, line_no, bad)
                    continue
                for (nconst, department), job in rows.items():
                    seq += 1
                    add((seq, cols[0], nconst, mapping.CREW, "", 0, department, job, 1))
                    people.add(int(nconst[2:]))
            tick(None)
        self.report.rows_read[source.kind] = max(line_no - 1, 0)
        self.staged["crew"] = seq - self.seq
        self.seq = seq

    def _read_names(self, stage: Stage) -> None:
        source = self.files["name.basics"]
        bits = self.people.bits
        size = len(bits)
        found = self.found
        reject, decode = self._reject, self._decode
        tick = self._ticker(source)
        staged = line_no = first = last = 0
        with open_table(source) as table, stage.sink("s_person") as add:
            for line_no, line in enumerate(table.lines, start=2):
                if not line_no & PROGRESS_EVERY:
                    tick(table)
                tab = line.find(b"\t")
                digits = line[2:tab]
                if tab < 0 or line[:2] != b"nm" or not _id_digits(digits):
                    self._bad_id(source, line_no, line)
                    continue
                number = int(digits)
                index = number >> 3
                if index >= size or not bits[index] >> (number & 7) & 1:
                    continue
                if number in found:
                    reject(source, line_no, f"{line[:tab].decode()} appears twice")
                    continue
                cols = decode(source, line_no, line, 6)
                if not cols:
                    continue
                row = mapping.person_row(line_no, cols)
                if isinstance(row, str):
                    reject(source, line_no, row)
                    continue
                add(row)
                found.add(number)
                staged += 1
                first = first or line_no
                last = line_no
            tick(None)
        self.report.rows_read[source.kind] = max(line_no - 1, 0)
        self.staged["s_person"] = staged
        self.bounds["s_person"] = (first, last)

    # -- merging -------------------------------------------------------------------
    #
    # Table and column names in the SQL below come from the models and this module's
    # constants; every value is a bound parameter.

    def _merge(self, stage: Stage) -> None:
        sql = Sql(stage)
        with self._load_pragmas(sql):
            with self._timed("films"):
                self._merge_films(sql)
            with self._timed("genre links"):
                self._merge_genres(sql)
            with self._timed("ratings"):
                self._merge_ratings(sql)
            with self._timed("people"):
                self._merge_people(sql)
            with self._timed("credits"):
                self._merge_credits(sql)
        with self._timed("verdicts"):
            self._refresh_verdicts(sql)

    @contextmanager
    def _load_pragmas(self, sql: Sql) -> Iterator[None]:
        """SQLite: settings for the duration of the merge, restored afterwards.

        Foreign keys are not checked while merging: every id the merge writes comes from
        a join against the parent table inside the same write transaction, so the check
        could never fail, and it cost a third of the credits step (measured: 10.7 s
        with, 7.1 s without, for 1.6 million credits). A bigger page cache keeps the
        indexes' pages in memory. Neither pragma can change inside a transaction, so
        both are set here, between batches.
        """
        if sql.postgres:
            yield
            return
        (cache,) = sql.fetch("PRAGMA cache_size")[0]
        (foreign_keys,) = sql.fetch("PRAGMA foreign_keys")[0]
        sql.execute("PRAGMA cache_size = -65536")  # 64 MB
        sql.execute("PRAGMA foreign_keys = OFF")
        try:
            yield
        finally:
            sql.execute(f"PRAGMA foreign_keys = {int(foreign_keys)}")
            sql.execute(f"PRAGMA cache_size = {int(cache)}")

    def _batches(self, table: str, total: int) -> Iterator[tuple[int, int]]:
        """Inclusive key ranges over a staging table, about MERGE_BATCH rows each."""
        if table == "s_credit":
            first, last = (1, self.seq) if self.seq else (0, 0)
        else:
            first, last = self.bounds.get(table, (0, 0))
        if not total or not last:
            return
        width = max(1, (last - first + 1) * MERGE_BATCH // total)
        low = first
        while low <= last:
            yield low, min(low + width - 1, last)
            low += width

    def _share(self, table: str, low: int, high: int, total: int) -> int:
        """Rows a batch covered, for the progress bar (batches are even slices of keys)."""
        first, last = (1, self.seq) if table == "s_credit" else self.bounds[table]
        span = max(1, last - first + 1)
        return max(0, round(total * (min(high, last) - low + 1) / span))

    def _upsert_by_imdb_id(
        self,
        sql: Sql,
        *,
        table: str,
        catalog: str,
        key: str,
        update: tuple[str, list[Any]],
        insert: tuple[str, list[Any]],
        counts: Counts,
        step: str,
    ) -> None:
        """Update changed rows and insert new ones, minting each new row a unique slug.

        `update` is a statement over the batch `s.line BETWEEN %s AND %s` (its params
        come first); `insert` is `INSERT … SELECT {slug} … FROM {source} WHERE {where}`
        with `s` the staged row. New rows get their slug in up to three rounds, so that
        the common case costs no sort and no query per row:
          1. the bare base (`miss-jerry-1894`), first row in file order wins;
          2. rows that lost (same title and year, or base already taken): base-2,
             base-3 … by rank among them, one window query;
          3. the few still colliding: the next free number, looked up for each.
        """
        s, total = sql.s, self.staged.get(table, 0)
        if not total:
            return
        sql.execute(
            f"UPDATE {s}{table} AS t SET is_new = 1 WHERE NOT EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {catalog} AS c WHERE c.imdb_id = t.{key})"
        )
        update_sql, update_params = update
        insert_sql, insert_params = insert
        first_round = insert_sql.format(
            slug="s.base",
            source=f"{s}{table} AS s",
            where="s.is_new = 1 AND s.line BETWEEN %s AND %s ORDER BY s.line",
        )
        for low, high in self._batches(table, total):
            with transaction.atomic():
                counts.updated += sql.execute(update_sql, [*update_params, low, high])
                counts.inserted += sql.execute(first_round, [*insert_params, low, high])
            self.progress(step, self._share(table, low, high, total), total)
        ranked = f"r_{table[2:]}"
        unplaced = (
            f"t.is_new = 1 AND NOT EXISTS (SELECT 1 FROM {catalog} AS c "  # noqa: S608
            f"WHERE c.imdb_id = t.{key})"
        )
        sql.execute(
            f"INSERT INTO {s}{ranked} (line, slug) "  # noqa: S608
            f"SELECT t.line, t.base || '-' || (row_number() OVER w + 1) FROM {s}{table} AS t "
            f"WHERE {unplaced} WINDOW w AS (PARTITION BY t.base ORDER BY t.line)"
        )
        second_round = insert_sql.format(
            slug="r.slug",
            source=f"{s}{ranked} AS r JOIN {s}{table} AS s ON s.line = r.line",
            where="r.line BETWEEN %s AND %s ORDER BY r.line",
        )
        for low, high in self._batches(table, total):
            with transaction.atomic():
                counts.inserted += sql.execute(second_round, [*insert_params, low, high])
        third_round = insert_sql.format(slug="%s", source=f"{s}{table} AS s", where="s.line = %s")
        after = 0
        while True:
            rows = sql.fetch(
                f"SELECT t.line, t.base FROM {s}{table} AS t "  # noqa: S608
                f"WHERE t.line > %s AND {unplaced} ORDER BY t.line LIMIT 1000",
                [after],
            )
            if not rows:
                break
            after = rows[-1][0]
            slugs = self._free_slugs(sql, catalog, [base for _, base in rows])
            with transaction.atomic():
                for (line, _), slug in zip(rows, slugs, strict=True):
                    placed = sql.execute(third_round, [slug, *insert_params, line])
                    counts.inserted += placed
                    # Lost to a concurrent writer: left for the next run.
                    counts.skipped += 1 - placed
        counts.unchanged = total - counts.inserted - counts.updated - counts.skipped

    def _free_slugs(self, sql: Sql, catalog: str, bases: list[str]) -> list[str]:
        """The first free `base`, `base-2` … for each base, as slug_mint would pick them,
        looking up only the candidates instead of loading every slug in the catalogue."""
        need: dict[str, int] = {}
        for base in bases:
            need[base] = need.get(base, 0) + 1
        free: dict[str, list[str]] = {base: [] for base in need}
        start = dict.fromkeys(need, 1)
        while pending := [b for b in need if len(free[b]) < need[b]]:
            candidates: dict[str, str] = {}
            for base in pending:
                width = 2 * (need[base] - len(free[base])) + 8
                for n in range(start[base], start[base] + width):
                    candidates.setdefault(base if n == 1 else f"{base}-{n}", base)
                start[base] += width
            taken: set[str] = set()
            names = list(candidates)
            for i in range(0, len(names), 500):
                chunk = names[i : i + 500]
                marks = ", ".join(["%s"] * len(chunk))
                taken.update(
                    row[0]
                    for row in sql.fetch(
                        f"SELECT slug FROM {catalog} WHERE slug IN ({marks})",  # noqa: S608
                        chunk,
                    )
                )
            for slug, base in candidates.items():
                if slug not in taken and len(free[base]) < need[base]:
                    free[base].append(slug)
        picks = {base: iter(slugs) for base, slugs in free.items()}
        return [next(picks[base]) for base in bases]

    def _merge_films(self, sql: Sql) -> None:
        counts = self.report.loads.setdefault("films", Counts())
        stamps = mapping.field_stamps(self.files["title.basics"].as_of.isoformat())
        now = connection.ops.adapt_datetimefield_value(self.now)
        pairs = (
            ("title", "title"),
            ("original_title", "original_title"),
            ("year", "year"),
            ("runtime_minutes", "runtime"),
        )
        differs = " OR ".join(f"m.{f} IS DISTINCT FROM s.{c}" for f, c in pairs)
        # field_sources gains a fresh stamp for exactly the fields that changed.
        patch = (
            "'{' || rtrim("
            + " || ".join(
                f"CASE WHEN m.{f} IS DISTINCT FROM s.{c} THEN %s ELSE '' END" for f, c in pairs
            )
            + ", ',') || '}'"
        )
        patch_params = [json.dumps({f: stamps[f]})[1:-1] + "," for f, _ in pairs]
        update = f"""
            UPDATE {MOVIE} AS m SET title = s.title, original_title = s.original_title,
                year = s.year, runtime_minutes = s.runtime, updated_at = %s,
                field_sources = {sql.json_merge("m.field_sources", patch)}
            FROM {sql.s}s_title AS s
            WHERE m.imdb_id = s.tconst AND s.line BETWEEN %s AND %s AND ({differs})"""  # noqa: S608
        insert = (
            f"INSERT INTO {MOVIE} (imdb_id, slug, title, original_title, year, "  # noqa: S608
            "runtime_minutes, wikipedia_page, original_language, certification, tagline, "
            "overview, wikipedia_extract, poster_url, homepage, popularity, field_sources, "
            "created_at, updated_at) "
            "SELECT s.tconst, {slug}, s.title, s.original_title, s.year, s.runtime, "
            f"'', '', '', '', '', '', '', '', 0, {sql.json_param()}, %s, %s "
            "FROM {source} WHERE {where} ON CONFLICT DO NOTHING"
        )
        self._upsert_by_imdb_id(
            sql,
            table="s_title",
            catalog=MOVIE,
            key="tconst",
            update=(update, [now, *patch_params]),
            insert=(insert, [json.dumps(stamps), now, now]),
            counts=counts,
            step="films",
        )

    def _merge_genres(self, sql: Sql) -> None:
        s, counts = sql.s, self.report.loads.setdefault("genre links", Counts())
        total = self.staged.get("genre links", 0)
        if not total:
            return
        names = {mapping.genre_name(g) for g in self.genres}
        with transaction.atomic():
            _genres_upsert(names)
        renamed = " ".join(
            f"WHEN '{imdb}' THEN '{ours}'" for imdb, ours in mapping.GENRE_NAMES.items()
        )
        insert = f"""
            INSERT INTO {MOVIE_GENRES} (movie_id, genre_id)
            SELECT m.id, g.id FROM {s}s_title AS s
            CROSS JOIN {sql.genre_tokens("s")}
            JOIN {GENRE} AS g ON g.name = (CASE j.value {renamed} ELSE j.value END)
            JOIN {MOVIE} AS m ON m.imdb_id = s.tconst
            WHERE s.genres IS NOT NULL AND s.line BETWEEN %s AND %s
            ON CONFLICT DO NOTHING"""  # noqa: S608
        for low, high in self._batches("s_title", self.staged["s_title"]):
            with transaction.atomic():
                counts.inserted += sql.execute(insert, [low, high])
        counts.unchanged = total - counts.inserted

    def _merge_ratings(self, sql: Sql) -> None:
        s, counts = sql.s, self.report.loads.setdefault("ratings", Counts())
        total = self.staged.get("s_rating", 0)
        if not total:
            return
        as_of = connection.ops.adapt_datefield_value(self.files["title.ratings"].as_of)
        update = f"""
            UPDATE {RATING} AS r SET raw_value = s.raw, value = s.value, scale = 10,
                normalised = ROUND(s.value * 10, 1), vote_count = s.votes, as_of = %s,
                provenance = %s
            FROM {s}s_rating AS s JOIN {MOVIE} AS m ON m.imdb_id = s.tconst
            WHERE r.movie_id = m.id AND r.source = 'imdb' AND s.line BETWEEN %s AND %s
                AND (r.value <> s.value OR r.vote_count IS DISTINCT FROM s.votes)"""  # noqa: S608
        insert = f"""
            INSERT INTO {RATING}
                (movie_id, source, raw_value, value, scale, normalised, vote_count, as_of,
                 provenance)
            SELECT m.id, 'imdb', s.raw, s.value, 10, ROUND(s.value * 10, 1), s.votes, %s, %s
            FROM {s}s_rating AS s JOIN {MOVIE} AS m ON m.imdb_id = s.tconst
            WHERE s.line BETWEEN %s AND %s
            ON CONFLICT DO NOTHING"""  # noqa: S608
        for low, high in self._batches("s_rating", total):
            with transaction.atomic():
                counts.updated += sql.execute(update, [as_of, PROVENANCE, low, high])
                counts.inserted += sql.execute(insert, [as_of, PROVENANCE, low, high])
            self.progress("ratings", self._share("s_rating", low, high, total), total)
        counts.unchanged = total - counts.inserted - counts.updated

    def _merge_people(self, sql: Sql) -> None:
        counts = self.report.loads.setdefault("people", Counts())
        update = f"""
            UPDATE {PERSON} AS p SET name = s.name, birth_year = s.birth,
                death_year = s.death, professions = s.professions
            FROM {sql.s}s_person AS s
            WHERE p.imdb_id = s.nconst AND s.line BETWEEN %s AND %s AND (
                p.name IS DISTINCT FROM s.name OR p.birth_year IS DISTINCT FROM s.birth
                OR p.death_year IS DISTINCT FROM s.death
                OR p.professions IS DISTINCT FROM s.professions)"""  # noqa: S608
        insert = (
            f"INSERT INTO {PERSON} "  # noqa: S608
            "(imdb_id, slug, name, birth_year, death_year, professions, photo_url) "
            "SELECT s.nconst, {slug}, s.name, s.birth, s.death, s.professions, '' "
            "FROM {source} WHERE {where} ON CONFLICT DO NOTHING"
        )
        self._upsert_by_imdb_id(
            sql,
            table="s_person",
            catalog=PERSON,
            key="nconst",
            update=(update, []),
            insert=(insert, []),
            counts=counts,
            step="people",
        )

    def _merge_credits(self, sql: Sql) -> None:
        s, counts = sql.s, self.credits
        self.report.loads["credits"] = counts
        total = self.seq
        if not total:
            return
        joins = (
            f"FROM {s}s_credit AS s JOIN {MOVIE} AS m ON m.imdb_id = s.tconst "
            f"JOIN {PERSON} AS p ON p.imdb_id = s.nconst"
        )
        columns = 'movie_id, person_id, kind, "character", "order", department, job, source'
        picked = "m.id, p.id, s.kind, s.part, s.ord, s.department, s.job, 'imdb'"
        update = f"""
            UPDATE {CREDIT} AS c SET "order" = s.ord {joins}
            WHERE s.seq BETWEEN %s AND %s AND s.weak = 0 AND c.movie_id = m.id
                AND c.person_id = p.id AND c.kind = s.kind AND c.department = s.department
                AND c.job = s.job AND c."character" = s.part AND c."order" <> s.ord"""  # noqa: S608
        insert = (
            f"INSERT INTO {CREDIT} ({columns}) SELECT {picked} {joins} "
            "WHERE s.seq BETWEEN %s AND %s AND s.weak = 0 ON CONFLICT DO NOTHING"
        )
        # title.crew repeats most directors and writers principals already gave, often
        # with a more precise job; it adds a person only to a department they lack.
        insert_weak = (
            f"INSERT INTO {CREDIT} ({columns}) SELECT {picked} {joins} "  # noqa: S608
            "WHERE s.seq BETWEEN %s AND %s AND s.weak = 1 AND NOT EXISTS ("
            f"SELECT 1 FROM {CREDIT} AS c WHERE c.movie_id = m.id AND c.person_id = p.id "
            "AND c.kind = 'crew' AND c.department = s.department) ON CONFLICT DO NOTHING"
        )
        # Films that were in the catalogue before this run may have credits to update;
        # on a first import every film is new and the update (a lookup per row) is
        # skipped.
        existing = sql.fetch(f"SELECT count(*) FROM {s}s_title WHERE is_new IS NULL")[0][0]  # noqa: S608
        principals = self.staged.get("principals", 0)
        for low, high in self._batches("s_credit", total):
            with transaction.atomic():
                if existing and low <= principals:
                    counts.updated += sql.execute(update, [low, high])
                if low <= principals:
                    counts.inserted += sql.execute(insert, [low, high])
                if high > principals:
                    counts.inserted += sql.execute(insert_weak, [low, high])
            self.progress("credits", min(high, total) - low + 1, total)
        unresolved = self._unresolved_credits(sql)
        counts.skipped += unresolved
        counts.unchanged = total - unresolved - counts.inserted - counts.updated

    def _unresolved_credits(self, sql: Sql) -> int:
        """Staged credits of people neither in name.basics nor already in the catalogue.

        Usually none: the bitmaps answer that without a query. Otherwise only the
        missing people's credits are counted.
        """
        wanted = int.from_bytes(self.people.bits, "little")
        found = int.from_bytes(self.found.bits[: len(self.people.bits)], "little")
        missing_bits = wanted & ~found
        if not missing_bits:
            return 0
        missing = _numbers(missing_bits)
        s, unresolved = sql.s, 0
        for i in range(0, len(missing), 500):
            chunk = missing[i : i + 500]
            marks = ", ".join(["%s"] * len(chunk))
            known = {
                row[0]
                for row in sql.fetch(
                    f"SELECT imdb_id FROM {PERSON} WHERE imdb_id IN ({marks})",  # noqa: S608
                    chunk,
                )
            }
            absent = [n for n in chunk if n not in known]
            if absent:
                marks = ", ".join(["%s"] * len(absent))
                unresolved += sql.fetch(
                    f"SELECT count(*) FROM {s}s_credit WHERE nconst IN ({marks})",  # noqa: S608
                    absent,
                )[0][0]
        return int(unresolved)

    def _refresh_verdicts(self, sql: Sql) -> None:
        """Verdicts for imported films that have none: the new ones, and any a killed
        run inserted without reaching this step.

        A film with no evidence, no described scene and no report gets the same verdict
        as any other such film, so verdict_refresh derives it once, for the first of
        them, and the rest copy that row in set-based batches (220,000 films: 13 s one
        by one, under 1 s this way). Films that do have evidence (another source got
        there first) go through verdict_refresh itself.
        """
        s = sql.s
        bare = (
            f"NOT EXISTS (SELECT 1 FROM {VERDICT} AS v WHERE v.movie_id = m.id) "  # noqa: S608
            f"AND NOT EXISTS (SELECT 1 FROM {EVIDENCE} AS e WHERE e.movie_id = m.id) "
            f"AND NOT EXISTS (SELECT 1 FROM {SCENE} AS c WHERE c.movie_id = m.id) "
            f"AND NOT EXISTS (SELECT 1 FROM {REPORT} AS r WHERE r.movie_id = m.id)"
        )
        after = 0
        while True:
            rows = sql.fetch(
                f"SELECT s.line, m.id FROM {s}s_title AS s JOIN {MOVIE} AS m "  # noqa: S608
                f"ON m.imdb_id = s.tconst WHERE s.line > %s AND NOT EXISTS "
                f"(SELECT 1 FROM {VERDICT} AS v WHERE v.movie_id = m.id) AND NOT ({bare}) "
                "ORDER BY s.line LIMIT 10000",
                [after],
            )
            if not rows:
                break
            after = rows[-1][0]
            self.report.verdicts += verdict_refresh(movie_ids=[movie_id for _, movie_id in rows])
        template = sql.fetch(
            f"SELECT m.id FROM {s}s_title AS s JOIN {MOVIE} AS m "  # noqa: S608
            f"ON m.imdb_id = s.tconst WHERE {bare} ORDER BY s.line LIMIT 1"
        )
        if not template:
            return
        self.report.verdicts += verdict_refresh(movie_ids=[template[0][0]])
        columns = [str(f.column) for f in Verdict._meta.concrete_fields if f.column != "movie_id"]
        copy = (
            f"INSERT INTO {VERDICT} (movie_id, {', '.join(columns)}) "  # noqa: S608
            f"SELECT m.id, {', '.join(f't.{c}' for c in columns)} "
            f"FROM {s}s_title AS s JOIN {MOVIE} AS m ON m.imdb_id = s.tconst "
            f"CROSS JOIN {VERDICT} AS t "
            f"WHERE t.movie_id = %s AND s.line BETWEEN %s AND %s AND {bare}"
        )
        total = self.staged.get("s_title", 0)
        for low, high in self._batches("s_title", total):
            with transaction.atomic():
                self.report.verdicts += sql.execute(copy, [template[0][0], low, high])
            self.progress("verdicts", self._share("s_title", low, high, total), total)


def _id_digits(digits: bytes) -> bool:
    return 7 <= len(digits) <= mapping.MAX_ID_DIGITS and digits.isdigit()


def _numbers(bits: int) -> list[str]:
    """The name ids whose bits are set; scans whole zero bytes at C speed."""
    raw = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    return [
        f"nm{match.start() * 8 + bit:07d}"
        for match in re.finditer(rb"[^\x00]", raw)
        for bit in range(8)
        if match.group()[0] >> bit & 1
    ]


def _genres_upsert(names: set[str]) -> None:
    """Genre rows for names not yet known; the slug is minted like other importers'."""
    existing = set(Genre.objects.filter(name__in=names).values_list("name", flat=True))
    missing = sorted(names - existing)
    if not missing:
        return
    taken = set(Genre.objects.values_list("slug", flat=True))
    Genre.objects.bulk_create(
        [Genre(name=name, slug=slug_mint(slugify(name) or "genre", taken)) for name in missing]
    )
