"""Reads the importers need from the catalogue."""

from __future__ import annotations

from collections import defaultdict

from whatsafter.catalog.models import AlternativeTitle, Movie
from whatsafter.ingest.mapping import MovieDraft


def catalogue_drafts() -> list[MovieDraft]:
    """Every film as an identity-only draft (ids, title, year, genres), to match against.

    Its fields carry no sources, so writing it back changes only what a merge adds.
    """
    genres: dict[int, list[str]] = defaultdict(list)
    for movie_id, name in Movie.genres.through.objects.values_list("movie_id", "genre__name"):
        genres[movie_id].append(name)
    # Only the titles a file source gave (ingest.mapping.MovieDraft.other_titles): IMDb's
    # akas, in every language, would make foreign namesakes candidates for English rows.
    other_titles: dict[int, list[str]] = defaultdict(list)
    for movie_id, title in AlternativeTitle.objects.filter(source="wikipedia").values_list(
        "movie_id", "title"
    ):
        other_titles[movie_id].append(title)
    drafts = []
    for pk, title, year, tmdb_id, page, runtime, cert in Movie.objects.order_by("id").values_list(
        "id", "title", "year", "tmdb_id", "wikipedia_page", "runtime_minutes", "certification"
    ):
        draft = MovieDraft(title=title, year=year, tmdb_id=tmdb_id, wikipedia_page=page)
        draft.genres = genres[pk]
        draft.other_titles = other_titles[pk]
        draft.runtime_minutes = runtime
        draft.certification = cert
        drafts.append(draft)
    return drafts
