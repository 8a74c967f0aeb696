"""Merging: the staged rows into the catalogue, set-based, one transaction per batch."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext

from django.db import connection, transaction

from whatsafter.aftercredits.services import verdicts_fill
from whatsafter.catalog.services import genres_upsert
from whatsafter.ingest.imdb import mapping
from whatsafter.ingest.imdb.match import Matching
from whatsafter.ingest.imdb.sql import (
    AKA,
    CREDIT,
    GENRE,
    MOVIE,
    MOVIE_GENRES,
    PERSON,
    RATING,
    Sql,
)
from whatsafter.ingest.imdb.stage import Stage
from whatsafter.ingest.imdb.state import PROVENANCE
from whatsafter.ingest.imdb.upsert import Batching
from whatsafter.normalise import GENRE_NAMES, genre_name
from whatsafter.utils import Counts


@contextmanager
def page_cache() -> Iterator[None]:
    """SQLite: a 48 MB page cache (room for index builds under 300 MB RSS) while a step
    writes hundreds of thousands of rows, restored afterwards. With the default 2 MB,
    updating every person's film count spilled pages to the WAL: 2.6 s of system time
    of 4.9 s at a million titles, 0.2 s with it."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (cache,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -49152")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache)}")


class Merging(Batching, Matching):
    # -- merging -------------------------------------------------------------------
    #
    # Table and column names in the SQL below come from the models and this module's
    # constants; every value is a bound parameter.

    def _merge(self, stage: Stage) -> None:
        sql = Sql(stage)
        with self._load_pragmas(sql):
            # In this order (films before their links, people before credits). Each merge
            # step loads one table; first_load makes a first load of it cheaper (see
            # Sql.first_load); the matching steps have none.
            steps: list[tuple[str, str | None, Callable[[Sql], None]]] = [
                ("title matches", None, self._match_films),
                ("films", MOVIE, self._merge_films),
                ("genre links", MOVIE_GENRES, self._merge_genres),
                ("ratings", RATING, self._merge_ratings),
                ("other titles", AKA, self._merge_akas),
                ("name matches", None, self._match_people),
                ("people", PERSON, self._merge_people),
                ("credits", CREDIT, self._merge_credits),
            ]
            for step, table, run in steps:
                with self._timed(step), sql.first_load(table) if table else nullcontext():
                    run(sql)
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
        (foreign_keys,) = sql.fetch("PRAGMA foreign_keys")[0]
        sql.execute("PRAGMA foreign_keys = OFF")
        try:
            with page_cache():
                yield
        finally:
            sql.execute(f"PRAGMA foreign_keys = {int(foreign_keys)}")

    def _merge_films(self, sql: Sql) -> None:
        counts = self.report.loads.setdefault("films", Counts())
        as_of = self.files["title.basics"].as_of
        stamps = mapping.field_stamps(as_of.isoformat())
        now = connection.ops.adapt_datetimefield_value(self.now)
        pairs = (
            ("title", "title"),
            ("original_title", "original_title"),
            ("year", "year"),
            ("runtime_minutes", "runtime"),
        )
        # Precedence (docs/DATA.md): a field an editor set is never overwritten, and a
        # field an IMDb file dated later than this one wrote stays as that file had it.
        wins = {
            f: sql.import_wins("m.field_sources", f, source="imdb", as_of=as_of) for f, _ in pairs
        }
        changes = {f: f"({wins[f]} AND m.{f} IS DISTINCT FROM s.{c})" for f, c in pairs}
        differs = " OR ".join(changes.values())
        assignments = ", ".join(
            f"{f} = CASE WHEN {changes[f]} THEN s.{c} ELSE m.{f} END" for f, c in pairs
        )
        # field_sources gains a fresh stamp for exactly the fields that changed.
        patch = (
            "'{' || rtrim("
            + " || ".join(f"CASE WHEN {changes[f]} THEN %s ELSE '' END" for f, _ in pairs)
            + ", ',') || '}'"
        )
        patch_params = [json.dumps({f: stamps[f]})[1:-1] + "," for f, _ in pairs]
        update = f"""
            UPDATE {MOVIE} AS m SET {assignments}, updated_at = %s,
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
        names = {genre_name(g) for g in self.genres}
        with transaction.atomic():
            genres_upsert(names=names)
        renamed = " ".join(f"WHEN '{imdb}' THEN '{ours}'" for imdb, ours in GENRE_NAMES.items())
        insert = f"""
            INSERT INTO {MOVIE_GENRES} (movie_id, genre_id)
            SELECT m.id, g.id FROM {s}s_title AS s
            CROSS JOIN {sql.genre_tokens("s")}
            JOIN {GENRE} AS g ON g.name = (CASE j.value {renamed} ELSE j.value END)
            JOIN {MOVIE} AS m ON m.imdb_id = s.tconst
            WHERE s.genres IS NOT NULL AND s.line BETWEEN %s AND %s
            ON CONFLICT DO NOTHING"""  # noqa: S608
        (inserted,) = self._each_batch(sql, "s_title", self.staged["s_title"], (insert, []))
        counts.inserted += inserted
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
                AND (r.value <> s.value OR r.vote_count IS DISTINCT FROM s.votes)
                AND r.as_of <= %s"""  # noqa: S608
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
                # A score from a newer snapshot (of any source) is not replaced.
                counts.updated += sql.execute(update, [as_of, PROVENANCE, low, high, as_of])
                counts.inserted += sql.execute(insert, [as_of, PROVENANCE, low, high])
            self.progress("ratings", self._share("s_rating", low, high, total), total)
        counts.unchanged = total - counts.inserted - counts.updated

    def _merge_akas(self, sql: Sql) -> None:
        """Other titles are added, never changed: a title is its own key. One equal to the
        film's own title (IMDb repeats it for some regions) is skipped."""
        total = self.staged.get("s_aka", 0)
        if not total:
            return
        counts = self.report.loads.setdefault("other titles", Counts())
        counts.skipped = self.staged.get("aka skipped", 0)  # original-title rows
        insert = f"""
            INSERT INTO {AKA} (movie_id, title, region, language, kind, source)
            SELECT m.id, s.title, s.region, s.language, s.kind, 'imdb'
            FROM {sql.s}s_aka AS s JOIN {MOVIE} AS m ON m.imdb_id = s.tconst
            WHERE s.line BETWEEN %s AND %s AND s.title <> m.title
            ORDER BY s.line
            ON CONFLICT DO NOTHING"""  # noqa: S608
        (inserted,) = self._each_batch(sql, "s_aka", total, (insert, []), step="other titles")
        counts.inserted += inserted
        counts.unchanged = total - counts.inserted

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
        # A cast credit another source gave by name only (the sample's Wikipedia cast,
        # no character) becomes IMDb's credit for the same person once that person has
        # the IMDb id (match.py): one cast row per person, with the character.
        upgrade = f"""
            UPDATE {CREDIT} AS c SET "character" = s.part, "order" = s.ord, source = 'imdb'
            {joins}
            WHERE s.seq BETWEEN %s AND %s AND s.weak = 0 AND s.kind = 'cast'
                AND c.movie_id = m.id AND c.person_id = p.id AND c.kind = 'cast'
                AND c."character" = '' AND c.source <> 'imdb' AND NOT EXISTS (
                    SELECT 1 FROM {CREDIT} AS o WHERE o.movie_id = m.id
                    AND o.person_id = p.id AND o.kind = 'cast' AND o.department = ''
                    AND o.job = '' AND o."character" = s.part)"""  # noqa: S608
        name_only = sql.fetch(
            f"SELECT EXISTS (SELECT 1 FROM {CREDIT} WHERE kind = 'cast' "  # noqa: S608
            "AND \"character\" = '' AND source <> 'imdb')"
        )[0][0]
        # Films that were in the catalogue before this run may have credits to update;
        # on a first import every film is new and the update (a lookup per row) is
        # skipped.
        existing = sql.fetch(f"SELECT count(*) FROM {s}s_title WHERE is_new IS NULL")[0][0]  # noqa: S608
        principals = self.staged.get("principals", 0)
        for low, high in self._batches("s_credit", total):
            with transaction.atomic():
                if existing and low <= principals:
                    counts.updated += sql.execute(update, [low, high])
                    if name_only:
                        counts.updated += sql.execute(upgrade, [low, high])
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
        run inserted without reaching this step (aftercredits.services.verdicts_fill)."""
        films = (
            f"SELECT m.id FROM {sql.s}s_title AS s JOIN {MOVIE} AS m "  # noqa: S608
            "ON m.imdb_id = s.tconst WHERE s.line BETWEEN %s AND %s"
        )
        total = self.staged.get("s_title", 0)
        for low, high in self._batches("s_title", total):
            with transaction.atomic():
                self.report.verdicts += verdicts_fill(films=films, params=[low, high])
            self.progress("verdicts", self._share("s_title", low, high, total), total)


def _numbers(bits: int) -> list[str]:
    """The name ids whose bits are set; scans whole zero bytes at C speed."""
    raw = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    return [
        f"nm{match.start() * 8 + bit:07d}"
        for match in re.finditer(rb"[^\x00]", raw)
        for bit in range(8)
        if match.group()[0] >> bit & 1
    ]
