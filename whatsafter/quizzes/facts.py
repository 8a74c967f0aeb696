"""What the generator may ask about: a film's facts and distractors from similar films.

One computation for one film (the quiz page) and for every film (quiz_report): each kind
of fact is read for all the films asked for in one query, so a whole catalogue costs a
handful of queries more than a single film does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import TypeVar

from django.db.models import Model, QuerySet

from whatsafter.aftercredits.models import Verdict
from whatsafter.catalog.models import Credit, Genre, Movie, MovieCompany
from whatsafter.quizzes.generator import Facts, Pool
from whatsafter.quizzes.models import PlotSection

DIRECTOR = "Director"
SIMILAR = 40  # films whose people, companies and taglines make the distractors
M = TypeVar("M", bound=Model)


def _of(rows: QuerySet[M], ids: Collection[int] | None, field: str = "movie_id") -> QuerySet[M]:
    """Rows of the films asked for; None asks for every film."""
    return rows if ids is None else rows.filter(**{f"{field}__in": ids})


def _ranked(films: QuerySet[Movie]) -> list[tuple[int, float]]:
    """The most popular films (id, popularity), one more than SIMILAR."""
    return list(films.order_by("-popularity", "id").values_list("id", "popularity")[: SIMILAR + 1])


def facts_for(movie: Movie) -> tuple[Facts, Pool]:
    """One film's facts and distractor pool."""
    return facts_of(movie_ids=[movie.pk])[movie.pk]


def all_facts() -> list[tuple[Facts, Pool]]:
    """Every film's facts and pools, in id order: for reports and whole-catalogue checks."""
    return list(facts_of(movie_ids=None).values())


def facts_of(*, movie_ids: Collection[int] | None) -> dict[int, tuple[Facts, Pool]]:
    """Facts and pools of the films with these ids (None: every film), by id in id order.

    Similar films are those sharing a genre (any film when it has none), most popular
    first: the top of each genre is read once, and a film's SIMILAR are the most popular
    of the union of its genres' tops (one more than SIMILAR each, as the film itself may
    be among them).
    """
    films = list(
        _of(Movie.objects.order_by("id"), movie_ids, "id").values_list(
            "id", "slug", "title", "year", "runtime_minutes", "tagline", "wikipedia_extract",
            "overview",
        )
    )  # fmt: skip
    ids = None if movie_ids is None else [row[0] for row in films]
    genres: dict[int, list[str]] = defaultdict(list)
    for movie_id, name in _of(Movie.genres.through.objects.all(), ids).values_list(
        "movie_id", "genre__name"
    ):
        genres[movie_id].append(name)
    tops = {
        name: _ranked(Movie.objects.filter(genres__name=name))
        for name in sorted({name for names in genres.values() for name in names})
    }
    if any(not genres[pk] for pk, *_ in films):
        tops[""] = _ranked(Movie.objects.all())
    popularity = {i: score for top in tops.values() for i, score in top}
    similar: dict[int, list[int]] = {}
    for pk, *_ in films:
        union = {i for name in genres[pk] or [""] for i, _ in tops[name]} - {pk}
        similar[pk] = sorted(union, key=lambda i: (-popularity[i], i))[:SIMILAR]
    needed = {i for ids_ in similar.values() for i in ids_}
    everyone = None if ids is None else {*ids, *needed}
    cast, directing, companies = _people_and_companies(everyone)
    plots: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for movie_id, part, text in _of(
        PlotSection.objects.filter(part__in=["setup", "middle"]), ids
    ).values_list("movie_id", "part", "text"):
        plots[movie_id].append((part, text))
    verdicts = {
        v[0]: v[1:]
        for v in _of(Verdict.objects.all(), ids).values_list(
            "movie_id", "status", "during_count", "after_count"
        )
    }
    taglines = dict(
        _of(Movie.objects.exclude(tagline=""), needed if ids is not None else None, "id")
        .values_list("id", "tagline")
    )  # fmt: skip
    all_genres = tuple(Genre.objects.order_by("name").values_list("name", flat=True))
    out: dict[int, tuple[Facts, Pool]] = {}
    for pk, slug, title, year, runtime, tagline, extract, overview in films:
        near = similar[pk]
        pool = Pool(
            actors=tuple(name for i in near for order, _, name, _ in cast[i] if order < 4)[:80],
            companies=tuple(name for i in near for _, name in companies[i])[:60],
            genres=all_genres,
            taglines=tuple(taglines[i] for i in near if i in taglines)[:20],
            directors=tuple(name for i in near for _, _, name in directing[i])[:40],
        )
        status, during, after = verdicts.get(pk, ("unknown", 0, 0))
        plot = " ".join([extract, overview, *(text for _, text in sorted(plots[pk]))])
        out[pk] = (
            Facts(
                slug=slug,
                title=title,
                year=year,
                runtime=runtime,
                genres=tuple(sorted(set(genres[pk]))),
                companies=tuple(name for _, name in companies[pk]),
                tagline=tagline,
                cast=tuple(name for _, _, name, _ in cast[pk]),
                verdict=status,
                during=during,
                after=after,
                plot=plot.strip(),
                directors=tuple(dict.fromkeys(name for _, _, name in directing[pk])),
                roles=tuple((name, role) for _, _, name, role in cast[pk] if role),
            ),
            pool,
        )
    return out


def _people_and_companies(
    ids: Collection[int] | None,
) -> tuple[
    dict[int, list[tuple[int, int, str, str]]],
    dict[int, list[tuple[int, int, str]]],
    dict[int, list[tuple[int, str]]],
]:
    """Billed cast (order, id, name, character), directors (order, id, name) and companies
    (order, name) of these films, each list in billing order."""
    cast: dict[int, list[tuple[int, int, str, str]]] = defaultdict(list)
    for movie_id, order, pk, name, character in _of(
        Credit.objects.filter(kind=Credit.Kind.CAST), ids
    ).values_list("movie_id", "order", "id", "person__name", "character"):
        cast[movie_id].append((order, pk, name, character))
    directing: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for movie_id, order, pk, name in _of(
        Credit.objects.filter(kind=Credit.Kind.CREW, job=DIRECTOR), ids
    ).values_list("movie_id", "order", "id", "person__name"):
        directing[movie_id].append((order, pk, name))
    companies: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for movie_id, order, name in _of(MovieCompany.objects.all(), ids).values_list(
        "movie_id", "order", "company__name"
    ):
        companies[movie_id].append((order, name))
    for table in (cast, directing, companies):
        for rows in table.values():
            rows.sort()
    return cast, directing, companies
