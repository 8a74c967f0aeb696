from django.contrib import admin

from whatsafter.catalog.admin import FilmRowAdmin
from whatsafter.quizzes.models import PlotSection, Question, QuizStats


@admin.register(PlotSection)
class PlotSectionAdmin(FilmRowAdmin):
    """Editors write or correct sections here; an editor's section is never overwritten."""

    list_display = ["movie", "part", "source", "licence", "updated_at"]
    list_filter = ["part", "source"]
    search_fields = [*FilmRowAdmin.search_fields, "text"]


@admin.register(Question)
class QuestionAdmin(FilmRowAdmin):
    """Editors edit, disable or add questions; an editor's question survives rebuilds."""

    list_display = ["movie", "position", "kind", "prompt", "enabled", "source"]
    list_filter = ["kind", "enabled", "source"]
    search_fields = [*FilmRowAdmin.search_fields, "prompt"]
    list_editable = ["enabled"]


@admin.register(QuizStats)
class QuizStatsAdmin(admin.ModelAdmin):
    list_display = ["movie", "plays", "points", "questions"]
    search_fields = ["movie__title"]
    readonly_fields = ["movie", "plays", "points", "questions"]
