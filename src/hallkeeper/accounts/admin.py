from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from hallkeeper.core.admin import ScopedAdmin

from .models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1
    autocomplete_fields = ["hall"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "last_name", "first_name", "email", "is_active", "is_superuser"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    has_view_permission = has_change_permission = has_add_permission = has_delete_permission = (
        lambda self, request, obj=None: request.user.is_active and request.user.is_superuser
    )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedAdmin):
    list_display = ["user", "hall", "role"]
    list_filter = ["role", "hall"]
    search_fields = ["user__username", "user__last_name", "user__first_name"]
    autocomplete_fields = ["hall"]
