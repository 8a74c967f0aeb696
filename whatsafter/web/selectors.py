"""Reads for the site's pages, composed above the apps they draw on (catalog,
aftercredits, ratings, watch, quizzes); each app keeps the narrow selector for its part.
Each returns everything its page needs in a fixed number of queries, however many cast
members, ratings or scenes a film has."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from django.conf import settings
from django.db.models import F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from whatsafter.aftercredits.models import CreditScene, Evidence, Report, VerdictStatus
from whatsafter.aftercredits.selectors import (
    Answer,
    answer_for,
    film_cards,
    status_of,
    timing_of,
    verdict_of,
    viewer_notes,
    with_scene_after_credits,
)
from whatsafter.catalog.models import (
    AlternativeTitle,
    Credit,
    Movie,
    MovieCompany,
    Person,
    Release,
)
from whatsafter.catalog.selectors import SHARED_CAST, TOP_BILLED, sharing_cast
from whatsafter.quizzes.selectors import Plot, plot_for
from whatsafter.ratings.selectors import RatingSlot, rating_slots
from whatsafter.subtitles.models import SubtitleScan
from whatsafter.watch.links import Link, site_links, watch_search_links
from whatsafter.watch.models import WatchOffer
from whatsafter.watch.selectors import OfferGroup, offer_groups


def today() -> dt.date:
    """Today, unless WHATSAFTER_NOW pins it (the sample data ends years ago)."""
    if settings.WHATSAFTER_NOW:
        return dt.date.fromisoformat(settings.WHATSAFTER_NOW)
    return dt.date.today()


@dataclass(frozen=True)
class OtherTitle:
    title: str
    regions: list[str]


@dataclass(frozen=True)
class MoviePage:
    movie: Movie
    answer: Answer
    cast: list[Credit]
    crew: list[Credit]
    companies: list[str]
    genres: list[str]
    ratings: list[RatingSlot]
    offer_groups: list[OfferGroup]
    watch_searches: list[Link]
    site_links: list[Link]
    synopsis: str
    viewer_notes: list[Report]
    plot: Plot | None
    # Release dates per country (TMDb), earliest first; empty when no source has them.
    releases: list[Release] = field(default_factory=list)
    # Other titles (IMDb's akas): each distinct title with the regions that use it.
    other_titles: list[OtherTitle] = field(default_factory=list)
    # What subtitle files showed (issue 14), newest first; rejected scans are left out.
    subtitle_scans: list[SubtitleScan] = field(default_factory=list)
    # Films sharing much of its top-billed cast (catalog.selectors.sharing_cast), as cards
    # with their verdicts; each carries `shared`, how many of the cast it shares.
    related: list[Movie] = field(default_factory=list)
    # The rule that relates them, as the page states it.
    shared_cast: ClassVar[int] = SHARED_CAST
    top_billed: ClassVar[int] = TOP_BILLED

    @cached_property  # the template asks twice: whether there is one, then its text
    def related_hint(self) -> str:
        return relatives_hint(
            status=self.answer.status, relatives=[status_of(m) for m in self.related]
        )

    @property
    def quiz_offered(self) -> bool:
        """Whether the page invites a quiz: unless the stored flag says the film cannot have
        one (quizzes.services.quiz_availability_refresh); a film not yet looked at keeps
        its link, and the quiz page itself says when there is too little to ask."""
        stats = getattr(self.movie, "quiz_stats", None)  # no row: select_related cached None
        return stats is None or stats.possible is not False

    @property
    def synopsis_from_wikipedia(self) -> bool:
        """Whether the synopsis is Wikipedia's introduction (no TMDb overview), which then
        carries Wikipedia's credit where it is shown."""
        return bool(self.synopsis) and not self.movie.overview

    @property
    def wikipedia_intro(self) -> str:
        """Wikipedia's introduction for the plot section, unless it already is the synopsis:
        the page says each text once."""
        return self.movie.wikipedia_extract if self.movie.overview else ""


OTHER_TITLES_SHOWN = 12


def _other_titles(movie: Movie) -> list[OtherTitle]:
    """Distinct other titles, most widely used first, at most OTHER_TITLES_SHOWN."""
    regions: dict[str, list[str]] = {}
    for aka in movie.alternative_titles.all():
        if aka.title.casefold() in (movie.title.casefold(), movie.original_title.casefold()):
            continue
        places = regions.setdefault(aka.title, [])
        if aka.region and aka.region not in places:
            places.append(aka.region)
    ranked = sorted(regions.items(), key=lambda item: (-len(item[1]), item[0]))
    return [OtherTitle(title, places) for title, places in ranked[:OTHER_TITLES_SHOWN]]


RELATED_SHOWN = 6
# A hint needs the answers of at least this many relatives: one film is an anecdote.
HINT_KNOWN = 2


def _verb(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _listed(parts: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)


def relatives_hint(*, status: str, relatives: Sequence[str]) -> str:
    """What the answers of a film's relatives say (`relatives`: their statuses), for a film
    we have no answer for: counts, never a share of a handful, and never a verdict. Empty
    unless this film's answer is not known and at least HINT_KNOWN relatives' answers are."""
    counts = Counter(relatives)
    total, unknown = len(relatives), counts[VerdictStatus.UNKNOWN]
    if status != VerdictStatus.UNKNOWN or total - unknown < HINT_KNOWN:
        return ""
    yes, no, maybe = (
        counts[VerdictStatus.YES],
        counts[VerdictStatus.NO],
        counts[VerdictStatus.PROBABLY_NOT],
    )
    if yes == total:
        head = "both have" if total == 2 else f"all {total} have"
    else:
        head = f"{yes} {_verb(yes, 'has', 'have')}" if yes else "none is known to have"
    rest = [
        text
        for count, text in (
            (no, f"{no} {_verb(no, 'has', 'have')} none"),
            (maybe, f"{maybe} probably {_verb(maybe, 'has', 'have')} none"),
            (unknown, f"{unknown} {_verb(unknown, 'is', 'are')} not known yet"),
        )
        if count
    ]
    scene = f"{head} a scene during or after the credits"
    said = _listed([scene, *rest]) if yes else scene + (f": {_listed(rest)}" if rest else "")
    # "below": the films listed, at most RELATED_SHOWN of however many share its cast.
    return f"Of the {total} films below that share much of its cast, {said}."


def movie_page(*, slug: str, with_related: bool = True) -> MoviePage:
    """Everything the film page shows, in fourteen queries (thirteen without its related
    films, which the API's short answer leaves out); 404 for an unknown slug."""
    movie = get_object_or_404(
        Movie.objects.select_related("verdict", "credits_timing", "quiz_stats").prefetch_related(
            "genres",
            "ratings",
            Prefetch(
                "company_links",
                queryset=MovieCompany.objects.select_related("company").order_by("order"),
            ),
            Prefetch(
                "credits",
                queryset=Credit.objects.select_related("person").order_by("kind", "order", "id"),
            ),
            Prefetch(
                "watch_offers",
                queryset=WatchOffer.objects.order_by("region", "kind", "provider"),
            ),
            Prefetch("evidence", queryset=Evidence.objects.order_by("-asserted_at", "source")),
            Prefetch("credit_scenes", queryset=CreditScene.objects.order_by("order")),
            Prefetch(
                "subtitle_scans",
                queryset=SubtitleScan.objects.filter(rejected=False).order_by("-recorded_at"),
            ),
            "plot_sections",
            Prefetch(
                "alternative_titles",
                queryset=AlternativeTitle.objects.order_by("title", "region"),
            ),
            Prefetch(
                "releases",
                queryset=Release.objects.order_by(
                    F("release_date").asc(nulls_last=True), "region", "kind"
                ),
            ),
        ),
        slug=slug,
    )
    credits = list(movie.credits.all())
    offers = list(movie.watch_offers.all())
    return MoviePage(
        movie=movie,
        answer=answer_for(
            verdict=verdict_of(movie),
            evidence=list(movie.evidence.all()),
            scenes=list(movie.credit_scenes.all()),
            timing=timing_of(movie),
        ),
        cast=[c for c in credits if c.kind == Credit.Kind.CAST],
        crew=[c for c in credits if c.kind == Credit.Kind.CREW],
        companies=[link.company.name for link in movie.company_links.all()],
        genres=[genre.name for genre in movie.genres.all()],
        ratings=rating_slots(movie.ratings.all()),
        offer_groups=offer_groups(offers),
        watch_searches=[] if offers else watch_search_links(title=movie.title, year=movie.year),
        site_links=site_links(
            title=movie.title, year=movie.year, imdb_id=movie.imdb_id, tmdb_id=movie.tmdb_id
        ),
        synopsis=movie.overview or movie.wikipedia_extract,
        viewer_notes=viewer_notes(movie_id=movie.pk),
        plot=plot_for(movie, list(movie.plot_sections.all())),
        releases=list(movie.releases.all()),
        subtitle_scans=list(movie.subtitle_scans.all()),
        other_titles=_other_titles(movie),
        related=list(film_cards(sharing_cast(movie_id=movie.pk))[:RELATED_SHOWN])
        if with_related
        else [],
    )


def movie_slug_by_tmdb_id(*, tmdb_id: int) -> str:
    return get_object_or_404(Movie.objects.only("slug"), tmdb_id=tmdb_id).slug


def movie_slug_by_imdb_id(*, imdb_id: str) -> str:
    return get_object_or_404(Movie.objects.only("slug"), imdb_id=imdb_id).slug


@dataclass(frozen=True)
class PersonPage:
    person: Person
    credits: list[Credit]
    # Their films, newest first; those with a scene during or after the credits; and the
    # best known of them (the most popular).
    films: list[Movie]
    scene_films: list[Movie]
    known_for: list[Movie]

    @property
    def film_count(self) -> int:
        return len(self.films)

    @property
    def films_with_scenes(self) -> int:
        return len(self.scene_films)

    @property
    def roles_known(self) -> bool:
        """Whether any credit names a part or a job: Wikipedia's cast lists name none, and a
        column saying "Cast" on every row only narrows the others."""
        return any(c.character or c.kind != Credit.Kind.CAST for c in self.credits)

    @property
    def professions(self) -> list[str]:
        """IMDb's primaryProfession ("actress,producer") as words people read."""
        return [p.replace("_", " ").capitalize() for p in self.person.professions.split(",") if p]


KNOWN_FOR = 4


def person_page(*, slug: str) -> PersonPage:
    person = get_object_or_404(Person, slug=slug)
    credits = list(
        Credit.objects.filter(person=person)
        .select_related("movie", "movie__verdict")
        .order_by(F("movie__year").desc(nulls_last=True), "movie__title", "kind", "order")
    )
    films = list({c.movie_id: c.movie for c in credits}.values())
    scene_films = [
        m for m in films if (verdict := verdict_of(m)) is not None and verdict.status == "yes"
    ]
    known_for = sorted(films, key=lambda m: (-m.popularity, -(m.year or 0), m.title))[:KNOWN_FOR]
    return PersonPage(
        person=person, credits=credits, films=films, scene_films=scene_films, known_for=known_for
    )


def _released_newest_first() -> QuerySet[Movie]:
    """Films released by today, newest first (films known only by year after dated ones)."""
    now = today()
    return (
        film_cards(Movie.objects.all())
        .filter(year__lte=now.year)
        .exclude(release_date__gt=now)
        .newest_first()
    )


def recent_releases(*, limit: int = 12) -> QuerySet[Movie]:
    return _released_newest_first()[:limit]


def recent_releases_page(*, page: int, page_size: int) -> list[Movie]:
    """One page of releases plus one film more, so the caller knows if a next page exists."""
    start = (page - 1) * page_size
    return list(_released_newest_first()[start : start + page_size + 1])


def popular_with_scenes(*, limit: int = 12) -> QuerySet[Movie]:
    return with_scene_after_credits(film_cards(Movie.objects.all())).popular_first()[:limit]
