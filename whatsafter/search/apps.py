from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def _film_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        from whatsafter.search.services import search_index_refresh

        search_index_refresh(movie_ids=[instance.pk], person_ids=[])


def _person_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        from whatsafter.search.services import search_index_refresh

        search_index_refresh(movie_ids=[], person_ids=[instance.pk])


def _index_after_migrate(
    plan: Any = None, using: str = "default", verbosity: int = 1, stdout: Any = None, **kwargs: Any
) -> None:
    """Build the index once the last migration is applied, if the catalogue has films and
    no index (a database upgraded from before a change to the index's shape).

    Not in a migration: the refresh is today's code and writes today's schema, which an
    old migration runs before it exists (docs/DECISIONS.md, "Migrations run no app code").
    A fresh install, and every test database, has no film at migrate time: two EXISTS.
    """
    # Only after a real migrate (a test's flush sends no plan) of the database it indexes.
    if plan is None or using != "default":
        return
    from whatsafter.utils import migrations_pending

    if migrations_pending(using):
        return  # one app migrated alone, or backwards: the index waits for the last one
    from whatsafter.search.services import search_index_build_missing

    counts = search_index_build_missing()
    if counts is not None and stdout is not None and verbosity >= 1:
        stdout.write(
            f"  Search index built for the catalogue: {counts.films:,} films, "
            f"{counts.people:,} people."
        )


class SearchConfig(AppConfig):
    name = "whatsafter.search"
    verbose_name = "Search"

    def ready(self) -> None:
        # Single edits (the admin, a film added by hand) reach the index at once; bulk
        # importers skip signals and call search_index_refresh once at their end.
        from django.db.models.signals import post_delete, post_migrate, post_save

        from whatsafter.catalog.models import Movie, Person

        post_save.connect(_film_saved, sender=Movie, dispatch_uid="search-film-saved")
        post_delete.connect(_film_saved, sender=Movie, dispatch_uid="search-film-deleted")
        post_save.connect(_person_saved, sender=Person, dispatch_uid="search-person-saved")
        post_delete.connect(_person_saved, sender=Person, dispatch_uid="search-person-deleted")
        # Once per migrate: post_migrate goes to every app with models, this one among them.
        post_migrate.connect(_index_after_migrate, sender=self, dispatch_uid="search-migrated")
