"""Admin for the suggestions: read-only (submitting, tagging, answering and linking to the handbook revision go
through Hallkeeper's own pages, whose services check a zone the submitter sees and who answers, tell the people
concerned and record each step). Rows are scoped like every admin page (``visible_to``)."""

from django.contrib import admin

from hallkeeper.core.admin import ReadOnlyAdmin

from .models import Suggestion, SuggestionTag


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "hall", "subject", "zone", "state", "submitter_name", "created_at", "answered_at"]
    list_filter = ["state", "subject", "hall"]
    list_select_related = ["hall", "zone"]
    search_fields = ["text", "reply", "submitter_name"]
    date_hierarchy = "created_at"


@admin.register(SuggestionTag)
class SuggestionTagAdmin(ReadOnlyAdmin):
    list_display = ["name", "hall"]
    list_filter = ["hall"]
    list_select_related = ["hall"]
    search_fields = ["name"]
