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


class SearchConfig(AppConfig):
    name = "whatsafter.search"
    verbose_name = "Search"

    def ready(self) -> None:
        # Single edits (the admin, a film added by hand) reach the index at once; bulk
        # importers skip signals and call search_index_refresh once at their end.
        from django.db.models.signals import post_delete, post_save

        from whatsafter.catalog.models import Movie, Person

        post_save.connect(_film_saved, sender=Movie, dispatch_uid="search-film-saved")
        post_delete.connect(_film_saved, sender=Movie, dispatch_uid="search-film-deleted")
        post_save.connect(_person_saved, sender=Person, dispatch_uid="search-person-saved")
        post_delete.connect(_person_saved, sender=Person, dispatch_uid="search-person-deleted")
