"""Outbound links. Exact pages where we know the id; honest search pages otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, quote_plus


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    exact: bool  # False: a search page, labelled as such


def _query(title: str, year: int | None) -> str:
    return f"{title} {year}" if year else title


def site_links(
    *, title: str, year: int | None, imdb_id: str | None, tmdb_id: int | None
) -> list[Link]:
    """IMDb, TMDb, Metacritic, Rotten Tomatoes and MediaStinger for one film."""
    q = quote_plus(_query(title, year))
    return [
        Link("IMDb", f"https://www.imdb.com/title/{imdb_id}/", True)
        if imdb_id
        else Link("IMDb", f"https://www.imdb.com/find/?q={q}&s=tt", False),
        Link("TMDb", f"https://www.themoviedb.org/movie/{tmdb_id}", True)
        if tmdb_id
        else Link("TMDb", f"https://www.themoviedb.org/search/movie?query={q}", False),
        Link("Metacritic", f"https://www.metacritic.com/search/{quote(title)}/?category=2", False),
        Link("Rotten Tomatoes", f"https://www.rottentomatoes.com/search?search={q}", False),
        Link("MediaStinger", f"https://www.mediastinger.com/?s={quote_plus(title)}", False),
    ]


def watch_search_links(*, title: str, year: int | None) -> list[Link]:
    """Where a visitor can look for the film; none of these claims it is available."""
    q = quote_plus(title)
    return [
        Link("JustWatch", f"https://www.justwatch.com/us/search?q={q}", False),
        Link("Netflix", f"https://www.netflix.com/search?q={q}", False),
        Link("Prime Video", f"https://www.amazon.com/s?k={q}&i=instant-video", False),
        Link("Disney+", f"https://www.disneyplus.com/search?q={q}", False),
        Link("Apple TV", f"https://tv.apple.com/search?term={q}", False),
        Link(
            "YouTube",
            f"https://www.youtube.com/results?search_query={quote_plus(_query(title, year))}",
            False,
        ),
    ]
