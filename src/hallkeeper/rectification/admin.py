"""Admin for rectification: notices and what happened to them are read-only (they change only through
Hallkeeper's own pages, which check the transition table and log events); the policy is edited here."""

from django.contrib import admin

from hallkeeper.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline, ScopedAdmin

from .models import (
    ExtensionRequest,
    FindingResponse,
    Notice,
    NoticeCounter,
    NoticeItem,
    NoticeResponse,
    RectificationPolicy,
    ResponsePhoto,
)


class NoticeItemInline(ReadOnlyTabularInline):
    model = NoticeItem
    fields = ["order", "finding", "active"]
    readonly_fields = fields


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["number", "hall", "zone", "state", "issued_by", "issued_at", "deadline", "closed_at"]
    list_filter = ["state", "acceptance_failure", "hall"]
    search_fields = ["number", "zone__code", "zone__name", "requirement"]
    list_select_related = ["hall", "zone", "issued_by"]
    date_hierarchy = "issued_at"
    inlines = [NoticeItemInline]


@admin.register(NoticeItem)
class NoticeItemAdmin(ReadOnlyAdmin):
    list_display = ["notice", "finding", "active"]
    list_select_related = ["notice", "finding"]


@admin.register(NoticeResponse)
class NoticeResponseAdmin(ReadOnlyAdmin):
    list_display = ["notice", "by", "at"]
    list_select_related = ["notice", "by"]


@admin.register(FindingResponse)
class FindingResponseAdmin(ReadOnlyAdmin):
    list_display = ["response", "item", "unsatisfactory"]
    list_select_related = ["response__notice", "item"]


@admin.register(ResponsePhoto)
class ResponsePhotoAdmin(ReadOnlyAdmin):
    list_display = ["response", "answer", "width", "height"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdmin):
    list_display = ["notice", "requested_until", "state", "requested_by", "decided_by", "decided_at"]
    list_filter = ["state"]
    list_select_related = ["notice", "requested_by", "decided_by"]


@admin.register(NoticeCounter)
class NoticeCounterAdmin(ReadOnlyAdmin):
    list_display = ["hall", "year", "last"]

    def get_queryset(self, request):
        from hallkeeper.halls.models import Hall

        qs = admin.ModelAdmin.get_queryset(self, request)
        return qs.filter(hall__in=Hall.objects.visible_to(request.user, "view").values("pk"))


@admin.register(RectificationPolicy)
class RectificationPolicyAdmin(ScopedAdmin):
    list_display = ["hall", "number_format", "days_minor", "days_major", "days_veto", "remind_days_before"]
