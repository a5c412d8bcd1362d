"""Admin for the budget: read-only (the price list, surveys and their lines, purchases and hand-outs change only
through Hallkeeper's own pages and the price list's import, whose services refuse negative quantities and prices,
freeze an approved survey, and record each step). Rows are scoped like every admin page (``visible_to``)."""

from django.contrib import admin

from hallkeeper.core.admin import ReadOnlyAdmin

from .models import HandOut, PriceItem, Purchase, Survey, SurveyLine


@admin.register(PriceItem)
class PriceItemAdmin(ReadOnlyAdmin):
    list_display = ["name", "hall", "spec", "unit", "unit_price", "supplier", "position_kind", "per_position"]
    list_filter = ["hall"]
    list_select_related = ["hall"]
    search_fields = ["name", "spec", "supplier"]


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ["title", "hall", "surveyed_on", "state", "submitted_at", "approved_at", "approved_by"]
    list_filter = ["state", "hall"]
    list_select_related = ["hall", "approved_by"]
    search_fields = ["title"]


@admin.register(SurveyLine)
class SurveyLineAdmin(ReadOnlyAdmin):
    list_display = ["survey", "zone", "name", "unit", "unit_price", "required", "has", "confirmed_at"]
    list_select_related = ["survey", "zone"]
    search_fields = ["name", "zone__code", "zone__name"]


@admin.register(Purchase)
class PurchaseAdmin(ReadOnlyAdmin):
    list_display = ["survey", "item", "quantity", "amount", "bought_on", "supplier", "recorded_by"]
    list_select_related = ["survey", "item", "recorded_by"]


@admin.register(HandOut)
class HandOutAdmin(ReadOnlyAdmin):
    list_display = ["survey", "zone", "item", "quantity", "received_by", "handed_on"]
    list_select_related = ["survey", "zone", "item"]
