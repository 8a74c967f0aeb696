"""Editors review what subtitle files showed: reject a scan and its claims stop counting."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from whatsafter.subtitles.findings import clock_s
from whatsafter.subtitles.models import SubtitleScan
from whatsafter.subtitles.services import claims_sync, scan_reject


@admin.register(SubtitleScan)
class SubtitleScanAdmin(admin.ModelAdmin):
    list_display = [
        "movie", "file_name", "file_date", "credits_start", "claimed", "during_credits",
        "after_credits", "via", "rejected", "recorded_at",
    ]  # fmt: skip
    list_filter = ["rejected", "via", "during_credits", "after_credits"]
    search_fields = ["movie__title", "file_name"]
    list_select_related = ["movie"]
    autocomplete_fields = ["movie"]
    # Findings come from the detector; editors judge them, they do not retype them.
    readonly_fields = [
        "movie", "file_name", "file_date", "credits_start_ms", "fits_runtime", "scenes",
        "reasons", "during_credits", "after_credits", "via", "submitted_by", "recorded_at",
        "rejected_by",
    ]  # fmt: skip
    actions = ["reject", "restore"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="Credits start (est.)")
    def credits_start(self, scan: SubtitleScan) -> str:
        return clock_s(scan.credits_start_ms / 1000) if scan.credits_start_ms else "-"

    @admin.display(description="Claimed scenes")
    def claimed(self, scan: SubtitleScan) -> str:
        return (
            ", ".join(
                f"{s['position']} {clock_s(s['start_ms'] / 1000)}-{clock_s(s['end_ms'] / 1000)}"
                for s in scan.claimed_scenes
            )
            or "none"
        )

    def save_model(
        self, request: HttpRequest, obj: SubtitleScan, form: object, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        claims_sync(movie=obj.movie)  # ticking "rejected" withdraws the claims at once

    def delete_model(self, request: HttpRequest, obj: SubtitleScan) -> None:
        movie = obj.movie
        super().delete_model(request, obj)
        claims_sync(movie=movie)

    @admin.action(description="Reject: these files' findings stop counting as evidence")
    def reject(self, request: HttpRequest, queryset: QuerySet[SubtitleScan]) -> None:
        for scan in queryset.select_related("movie"):
            scan_reject(scan=scan, user_id=request.user.pk)
        messages.success(request, f"Rejected {queryset.count()} scan(s); verdicts re-derived.")

    @admin.action(description="Restore: count these files' findings again")
    def restore(self, request: HttpRequest, queryset: QuerySet[SubtitleScan]) -> None:
        for scan in queryset.select_related("movie"):
            scan.rejected = False
            scan.rejected_by = None
            scan.save(update_fields=["rejected", "rejected_by"])
            claims_sync(movie=scan.movie)
        messages.success(request, f"Restored {queryset.count()} scan(s); verdicts re-derived.")
