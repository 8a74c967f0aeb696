"""sitemap.xml: one section per kind of page; Django splits a section past 50,000 URLs."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from whatsafter.catalog.models import Company, Movie, Person

# django-stubs makes Sitemap generic; Django's class is not subscriptable at run time.
if TYPE_CHECKING:
    MovieMap: TypeAlias = Sitemap[Movie]
    PersonMap: TypeAlias = Sitemap[Person]
    CompanyMap: TypeAlias = Sitemap[Company]
    NameMap: TypeAlias = Sitemap[str]
else:
    MovieMap = PersonMap = CompanyMap = NameMap = Sitemap


class MovieSitemap(MovieMap):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> QuerySet[Movie]:
        return Movie.objects.only("slug", "updated_at").order_by("id")

    def lastmod(self, item: Movie) -> object:
        return item.updated_at


class PersonSitemap(PersonMap):
    changefreq = "monthly"
    priority = 0.5

    def items(self) -> QuerySet[Person]:
        return Person.objects.only("slug").order_by("id")


class CompanySitemap(CompanyMap):
    changefreq = "monthly"
    priority = 0.5

    def items(self) -> QuerySet[Company]:
        return Company.objects.only("slug").order_by("id")

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
