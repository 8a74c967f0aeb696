"""The engine-specific part of the index: FTS5 tables on SQLite, tsvector GIN indexes on
PostgreSQL.

Self-contained: a migration runs on the schema of its own time, so it never calls the
app's code, which follows the latest schema (docs/DECISIONS.md, "Migrations run no app
code")."""

from __future__ import annotations

from typing import Any

from django.db import migrations


# The statements as they were at this migration (0003 replaces them).
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
DROP = {
    "sqlite": ["DROP TABLE IF EXISTS search_title_fts", "DROP TABLE IF EXISTS search_person_fts"],
    "postgresql": [
        "DROP INDEX IF EXISTS search_title_tsv",
        "DROP INDEX IF EXISTS search_person_tsv",
        "ALTER TABLE search_titleentry DROP COLUMN IF EXISTS tsv",
        "ALTER TABLE search_personentry DROP COLUMN IF EXISTS tsv",
    ],
}


def forwards(apps: Any, schema_editor: Any) -> None:
    for statement in SCHEMA.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)
    # An existing catalogue's index is rebuilt once after the last migration (search/apps.py).


def backwards(apps: Any, schema_editor: Any) -> None:
    for statement in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("catalog", "0002_releases_and_professions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
