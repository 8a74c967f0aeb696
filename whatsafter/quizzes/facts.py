"""What the generator may ask about: one film's facts and distractors from similar films."""

from __future__ import annotations

from collections import defaultdict

from whatsafter.aftercredits.models import Verdict
from whatsafter.catalog.models import Credit, Genre, Movie, MovieCompany
from whatsafter.quizzes.generator import Facts, Pool
from whatsafter.quizzes.models import PlotSection

DIRECTOR = "Director"


def facts_for(movie: Movie) -> tuple[Facts, Pool]:
    """Nine small queries; similar films are those sharing a genre, most popular first."""
    billed = list(
        Credit.objects.filter(movie=movie, kind=Credit.Kind.CAST)
        .order_by("order", "id")
        .values_list("person__name", "character")
    )
    cast = tuple(name for name, _ in billed)
    roles = tuple((name, character) for name, character in billed if character)
    directors = tuple(
        dict.fromkeys(
            Credit.objects.filter(movie=movie, kind=Credit.Kind.CREW, job=DIRECTOR)
            .order_by("order", "id")
            .values_list("person__name", flat=True)
        )
    )
    genres = tuple(movie.genres.order_by("name").values_list("name", flat=True))
    companies = tuple(
        MovieCompany.objects.filter(movie=movie)
        .order_by("order")
        .values_list("company__name", flat=True)
    )
    plot_parts = PlotSection.objects.filter(movie=movie, part__in=["setup", "middle"]).order_by(
        "part"
    )
    plot = " ".join(
        [movie.wikipedia_extract, movie.overview, *plot_parts.values_list("text", flat=True)]
    )
    try:
        verdict: Verdict | None = movie.verdict
    except Verdict.DoesNotExist:
        verdict = None
    similar = Movie.objects.exclude(pk=movie.pk)
    if genres:
        similar = similar.filter(genres__name__in=genres).distinct()
    similar_ids = list(similar.order_by("-popularity", "id").values_list("id", flat=True)[:40])
    pool = Pool(
        actors=tuple(
            Credit.objects.filter(movie_id__in=similar_ids, kind=Credit.Kind.CAST, order__lt=4)
            .order_by("-movie__popularity", "movie_id", "order")
            .values_list("person__name", flat=True)[:80]
        ),
        companies=tuple(
            MovieCompany.objects.filter(movie_id__in=similar_ids)
            .order_by("-movie__popularity", "movie_id", "order")
            .values_list("company__name", flat=True)[:60]
        ),
        genres=tuple(Genre.objects.order_by("name").values_list("name", flat=True)),
        taglines=tuple(
            Movie.objects.filter(id__in=similar_ids)
            .exclude(tagline="")
            .order_by("-popularity", "id")
            .values_list("tagline", flat=True)[:20]
        ),
        directors=tuple(
            Credit.objects.filter(movie_id__in=similar_ids, kind=Credit.Kind.CREW, job=DIRECTOR)
            .order_by("-movie__popularity", "movie_id", "order", "id")
            .values_list("person__name", flat=True)[:40]
        ),
    )
    facts = Facts(
        slug=movie.slug,
        title=movie.title,
        year=movie.year,
        runtime=movie.runtime_minutes,
        genres=genres,
        companies=companies,
        tagline=movie.tagline,
        cast=cast,
        verdict=verdict.status if verdict else "unknown",
        during=verdict.during_count if verdict else 0,
        after=verdict.after_count if verdict else 0,
        plot=plot.strip(),
        directors=directors,
        roles=roles,
    )
    return facts, pool


def all_facts() -> list[tuple[Facts, Pool]]:
    """Facts and pools for every film in a handful of queries, the same as facts_for gives.

    For reports and whole-catalogue checks; the site itself builds one film's on demand.
    """
    films = list(
        Movie.objects.order_by("id").values_list(
            "id", "slug", "title", "year", "runtime_minutes", "tagline", "popularity",
            "wikipedia_extract", "overview",
        )
    )  # fmt: skip
    popularity = {row[0]: row[6] for row in films}
    cast: dict[int, list[tuple[int, int, str, str]]] = defaultdict(list)
    for movie_id, order, pk, name, character in Credit.objects.filter(
        kind=Credit.Kind.CAST
    ).values_list("movie_id", "order", "id", "person__name", "character"):
        cast[movie_id].append((order, pk, name, character))
    directing: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for movie_id, order, pk, name in Credit.objects.filter(
        kind=Credit.Kind.CREW, job=DIRECTOR
    ).values_list("movie_id", "order", "id", "person__name"):
        directing[movie_id].append((order, pk, name))
    genres: dict[int, list[str]] = defaultdict(list)
    for movie_id, name in Movie.genres.through.objects.values_list("movie_id", "genre__name"):
        genres[movie_id].append(name)
    companies: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for movie_id, order, name in MovieCompany.objects.values_list(
        "movie_id", "order", "company__name"
    ):
        companies[movie_id].append((order, name))
    plots: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for movie_id, part, text in PlotSection.objects.filter(
        part__in=["setup", "middle"]
    ).values_list("movie_id", "part", "text"):
        plots[movie_id].append((part, text))
    verdicts = {
        v[0]: v[1:]
        for v in Verdict.objects.values_list("movie_id", "status", "during_count", "after_count")
    }
    all_genres = tuple(Genre.objects.order_by("name").values_list("name", flat=True))
    ranked = sorted(popularity, key=lambda pk: (-popularity[pk], pk))
    by_genre: dict[str, list[int]] = defaultdict(list)
    for pk in ranked:
        for name in genres[pk]:
            if len(by_genre[name]) < 41:
                by_genre[name].append(pk)
    top_overall = ranked[:41]
    taglines = {row[0]: row[5] for row in films}
    out = []
    for pk, slug, title, year, runtime, tagline, _, extract, overview in films:
        names = sorted(set(genres[pk]))
        pool_ids = (
            {i for name in names for i in by_genre[name]} if names else set(top_overall)
        ) - {pk}
        similar = sorted(pool_ids, key=lambda i: (-popularity[i], i))[:40]
        actors = [name for i in similar for order, _, name, _ in sorted(cast[i]) if order < 4][:80]
        pool = Pool(
            actors=tuple(actors),
            companies=tuple(name for i in similar for _, name in sorted(companies[i]))[:60],
            genres=all_genres,
            taglines=tuple(taglines[i] for i in similar if taglines[i])[:20],
            directors=tuple(name for i in similar for _, _, name in sorted(directing[i]))[:40],
        )
        status, during, after = verdicts.get(pk, ("unknown", 0, 0))
        plot = " ".join([extract, overview, *(text for _, text in sorted(plots[pk]))])
        out.append(
            (
                Facts(
                    slug=slug,
                    title=title,
                    year=year,
                    runtime=runtime,
                    genres=tuple(names),
                    companies=tuple(name for _, name in sorted(companies[pk])),
                    tagline=tagline,
                    cast=tuple(name for _, _, name, _ in sorted(cast[pk])),
                    verdict=status,
                    during=during,
                    after=after,
                    plot=plot.strip(),
                    directors=tuple(dict.fromkeys(name for _, _, name in sorted(directing[pk]))),
                    roles=tuple(
                        (name, character) for _, _, name, character in sorted(cast[pk]) if character
                    ),
                ),
                pool,
            )
        )
    return out
