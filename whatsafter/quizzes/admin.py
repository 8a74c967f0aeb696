from django.contrib import admin

from whatsafter.quizzes.models import PlotSection


@admin.register(PlotSection)
class PlotSectionAdmin(admin.ModelAdmin):
    """Editors write or correct sections here; an editor's section is never overwritten."""

    list_display = ["movie", "part", "source", "licence", "updated_at"]
    list_filter = ["part", "source"]
    search_fields = ["movie__title", "text"]
    autocomplete_fields = ["movie"]
    list_select_related = ["movie"]
