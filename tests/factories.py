"""factory_boy factories for the catalogue; `with_verdict` derives verdicts as an import would."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import factory
from django.db import connection
from django.utils import timezone

from whatsafter.aftercredits.models import CreditScene, Evidence
from whatsafter.aftercredits.services import verdict_refresh
from whatsafter.catalog.models import Company, Credit, Genre, Movie, MovieCompany, Person
from whatsafter.ratings.models import Rating
from whatsafter.watch.models import WatchOffer


def movies_insert_raw(rows: list[tuple[str, str, float, int]]) -> None:
    """(slug, title, popularity, year) rows written with raw SQL, as a bulk importer or
    psql would: no signals, so the search index learns of them only from a refresh."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO catalog_movie (slug, title, original_title, original_language, "
            "wikipedia_page, certification, tagline, overview, wikipedia_extract, poster_url, "
            "homepage, popularity, field_sources, created_at, updated_at, year) "
            "VALUES (%s, %s, '', '', '', '', '', '', '', '', '', %s, '{}', %s, %s, %s)",
            [(slug, title, popularity, now, now, year) for slug, title, popularity, year in rows],
        )


class GenreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Genre
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Genre {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Studio {n}")
    slug = factory.Sequence(lambda n: f"studio-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Actor {n}")
    slug = factory.Sequence(lambda n: f"actor-{n}")


class MovieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Movie

    title = factory.Sequence(lambda n: f"Film {n}")
    year = 2010
    slug = factory.Sequence(lambda n: f"film-{n}-2010")
    release_date = dt.date(2010, 9, 15)
    runtime_minutes = 103
    overview = "Three friends grow up at a boarding school."
    popularity = 1.0


class FilmRowFactory(factory.django.DjangoModelFactory):
    """A row that belongs to one film: a new film of its own unless the test passes `movie`.
    No model: factory_boy treats it as abstract."""

    movie = factory.SubFactory(MovieFactory)


class CreditFactory(FilmRowFactory):
    class Meta:
        model = Credit

    person = factory.SubFactory(PersonFactory)
    kind = Credit.Kind.CAST
    character = factory.Sequence(lambda n: f"Character {n}")
    order = factory.Sequence(lambda n: n)


class RatingFactory(FilmRowFactory):
    class Meta:
        model = Rating

    source = "imdb"
    raw_value = "7.3"
    value = Decimal("7.3")
    scale = 10
    normalised = Decimal("73.0")
    vote_count = 252
    as_of = dt.date(2026, 11, 1)
    provenance = "test"


class WatchOfferFactory(FilmRowFactory):
    class Meta:
        model = WatchOffer

    region = "GB"
    provider = factory.Sequence(lambda n: f"Provider {n}")
    kind = "stream"
    url = "https://example.com/watch"
    source = "test"
    as_of = dt.date(2026, 11, 1)


class EvidenceFactory(FilmRowFactory):
    class Meta:
        model = Evidence

    source = "tmdb_keyword"
    claim = "none_recorded"
    asserted_at = factory.LazyFunction(timezone.now)


class CreditSceneFactory(FilmRowFactory):
    class Meta:
        model = CreditScene

    position = "after"
    order = factory.Sequence(lambda n: n + 1)
    description = "The heroes eat in silence."
    source = "editor"


def with_verdict(movie: Movie) -> Movie:
    verdict_refresh(movie_ids=[movie.pk])
    return movie


def billed(movie: Movie, people: Sequence[Person], first: int = 0) -> Movie:
    """Cast `people` in `movie`, billed in order from place `first` (0 = top billed): the
    places decide which films share a film's top-billed cast."""
    for place, person in enumerate(people, start=first):
        CreditFactory(movie=movie, person=person, order=place)
    return movie


def add_company(movie: Movie, company: Company, order: int = 0) -> None:
    MovieCompany.objects.create(movie=movie, company=company, order=order)
