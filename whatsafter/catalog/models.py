"""Films and the people and companies behind them.

Every external id is unique where present, so two imports of the same film can only
ever update one row; the slug is the public address and never changes once minted.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from whatsafter.utils import choice_known, region_code_known

# Films per sitemap page: pages are runs of ids (see web/sitemaps.py), at most the 50,000
# URLs a sitemap may hold.
SITEMAP_PAGE = 50_000


def _slug_and_imdb_id_constraints(model: str, imdb_prefix: str) -> list[models.BaseConstraint]:
    """A film's or a person's slug and IMDb id are unique; the id, when known, has IMDb's
    prefix for that kind of row ("tt" films, "nm" people)."""
    return [
        models.UniqueConstraint(fields=["slug"], name=f"{model}_slug_unique"),
        models.UniqueConstraint(fields=["imdb_id"], name=f"{model}_imdb_id_unique"),
        models.CheckConstraint(
            condition=Q(imdb_id__isnull=True) | Q(imdb_id__startswith=imdb_prefix),
            name=f"{model}_imdb_id_format",
        ),
    ]


# Chainable filters shared by pages, the API and the CLI. Filters on what other apps
# know about a film (its verdict, say) live in those apps' selectors.


class MovieQuerySet(models.QuerySet["Movie"]):
    def popular_first(self) -> MovieQuerySet:
        return self.order_by("-popularity", "title")

    def newest_first(self) -> MovieQuerySet:
        """Year, then date, newest first (films known only by their year after the dated ones
        of that year, the later-released first where a source gave the year's release
        order), then popularity: the order of the index movie_newest_idx (catalog 0008),
        so a page of it is read off the index, not sorted out of every film."""
        return self.order_by(
            F("year").desc(nulls_last=True),
            F("release_date").desc(nulls_last=True),
            F("year_release_order").desc(nulls_last=True),
            "-popularity",
            "title",
            "id",
        )


# film_count / scene_count fields below are stored, not aggregated per view, so the lists
# cost the same at any catalogue size; aftercredits.list_counts.list_counts_refresh keeps them.
class Genre(models.Model):
    name = models.CharField(max_length=64, unique=True)
    slug = models.SlugField(max_length=64, unique=True)
    film_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Company(models.Model):
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=280, unique=True)
    tmdb_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    film_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    # Of those films, how many have a scene during or after the credits (verdict "yes").
    scene_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"
        indexes = [models.Index(fields=["-film_count", "name"], name="company_film_count_idx")]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    # Uniqueness and the name index are declared in Meta, not on the fields: on PostgreSQL
    # a field's unique=True/db_index=True also builds a second, LIKE-pattern index that no
    # query here uses, and every import would pay to maintain it.
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=280, db_index=False)
    # NULL, not "", when unknown: many people lack an id and "" would collide as unique.
    imdb_id = models.CharField(max_length=16, null=True, blank=True)  # noqa: DJ001
    tmdb_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    death_year = models.PositiveSmallIntegerField(null=True, blank=True)
    photo_url = models.URLField(max_length=500, blank=True)
    # IMDb's primaryProfession, e.g. "actress,producer"; empty when unknown.
    professions = models.CharField(max_length=255, blank=True)
    # Distinct films credited, cast or crew: ranks the Actors list.
    film_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["name"], name="person_name_idx"),
            models.Index(fields=["-film_count", "name"], name="person_film_count_idx"),
        ]
        constraints = [
            *_slug_and_imdb_id_constraints("person", imdb_prefix="nm"),
            models.CheckConstraint(
                condition=Q(death_year__isnull=True)
                | Q(birth_year__isnull=True)
                | Q(death_year__gte=models.F("birth_year")),
                name="person_dies_after_birth",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:person", kwargs={"slug": self.slug})


class Movie(models.Model):
    tmdb_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    # Unique through Meta (see Person for why); NULL when unknown, as for Person.
    imdb_id = models.CharField(max_length=16, null=True, blank=True)  # noqa: DJ001
    wikipedia_page = models.CharField(max_length=255, blank=True)
    slug = models.SlugField(max_length=280, db_index=False)
    title = models.CharField(max_length=500)
    original_title = models.CharField(max_length=500, blank=True)
    original_language = models.CharField(max_length=8, blank=True)
    release_date = models.DateField(null=True, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    # Its place in its year's release order (1 the first out), as a source lists the year's
    # films: Wikipedia's film lists of a year since 2004, whose order is the opening dates'
    # (ingest/readers/wikipedia.py judges which years). Orders films known only by their
    # year; it is a place, not a date, so no release date is ever made from it. NULL when
    # no source lists the year in release order.
    year_release_order = models.PositiveIntegerField(null=True, blank=True)
    runtime_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    certification = models.CharField(max_length=16, blank=True)
    tagline = models.CharField(max_length=500, blank=True)
    overview = models.TextField(blank=True, help_text="TMDb's synopsis.")
    wikipedia_extract = models.TextField(blank=True, help_text="Wikipedia's intro paragraph.")
    poster_url = models.URLField(max_length=500, blank=True)
    homepage = models.URLField(max_length=500, blank=True)
    # TMDb's popularity score; ranks "popular" lists and search ties.
    popularity = models.FloatField(default=0)
    genres = models.ManyToManyField(Genre, related_name="movies", blank=True)
    companies = models.ManyToManyField(
        Company, through="MovieCompany", related_name="movies", blank=True
    )
    # Which source supplied each field and when: {"overview": {"source": "tmdb", "as_of": ...}}.
    field_sources = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # A stored copy of "its verdict says there is a scene during or after the credits", so
    # the lists of such films read a small partial index instead of joining every film to
    # its verdict. aftercredits.services.scene_flags_store is its only writer.
    has_scene = models.BooleanField(default=False, db_default=False, editable=False)

    objects = MovieQuerySet.as_manager()

    class Meta:
        ordering = ["title", "year"]
        constraints = [
            *_slug_and_imdb_id_constraints("movie", imdb_prefix="tt"),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1870, year__lte=2100),
                name="movie_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(runtime_minutes__isnull=True) | Q(runtime_minutes__gt=0),
                name="movie_runtime_positive",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="movie_title_not_empty"),
            models.CheckConstraint(
                condition=Q(year_release_order__isnull=True) | Q(year_release_order__gte=1),
                name="movie_year_release_order_from_one",
            ),
        ]
        # Also movie_newest_idx, written per database in migration 0008 (SQLite cannot
        # say NULLS LAST in an index): home's newest releases in their listed order.
        indexes = [
            models.Index(fields=["-popularity"], name="movie_popularity_idx"),
            models.Index(fields=["title"], name="movie_title_idx"),
            # Home's popular films with a scene, and Latest's "with a scene" filter.
            models.Index(
                fields=["-popularity", "title"],
                condition=Q(has_scene=True),
                name="movie_scene_popularity_idx",
            ),
            models.Index(
                fields=["release_date", "title"],
                condition=Q(has_scene=True),
                name="movie_scene_release_idx",
            ),
            # The sitemap index's per-page lastmod: each page's latest change is one
            # lookup at the end of its run of this index, not a read of every film.
            models.Index(F("id") / SITEMAP_PAGE, F("updated_at"), name="movie_sitemap_page_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def get_absolute_url(self) -> str:
        return reverse("catalog:movie", kwargs={"slug": self.slug})


class MovieCompany(models.Model):
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="company_links")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="movie_links")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["movie", "company"], name="movie_company_once"),
        ]

    def __str__(self) -> str:
        return f"{self.company_id} made {self.movie_id}"


class CreditKind(models.TextChoices):
    CAST = "cast", "Cast"
    CREW = "crew", "Crew"


class Credit(models.Model):
    Kind = CreditKind

    # No index of its own: credit_once and credit_billing_idx both start with the film.
    movie = models.ForeignKey(
        Movie, on_delete=models.CASCADE, related_name="credits", db_index=False
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    character = models.CharField(max_length=500, blank=True)
    # Billing order for cast (0 = top billed); crew keep 0.
    order = models.PositiveSmallIntegerField(default=0)
    department = models.CharField(max_length=64, blank=True)
    job = models.CharField(max_length=128, blank=True)
    source = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["kind", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["movie", "person", "kind", "department", "job", "character"],
                name="credit_once",
            ),
            choice_known("kind", CreditKind, name="credit_kind"),
            models.CheckConstraint(
                condition=Q(kind="cast", department="", job="") | Q(kind="crew") & ~Q(job=""),
                name="credit_cast_has_no_job_crew_has_one",
            ),
        ]
        indexes = [models.Index(fields=["movie", "kind", "order"], name="credit_billing_idx")]

    def __str__(self) -> str:
        role = self.character if self.kind == self.Kind.CAST else self.job
        return f"{self.person} in {self.movie} ({role})"


class Release(models.Model):
    """A film's release in one country: date, kind and that country's certification."""

    class Kind(models.IntegerChoices):
        # TMDb's release types, so its release_dates map without translation.
        PREMIERE = 1, "Premiere"
        THEATRICAL_LIMITED = 2, "Theatrical (limited)"
        THEATRICAL = 3, "Theatrical"
        DIGITAL = 4, "Digital"
        PHYSICAL = 5, "Physical"
        TV = 6, "TV"

    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="releases")
    region = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2, e.g. 'US'.")
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    release_date = models.DateField(null=True, blank=True)
    certification = models.CharField(max_length=16, blank=True)
    source = models.CharField(max_length=32)

    class Meta:
        ordering = ["movie", "region", "release_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["movie", "region", "kind", "release_date"], name="release_once"
            ),
            models.CheckConstraint(condition=Q(kind__gte=1, kind__lte=6), name="release_kind"),
            region_code_known("region", name="release_region_two_upper_letters"),
        ]

    def __str__(self) -> str:
        return f"{self.movie} in {self.region}: {self.release_date} {self.certification}"


class AlternativeTitle(models.Model):
    """Another title a film is known by: in another country or language, or a working title.

    Imported from IMDb's title.akas; shown as "Also known as" on the film page.
    """

    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="alternative_titles")
    title = models.CharField(max_length=500)
    # ISO 3166 region ("FR") and ISO 639 language ("fr"), empty when the source has none.
    region = models.CharField(max_length=4, blank=True)
    language = models.CharField(max_length=8, blank=True)
    # What kind of title: IMDb's types, e.g. "imdbDisplay", "working", "festival".
    kind = models.CharField(max_length=64, blank=True)
    source = models.CharField(max_length=32)

    class Meta:
        ordering = ["movie", "region", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["movie", "title", "region", "language"], name="alternative_title_once"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="alternative_title_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.region or 'anywhere'})"
