from django.contrib import admin

from .models import CarerLink, Locality, Person, ServiceLine, Team, TeamMember


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
