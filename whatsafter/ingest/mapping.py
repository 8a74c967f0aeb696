"""From source rows to catalogue drafts, and the cross-source merge. Pure: no database.

A draft is what one film should look like after this import; the upsert service turns
drafts into rows. Keeping the merge here makes every match rule a plain unit test.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import unquote

from whatsafter.ingest.readers.tmdb_csv import TmdbMovie
from whatsafter.ingest.readers.vega import VegaMovie
from whatsafter.ingest.readers.wikipedia import WikiMovie
from whatsafter.ingest.rows import Row
from whatsafter.normalise import genre_name, title_key
from whatsafter.ratings.services import RatingDraft

TMDB_DURING_CREDITS_KEYWORD = 179431
TMDB_AFTER_CREDITS_KEYWORD = 179430


@dataclass
class MovieDraft:
    title: str
    year: int | None
    tmdb_id: int | None = None
    original_title: str = ""
    original_language: str = ""
    release_date: dt.date | None = None
    runtime_minutes: int | None = None
    certification: str = ""
    tagline: str = ""
    overview: str = ""
    wikipedia_extract: str = ""
    wikipedia_page: str = ""
    poster_url: str = ""
    homepage: str = ""
    popularity: float = 0.0
    year_release_order: int | None = None
    genres: list[str] = field(default_factory=list)
    companies: list[tuple[int, str]] = field(default_factory=list)
    cast: list[str] = field(default_factory=list)
    # Titles a file source lists the film under where another source's title won (the
    # Wikipedia lists' American title of a film TMDb names by its original one): stored as
    # alternative titles, so search and later sources (vega) find the film by them too.
    other_titles: list[str] = field(default_factory=list)
    ratings: list[RatingDraft] = field(default_factory=list)
    # Claims by TMDb's keywords: during / after / none_recorded.
    keyword_claims: list[str] = field(default_factory=list)
    field_sources: dict[str, str] = field(default_factory=dict)

    def set(self, name: str, value: object, source: str) -> None:
        """Set a field and remember which source supplied it."""
        setattr(self, name, value)
        self.field_sources[name] = source


@dataclass
class MatchReport:
    """How rows of one source found (or did not find) their film; goes into docs/DATA.md."""

    rows: int = 0
    exact_year: int = 0
    year_slack: int = 0
    ambiguous: int = 0
    # A film already claimed by another row of the same source (remakes, duplicates).
    already_claimed: int = 0
    # The same article listed again with the same title and year: one film, not two.
    repeated: int = 0
    unmatched: int = 0
    # Of the matches, those found by the row's Wikipedia article name, not its own title.
    by_article: int = 0

    @property
    def summary(self) -> str:
        """The line `import` and `build_sample` print, so both report every outcome."""
        return (
            f"{self.exact_year:,} same year, {self.year_slack:,} ±1 year, "
            + (f"({self.by_article:,} of them by article name), " if self.by_article else "")
            + f"{self.ambiguous:,} ambiguous refused, {self.already_claimed:,} already claimed, "
            + (f"{self.repeated:,} repeated, " if self.repeated else "")
            + f"{self.unmatched:,} unmatched of {self.rows:,}"
        )


def movie_from_tmdb(movie: TmdbMovie) -> MovieDraft:
    source = "tmdb-5000"
    draft = MovieDraft(
        title=movie.title,
        year=movie.release_date.year if movie.release_date else None,
        tmdb_id=movie.tmdb_id,
    )
    for name, value in (
        ("original_title", movie.original_title if movie.original_title != movie.title else ""),
        ("original_language", movie.original_language),
        ("release_date", movie.release_date),
        ("runtime_minutes", movie.runtime),
        ("tagline", movie.tagline),
        ("overview", movie.overview),
        ("homepage", movie.homepage if movie.homepage.startswith("http") else ""),
        ("popularity", movie.popularity),
        ("genres", list(movie.genres)),
        ("companies", list(movie.companies)),
    ):
        if value not in ("", None, []):
            draft.set(name, value, source)
    draft.field_sources["title"] = source
    if movie.vote_average is not None:
        draft.ratings.append(
            RatingDraft.ten_point("tmdb", movie.vote_average, movie.vote_count, source)
        )
    claims = []
    if TMDB_DURING_CREDITS_KEYWORD in movie.keyword_ids:
        claims.append("during")
    if TMDB_AFTER_CREDITS_KEYWORD in movie.keyword_ids:
        claims.append("after")
    # TMDb tags scenes with keywords; a film without one is only weakly "none".
    draft.keyword_claims = claims or ["none_recorded"]
    return draft


def movie_from_wikipedia(movie: WikiMovie) -> MovieDraft:
    draft = MovieDraft(title=movie.title, year=movie.year)
    draft.field_sources["title"] = "wikipedia"
    apply_wikipedia(draft, movie, fill_genres=True)
    return draft


def apply_wikipedia(draft: MovieDraft, movie: WikiMovie, *, fill_genres: bool) -> None:
    """Wikipedia adds cast, its intro and a poster; TMDb's genres are kept when present.

    Its place in the year's release order is written even when there is none (the year's
    list is alphabetical), so a re-import that judges a year differently clears it; a film
    matched a year off has its place in another year's list, which orders nothing here.
    """
    source = "wikipedia"
    same_year = draft.year == movie.year
    draft.set("year_release_order", movie.year_release_order if same_year else None, source)
    if title_key(movie.title) != title_key(draft.title) and movie.title not in draft.other_titles:
        draft.other_titles.append(movie.title)
    if movie.cast:
        draft.set("cast", list(movie.cast), source)
    if movie.extract:
        draft.set("wikipedia_extract", movie.extract, source)
    if movie.page:
        draft.set("wikipedia_page", movie.page, source)
    if movie.thumbnail:
        draft.set("poster_url", movie.thumbnail, source)
    if fill_genres and movie.genres and not draft.genres:
        draft.set("genres", list(dict.fromkeys(map(genre_name, movie.genres))), source)


class _TitleYearIndex:
    """Drafts by normalised title, for matching rows of another source by title and year.

    A title whose key is not there is also tried with its words run together: sources
    space numbers and compounds differently ("Alien³" and "Alien 3", "Pelham 1 2 3" and
    "Pelham 123"), and a match still needs the year.
    """

    def __init__(self, drafts: Iterable[MovieDraft]) -> None:
        self._by_key: dict[str, list[MovieDraft]] = defaultdict(list)
        self._by_joined: dict[str, list[MovieDraft]] = defaultdict(list)
        for draft in drafts:
            if draft.year is not None:
                for key in dict.fromkeys(map(title_key, [draft.title, *draft.other_titles])):
                    self._by_key[key].append(draft)
                    self._by_joined[key.replace(" ", "")].append(draft)

    def candidates(self, title: str, year: int, slack: int) -> list[MovieDraft]:
        key = title_key(title)
        found = self._by_key.get(key) or self._by_joined.get(key.replace(" ", ""), [])
        # A film under two of its titles that run together alike is one candidate, not two.
        fits = {id(d): d for d in found if d.year is not None and abs(d.year - year) == slack}
        return list(fits.values())


def _match_in_two_passes(
    rows: list[tuple[str, int]], index: _TitleYearIndex, report: MatchReport
) -> dict[int, MovieDraft]:
    """Row number → draft. Exact-year matches first, so a remake a year apart cannot
    steal a film from the row that names its real year; two candidates is refused."""
    return _found(_match_rows(rows, index, report, claimed=set()))


def _found(matched: dict[int, MovieDraft]) -> dict[int, MovieDraft]:
    return {n: d for n, d in matched.items() if d is not _REFUSED}


def _match_rows(
    rows: list[tuple[str, int]],
    index: _TitleYearIndex,
    report: MatchReport,
    *,
    claimed: set[int],
) -> dict[int, MovieDraft]:
    """_match_in_two_passes with the refused rows (_REFUSED) kept, and the drafts already
    claimed by earlier rows passed in, so that a later round cannot take them again."""
    matched: dict[int, MovieDraft] = {}
    for slack in (0, 1):
        for number, (title, year) in enumerate(rows):
            if number in matched:
                continue
            found = index.candidates(title, year, slack)
            if len(found) > 1:
                report.ambiguous += 1
                matched[number] = _REFUSED
                continue
            if not found:
                continue
            if id(found[0]) in claimed:
                report.already_claimed += 1
                matched[number] = _REFUSED
                continue
            claimed.add(id(found[0]))
            matched[number] = found[0]
            if slack == 0:
                report.exact_year += 1
            else:
                report.year_slack += 1
    return matched


_REFUSED = MovieDraft(title="(refused)", year=None)


def merge_wikipedia(
    tmdb_drafts: list[MovieDraft], wiki_rows: list[Row[WikiMovie]]
) -> tuple[list[MovieDraft], MatchReport]:
    """Merge Wikipedia films into the TMDb drafts; returns every draft and the report.

    A Wikipedia film that matches no TMDb film, or matches ambiguously, becomes its own
    film rather than risk gluing two different films together.
    """
    report = MatchReport(rows=len(wiki_rows))
    wiki_rows = _articles_once(wiki_rows)
    report.repeated = report.rows - len(wiki_rows)
    index = _TitleYearIndex(tmdb_drafts)
    claimed: set[int] = set()
    found = _match_rows(
        [(r.data.title, r.data.year) for r in wiki_rows], index, report, claimed=claimed
    )
    # A row whose title found no film tries the name of its article: the lists give a film
    # its American title and the article often its original one, as TMDb does ("Harry Potter
    # and the Sorcerer's Stone", article "Harry Potter and the Philosopher's Stone (film)").
    # After every title match, so it never takes a film a title claimed.
    by_article = {
        number: (name, row.data.year)
        for number, row in enumerate(wiki_rows)
        if number not in found
        and (name := article_title(row.data.page))
        and title_key(name) != title_key(row.data.title)
    }
    numbers = list(by_article)
    again = _match_rows(list(by_article.values()), index, report, claimed=claimed)
    found.update({numbers[n]: draft for n, draft in again.items()})
    report.by_article = len(_found(again))
    matches = _found(found)
    drafts = list(tmdb_drafts)
    for number, row in enumerate(wiki_rows):
        if number in matches:
            apply_wikipedia(matches[number], row.data, fill_genres=True)
        else:
            drafts.append(movie_from_wikipedia(row.data))
    report.unmatched = len(wiki_rows) - len(matches)
    return drafts, report


def article_title(page: str) -> str:
    """The title a Wikipedia article name gives ("Birdman_(film)" → "Birdman"): decoded,
    without the "(… film)" that sets a film's article apart from its namesakes'."""
    name = unquote(page).replace("_", " ").strip()
    return _FILM_DISAMBIGUATION.sub("", name)


_FILM_DISAMBIGUATION = re.compile(r"\s*\([^()]*\bfilm\)$", re.IGNORECASE)


def _articles_once(rows: list[Row[WikiMovie]]) -> list[Row[WikiMovie]]:
    """Each article once per title and year, the row with the longest cast kept.

    The Wikipedia lists name some films twice (under a release and a re-release list) with
    the same article, title and year: one film, which two rows would make two pages of.
    One article under two titles or years (a page about two films) stays two rows.
    """
    kept: dict[object, tuple[int, Row[WikiMovie]]] = {}
    for number, row in enumerate(rows):
        movie = row.data
        key = (movie.page, title_key(movie.title), movie.year) if movie.page else number
        if key not in kept or len(movie.cast) > len(kept[key][1].data.cast):
            kept[key] = (number, row)
    return [row for _, row in sorted(kept.values(), key=lambda kept_row: kept_row[0])]


def attach_vega(drafts: list[MovieDraft], vega_rows: list[Row[VegaMovie]]) -> MatchReport:
    """Add IMDb and Rotten Tomatoes scores (and US certification) where title+year match."""
    report = MatchReport(rows=len(vega_rows))
    index = _TitleYearIndex(drafts)
    pairs = [(r.data.title, r.data.release_date.year) for r in vega_rows]
    matches = _match_in_two_passes(pairs, index, report)
    for number, draft in matches.items():
        movie = vega_rows[number].data
        source = "vega-movies"
        if movie.imdb_rating is not None:
            draft.ratings.append(
                RatingDraft.ten_point("imdb", movie.imdb_rating, movie.imdb_votes, source)
            )
        if movie.rotten_tomatoes is not None:
            draft.ratings.append(
                RatingDraft(
                    source="tomatometer",
                    value=Decimal(movie.rotten_tomatoes),
                    raw_value=f"{movie.rotten_tomatoes}%",
                    scale=100,
                    vote_count=None,
                    provenance=source,
                )
            )
        if movie.mpaa_rating and not draft.certification:
            draft.set("certification", movie.mpaa_rating, source)
        if movie.running_time and not draft.runtime_minutes:
            draft.set("runtime_minutes", movie.running_time, source)
    report.unmatched = report.rows - len(matches)
    return report
