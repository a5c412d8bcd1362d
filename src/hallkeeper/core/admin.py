"""Admin base classes: every admin queryset goes through ``visible_to``, every change is an event."""

from django.contrib import admin
from django.db.models import Q

from .access import get_access
from .audit import events_of_halls
from .capabilities import halls_administered, halls_audited, halls_picking_accounts
from .changes import snapshot, stored_snapshot
from .events import record_change, with_cascade
from .models import AuditChain, Event


class AuditedAdminMixin:
    """Every addition, change and deletion made in the admin (inline rows included) writes an event with the
    changed fields' values before and after, besides Django's own admin log."""

    def _record(self, request, obj, verb: str, before, after, message="", data=None) -> None:
        record_change(
            target=obj,
            verb=f"{obj._meta.model_name}.{verb}",
            actor=request.user,
            before=before,
            after=after,
            hall=getattr(obj, "hall", None),
            data={"via": "admin", **(data or {})},
            comment=str(message) if isinstance(message, str) else "",
        )

    def save_model(self, request, obj, form, change):
        obj._audit_before = stored_snapshot(obj) if change else None
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        self._record(request, obj, "created", None, snapshot(obj))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        before = getattr(obj, "_audit_before", None)
        self._record(request, obj, "changed", before if before is not None else snapshot(obj), snapshot(obj))
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:  # still in the database: what goes with each is counted
            self._record(request, obj, "deleted", snapshot(obj), None, data=with_cascade(obj))
        return super().log_deletions(request, queryset)

    def save_formset(self, request, form, formset, change):
        deleted = [
            (f.instance, snapshot(f.instance), with_cascade(f.instance)) for f in formset.deleted_forms if f.instance.pk
        ]
        before = {f.instance.pk: stored_snapshot(f.instance) for f in formset.initial_forms if f.instance.pk}
        super().save_formset(request, form, formset, change)
        for obj, values, cascade in deleted:
            obj.pk = obj.pk or values.get("id")
            self._record(request, obj, "deleted", values, None, data=cascade)
        for obj in formset.new_objects:
            self._record(request, obj, "created", None, snapshot(obj))
        for obj, _fields in formset.changed_objects:
            self._record(request, obj, "changed", before.get(obj.pk), snapshot(obj))


class ScopedAdmin(AuditedAdminMixin, admin.ModelAdmin):
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


class ReadOnlyAdmin(ScopedAdmin):
    """Hall administrators read every record of their halls here; nobody edits them."""

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        return qs.visible_to(request.user, "view") if hasattr(qs, "visible_to") else qs

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyTabularInline(admin.TabularInline):
    """The rows of a read-only record, listed on its page: nothing added, changed or deleted here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def pickable_users(user):
    """Accounts a hall's system administrator (to link a person to) or security administrator (to give a role)
    may pick: those with a role in one of their halls, and accounts no hall has yet (new ones). Superusers pick
    any."""
    from django.contrib.auth import get_user_model

    users = get_user_model()._default_manager.all()
    access = get_access(user)
    if access.is_superuser:
        return users
    halls = halls_picking_accounts(access)
    in_halls = users.filter(role_assignments__hall__in=halls).order_by().values("pk")
    assigned = users.filter(role_assignments__isnull=False).order_by().values("pk")
    return users.filter(Q(pk__in=in_halls) | (~Q(pk__in=assigned) & Q(is_superuser=False)))


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
        kwargs["queryset"] = related.filter(hall__in=halls_administered(get_access(request.user)))


def _scoped(method):
    def formfield(db_field, request, **kwargs):
        limit_choices(db_field, request, kwargs)
        return method(db_field, request, **kwargs)

    return formfield


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """The event log, read-only, for audit administrators (their halls' events) and superusers (all).
    System and security administrators do not read it (等保 三员)."""

    list_display = [
        "created_at",
        "hall",
        "actor_name",
        "actor_username",
        "address",
        "verb",
        "content_type",
        "object_id",
    ]
    list_filter = ["verb"]
    search_fields = ["actor_username", "actor_name", "verb"]
    list_select_related = ["hall", "content_type"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        access = get_access(request.user)
        if access.is_superuser:
            return qs
        return events_of_halls(qs, halls_audited(access))

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff and get_access(request.user).is_any_audit_admin

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditChain)
class AuditChainAdmin(EventAdmin):
    """The chain's head and retention anchor, read-only, for the same readers as the events."""

    list_display = ["head_hash", "appends", "anchor_id", "anchor_hash", "anchor_at"]
    list_filter = []
    search_fields = []
    list_select_related = []
    date_hierarchy = None

    def get_queryset(self, request):
        return AuditChain.objects.all()
