from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from hallkeeper.core.admin import AuditedAdminMixin, ScopedAdmin
from hallkeeper.core.capabilities import halls_secured
from hallkeeper.core.events import record_event
from hallkeeper.halls.models import Hall

from .access import get_access
from .forms import AdministratorCreationForm, AdministratorPasswordResetForm
from .models import HallSecurityPolicy, PasswordHistory, RoleAssignment, User
from .roles import separation_problem


class RoleAssignmentForm(forms.ModelForm):
    """Refuses making one user two of the three separated administrators of a hall."""

    class Meta:
        model = RoleAssignment
        fields = ["user", "hall", "role"]

    def clean(self):
        cleaned = super().clean()
        user, hall, role = cleaned.get("user"), cleaned.get("hall"), cleaned.get("role")
        problem = separation_problem(
            user_id=user.pk if user else self.instance.user_id,  # an inline row of the user's page has no user field
            hall_id=hall.pk if hall else None,
            role=role,
            exclude_pk=self.instance.pk,
        )
        if problem:
            raise forms.ValidationError(problem)
        return cleaned


def _security_halls(request):
    access = get_access(request.user)
    if access.is_superuser:
        return Hall.objects.all()
    return Hall.objects.filter(pk__in=halls_secured(access))


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    form = RoleAssignmentForm
    extra = 1
    autocomplete_fields = ["hall"]


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    """User accounts: the installation owner (superuser) only."""

    inlines = [RoleAssignmentInline]
    add_form = AdministratorCreationForm  # the first login must choose a new password
    change_password_form = AdministratorPasswordResetForm  # so must the next login after a reset
    list_display = ["username", "last_name", "first_name", "email", "is_active", "is_superuser"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    has_view_permission = has_change_permission = has_add_permission = has_delete_permission = (
        lambda self, request, obj=None: request.user.is_active and request.user.is_superuser
    )

    def log_change(self, request, obj, message):
        if getattr(obj, "password_reset_by_admin", False):
            record_event(target=obj, verb="auth.password_reset", actor=request.user)
        return super().log_change(request, obj, message)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedAdmin):
    """Role assignments are the security administrator's work (permission changes), not the system
    administrator's; each one is an event with the user, role and hall."""

    form = RoleAssignmentForm
    list_display = ["user", "hall", "role"]
    list_filter = ["role", "hall"]
    search_fields = ["user__username", "user__last_name", "user__first_name"]

    def get_queryset(self, request):
        qs = RoleAssignment.objects.all().select_related("user", "hall")
        return qs.filter(hall__in=_security_halls(request))

    def _is_security_admin(self, request) -> bool:
        return request.user.is_active and request.user.is_staff and get_access(request.user).is_any_security_admin

    def has_module_permission(self, request):
        return self._is_security_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._is_security_admin(request)

    def has_change_permission(self, request, obj=None):
        return self._is_security_admin(request)

    def has_delete_permission(self, request, obj=None):
        return self._is_security_admin(request)

    def has_add_permission(self, request):
        return self._is_security_admin(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "hall":
            kwargs["queryset"] = _security_halls(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(HallSecurityPolicy)
class HallSecurityPolicyAdmin(ScopedAdmin):
    """Each hall's security administrator sets it on the hall's login security page; superusers see them all."""

    list_display = ["hall", "require_admin_second_factor"]
    autocomplete_fields = ["hall"]

    def _is_admin(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser


@admin.register(PasswordHistory)
class PasswordHistoryAdmin(admin.ModelAdmin):
    """When users last changed their passwords (the hashes are not shown)."""

    list_display = ["user", "created_at"]
    fields = ["user", "created_at"]
    search_fields = ["user__username"]

    # Superusers read it, and its rows go with a user they delete; nobody writes it by hand.
    has_module_permission = has_view_permission = has_delete_permission = lambda self, request, obj=None: (
        request.user.is_active and request.user.is_superuser
    )
    has_add_permission = has_change_permission = lambda self, request, obj=None: False
