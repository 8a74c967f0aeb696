from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from whatsafter.catalog.admin import FilmRowAdmin
from whatsafter.quizzes.models import PlotSection, Question, QuizStats
from whatsafter.quizzes.services import quiz_availability_refresh


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

    # An editor's question can give a film its first quiz, and switching questions off can
    # take its quiz away: the film page's link follows at once, not at the next refresh.
    def save_model(self, request: HttpRequest, obj: Question, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        moved_from = form.initial.get("movie") if change else None  # a question moved films
        quiz_availability_refresh(movie_ids={obj.movie_id, *([moved_from] if moved_from else [])})

    def delete_model(self, request: HttpRequest, obj: Question) -> None:
        super().delete_model(request, obj)
        quiz_availability_refresh(movie_ids=[obj.movie_id])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        movie_ids = set(queryset.values_list("movie_id", flat=True))
        super().delete_queryset(request, queryset)
        quiz_availability_refresh(movie_ids=movie_ids)


@admin.register(QuizStats)
class QuizStatsAdmin(admin.ModelAdmin):
    list_display = ["movie", "plays", "points", "questions", "possible"]
    list_filter = ["possible"]
    search_fields = ["movie__title"]
    readonly_fields = ["movie", "plays", "points", "questions", "possible"]
