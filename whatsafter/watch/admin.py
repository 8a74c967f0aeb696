from django.contrib import admin

from whatsafter.watch.models import WatchOffer


@admin.register(WatchOffer)
class WatchOfferAdmin(admin.ModelAdmin):
    list_display = ["movie", "region", "provider", "kind", "as_of", "source"]
    list_filter = ["region", "kind", "provider"]
    search_fields = ["movie__title", "provider"]
    autocomplete_fields = ["movie"]
    list_select_related = ["movie"]
