"""The engine-specific part of the index: FTS5 tables on SQLite, tsvector GIN indexes on
PostgreSQL (index.schema_create lists the statements)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    from whatsafter.search.index import schema_create

    for statement in schema_create(schema_editor.connection.vendor):
        schema_editor.execute(statement)
    # An existing catalogue gets its index in 0003, which rebuilds it with the columns the
    # current refresh writes (calling today's refresh here would expect them already).


def backwards(apps: Any, schema_editor: Any) -> None:
    from whatsafter.search.index import schema_drop

    for statement in schema_drop(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("catalog", "0002_releases_and_professions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
