"""What the generator may ask about: one film's facts and distractors from similar films."""

from __future__ import annotations

from whatsafter.aftercredits.models import Verdict
from whatsafter.catalog.models import Credit, Genre, Movie, MovieCompany
from whatsafter.quizzes.generator import Facts, Pool
from whatsafter.quizzes.models import PlotSection


def facts_for(movie: Movie) -> tuple[Facts, Pool]:
    """Seven small queries; similar films are those sharing a genre, most popular first."""
    cast = tuple(
        Credit.objects.filter(movie=movie, kind=Credit.Kind.CAST)
        .order_by("order", "id")
        .values_list("person__name", flat=True)
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
    )
    return facts, pool
