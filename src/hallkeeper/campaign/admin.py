"""Admin for the campaigns: read-only (campaigns, their phases and tasks, progress updates and publicity change
only through Hallkeeper's own pages, whose services check who may act, keep a task due inside its phase and the
phases in order, and record each step). Rows are scoped like every admin page: a hall's administrators see their
halls' campaigns (``visible_to``), superusers all."""

from django.contrib import admin

from hallkeeper.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline

from .models import Campaign, Phase, PublicityItem, Task, TaskUpdate

_OWNERS = ["owner_group", "owner_unit", "owner_person", "owner_zone"]


class PhaseInline(ReadOnlyTabularInline):
    model = Phase
    fields = ["name", "starts", "ends", "description"]
    readonly_fields = fields


class TaskInline(ReadOnlyTabularInline):
    model = Task
    show_change_link = True
    fields = ["phase", "title", "owner", "due", "status", "done_on"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("phase", *_OWNERS)


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["title", "hall", "starts", "ends", "state", "copied_from", "created_by"]
    list_filter = ["state", "hall"]
    list_select_related = ["hall", "copied_from", "created_by"]
    search_fields = ["title"]
    inlines = [PhaseInline, TaskInline]


@admin.register(Phase)
class PhaseAdmin(ReadOnlyAdmin):
    list_display = ["name", "campaign", "starts", "ends"]
    list_select_related = ["campaign"]
    search_fields = ["name", "campaign__title"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["title", "campaign", "phase", "owner", "due", "status", "done_on"]
    list_filter = ["status"]
    list_select_related = ["campaign", "phase", *_OWNERS]
    search_fields = ["title", "campaign__title"]


@admin.register(TaskUpdate)
class TaskUpdateAdmin(ReadOnlyAdmin):
    list_display = ["task", "at", "author", "status"]
    list_filter = ["status"]
    list_select_related = ["task", "author"]
    date_hierarchy = "at"


@admin.register(PublicityItem)
class PublicityItemAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "on", "kind", "description", "created_by"]
    list_filter = ["kind"]
    list_select_related = ["campaign", "created_by"]
