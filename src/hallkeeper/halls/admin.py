from django.contrib import admin

from hallkeeper.core.admin import ScopedAdmin

from .models import DocumentCounter, DocumentSettings, Hall


@admin.register(Hall)
class HallAdmin(ScopedAdmin):
    list_display = ["code", "name", "organization", "city"]
    search_fields = ["code", "name", "organization"]
    hall_lookup = "pk"


@admin.register(DocumentSettings)
class DocumentSettingsAdmin(ScopedAdmin):
    list_display = ["hall", "issuer_name", "issuer_code"]
    hall_lookup = "hall"


@admin.register(DocumentCounter)
class DocumentCounterAdmin(ScopedAdmin):
    """The shared 发文字号 counters: read by the hall's administrators; a superuser alone corrects one."""

    list_display = ["hall", "code", "year", "last"]
    list_filter = ["year"]
    hall_lookup = "hall"

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        return qs.filter(hall__in=Hall.objects.visible_to(request.user, "view").values("pk"))
