"""The engine-specific part of the index: FTS5 tables on SQLite, tsvector GIN indexes on
PostgreSQL (index.schema_create listed the statements)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


# The statements as they were at this migration (0003 replaces them with fulltext.py's).
SCHEMA = {
    "sqlite": [
        "CREATE VIRTUAL TABLE search_title_fts USING fts5(key, year, prefix='1 2 3')",
        "CREATE VIRTUAL TABLE search_person_fts USING fts5(key, prefix='1 2 3')",
    ],
    "postgresql": [
        "ALTER TABLE search_titleentry ADD COLUMN tsv tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple', key)) STORED",
        "CREATE INDEX search_title_tsv ON search_titleentry USING gin (tsv)",
        "ALTER TABLE search_personentry ADD COLUMN tsv tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple', key)) STORED",
        "CREATE INDEX search_person_tsv ON search_personentry USING gin (tsv)",
    ],
}


def forwards(apps: Any, schema_editor: Any) -> None:
    for statement in SCHEMA.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)
    # An existing catalogue gets its index in 0003, which rebuilds it with the columns the
    # current refresh writes (calling today's refresh here would expect them already).


def backwards(apps: Any, schema_editor: Any) -> None:
    from whatsafter.search.fulltext import schema_drop

    for statement in schema_drop(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("catalog", "0002_releases_and_professions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
