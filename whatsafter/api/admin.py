from django.contrib import admin

from whatsafter.api.models import ApiClient


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "key_prefix", "active", "reports_per_hour", "created_at"]
    list_filter = ["active"]
    readonly_fields = ["key_prefix", "created_at"]
