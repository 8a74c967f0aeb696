from django.contrib import admin

from whatsafter.ratings.models import Rating


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["movie", "source", "raw_value", "normalised", "vote_count", "as_of"]
    list_filter = ["source", "provenance"]
    search_fields = ["movie__title"]
    autocomplete_fields = ["movie"]
    list_select_related = ["movie"]
