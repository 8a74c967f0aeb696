"""An index in the exact order of home's newest releases (web.selectors._released_newest_first:
year and release date newest first with undated films last, then popularity, title, id), so
the first dozen are read off it instead of sorted out of every film: most imported films
share a year, no release date and no popularity, so without the title and id in it the
whole of the latest year was read and sorted (25 ms on SQLite, 840 ms on PostgreSQL at
64,000 films).

Written per database, outside the model's Meta: PostgreSQL needs NULLS LAST spelled out
(its DESC puts NULLs first), SQLite refuses it in an index but its DESC puts NULLs last.
"""

from django.db import migrations

COLUMNS = {
    "postgresql": "year DESC NULLS LAST, release_date DESC NULLS LAST, popularity DESC, title, id",
    "sqlite": "year DESC, release_date DESC, popularity DESC, title, id",
}


def create(apps, schema_editor):
    columns = COLUMNS.get(schema_editor.connection.vendor)
    if columns:
        schema_editor.execute(f"CREATE INDEX movie_newest_idx ON catalog_movie ({columns})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in COLUMNS:
        schema_editor.execute("DROP INDEX IF EXISTS movie_newest_idx")


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0006_scene_flag_and_sitemap_pages'),
    ]

    operations = [migrations.RunPython(create, drop)]
