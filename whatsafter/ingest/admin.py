from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from whatsafter.catalog.models import Movie
from whatsafter.ingest.models import ImportRun, MatchReview, RejectedRow, SourceFetch
from whatsafter.ingest.remote.services import match_review_keep_apart, match_review_merge


class RejectedRowInline(admin.TabularInline):
    model = RejectedRow
    extra = 0
    can_delete = False
    readonly_fields = ["file", "line", "reason"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "source",
        "status",
        "started_at",
        "finished_at",
        "rows_read",
        "inserted",
        "updated",
        "unchanged",
        "rejected",
    ]
    list_filter = ["source", "status"]
    readonly_fields = [f.name for f in ImportRun._meta.fields]
    inlines = [RejectedRowInline]


@admin.register(RejectedRow)
class RejectedRowAdmin(admin.ModelAdmin):
    list_display = ["run", "file", "line", "reason"]
    list_filter = ["run__source"]
    search_fields = ["file", "reason"]
    list_select_related = ["run"]
    readonly_fields = ["run", "file", "line", "reason"]


@admin.register(MatchReview)
class MatchReviewAdmin(admin.ModelAdmin):
    """Uncertain matches: pick the right candidate in `chosen` and merge, or keep apart."""

    list_display = ["title", "year", "source", "external_id", "confidence", "status", "created_at"]
    list_filter = ["status", "source"]
    search_fields = ["title", "external_id"]
    readonly_fields = [
        "source",
        "external_id",
        "title",
        "year",
        "candidates",
        "confidence",
        "reason",
        "status",
        "created_at",
        "decided_at",
    ]
    fields = [*readonly_fields[:7], "chosen", *readonly_fields[7:]]
    actions = ["merge_into_chosen", "keep_apart"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "chosen":
            # Only the candidates of the review being edited can be chosen.
            match = request.resolver_match
            review_id = str(match.kwargs.get("object_id", "")) if match else ""
            kwargs["queryset"] = (
                Movie.objects.filter(match_reviews__id=int(review_id))
                if review_id.isdigit()
                else Movie.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description="Merge into the chosen candidate (or the only one)")
    def merge_into_chosen(self, request: HttpRequest, queryset: QuerySet[MatchReview]) -> None:
        merged = skipped = 0
        for review in queryset.filter(status=MatchReview.Status.OPEN):
            candidates = list(review.candidates.all())
            target = review.chosen or (candidates[0] if len(candidates) == 1 else None)
            if target is None:
                skipped += 1
                continue
            with transaction.atomic():
                match_review_merge(review=review, movie=target)
            merged += 1
        self.message_user(
            request,
            f"Merged {merged}; the next import of each fills the film in."
            + (f" {skipped} skipped: choose a candidate first." if skipped else ""),
            messages.SUCCESS if not skipped else messages.WARNING,
        )

    @admin.action(description="Keep apart (the next import adds it as a film of its own)")
    def keep_apart(self, request: HttpRequest, queryset: QuerySet[MatchReview]) -> None:
        count = 0
        for review in queryset.filter(status=MatchReview.Status.OPEN):
            match_review_keep_apart(review=review)
            count += 1
        self.message_user(request, f"Kept {count} apart.", messages.SUCCESS)


@admin.register(SourceFetch)
class SourceFetchAdmin(admin.ModelAdmin):
    list_display = ["source", "external_id", "outcome", "fetched_at"]
    list_filter = ["source", "outcome"]
    search_fields = ["external_id"]
