"""Merge batches and the upsert-by-IMDb-id that films and people share (with slugs)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import transaction

from whatsafter.ingest.imdb.sql import Sql
from whatsafter.ingest.imdb.state import ImportState
from whatsafter.utils import Counts


class Batching(ImportState):
    def _batches(self, table: str, total: int) -> Iterator[tuple[int, int]]:
        """Inclusive key ranges over a staging table, about IMDB_MERGE_BATCH rows each.

        The default (200,000) is large enough that per-statement overhead vanishes and
        small enough that a transaction holds SQLite's write lock for about a second.
        """
        if table == "s_credit":
            first, last = (1, self.seq) if self.seq else (0, 0)
        else:
            first, last = self.bounds.get(table, (0, 0))
        if not total or not last:
            return
        width = max(1, (last - first + 1) * self.merge_batch // total)
        low = first
        while low <= last:
            yield low, min(low + width - 1, last)
            low += width

    def _share(self, table: str, low: int, high: int, total: int) -> int:
        """Rows a batch covered, for the progress bar (batches are even slices of keys)."""
        first, last = (1, self.seq) if table == "s_credit" else self.bounds[table]
        span = max(1, last - first + 1)
        return max(0, round(total * (min(high, last) - low + 1) / span))

    def _each_batch(
        self, sql: Sql, table: str, total: int, *statements: tuple[str, list[Any]], step: str = ""
    ) -> list[int]:
        """Run each statement over every batch of `table`, one transaction a batch, with its
        params followed by the batch's bounds; returns the rows each statement wrote in all.
        With a `step`, its progress bar advances by each batch's share of `total`."""
        written = [0] * len(statements)
        for low, high in self._batches(table, total):
            with transaction.atomic():
                for i, (statement, params) in enumerate(statements):
                    written[i] += sql.execute(statement, [*params, low, high])
            if step:
                self.progress(step, self._share(table, low, high, total), total)
        return written

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
          2. later rows of the same base (same title and year): base-2, base-3 … by
             their position among the staged rows of that base, one window query;
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
        updated, inserted = self._each_batch(
            sql, table, total, (update_sql, update_params), (first_round, insert_params), step=step
        )
        counts.updated += updated
        counts.inserted += inserted
        ranked = f"r_{table[2:]}"
        unplaced = (
            f"t.is_new = 1 AND NOT EXISTS (SELECT 1 FROM {catalog} AS c "  # noqa: S608
            f"WHERE c.imdb_id = t.{key})"
        )
        # The k-th staged row of a base gets base-k, counting every staged row of that
        # base (not only the ones still unplaced), so a run killed halfway through this
        # round and run again hands out the same slugs as an uninterrupted one. A first
        # row whose bare base another film holds is left to round 3.
        sql.execute(
            f"INSERT INTO {s}{ranked} (line, slug) "  # noqa: S608
            "SELECT line, base || '-' || position FROM ("
            f"SELECT t.line, t.base, row_number() OVER w AS position, "
            f"CASE WHEN {unplaced} THEN 1 ELSE 0 END AS open FROM {s}{table} AS t "
            "WINDOW w AS (PARTITION BY t.base ORDER BY t.line)) AS positions "
            "WHERE open = 1 AND position > 1"
        )
        second_round = insert_sql.format(
            slug="r.slug",
            source=f"{s}{ranked} AS r JOIN {s}{table} AS s ON s.line = r.line",
            where="r.line BETWEEN %s AND %s ORDER BY r.line",
        )
        (inserted,) = self._each_batch(sql, table, total, (second_round, insert_params))
        counts.inserted += inserted
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
