"""Admin for the assessment: read-only (periods, results, items, indicators, appeals, honours, commendations and
their nominations change only through Hallkeeper's own pages, whose services check who may take each step and
record it; honours and published commendations are frozen besides). Rows are scoped like every admin page: a
hall's administrators see their halls' records (``visible_to``), superusers all."""

from django.contrib import admin

from hallkeeper.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline

from .models import (
    AdjustmentItem,
    Appeal,
    AssessmentPeriod,
    AssessmentResult,
    Commendation,
    Honour,
    ImportedIndicator,
    Nomination,
)


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


@admin.register(Honour)
class HonourAdmin(ReadOnlyAdmin):
    list_display = ["period", "kind", "target_type", "name", "rank", "score"]
    list_filter = ["kind", "target_type", "hall"]
    list_select_related = ["period", "period__hall"]
    search_fields = ["name"]


class NominationInline(ReadOnlyTabularInline):
    model = Nomination
    fields = ["honour", "target_type", "name", "source", "score", "rank", "reason", "added_by", "added_at"]
    readonly_fields = fields
    show_change_link = False


@admin.register(Commendation)
class CommendationAdmin(ReadOnlyAdmin):
    list_display = ["hall", "title", "from_month", "to_month", "state", "decision_number", "decision_date"]
    list_filter = ["state", "hall"]
    list_select_related = ["hall"]
    search_fields = ["title", "decision_number"]
    inlines = [NominationInline]


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ["commendation", "honour", "target_type", "name", "source", "score", "rank"]
    list_filter = ["honour", "source", "hall"]
    list_select_related = ["commendation", "commendation__hall"]
    search_fields = ["name"]
