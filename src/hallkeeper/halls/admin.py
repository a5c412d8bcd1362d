from django.contrib import admin

from hallkeeper.core.admin import ScopedAdmin

from .models import DocumentSettings, Hall


@admin.register(Hall)
class HallAdmin(ScopedAdmin):
    list_display = ["code", "name", "organization", "city"]
    search_fields = ["code", "name", "organization"]
    hall_lookup = "pk"


@admin.register(DocumentSettings)
class DocumentSettingsAdmin(ScopedAdmin):
    list_display = ["hall", "issuer_name", "issuer_code"]
    hall_lookup = "hall"
