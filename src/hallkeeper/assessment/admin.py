"""Admin for the assessment: read-only (periods, results, items, indicators and appeals change only through
Hallkeeper's own pages, whose services check who may take each step and record it)."""

from django.contrib import admin

from hallkeeper.core.admin import ReadOnlyAdmin

from .models import AdjustmentItem, Appeal, AssessmentPeriod, AssessmentResult, ImportedIndicator


@admin.register(AssessmentPeriod)
class AssessmentPeriodAdmin(ReadOnlyAdmin):
    list_display = ["hall", "kind", "starts_on", "revision", "state", "appeal_deadline", "published_at"]
    list_filter = ["kind", "state", "hall"]
    list_select_related = ["hall"]


@admin.register(AssessmentResult)
class AssessmentResultAdmin(ReadOnlyAdmin):
    list_display = ["period", "target_type", "name", "score", "rank"]
    list_filter = ["target_type", "hall"]
    list_select_related = ["period", "period__hall"]
    search_fields = ["name"]


@admin.register(AdjustmentItem)
class AdjustmentItemAdmin(ReadOnlyAdmin):
    list_display = ["hall", "on", "target_type", "kind", "points", "entered_by"]
    list_filter = ["kind", "target_type", "hall"]
    list_select_related = ["hall", "entered_by"]


@admin.register(ImportedIndicator)
class ImportedIndicatorAdmin(ReadOnlyAdmin):
    list_display = ["hall", "month", "window", "person", "indicator", "value"]
    list_filter = ["indicator", "hall"]
    list_select_related = ["hall", "window", "person"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["hall", "result", "appealed_by", "state", "created_at", "answered_at"]
    list_filter = ["state", "hall"]
    list_select_related = ["hall", "result", "result__period", "appealed_by"]
