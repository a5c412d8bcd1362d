from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.admin import ScopedAdmin

from .models import Area, Floor, Position, Window, Zone


@admin.register(Floor)
class FloorAdmin(ScopedAdmin):
    list_display = ["name", "level", "width", "depth", "hall"]
    list_filter = ["hall"]


@admin.register(Area)
class AreaAdmin(ScopedAdmin):
    list_display = ["code", "name", "kind", "floor", "parent", "hall"]
    list_filter = ["kind", "hall", "floor"]
    search_fields = ["code", "name"]
    list_select_related = ["floor", "parent", "hall"]


class WindowInline(admin.TabularInline):
    model = Window
    extra = 0
    fields = ["number", "name", "unit", "area", "is_model"]
    show_change_link = True


@admin.register(Zone)
class ZoneAdmin(ScopedAdmin):
    list_display = ["code", "name", "lead", "hall", "order"]
    list_filter = ["hall"]
    search_fields = ["code", "name", "lead__name"]
    filter_horizontal = ["units", "areas"]
    raw_id_fields = ["lead"]
    list_select_related = ["lead", "hall"]
    inlines = [WindowInline]
    fieldsets = [
        (None, {"fields": ["hall", "code", "name", "lead", "units", "areas", "description", "order"]}),
        (_("Floor plan"), {"fields": ["plan_floor", ("plan_x", "plan_y"), ("plan_width", "plan_depth")]}),
    ]


@admin.register(Window)
class WindowAdmin(ScopedAdmin):
    list_display = ["number", "name", "unit", "zone", "area", "is_model", "hall"]
    list_filter = ["is_model", "hall", "unit__kind"]
    search_fields = ["number", "name", "unit__name"]
    filter_horizontal = ["staff"]
    list_select_related = ["unit", "zone", "area", "hall"]
    fieldsets = [
        (None, {"fields": ["hall", "zone", "area", "number", "name", "unit", "staff", "is_model"]}),
        (
            _("Floor plan"),
            {
                "fields": [("plan_x", "plan_y"), ("plan_width", "plan_depth")],
                "description": _("Drawn on its area's floor, in metres from the floor's corner; a point when 0 × 0."),
            },
        ),
    ]


@admin.register(Position)
class PositionAdmin(ScopedAdmin):
    list_display = ["code", "name", "kind", "zone", "window", "hall"]
    list_filter = ["kind", "hall"]
    search_fields = ["code", "name"]
    raw_id_fields = ["zone", "window", "parent"]
    list_select_related = ["zone", "window", "hall"]
