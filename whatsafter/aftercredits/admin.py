from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from whatsafter.aftercredits.models import CreditScene, Evidence, Verdict
from whatsafter.aftercredits.services import verdict_refresh


class RefreshesVerdict(admin.ModelAdmin):
    """Editors change evidence and scenes here; the derived verdict follows at once."""

    def save_model(self, request: HttpRequest, obj: Model, form: object, change: bool) -> None:
        super().save_model(request, obj, form, change)
        verdict_refresh(movie_ids=[obj.movie_id])  # type: ignore[attr-defined]

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        movie_id = obj.movie_id  # type: ignore[attr-defined]
        super().delete_model(request, obj)
        verdict_refresh(movie_ids=[movie_id])


@admin.register(CreditScene)
class CreditSceneAdmin(RefreshesVerdict):
    list_display = ["movie", "order", "position", "source"]
    list_filter = ["position", "source"]
    search_fields = ["movie__title"]
    autocomplete_fields = ["movie"]
    list_select_related = ["movie"]


@admin.register(Evidence)
class EvidenceAdmin(RefreshesVerdict):
    list_display = ["movie", "source", "claim", "asserted_at", "detail"]
    list_filter = ["source", "claim"]
    search_fields = ["movie__title"]
    autocomplete_fields = ["movie"]
    list_select_related = ["movie"]

    def save_model(self, request: HttpRequest, obj: Model, form: object, change: bool) -> None:
        if isinstance(obj, Evidence) and obj.source == Evidence.Source.EDITOR and not obj.author:
            obj.author = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    """Read-only: the verdict is derived from evidence, so editors change the evidence."""

    list_display = ["movie", "status", "during_count", "after_count", "decided_by", "computed_at"]
    list_filter = ["status"]
    search_fields = ["movie__title"]
    list_select_related = ["movie"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
