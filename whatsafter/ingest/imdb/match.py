"""Matching: IMDb titles the catalogue already has under no IMDb id, found by title + year.

Films from the other sources (the sample's Wikipedia, TMDb 5000 and vega rows) carry no
IMDb id, so matching by id alone would give each of them a twin. Before the films step,
every staged title no film holds by id is compared with the catalogue's films that have
no IMDb id, on the normalised title (either title against either original title) and a
year at most one apart; the year, the runtime and the original title then tell the
candidates apart:

  merge   one candidate that is clearly the same film (the same year and a runtime that
          does not contradict it, or a year apart with a runtime within 3 minutes), and
          no other candidate, nor another IMDb title, scoring as high: the film takes the
          IMDb id and every later step merges into it;
  review  any other title with candidates: a MatchReview lists them and the title is
          held (no film, no ratings or credits) until an editor merges it into one or
          keeps it apart; a kept-apart title is then imported as a film of its own;
  new     no candidate: a new film, as before.

The decisions are computed set-based in the stage and written in one transaction, so a
run killed before it decides again the same way, and after it finds the attached ids and
the open reviews: a re-run changes nothing. The cast of a merged film, known by name
only, then gets the IMDb people's ids the same way (_match_people), so they are not
twinned either.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from whatsafter.catalog.models import Movie
from whatsafter.catalog.services import person_slug_base
from whatsafter.ingest.imdb.sql import CREDIT, MOVIE, PERSON, Sql
from whatsafter.ingest.imdb.state import ImportState, MatchCounts
from whatsafter.ingest.models import MatchReview
from whatsafter.ingest.normalise import title_key
from whatsafter.utils import batched

SOURCE = "imdb"
# Runtimes within this many minutes agree; more than CONTRADICTS apart, they contradict.
RUNTIME_AGREES = 3
RUNTIME_CONTRADICTS = 10
# The review's confidence, as the API importers give theirs (ingest.remote.match).
SAME_YEAR = Decimal("0.95")
YEAR_APART = Decimal("0.60")
CHUNK = 2_000


def _score(s: str = "p") -> str:
    """A candidate pair's score: the same year counts most, then an agreeing runtime,
    then the same title (not only via an original title) and the same original title.
    A contradicting runtime sinks it."""
    return (
        f"(CASE WHEN {s}.year_gap = 0 THEN 4 ELSE 0 END"
        f" + CASE WHEN {s}.runtime_gap <= {RUNTIME_AGREES} THEN 2"
        f" WHEN {s}.runtime_gap > {RUNTIME_CONTRADICTS} THEN -6 ELSE 0 END"
        f" + {s}.same_title + {s}.same_original)"
    )


def _clear(s: str = "p") -> str:
    """A pair certain enough to merge on its own."""
    return (
        f"(({s}.year_gap = 0 AND ({s}.runtime_gap IS NULL"
        f" OR {s}.runtime_gap <= {RUNTIME_CONTRADICTS}))"
        f" OR ({s}.year_gap = 1 AND {s}.runtime_gap <= {RUNTIME_AGREES}))"
    )


class Matching(ImportState):
    @property
    def match_counts(self) -> MatchCounts:
        return self.report.matches

    def _match_films(self, sql: Sql) -> None:
        s = sql.s
        if not self.staged.get("s_title"):
            return
        reviews = dict(
            MatchReview.objects.filter(source=SOURCE).values_list("external_id", "status")
        )
        open_ids = [tid for tid, status in reviews.items() if status == MatchReview.Status.OPEN]
        if not sql.fetch(
            f"SELECT EXISTS (SELECT 1 FROM {MOVIE} WHERE imdb_id IS NULL AND year IS NOT NULL)"  # noqa: S608
        )[0][0]:
            self._hold(sql, open_ids, [])
            return
        keys = self._stage_film_keys(sql)
        self._stage_title_keys(sql, keys, skip=set(reviews))
        then = sql.join_in_order
        sql.index("k_title", "key")
        sql.index("k_film", "key")
        # Every (title, film) pair sharing a key within a year, with what tells them apart.
        sql.execute(
            f"INSERT INTO {s}m_pair (line, movie_id, year_gap, runtime_gap, same_title, "  # noqa: S608
            "same_original) "
            "SELECT t.line, k.movie_id, abs(m.year - st.year), "
            "CASE WHEN m.runtime_minutes IS NULL OR st.runtime IS NULL THEN NULL "
            "ELSE abs(m.runtime_minutes - st.runtime) END, "
            "max(CASE WHEN t.kind = 't' AND k.kind = 't' THEN 1 ELSE 0 END), "
            "max(CASE WHEN t.kind = 'o' AND k.kind = 'o' THEN 1 ELSE 0 END) "
            f"FROM {s}k_title AS t {then} {s}k_film AS k ON k.key = t.key "
            f"{then} {s}s_title AS st ON st.line = t.line "
            f"{then} {MOVIE} AS m ON m.id = k.movie_id "
            "WHERE m.imdb_id IS NULL AND m.year BETWEEN st.year - 1 AND st.year + 1 "
            "GROUP BY t.line, k.movie_id, m.year, st.year, m.runtime_minutes, st.runtime"
        )
        sql.execute(f"UPDATE {s}m_pair SET score = {_score('m_pair')}")  # noqa: S608
        sql.index("m_pair", "line")
        sql.index("m_pair", "movie_id")
        # A pair merges when it is clear, its title has no other candidate scoring as
        # high, and its film no other title scoring as high.
        sql.execute(
            f"UPDATE {s}m_pair SET merge = 1 WHERE {_clear('m_pair')} "  # noqa: S608
            f"AND NOT EXISTS (SELECT 1 FROM {s}m_pair AS q WHERE q.line = m_pair.line "
            "AND q.movie_id <> m_pair.movie_id AND q.score >= m_pair.score) "
            f"AND NOT EXISTS (SELECT 1 FROM {s}m_pair AS q WHERE q.movie_id = m_pair.movie_id "
            "AND q.line <> m_pair.line AND q.score >= m_pair.score)"
        )
        pairs = sql.fetch(
            "SELECT p.line, st.tconst, st.title, st.year, p.movie_id, p.year_gap, "  # noqa: S608
            f"p.runtime_gap, p.score FROM {s}m_pair AS p JOIN {s}s_title AS st "
            "ON st.line = p.line WHERE NOT EXISTS (SELECT 1 FROM "
            f"{s}m_pair AS q WHERE q.line = p.line AND q.merge = 1) "
            "ORDER BY p.line, p.score DESC, p.movie_id"
        )
        held = [_Held.of(rows) for rows in _by_line(pairs)]
        with transaction.atomic():
            # Only a film still without an id: a concurrent writer's id stays.
            self.match_counts.films_merged += sql.execute(
                f"UPDATE {MOVIE} AS m SET imdb_id = st.tconst FROM {s}m_pair AS p "  # noqa: S608
                f"JOIN {s}s_title AS st ON st.line = p.line "
                "WHERE p.merge = 1 AND m.id = p.movie_id AND m.imdb_id IS NULL"
            )
            self.match_counts.reviews_opened += _reviews_open(held)
        self._hold(sql, open_ids, [h.line for h in held])

    def _stage_film_keys(self, sql: Sql) -> set[str]:
        """k_film: the title keys of every catalogue film without an IMDb id."""
        keys: set[str] = set()

        def rows() -> Iterator[tuple[Any, ...]]:
            films = Movie.objects.filter(imdb_id__isnull=True, year__isnull=False)
            for pk, title, original in films.values_list("id", "title", "original_title").iterator(
                chunk_size=5000
            ):
                for kind, text in (("t", title), ("o", original)):
                    key = title_key(text) if text else ""
                    if key:
                        keys.add(key)
                        yield (pk, key, kind)

        sql.insert_many("k_film", ("movie_id", "key", "kind"), rows())
        return keys

    def _stage_title_keys(self, sql: Sql, keys: set[str], *, skip: set[str]) -> None:
        """k_title: the keys of staged titles no film holds by id, where some film
        without an id has that key. Titles with a review are not matched again."""
        s = sql.s

        def rows() -> Iterator[tuple[Any, ...]]:
            after = 0
            while True:
                page = sql.fetch(
                    f"SELECT line, tconst, title, original_title FROM {s}s_title AS st "  # noqa: S608
                    "WHERE line > %s AND year IS NOT NULL AND NOT EXISTS "
                    f"(SELECT 1 FROM {MOVIE} AS m WHERE m.imdb_id = st.tconst) "
                    "ORDER BY line LIMIT 20000",
                    [after],
                )
                if not page:
                    return
                after = page[-1][0]
                for line, tconst, title, original in page:
                    if tconst in skip:
                        continue
                    for kind, text in (("t", title), ("o", original)):
                        key = title_key(text) if text else ""
                        if key in keys:
                            yield (line, key, kind)

        sql.insert_many("k_title", ("line", "key", "kind"), rows())

    def _hold(self, sql: Sql, open_ids: list[str], lines: list[Any]) -> None:
        """Take titles waiting for an editor out of the stage: no film, no rows about it."""
        held = 0
        for column, values in (("line", lines), ("tconst", open_ids)):
            for chunk in batched(values, CHUNK):
                marks = ", ".join(["%s"] * len(chunk))
                held += sql.execute(
                    f"DELETE FROM {sql.s}s_title WHERE {column} IN ({marks})",  # noqa: S608
                    list(chunk),
                )
        self.match_counts.films_held += held
        self.staged["s_title"] = self.staged.get("s_title", 0) - held

    def _match_people(self, sql: Sql) -> None:
        """People credited by name only on films this import has (the sample's cast),
        who are in the IMDb credits of the same film under the same name, get the IMDb
        id, so the people step updates them instead of adding a twin.

        A name-only person matching two IMDb people (namesakes the sample merged), or an
        IMDb person matching two of ours, is left as it is.
        """
        s = sql.s
        if (
            not self.staged.get("s_person")
            or not sql.fetch(
                f"SELECT EXISTS (SELECT 1 FROM {PERSON} WHERE imdb_id IS NULL)"  # noqa: S608
            )[0][0]
        ):
            return
        then = sql.join_in_order
        named = sql.fetch(
            f"SELECT DISTINCT p.id, p.name, m.imdb_id FROM {s}s_title AS st "  # noqa: S608
            f"{then} {MOVIE} AS m ON m.imdb_id = st.tconst "
            f"{then} {CREDIT} AS c ON c.movie_id = m.id "
            f"{then} {PERSON} AS p ON p.id = c.person_id WHERE p.imdb_id IS NULL"
        )
        if not named:
            return
        sql.insert_many(
            "k_person",
            ("person_id", "tconst", "base"),
            ((pk, tconst, person_slug_base(name)) for pk, name, tconst in named),
        )
        sql.index("k_person", "base")
        # Two passes, each a scan of one stage table probing a small indexed one: the
        # IMDb people with a name some film's name-only cast has, then those credited
        # on that very film.
        sql.execute(
            f"INSERT INTO {s}m_person (person_id, tconst, nconst) "  # noqa: S608
            f"SELECT k.person_id, k.tconst, sp.nconst FROM {s}s_person AS sp "
            f"{then} {s}k_person AS k ON k.base = sp.base"
        )
        sql.index("m_person", "tconst", "nconst")
        sql.execute(
            f"INSERT INTO {s}m_cast (person_id, nconst) SELECT DISTINCT mp.person_id, "  # noqa: S608
            f"mp.nconst FROM {s}s_credit AS sc {then} {s}m_person AS mp "
            "ON mp.tconst = sc.tconst AND mp.nconst = sc.nconst"
        )
        sql.index("m_cast", "person_id")
        sql.index("m_cast", "nconst")
        with transaction.atomic():
            self.match_counts.people_merged += sql.execute(
                f"UPDATE {PERSON} AS p SET imdb_id = c.nconst FROM {s}m_cast AS c "  # noqa: S608
                "WHERE p.id = c.person_id AND p.imdb_id IS NULL "
                f"AND (SELECT count(*) FROM {s}m_cast AS x WHERE x.person_id = c.person_id) = 1 "
                f"AND (SELECT count(*) FROM {s}m_cast AS x WHERE x.nconst = c.nconst) = 1 "
                f"AND NOT EXISTS (SELECT 1 FROM {PERSON} AS o WHERE o.imdb_id = c.nconst)"
            )


@dataclass(frozen=True)
class _Held:
    line: int
    tconst: str
    title: str
    year: int | None
    candidates: tuple[int, ...]
    confidence: Decimal
    reason: str

    @classmethod
    def of(cls, rows: list[tuple[Any, ...]]) -> _Held:
        """One held title from its pairs, best first."""
        line, tconst, title, year = rows[0][:4]
        best_gap, best_runtime = rows[0][5], rows[0][6]
        base = SAME_YEAR if best_gap == 0 else YEAR_APART
        confidence = (base / len(rows)).quantize(Decimal("0.01"))
        contradicts = best_runtime is not None and best_runtime > RUNTIME_CONTRADICTS
        if len(rows) > 1:
            reason = f"{len(rows)} films with this title within a year"
        elif best_gap == 0 and contradicts:
            reason = f"same title and year, but runtimes {best_runtime} minutes apart"
        elif best_gap == 0 or (best_runtime is not None and best_runtime <= RUNTIME_AGREES):
            reason = "another IMDb title matches the same film as well"
        elif best_runtime is None:
            reason = "same title a year apart, runtime not known to compare"
        else:
            reason = f"same title a year apart, runtimes {best_runtime} minutes apart"
        return cls(line, tconst, title, year, tuple(r[4] for r in rows), confidence, reason)


def _by_line(rows: list[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    """Consecutive rows with the same line (the first column), as one list each."""
    group: list[tuple[Any, ...]] = []
    for row in rows:
        if group and group[0][0] != row[0]:
            yield group
            group = []
        group.append(row)
    if group:
        yield group


def _reviews_open(held: list[_Held]) -> int:
    """A review per held title not reviewed before, with its candidates."""
    if not held:
        return 0
    known = set(
        MatchReview.objects.filter(
            source=SOURCE, external_id__in=[h.tconst for h in held]
        ).values_list("external_id", flat=True)
    )
    new = [h for h in held if h.tconst not in known]
    MatchReview.objects.bulk_create(
        [
            MatchReview(
                source=SOURCE,
                external_id=h.tconst,
                title=h.title[:500],
                year=h.year,
                confidence=h.confidence,
                reason=h.reason[:255],
            )
            for h in new
        ],
        ignore_conflicts=True,
    )
    ids = dict(
        MatchReview.objects.filter(
            source=SOURCE, external_id__in=[h.tconst for h in new]
        ).values_list("external_id", "id")
    )
    through = MatchReview.candidates.through
    through.objects.bulk_create(
        [
            through(matchreview_id=ids[h.tconst], movie_id=movie_id)
            for h in new
            for movie_id in h.candidates
        ],
        ignore_conflicts=True,
    )
    return len(new)
