"""Read-mostly admin for the handbook: published versions are shown but never editable here."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.admin import ScopedAdmin

from .models import Handbook, HandbookVersion, Layout, LayoutSlot, QuantityStandard, Rule, RuleImage


class DraftOnlyMixin:
    """Objects of a published or superseded version are read-only in the admin."""

    def _version_of(self, obj):
        return getattr(obj, "version", None) or getattr(getattr(obj, "rule", None), "version", None)

    def has_change_permission(self, request, obj=None):
        if obj is not None and (version := self._version_of(obj)) is not None and not version.is_draft:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (version := self._version_of(obj)) is not None and not version.is_draft:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Handbook)
class HandbookAdmin(ScopedAdmin):
    list_display = ["title", "hall"]


@admin.register(HandbookVersion)
class HandbookVersionAdmin(ScopedAdmin):
    list_display = ["handbook", "number", "status", "published_at", "published_by"]
    list_filter = ["status", "handbook__hall"]
    readonly_fields = ["status", "published_at", "published_by", "based_on", "created_by"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            return False
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return False  # versions start from "revise" on the handbook pages


class RuleImageInline(admin.TabularInline):
    """Pictures are added on the handbook editor's pages, where uploads are checked and stripped of EXIF; here
    they are listed with a link through the access-checked picture view (no file is served from /media)."""

    model = RuleImage
    extra = 0
    fields = ["kind", "caption", "order", "picture"]
    readonly_fields = ["picture"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("image"))
    def picture(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        hall = obj.rule.version.handbook.hall
        url = reverse("handbook_picture", kwargs={"hall": hall.code, "pk": obj.pk})
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', url, obj.caption or obj.get_kind_display()
        )


@admin.register(Rule)
class RuleAdmin(DraftOnlyMixin, ScopedAdmin):
    list_display = ["code", "title", "version", "check_method", "points", "deduction", "cap", "severity"]
    list_filter = ["severity", "check_method", "version__handbook__hall", "version__number"]
    search_fields = ["code", "title", "requirement", "key"]
    list_select_related = ["version__handbook"]
    inlines = [RuleImageInline]

    def has_add_permission(self, request):
        return False  # rules are added to drafts on the handbook pages


class LayoutSlotInline(admin.TabularInline):
    model = LayoutSlot
    extra = 0


@admin.register(Layout)
class LayoutAdmin(DraftOnlyMixin, ScopedAdmin):
    list_display = ["name", "position_kind", "width", "depth", "version"]
    inlines = [LayoutSlotInline]

    def has_add_permission(self, request):
        return False


@admin.register(QuantityStandard)
class QuantityStandardAdmin(DraftOnlyMixin, ScopedAdmin):
    list_display = ["item", "position_kind", "quantity", "unit", "version"]
    list_filter = ["position_kind", "version__number"]

    def has_add_permission(self, request):
        return False
