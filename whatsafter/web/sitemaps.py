"""sitemap.xml: one section per kind of page, each split into pages of up to 50,000 URLs.

A page is a run of ids (page n holds the rows whose id // SITEMAP_PAGE is n - 1), not an
offset into the list as Django's paginator makes it: finding a page, counting the pages
and dating each page are then index lookups, whatever the catalogue's size. Django's
version counts every row for the index and reads every film's updated_at for its lastmod.
A page's run may hold fewer URLs once rows are deleted, never more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Max, Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property

from whatsafter.catalog.models import SITEMAP_PAGE, Company, Movie, Person

# django-stubs makes Sitemap generic; Django's class is not subscriptable at run time.
if TYPE_CHECKING:
    MovieMap: TypeAlias = Sitemap[Movie]
    PersonMap: TypeAlias = Sitemap[Person]
    CompanyMap: TypeAlias = Sitemap[Company]
    NameMap: TypeAlias = Sitemap[str]
else:
    MovieMap = PersonMap = CompanyMap = NameMap = Sitemap


class IdRunPaginator(Paginator):
    """Page n of `rows` (ordered by id) is those with id // per_page == n - 1."""

    def __init__(self, rows: QuerySet[Any], per_page: int) -> None:
        super().__init__(rows, per_page)
        self.rows = rows

    @cached_property
    def num_pages(self) -> int:
        last = self.rows.aggregate(last=Max("id"))["last"]
        return 1 if last is None else last // self.per_page + 1

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        low = (number - 1) * self.per_page
        rows = self.rows.filter(id__gte=low, id__lt=low + self.per_page)
        return Page(list(rows), number, self)


@dataclass(frozen=True)
class IndexPage:
    """One page of a section as the sitemap index lists it."""

    number: int
    last_mod: dt.datetime | None


def _stored_datetime(value: object) -> dt.datetime | None:
    """A datetime read by raw SQL: SQLite hands back the UTC text Django stored."""
    if isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is not None and timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed, dt.UTC)
        return parsed
    return value if isinstance(value, dt.datetime) else None


class IdPagedSitemap:
    """A section whose pages are runs of ids of `model`; with `dated`, each page's lastmod
    is its rows' latest updated_at, read from an index on (id // SITEMAP_PAGE, updated_at)."""

    model: type[Model]
    dated = False
    limit = SITEMAP_PAGE

    @property
    def paginator(self) -> IdRunPaginator:
        return IdRunPaginator(self.items(), self.limit)

    def items(self) -> QuerySet[Any]:
        """Only what a sitemap line reads: the slug for its URL, updated_at for lastmod."""
        fields = ("slug", "updated_at") if self.dated else ("slug",)
        return self.model._default_manager.only(*fields).order_by("id")

    def index_pages(self) -> list[IndexPage]:
        """The pages that hold a row, with their lastmod: one query, one index lookup per
        page (a recursive list of page numbers, each probing its own run of the index)."""
        with connection.cursor() as cursor:
            cursor.execute(self.index_pages_sql())
            rows = cursor.fetchall()
        return [
            IndexPage(n + 1, _stored_datetime(found) if self.dated else None)
            for n, found in rows
            if found is not None
        ]

    def index_pages_sql(self) -> str:
        table = connection.ops.quote_name(self.model._meta.db_table)
        size = int(self.limit)  # written into the SQL so it matches the expression index
        # Table names come from the models and the size is an int: nothing from a request.
        # "n + 0": the page number as a bare expression; compared as the CTE's typed column
        # SQLite would not use the expression index and read all of it for every page.
        if self.dated:
            probe = f"SELECT MAX(updated_at) FROM {table} WHERE id / {size} = n + 0"  # noqa: S608
        else:
            probe = f"SELECT MIN(id) FROM {table} WHERE id >= n * {size} AND id < (n + 1) * {size}"  # noqa: S608
        last = f"(SELECT MAX(id) FROM {table}) / {size}"  # noqa: S608
        # BIGINT so n * size cannot overflow PostgreSQL's integer.
        return (
            "WITH RECURSIVE pages(n) AS (SELECT CAST(0 AS BIGINT) UNION ALL "  # noqa: S608
            f"SELECT n + 1 FROM pages WHERE n < {last}) SELECT n, ({probe}) FROM pages"
        )


class MovieSitemap(IdPagedSitemap, MovieMap):
    model = Movie
    dated = True
    changefreq = "weekly"
    priority = 0.8

    def lastmod(self, item: Movie) -> object:
        return item.updated_at


class PersonSitemap(IdPagedSitemap, PersonMap):
    model = Person
    changefreq = "monthly"
    priority = 0.5


class CompanySitemap(IdPagedSitemap, CompanyMap):
    model = Company
    changefreq = "monthly"
    priority = 0.5

    def location(self, item: Company) -> str:
        return reverse("catalog:company", kwargs={"slug": item.slug})


class SectionSitemap(NameMap):
    changefreq = "daily"
    priority = 0.6

    def items(self) -> list[str]:
        return ["web:home", "catalog:latest", "catalog:actors", "catalog:companies", "web:about"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "sections": SectionSitemap,
    "movies": MovieSitemap,
    "people": PersonSitemap,
    "companies": CompanySitemap,
}


@dataclass(frozen=True)
class IndexEntry:
    location: str
    last_mod: dt.datetime | None


def sitemap_index_entries(*, base: str) -> list[IndexEntry]:
    """Every sitemap page, each with its own lastmod where the section has one; `base` is
    the scheme and host, e.g. "https://whatsafter.example"."""
    entries = []
    for section, sitemap in SITEMAPS.items():
        url = base + reverse("django.contrib.sitemaps.views.sitemap", kwargs={"section": section})
        site = sitemap()
        if not isinstance(site, IdPagedSitemap):
            entries.append(IndexEntry(url, None))
            continue
        for page in site.index_pages():
            location = url if page.number == 1 else f"{url}?p={page.number}"
            entries.append(IndexEntry(location, page.last_mod))
    return entries
