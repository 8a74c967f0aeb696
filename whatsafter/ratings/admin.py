from django.contrib import admin

from whatsafter.catalog.admin import FilmRowAdmin
from whatsafter.ratings.models import Rating


@admin.register(Rating)
class RatingAdmin(FilmRowAdmin):
    list_display = ["movie", "source", "raw_value", "normalised", "vote_count", "as_of"]
    list_filter = ["source", "provenance"]
