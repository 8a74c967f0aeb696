"""Small helpers with no home of their own."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

from django.db import connection, connections
from django.db.models import CheckConstraint, Choices, F, Model, Q, QuerySet
from django.db.models.functions import Length, Upper
from django.db.models.lookups import Exact

T = TypeVar("T")
M = TypeVar("M", bound=Model)

# Rows per INSERT or UPDATE statement in the bulk writes.
CHUNK = 2000


def choice_known(field: str, choices: type[Choices], name: str) -> CheckConstraint:
    """The database refuses a `field` value outside `choices`, the list the code knows."""
    return CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


def region_code_known(field: str, name: str) -> CheckConstraint:
    """The database refuses a `field` that is not a region code as ISO 3166-1 alpha-2 writes
    it ("GB"): two characters, already upper case. Portable: SQLite has no REGEXP."""
    return CheckConstraint(
        condition=Exact(Length(field), 2) & Exact(Upper(field), F(field)), name=name
    )


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """itertools.batched arrived in Python 3.12; this is it for 3.11."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass
class Counts:
    """What one write step did to its rows: the one tally every importer reports."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    # Well-formed rows the catalogue has no place for (archive footage, unknown people).
    skipped: int = 0
    # Side effects worth a line in the summary ("genre links": 12).
    extra: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, count: int) -> None:
        self.extra[name] = self.extra.get(name, 0) + count

    def absorb(self, other: Counts) -> None:
        """Add another step's tallies to these."""
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.skipped += other.skipped
        for name, count in other.extra.items():
            self.add(name, count)


def bulk_create_batched(model: type[M], rows: Sequence[M], **options: object) -> None:
    """bulk_create in statements of CHUNK rows, so a big load never builds one huge INSERT."""
    for chunk in batched(rows, CHUNK):
        model._default_manager.bulk_create(chunk, **options)  # type: ignore[arg-type]


def rows_sync(
    model: type[M],
    *,
    stale: Sequence[int],
    new: Sequence[M],
    changed: Sequence[M],
    fields: list[str],
) -> bool:
    """Bring rows to what a source now says: drop the `stale` ids, add the `new` rows, save
    `fields` of the `changed` ones. True when anything was written."""
    if not (stale or new or changed):
        return False
    model._default_manager.filter(id__in=stale).delete()
    model._default_manager.bulk_create(new, ignore_conflicts=True)
    model._default_manager.bulk_update(changed, fields)
    return True


def keyed_rows_replace(
    model: type[M],
    *,
    rows: QuerySet[M],
    key: Sequence[str],
    value: str,
    wanted: Mapping[tuple[Any, ...], Any],
    fixed: Mapping[str, Any],
    refreshed: Mapping[str, Any] | None = None,
) -> bool:
    """Bring `rows` (say, one film's rows from one source) to `wanted`, which maps the
    `key` fields' values to the `value` field's: rows whose key is not wanted go, new keys
    become rows with the `fixed` fields, and a changed value is saved. `refreshed` fields
    are written on new and changed rows (the snapshot's date). True when anything changed."""
    also = dict(refreshed or {})
    existing = {tuple(row[1:-1]): (row[0], row[-1]) for row in rows.values_list("id", *key, value)}
    return rows_sync(
        model,
        stale=[pk for k, (pk, _) in existing.items() if k not in wanted],
        new=[
            model(**fixed, **dict(zip(key, k, strict=True)), **{value: v}, **also)
            for k, v in wanted.items()
            if k not in existing
        ],
        changed=[
            model(id=existing[k][0], **{value: v}, **also)
            for k, v in wanted.items()
            if k in existing and existing[k][1] != v
        ],
        fields=[value, *also],
    )


def plain_indexes(table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of `table`'s indexes that enforce nothing: what a bulk load
    into the empty table may drop and build once afterwards. Unique indexes stay (SQLite's
    unique constraints are autoindexes with no SQL of their own; ON CONFLICT needs them)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, pg_get_indexdef(c.oid) FROM pg_index AS x "
                "JOIN pg_class AS c ON c.oid = x.indexrelid "
                "WHERE x.indrelid = %s::regclass AND NOT x.indisunique ORDER BY c.relname",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' "
                "AND tbl_name = %s AND sql IS NOT NULL "
                "AND upper(sql) NOT LIKE 'CREATE UNIQUE%%' ORDER BY name",
                [table],
            )
        return list(cursor.fetchall())


def migrations_pending(using: str = "default") -> bool:
    """Whether some migration is not applied yet: post_migrate handlers that run the app's
    code (which follows the latest schema) wait for the migrate that applies the last one."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
