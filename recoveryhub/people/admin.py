from django.contrib import admin

from recoveryhub.core import access_log
from recoveryhub.core.models import AccessAction

from .models import (
    CarerInvitation,
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
    fieldsets = [
        (None, {"fields": ("name", "service_line", "locality")}),
        (
            "How people and carers contact the team",
            {
                "fields": ("phone", "email", "opening_hours", "address"),
                "description": "Shown to the people the team supports and their carers.",
            },
        ),
    ]


class CarerInline(admin.TabularInline):
    """Carers come only from invitations the person sends and the carer accepts
    (people/carer_invitations.py), and only the person chooses what each sees
    (services.set_carer_sharing): so nothing here can be added or changed."""

    model = CarerLink
    fk_name = "cared_for"
    extra = 0
    verbose_name_plural = (
        "Carers (added only when a carer accepts the person's own invitation; "
        "only the person chooses what each carer sees)"
    )
    fields = readonly_fields = (
        "carer",
        "relationship",
        "since",
        "shares_plans",
        "shares_check_ins",
        "shares_college",
        "shares_episodes",
        "sharing_changed_at",
    )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """Every page here that shows someone is in their access log. The sign-in is joined only
    by an invitation the person accepts, and what an invitation is sent to and checked
    against is changed only by the person or their worker, so an admin cannot become them."""

    list_display = ("full_name", "preferred_name", "date_of_birth", "locality")
    list_filter = ("locality",)
    list_select_related = ("locality",)
    search_fields = ("full_name", "preferred_name")
    readonly_fields = ("user", "email", "date_of_birth")
    show_full_result_count = False
    actions = None  # a bulk delete would show people unlogged
    inlines = [CarerInline]

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            # One event for each person on the page shown.
            access_log.record_many(
                request,
                [(p.pk, p.user_id, p) for p in changelist.result_list],
                AccessAction.VIEW,
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        action = AccessAction.CHANGE if request.method == "POST" else AccessAction.VIEW
        self._record(request, object_id, action)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        # Written first, so the access events the delete would orphan protect the record.
        self._record(request, object_id, AccessAction.VIEW)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._record(request, object_id, AccessAction.VIEW)
        return super().history_view(request, object_id, extra_context)

    def _record(self, request, object_id, action) -> None:
        person = self.get_object(request, object_id)
        if person is not None:
            access_log.record_request(request, person, action)


@admin.register(CaseloadAssignment)
class CaseloadAssignmentAdmin(admin.ModelAdmin):
    list_display = ("person", "team", "worker", "starts_on", "ends_on")
    list_filter = ("team__locality", "team__service_line")
    list_select_related = ("person", "team", "worker")
    raw_id_fields = ("person", "worker")
    show_full_result_count = False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read only: admins can see an invitation was sent; the link itself is never stored."""

    list_display = ("person", "email", "created_at", "sent_at", "accepted_at", "withdrawn_at")
    exclude = ("token_hash",)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CarerInvitation)
class CarerInvitationAdmin(admin.ModelAdmin):
    """Read only: who was invited and when; the link itself is never stored."""

    list_display = ("cared_for", "carer_name", "created_at", "sent_at", "accepted_at")
    list_select_related = ("cared_for",)
    exclude = ("token_hash",)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
