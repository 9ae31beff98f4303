from django.contrib import admin

from .models import PrivacyAcceptance, PrivacyNotice, RetentionRecord, RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ["covers", "years", "disposal", "active"]
    # What a rule covers is tied to its code in retention.py: chosen once, then fixed.

    def get_readonly_fields(self, request, obj=None):
        return ["covers"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False  # switch a rule off instead, so what it did stays explained


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    list_display = ["version", "published_on"]

    def get_readonly_fields(self, request, obj=None):
        # A version people have accepted must keep saying what they accepted: publish a new one.
        return ["version", "published_on", "text"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PrivacyAcceptance)
class PrivacyAcceptanceAdmin(ReadOnlyAdmin):
    list_display = ["user", "notice", "accepted_at"]
    list_select_related = ["user", "notice"]


@admin.register(RetentionRecord)
class RetentionRecordAdmin(ReadOnlyAdmin):
    list_display = ["rule", "object_id", "done_at"]
    list_select_related = ["rule"]
