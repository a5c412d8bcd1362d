from django.contrib import admin

from hallkeeper.core.admin import ScopedAdmin

from .models import Membership, Person, Unit, WorkGroup


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    list_display = ["code", "name", "kind", "hall", "order"]
    list_filter = ["kind", "hall"]
    search_fields = ["code", "name", "short_name"]


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    list_display = ["code", "name", "unit", "title", "phone", "user", "hall"]
    list_filter = ["hall", "unit"]
    search_fields = ["code", "name", "phone", "user__username"]
    list_select_related = ["unit", "user", "hall"]
    raw_id_fields = ["user"]


class MembershipInline(admin.StackedInline):
    model = Membership
    extra = 0
    filter_horizontal = ["oversees_units", "oversees_areas", "oversees_zones"]
    raw_id_fields = ["person"]


@admin.register(WorkGroup)
class WorkGroupAdmin(ScopedAdmin):
    list_display = ["name", "kind", "hall"]
    list_filter = ["kind", "hall"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ["person", "group", "role", "order"]
    list_filter = ["group__kind", "role", "group__hall"]
    search_fields = ["person__name"]
    filter_horizontal = ["oversees_units", "oversees_areas", "oversees_zones"]
    raw_id_fields = ["person"]
