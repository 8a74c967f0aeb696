from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from whatsafter.catalog.models import (
    AlternativeTitle,
    Company,
    Credit,
    Genre,
    Movie,
    MovieCompany,
    Person,
    Release,
)
from whatsafter.catalog.provenance import EDITOR_FIELDS, editor_stamps


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "kind", "character", "order", "department", "job", "source"]


class MovieCompanyInline(admin.TabularInline):
    model = MovieCompany
    extra = 0
    autocomplete_fields = ["company"]


class ReleaseInline(admin.TabularInline):
    model = Release
    extra = 0


class AlternativeTitleInline(admin.TabularInline):
    model = AlternativeTitle
    extra = 0


# Registered by aftercredits.admin, which adds what a new film needs from the app above.
class MovieAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "tmdb_id", "imdb_id", "runtime_minutes", "popularity"]
    list_filter = ["genres"]
    search_fields = ["title", "original_title", "slug", "imdb_id", "=tmdb_id"]
    filter_horizontal = ["genres"]
    # A place in a source's list of the year means something only beside the list's others.
    readonly_fields = ["year_release_order", "field_sources", "created_at", "updated_at"]
    inlines = [MovieCompanyInline, ReleaseInline, AlternativeTitleInline, CreditInline]
    # Links typed without a scheme are https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        assert isinstance(obj, Movie)
        # What an editor changes by hand is theirs: later imports leave it alone.
        edited = [name for name in form.changed_data if name in EDITOR_FIELDS]
        if edited:
            obj.field_sources = editor_stamps(obj.field_sources, edited, on=timezone.localdate())
        super().save_model(request, obj, form, change)


class FilmRowAdmin(admin.ModelAdmin):
    """A row that belongs to one film: found by the film's title, its film picked by search
    (not a select of every film), and listed with its film in the same query."""

    search_fields = ["movie__title"]
    autocomplete_fields = ["movie"]
    list_select_related = ["movie"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "imdb_id", "tmdb_id", "birth_year", "death_year"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    search_fields = ["name", "slug", "imdb_id"]


# Lists with nothing of their own but columns and a search: the admin class from options.
admin.site.register(
    Company, list_display=["name", "slug", "tmdb_id"], search_fields=["name", "slug"]
)
admin.site.register(Genre, list_display=["name", "slug"], search_fields=["name"])


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin):
    list_display = ["movie", "person", "kind", "character", "order", "job"]
    list_filter = ["kind", "department"]
    search_fields = ["movie__title", "person__name", "character"]
    autocomplete_fields = ["movie", "person"]
    list_select_related = ["movie", "person"]


@admin.register(Release)
class ReleaseAdmin(FilmRowAdmin):
    list_display = ["movie", "region", "kind", "release_date", "certification", "source"]
    list_filter = ["region", "kind"]


@admin.register(MovieCompany)
class MovieCompanyAdmin(admin.ModelAdmin):
    list_display = ["movie", "company", "order"]
    search_fields = ["movie__title", "company__name"]
    autocomplete_fields = ["movie", "company"]
    list_select_related = ["movie", "company"]


@admin.register(AlternativeTitle)
class AlternativeTitleAdmin(admin.ModelAdmin):
    list_display = ["title", "movie", "region", "language", "kind", "source"]
    search_fields = ["title"]
    list_filter = ["source"]
    autocomplete_fields = ["movie"]
