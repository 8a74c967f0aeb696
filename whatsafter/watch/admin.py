from django.contrib import admin

from whatsafter.catalog.admin import FilmRowAdmin
from whatsafter.watch.models import WatchOffer


@admin.register(WatchOffer)
class WatchOfferAdmin(FilmRowAdmin):
    list_display = ["movie", "region", "provider", "kind", "as_of", "source"]
    list_filter = ["region", "kind", "provider"]
    search_fields = [*FilmRowAdmin.search_fields, "provider"]
