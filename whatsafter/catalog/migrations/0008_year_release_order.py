"""A film's place in its year's release order (Movie.year_release_order), and home's index
movie_newest_idx (catalog 0007) rebuilt with it between the date and popularity, the order
of MovieQuerySet.newest_first: films known only by their year, most of them, are ordered
by it, and a page of the list must still be read off the index, not sorted.

The index is written per database for 0007's reason: PostgreSQL needs NULLS LAST spelled
out (its DESC puts NULLs first), SQLite refuses it in an index but its DESC puts NULLs last.
It is built last going forwards and 0007's rebuilt last going back: SQLite rebuilds the
table to add or drop the check constraint and the column, which loses any index Django
did not declare.
"""

from importlib import import_module

from django.db import migrations, models

before = import_module("whatsafter.catalog.migrations.0007_newest_releases_index")
COLUMNS = {
    "postgresql": "year DESC NULLS LAST, release_date DESC NULLS LAST, "
    "year_release_order DESC NULLS LAST, popularity DESC, title, id",
    "sqlite": "year DESC, release_date DESC, year_release_order DESC, popularity DESC, title, id",
}


def _rebuild(schema_editor, columns):
    column_list = columns.get(schema_editor.connection.vendor)
    if column_list:
        schema_editor.execute("DROP INDEX IF EXISTS movie_newest_idx")
        schema_editor.execute(f"CREATE INDEX movie_newest_idx ON catalog_movie ({column_list})")


def create(apps, schema_editor):
    _rebuild(schema_editor, COLUMNS)


def recreate_before(apps, schema_editor):
    _rebuild(schema_editor, before.COLUMNS)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0007_newest_releases_index'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, recreate_before),
        migrations.AddField(
            model_name='movie',
            name='year_release_order',
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name='movie',
            constraint=models.CheckConstraint(condition=models.Q(('year_release_order__isnull', True), ('year_release_order__gte', 1), _connector='OR'), name='movie_year_release_order_from_one'),
        ),
        migrations.RunPython(create, before.drop),
    ]
