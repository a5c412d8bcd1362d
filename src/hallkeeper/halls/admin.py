from django.contrib import admin

from hallkeeper.core.admin import ScopedAdmin

from .models import Hall


@admin.register(Hall)
class HallAdmin(ScopedAdmin):
    list_display = ["code", "name", "organization", "city"]
    search_fields = ["code", "name", "organization"]
    hall_lookup = "pk"
