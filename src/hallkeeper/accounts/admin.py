from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from hallkeeper.core.admin import ScopedAdmin
from hallkeeper.core.events import record_event

from .forms import AdministratorCreationForm, AdministratorPasswordResetForm
from .models import HallSecurityPolicy, PasswordHistory, RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1
    autocomplete_fields = ["hall"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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
    list_display = ["user", "hall", "role"]
    list_filter = ["role", "hall"]
    search_fields = ["user__username", "user__last_name", "user__first_name"]
    autocomplete_fields = ["hall"]


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

    has_module_permission = has_view_permission = lambda self, request, obj=None: (
        request.user.is_active and request.user.is_superuser
    )
    has_add_permission = has_change_permission = has_delete_permission = lambda self, request, obj=None: False
