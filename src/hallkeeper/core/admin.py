"""Admin base class that routes every admin queryset through ``visible_to``."""

from django.contrib import admin
from django.db.models import Q

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
        limit_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        limit_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_inline_instances(self, request, obj=None):
        """The inlines' pickers are scoped like the page's own."""
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            inline.formfield_for_foreignkey = _scoped(inline.formfield_for_foreignkey)
            inline.formfield_for_manytomany = _scoped(inline.formfield_for_manytomany)
        return inlines


def pickable_users(user):
    """Accounts a hall administrator may pick (link a person to, give a role): those with a role in one of
    their halls, and accounts no hall has yet (new ones). Superusers pick any."""
    from django.contrib.auth import get_user_model

    from hallkeeper.accounts.models import RoleAssignment

    users = get_user_model()._default_manager.all()
    access = get_access(user)
    if access.is_superuser:
        return users
    halls = access.halls_with_role("admin")
    assigned = RoleAssignment.objects.order_by().values("user_id")
    return users.filter(Q(pk__in=assigned.filter(hall__in=halls)) | (~Q(pk__in=assigned) & Q(is_superuser=False)))


def limit_choices(db_field, request, kwargs) -> None:
    """A picker (select, raw id or autocomplete) offers only what the user may change: ``visible_to`` where the
    model has it, the user's halls' rows where it has a hall, and the accounts of :func:`pickable_users`."""
    if "queryset" in kwargs:
        return
    from django.contrib.auth import get_user_model

    model = db_field.remote_field.model
    related = model._default_manager.all()
    if hasattr(related, "visible_to"):
        kwargs["queryset"] = related.visible_to(request.user, "change")
    elif model is get_user_model():
        kwargs["queryset"] = pickable_users(request.user)
    elif any(f.name == "hall" for f in model._meta.get_fields()) and not get_access(request.user).is_superuser:
        kwargs["queryset"] = related.filter(hall__in=get_access(request.user).halls_with_role("admin"))


def _scoped(method):
    def formfield(db_field, request, **kwargs):
        limit_choices(db_field, request, kwargs)
        return method(db_field, request, **kwargs)

    return formfield


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
