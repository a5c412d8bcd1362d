"""Admin for inspections: records of what happened are read-only; plans, rounds and the policy are edited on
Hallkeeper's own pages (which make due checks and log events), the scoring policy also here."""

from django.contrib import admin

from hallkeeper.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline, ScopedAdmin

from .models import (
    AcceptanceRound,
    CheckItem,
    DueInspection,
    Finding,
    Inspection,
    InspectionPlan,
    ItemPhoto,
    QuantityCount,
    ScoringPolicy,
)


class CheckItemInline(ReadOnlyTabularInline):
    model = CheckItem
    fields = ["order", "rule", "result", "occurrences", "deduction", "note", "window", "position"]
    readonly_fields = fields


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "kind", "zone", "inspector", "status", "score", "grade", "passed"]
    list_filter = ["kind", "status", "grade", "hall"]
    search_fields = ["zone__code", "zone__name", "inspector__username"]
    list_select_related = ["zone", "inspector"]
    date_hierarchy = "started_at"
    inlines = [CheckItemInline]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["found_at", "zone", "rule", "severity", "occurrences", "deduction"]
    list_filter = ["severity", "hall"]
    list_select_related = ["zone", "rule"]


@admin.register(ItemPhoto)
class ItemPhotoAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "item", "width", "height", "uploaded_by"]


@admin.register(QuantityCount)
class QuantityCountAdmin(ReadOnlyAdmin):
    list_display = ["inspection", "position", "standard", "counted"]

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        return qs.filter(inspection__in=Inspection.objects.visible_to(request.user, "view").values("pk"))


@admin.register(DueInspection)
class DueInspectionAdmin(ReadOnlyAdmin):
    list_display = ["due_on", "plan", "zone", "assignee", "inspection"]
    list_filter = ["plan"]


@admin.register(InspectionPlan)
class InspectionPlanAdmin(ReadOnlyAdmin):
    list_display = ["name", "hall", "kind", "frequency", "assign_to", "active"]
    list_filter = ["kind", "frequency", "active"]


@admin.register(AcceptanceRound)
class AcceptanceRoundAdmin(ReadOnlyAdmin):
    list_display = ["name", "hall", "starts_on", "ends_on"]


@admin.register(ScoringPolicy)
class ScoringPolicyAdmin(ScopedAdmin):
    list_display = ["hall", "excellent_min", "good_min", "qualified_min", "acceptance_pass_line"]
