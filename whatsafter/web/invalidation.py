"""Which writes make which cached pages stale (see stamps.py for the mechanism).

Editors' saves arrive as model signals; bulk writes that send no signals bump explicitly:
`verdict_refresh` (reports, moderation, imports), the quiz flag's store (whether a film page
offers its quiz) and every import run when it finishes.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from whatsafter.catalog.selectors import cast_relatives_of
from whatsafter.web import stamps

WATCHED_APPS = {"catalog", "aftercredits", "ratings", "watch", "quizzes"}
# Shown only on their own film's page: a change never alters a list.
FILM_ONLY = {"report", "quizstats", "question", "plotsection"}
# Never shown on a page.
UNSEEN = {"correction", "ban", "creditstiming"}


def _movie_slug(movie_id: int | None) -> str | None:
    if movie_id is None:
        return None
    movie_model = apps.get_model("catalog", "Movie")
    slug: str | None = (
        movie_model._default_manager.filter(pk=movie_id).values_list("slug", flat=True).first()
    )
    return slug


def scopes_for(instance: Model) -> list[str]:
    meta = instance._meta
    name = meta.model_name
    if meta.app_label == "ingest" and name == "importrun":
        # A finished import (succeeded or failed after partial batches) may touch any page.
        stamps.Importing.active = getattr(instance, "status", "") == "running"
        return [] if stamps.Importing.active else [stamps.CATALOG]
    if stamps.Importing.active or meta.app_label not in WATCHED_APPS or name in UNSEEN:
        return []
    if name == "movie":
        return [stamps.film(instance.slug), stamps.LISTS]  # type: ignore[attr-defined]
    movie_id = getattr(instance, "movie_id", None)
    if movie_id is not None:
        slug = _movie_slug(movie_id)
        film = [stamps.film(slug)] if slug else []
        return film if name in FILM_ONLY else [*film, stamps.LISTS]
    # People, companies, genres: their names appear on many films' pages.
    return [stamps.CATALOG]


def _on_save(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    scopes = scopes_for(instance)
    if scopes:
        stamps.bump(*scopes)


def _on_movie_pre_save(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    """A renamed film's old address must not keep serving its old page."""
    if kwargs.get("raw") or instance._state.adding or instance.pk is None:
        return
    old = _movie_slug(instance.pk)
    if old and old != instance.slug:  # type: ignore[attr-defined]
        stamps.bump(stamps.film(old))


def _on_m2m(sender: type[Model], instance: Model, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        _on_save(sender, instance)


def _on_verdicts(sender: type[Model], slugs: list[str], badges: bool, **kwargs: Any) -> None:
    # A changed badge also shows on the pages of the films sharing these films' cast (their
    # "Films sharing its cast"): one query finds those pages. Cheaper than putting every film
    # page under "lists", which every film's save and every rating or offer bumps; inside an
    # import nothing is bumped one by one (its end bumps "catalog").
    relatives = cast_relatives_of(slugs=slugs) if badges and not stamps.Importing.active else []
    stamps.bump(*stamps.films([*slugs, *relatives]), *([stamps.LISTS] if badges else []))


def _on_quiz_possible(sender: type[Model], slugs: list[str], **kwargs: Any) -> None:
    # Only the film's own page shows whether it has a quiz; no list does.
    stamps.bump(*stamps.films(slugs))


def connect() -> None:
    from whatsafter.aftercredits.services import verdicts_changed
    from whatsafter.quizzes.services import quiz_possible_changed

    verdicts_changed.connect(_on_verdicts, dispatch_uid="pagecache-verdicts")
    quiz_possible_changed.connect(_on_quiz_possible, dispatch_uid="pagecache-quiz-possible")
    post_save.connect(_on_save, dispatch_uid="pagecache-save")
    post_delete.connect(_on_save, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="pagecache-m2m")
    pre_save.connect(
        _on_movie_pre_save, sender="catalog.Movie", dispatch_uid="pagecache-movie-rename"
    )
