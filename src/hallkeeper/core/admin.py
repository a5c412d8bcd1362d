"""Admin base class that routes every admin queryset through ``visible_to``."""

from django.contrib import admin

from hallkeeper.accounts.access import get_access

from .models import Event


class ScopedAdmin(admin.ModelAdmin):
    """Hall administrators manage their own halls' records; superusers manage all."""

    list_per_page = 50

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.visible_to(request.user, "change") if hasattr(qs, "visible_to") else qs

    def _is_admin(self, request) -> bool:
        return request.user.is_active and request.user.is_staff and get_access(request.user).is_any_admin

    def has_module_permission(self, request):
        return self._is_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_change_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_delete_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_add_permission(self, request):
        if self.model._meta.model_name == "hall":
            return request.user.is_active and request.user.is_superuser
        return self._is_admin(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._limit(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._limit(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _limit(self, db_field, request, kwargs) -> None:
        related = db_field.remote_field.model._default_manager.all()
        if hasattr(related, "visible_to") and "queryset" not in kwargs:
            kwargs["queryset"] = related.visible_to(request.user, "change")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """The event log, read-only: superusers see everything, hall administrators their halls' events."""

    list_display = ["created_at", "hall", "actor", "verb", "content_type", "object_id", "from_state", "to_state"]
    list_filter = ["verb", "hall"]
    list_select_related = ["hall", "actor", "content_type"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        access = get_access(request.user)
        if access.is_superuser:
            return qs
        return qs.filter(hall__in=access.halls_with_role("admin"))

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff and get_access(request.user).is_any_admin

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
