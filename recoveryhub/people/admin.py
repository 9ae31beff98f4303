from django.contrib import admin

from recoveryhub.core import access_log
from recoveryhub.core.models import AccessAction

from .models import (
    CarerLink,
    CaseloadAssignment,
    Invitation,
    Locality,
    Person,
    ServiceLine,
    Team,
    TeamMember,
)


@admin.register(Locality)
class LocalityAdmin(admin.ModelAdmin):
    list_display = ("name", "is_rural")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(ServiceLine)
class ServiceLineAdmin(admin.ModelAdmin):
    list_display = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "service_line", "locality")
    list_filter = ("service_line", "locality")
    list_select_related = ("service_line", "locality")
    search_fields = ("name",)
    inlines = [TeamMemberInline]


class CarerInline(admin.TabularInline):
    model = CarerLink
    fk_name = "cared_for"
    extra = 0
    raw_id_fields = ("carer",)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "preferred_name", "date_of_birth", "locality")
    list_filter = ("locality",)
    list_select_related = ("locality",)
    search_fields = ("full_name", "preferred_name")
    raw_id_fields = ("user",)
    show_full_result_count = False
    inlines = [CarerInline]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Admins looking at someone's record show in that person's access log too.
        person = self.get_object(request, object_id)
        if person is not None:
            action = AccessAction.CHANGE if request.method == "POST" else AccessAction.VIEW
            access_log.record_request(request, person, action)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(CaseloadAssignment)
class CaseloadAssignmentAdmin(admin.ModelAdmin):
    list_display = ("person", "team", "worker", "starts_on", "ends_on")
    list_filter = ("team__locality", "team__service_line")
    list_select_related = ("person", "team", "worker")
    raw_id_fields = ("person", "worker")
    show_full_result_count = False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Shown so admins can see an invitation was sent; the link itself is never stored."""

    list_display = ("person", "email", "created_at", "expires_at", "accepted_at")
    readonly_fields = ("person", "email", "created_by", "created_at", "accepted_at")
    exclude = ("token_hash",)
    raw_id_fields = ("person",)

    def has_add_permission(self, request):
        return False
