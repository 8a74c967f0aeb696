"""Reads for the Actors, Companies and Latest sections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from whatsafter.aftercredits.selectors import film_cards, verdict_of, with_scene_after_credits
from whatsafter.catalog.models import Company, Genre, Movie, MovieQuerySet, Person, Release
from whatsafter.countries import named_by_name
from whatsafter.web.selectors import today

PAGE_SIZE = 48


@dataclass(frozen=True)
class ListPage:
    """One page of a long list, found with one query: no count of the whole list.

    It fetches one row more than it shows to know whether a next page exists.
    """

    items: list[Any]
    number: int
    has_next: bool

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def _list_page(rows: QuerySet[Any], page: int) -> ListPage:
    start = (page - 1) * PAGE_SIZE
    items = list(rows[start : start + PAGE_SIZE + 1])
    if not items and page > 1:
        # Past the end (an old link, a typed number): the first page, as a paginator would,
        # at the cost of one more query only in this case.
        return _list_page(rows, 1)
    return ListPage(items[:PAGE_SIZE], page, has_next=len(items) > PAGE_SIZE)


def actors_page(*, order: str, page: int) -> ListPage:
    """People by number of films (popular) or by name (A-Z), from their stored counts."""
    people = Person.objects.filter(film_count__gt=0).only("name", "slug", "film_count")
    ordering = ("name", "id") if order == "az" else ("-film_count", "name")
    return _list_page(people.order_by(*ordering), page)


def companies_page(*, page: int) -> ListPage:
    companies = Company.objects.only("name", "slug", "film_count", "scene_count")
    return _list_page(companies.order_by("-film_count", "name"), page)


@dataclass(frozen=True)
class YearBar:
    year: int
    films: int
    with_scenes: int

    @property
    def share(self) -> int:
        return round(100 * self.with_scenes / self.films) if self.films else 0


def films_by_year(films: list[Movie]) -> list[YearBar]:
    """Films and films with a credits scene per year, every year in the span included."""
    years: dict[int, list[int]] = {}
    for movie in films:
        if movie.year is None:
            continue
        counts = years.setdefault(movie.year, [0, 0])
        counts[0] += 1
        if verdict_of(movie) is not None and movie.verdict.status == "yes":
            counts[1] += 1
    if not years:
        return []
    return [YearBar(year, *years.get(year, [0, 0])) for year in range(min(years), max(years) + 1)]


@dataclass(frozen=True)
class LatestPage:
    now: dt.date
    in_cinemas: list[Movie]
    coming_soon: list[Movie]
    recent: list[Movie]
    # (slug, name) of each genre with films: the filter shows the names film pages show.
    genres: list[tuple[str, str]]
    # (code, name) of the regions some film has a release row for, by name; empty hides
    # the filter. The code is what the URL carries (?region=GB), the name what is shown.
    regions: list[tuple[str, str]]


IN_CINEMAS = dt.timedelta(weeks=6)


def region_code(raw: str) -> str:
    """'gb' → 'GB'; anything but two letters means no region filter."""
    code = raw.strip().upper()
    return code if len(code) == 2 and code.isascii() and code.isalpha() else ""


def latest_page(
    *, only_with_scenes: bool, genre: str, region: str = "", limit: int = 24
) -> LatestPage:
    """In cinemas now (released in the last six weeks), coming soon, and recent releases.

    With a region, a film counts by its first release there (catalog.Release) rather
    than its worldwide date, and films with no release recorded there drop out.
    """
    now = today()
    films = film_cards(Movie.objects.all())
    if only_with_scenes:
        films = with_scene_after_credits(films)
    listed = list(
        Genre.objects.filter(film_count__gt=0)
        .order_by("name")
        .values_list("slug", "name", "id", "film_count")
    )
    genres = {slug: (pk, count) for slug, _, pk, count in listed}
    if genre:
        films = _in_genre(films, genre, genres.get(genre))
    date = "release_date"
    if region:
        first_there = (
            Release.objects.filter(movie=OuterRef("pk"), region=region, release_date__isnull=False)
            .order_by("release_date")
            .values("release_date")[:1]
        )
        films = films.annotate(region_date=Subquery(first_there)).filter(region_date__isnull=False)
        date = "region_date"
    cutoff = now - IN_CINEMAS
    if region:
        recent = films.filter(**{f"{date}__lt": cutoff}).order_by(f"-{date}", "-popularity")
    else:
        recent = _released_before(films, cutoff)
    return LatestPage(
        now=now,
        in_cinemas=list(
            films.filter(**{f"{date}__gte": cutoff, f"{date}__lte": now}).order_by(
                f"-{date}", "title"
            )[:limit]
        ),
        coming_soon=list(films.filter(**{f"{date}__gt": now}).order_by(date, "title")[:limit]),
        recent=list(recent[:limit]),
        genres=[(slug, name) for slug, name, _, _ in listed],
        regions=named_by_name(_released_in(region)),
    )


def _released_in(chosen: str) -> list[str]:
    """Codes of the regions some film has a release row for, and the one chosen even if
    none has: the form must show the filter the page applies, or resubmitting it (another
    genre) would drop the region without saying so."""
    codes = list(Release.objects.order_by("region").values_list("region", flat=True).distinct())
    return [*codes, chosen] if chosen and chosen not in codes else codes


def _released_before(films: MovieQuerySet, cutoff: dt.date) -> MovieQuerySet:
    """Films out before `cutoff`, newest first, with films known only by their year among
    them: most of the catalogue has no release date (IMDb gives years), and listing dated
    films alone made the newest "recent release" years old. Home's order and index."""
    return films.filter(
        Q(release_date__lt=cutoff) | Q(release_date__isnull=True, year__lte=cutoff.year)
    ).newest_first()


# A genre with fewer films than this is listed from its own links, sorting them all; a
# larger one by walking the date index newest first and checking each film's genres (an
# index probe), which fills a list of 24 after about 24 x films / genre's films rows.
# Sorting is the dearer per film (each film's row is read), so the walk wins from a few
# hundred films at 64,000: from the links, a genre of 4,400 films cost 35 ms of SQL per
# list on SQLite, the walk under 0.5 ms. Either way the work is bounded by this number or
# by the catalogue over it, never the catalogue itself.
GENRE_WALK_FROM = 1_000


def _in_genre(films: MovieQuerySet, slug: str, counted: tuple[int, int] | None) -> MovieQuerySet:
    """Films in the genre; `counted` is its id and stored film count, if it has any."""
    if counted is None or counted[1] < GENRE_WALK_FROM:
        return films.filter(genres__slug=slug)
    links = Movie.genres.through.objects.filter(movie_id=OuterRef("pk"), genre_id=counted[0])
    return films.filter(Exists(links))


@dataclass(frozen=True)
class CompanyPage:
    company: Company
    films: list[Movie]

    @property
    def with_scenes(self) -> int:
        return sum(1 for m in self.films if verdict_of(m) is not None and m.verdict.status == "yes")

    @property
    def chart(self) -> YearChart | None:
        return year_chart(films_by_year(self.films))


def company_page(*, slug: str) -> CompanyPage:
    company = get_object_or_404(Company, slug=slug)
    films = list(
        film_cards(Movie.objects.all())
        .filter(company_links__company=company)
        .order_by(F("year").desc(nulls_last=True), "title")
    )
    return CompanyPage(company=company, films=films)


@dataclass(frozen=True)
class ChartBar:
    year: int
    films: int
    with_scenes: int
    x: int
    y: int
    height: int
    scene_y: int
    scene_height: int
    # Where the year's scene share (0-100%) sits on the right-hand scale; None when the
    # year has no films, so the share line has a gap there instead of a false 0%.
    share: int | None
    share_y: int | None
    labelled: bool  # whether the year is written under its bar

    @property
    def middle(self) -> int:
        return self.x + BAR_WIDTH // 2


@dataclass(frozen=True)
class YearChart:
    """Geometry for a server-drawn SVG: one bar per year, the scene films inside it."""

    width: int
    height: int
    baseline: int
    peak: int
    bars: list[ChartBar]
    first_year: int
    last_year: int

    @property
    def share_lines(self) -> list[str]:
        """SVG polyline points for each run of years that have films."""
        runs: list[list[str]] = [[]]
        for bar in self.bars:
            if bar.share_y is None:
                runs.append([])
            else:
                runs[-1].append(f"{bar.middle},{bar.share_y}")
        return [" ".join(run) for run in runs if len(run) > 1]


BAR_WIDTH = 12
PLOT_HEIGHT = 120


def year_chart(bars: list[YearBar]) -> YearChart | None:
    if not bars:
        return None
    peak = max(bar.films for bar in bars) or 1
    baseline = PLOT_HEIGHT + 4
    # A year label on round years every `step`, so labels (about 30 units wide) never
    # overlap, and there are at most a dozen of them.
    step = next(s for s in (5, 10, 20, 50, 100) if len(bars) / s <= 12)
    drawn = []
    for n, bar in enumerate(bars):
        height = round(PLOT_HEIGHT * bar.films / peak)
        scene_height = round(PLOT_HEIGHT * bar.with_scenes / peak)
        share = bar.share if bar.films else None
        drawn.append(
            ChartBar(
                year=bar.year,
                films=bar.films,
                with_scenes=bar.with_scenes,
                x=n * BAR_WIDTH,
                y=baseline - height,
                height=height,
                scene_y=baseline - scene_height,
                scene_height=scene_height,
                share=share,
                share_y=None if share is None else baseline - round(PLOT_HEIGHT * share / 100),
                labelled=bar.year % step == 0,
            )
        )
    return YearChart(
        width=len(bars) * BAR_WIDTH, height=baseline + 18, baseline=baseline, peak=peak,
        bars=drawn, first_year=bars[0].year, last_year=bars[-1].year,
    )  # fmt: skip
