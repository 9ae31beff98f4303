from django.contrib import admin

from .models import AccessEvent, DemoDataset


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """Read only: access events can never be added, changed or deleted here."""

    list_display = ("occurred_at", "actor", "person", "action", "object_type", "object_id")
    list_filter = ("action",)
    list_select_related = ("actor", "person")
    date_hierarchy = "occurred_at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DemoDataset)
class DemoDatasetAdmin(admin.ModelAdmin):
    list_display = ("step", "size", "seed", "completed_at")
