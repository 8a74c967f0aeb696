from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from whatsafter.aftercredits.community import reports_moderate, visitors_ban
from whatsafter.aftercredits.list_counts import list_counts_refresh
from whatsafter.aftercredits.models import (
    Ban,
    Correction,
    CreditScene,
    CreditsTiming,
    Evidence,
    RateCount,
    Report,
    ReportStatus,
    Verdict,
)
from whatsafter.aftercredits.services import scene_flags_store, verdict_refresh
from whatsafter.catalog import admin as catalog_admin
from whatsafter.catalog.models import Movie


class RefreshesVerdict(admin.ModelAdmin):
    """Editors change evidence and scenes here; the derived verdict follows at once."""

    def save_model(self, request: HttpRequest, obj: Model, form: object, change: bool) -> None:
        super().save_model(request, obj, form, change)
        verdict_refresh(movie_ids=[obj.movie_id])  # type: ignore[attr-defined]

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        movie_id = obj.movie_id  # type: ignore[attr-defined]
        super().delete_model(request, obj)
        verdict_refresh(movie_ids=[movie_id])


@admin.register(Movie)
class MovieAdmin(catalog_admin.MovieAdmin):
    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            # A film added by hand gets its derived answer ("Not known yet") at once.
            verdict_refresh(movie_ids=[obj.pk])

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Credits, companies and genres are saved here: the lists' counts follow.
        list_counts_refresh(movie_ids=[form.instance.pk])


@admin.register(CreditScene)
class CreditSceneAdmin(RefreshesVerdict):
    list_display = ["movie", "order", "position", "kind", "at_minute", "sets_up_sequel", "source"]
    list_filter = ["position", "kind", "sets_up_sequel", "source"]
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

    list_display = [
        "movie", "status", "during_count", "after_count", "decided_by",
        "report_count", "agree_count", "disputed", "computed_at",
    ]  # fmt: skip
    list_filter = ["status", "disputed"]
    search_fields = ["movie__title"]
    list_select_related = ["movie"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    # A film without a verdict row lists as having no scene: its flag follows the deletion.
    def delete_model(self, request: HttpRequest, obj: Verdict) -> None:
        movie_id = obj.movie_id
        super().delete_model(request, obj)
        scene_flags_store(Movie.objects.filter(id=movie_id))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Verdict]) -> None:
        movie_ids = list(queryset.values_list("movie_id", flat=True))
        super().delete_queryset(request, queryset)
        scene_flags_store(Movie.objects.filter(id__in=movie_ids))


@admin.register(CreditsTiming)
class CreditsTimingAdmin(admin.ModelAdmin):
    list_display = ["movie", "starts_at_minute", "length_minutes", "source"]
    search_fields = ["movie__title"]
    autocomplete_fields = ["movie"]
    list_select_related = ["movie"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """The moderation queue: new notes first; filter by film or by disputed verdicts."""

    list_display = ["movie", "saw_label", "note", "at_minute", "status", "via", "created_at"]
    list_filter = ["status", "via", "movie__verdict__disputed"]
    search_fields = ["movie__title", "note"]
    list_select_related = ["movie"]
    readonly_fields = [
        "movie", "saw_during", "saw_after", "at_minute", "note",
        "visitor_id", "address_hash", "via", "created_at",
    ]  # fmt: skip
    actions = ["accept", "reject", "ban"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_ban_permission(self, request: HttpRequest) -> bool:
        """Actions are open to anyone who may view the list unless they name a permission."""
        return request.user.has_perm("aftercredits.add_ban")

    @admin.action(description="Accept (note may be shown)", permissions=["change"])
    def accept(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        count = reports_moderate(
            report_ids=list(queryset.values_list("id", flat=True)), status=ReportStatus.ACCEPTED
        )
        self.message_user(request, f"Accepted {count} report(s).")

    @admin.action(description="Reject (stops counting)", permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        count = reports_moderate(
            report_ids=list(queryset.values_list("id", flat=True)), status=ReportStatus.REJECTED
        )
        self.message_user(request, f"Rejected {count} report(s).")

    @admin.action(
        description="Ban these visitors and reject all their reports", permissions=["ban"]
    )
    def ban(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        count = visitors_ban(
            address_hashes=list(queryset.values_list("address_hash", flat=True)),
            reason=f"banned by {request.user}",
        )
        self.message_user(request, f"Banned {count} address(es).")


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["movie", "field", "proposal", "status", "created_at"]
    list_filter = ["status", "field"]
    search_fields = ["movie__title", "proposal"]
    list_select_related = ["movie"]
    readonly_fields = ["movie", "field", "proposal", "address_hash", "created_at"]
    actions = ["mark_accepted", "mark_rejected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Mark accepted (after applying the change)", permissions=["change"])
    def mark_accepted(self, request: HttpRequest, queryset: QuerySet[Correction]) -> None:
        queryset.update(status=ReportStatus.ACCEPTED)

    @admin.action(description="Mark rejected", permissions=["change"])
    def mark_rejected(self, request: HttpRequest, queryset: QuerySet[Correction]) -> None:
        queryset.update(status=ReportStatus.REJECTED)


admin.site.register(
    Ban,
    list_display=["address_hash", "reason", "created_at"],
    search_fields=["address_hash", "reason"],
)


@admin.register(RateCount)
class RateCountAdmin(admin.ModelAdmin):
    """Read-only: lets a moderator see which addresses are hitting the limits right now.
    The counters are written by the rate limiter alone."""

    list_display = ("key", "count", "bucket", "expires_at")
    search_fields = ("key",)
    ordering = ("-count",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
