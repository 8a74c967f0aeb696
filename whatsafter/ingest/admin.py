from django.contrib import admin

from whatsafter.ingest.models import ImportRun, RejectedRow


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
