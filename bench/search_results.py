"""What bench/search_bench.py records besides times: each query's results, to compare two
versions of the code on one catalogue, and the SQL statements each kind of query runs.

    bench/search_bench.py --reuse --keep-index --save-results bench/out/old.json
    (other code) bench/search_bench.py --reuse --keep-index --compare bench/out/old.json
    bench/search_bench.py --reuse --keep-index --statements

Results are compared as the ids of the films, people and companies a query returned, in
order, and the correction it showed. Statements are counted through
`connection.execute_wrapper` during the timed pass (a few microseconds a statement, and
the word counts pg_top caches are read when a query first needs them, as on a running
server), and grouped by what they ask (`statement_class`).
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

Signature = dict[str, Any]


def signature(results: Any) -> Signature:
    """A query's answer as plain data: ids in the order shown, and the correction."""
    return {
        "films": [m.pk for m in results.films],
        "people": [p.pk for p in results.people],
        "companies": [c.pk for c in results.companies],
        "corrected": results.corrected,
    }


def save(path: Path, answers: list[tuple[str, str, Signature]]) -> None:
    path.write_text(json.dumps([list(a) for a in answers]))


def compare(path: Path, answers: list[tuple[str, str, Signature]]) -> list[str]:
    """The queries whose answer differs from the one saved in `path` (same seed and size)."""
    saved = [tuple(a) for a in json.loads(path.read_text())]
    if [a[:2] for a in saved] != [a[:2] for a in answers]:
        return ["the saved run asked other queries (another seed, size or catalogue)"]
    return [
        f"{kind} {text!r}: saved {old} / now {new}"
        for (kind, text, old), (_, _, new) in zip(saved, answers, strict=True)
        if old != new
    ]


# What a statement asks, from its SQL (first match wins: a statement asking several
# lookups is classed by the first in this list).
_CLASSES = (
    ("search_titleform", "titles exact"),
    ("search_prefix", "prefix list"),
    ("search_titleentry", "titles match"),
    ("search_title_fts", "titles match"),
    ("search_personentry", "people match"),
    ("search_person_fts", "people match"),
    ("from search_word ", "title vocabulary"),
    ("from search_nameword ", "name vocabulary"),
    ("catalog_company", "companies"),
    ("catalog_movie", "film cards"),
    ("catalog_person", "people rows"),
)


def statement_class(sql: str) -> str:
    lowered = sql.lower()
    if lowered.startswith("select (select"):
        return "word counts"  # pg_top's counts on their own (others ride along a lookup)
    return next((name for needle, name in _CLASSES if needle in lowered), "other")


class Statements:
    """Statements run and their time, per query kind and statement class."""

    def __init__(self) -> None:
        self.count: dict[str, Counter[str]] = defaultdict(Counter)
        self.ms: dict[str, Counter[str]] = defaultdict(Counter)
        self.queries: Counter[str] = Counter()
        self.kind = ""

    @contextmanager
    def recording(self, kind: str) -> Iterator[None]:
        from django.db import connection

        self.kind = kind
        self.queries[kind] += 1
        with connection.execute_wrapper(self._wrapper):
            yield

    def _wrapper(self, execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, *args)
        finally:
            name = statement_class(sql)
            self.count[self.kind][name] += 1
            self.ms[self.kind][name] += (time.perf_counter() - started) * 1000

    def table(self) -> str:
        """Per query kind: statements and their milliseconds a query, in all and by class."""
        lines = ["| queries | n | statements / query | SQL ms / query | by class (n, ms) |"]
        lines.append("|---|---|---|---|---|")
        for kind, n in self.queries.items():
            count, ms = self.count[kind], self.ms[kind]
            parts = ", ".join(
                f"{name} {count[name] / n:.2f} / {ms[name] / n:.1f}"
                for name, _ in count.most_common()
            )
            lines.append(
                f"| {kind} | {n} | {sum(count.values()) / n:.2f} | "
                f"{sum(ms.values()) / n:.1f} | {parts} |"
            )
        return "\n".join(lines)
