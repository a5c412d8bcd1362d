"""Excel exports of the campaign task lists (the hall's tasks and "my tasks"), registered with
``hallkeeper.exports`` so a long list is prepared in the background like the inspection list.

The same builder answers the list's direct download and the background job: it starts from ``visible_to``
(only tasks of campaigns the requester sees) and applies the list's filters; invalid filters are ignored, as
on the page."""

from __future__ import annotations

from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.exports import Column
from hallkeeper.exports.registry import ExportPlan, register

from .filters import TaskFilter
from .selectors import hall_tasks, my_tasks, overdue_days

CHUNK = 500


def filtered_tasks(base, user, hall, params):
    """``base`` narrowed by the list's filters ``params`` (a ``QueryDict``); unchanged when they are invalid."""
    request = SimpleNamespace(user=user, hall=hall, GET=params)
    filterset = TaskFilter(params or None, queryset=base, request=request)
    return filterset.qs if filterset.is_bound and filterset.is_valid() else base


def task_columns(today) -> tuple[Column, ...]:
    return (
        Column(_("Campaign"), lambda t: t.campaign.title, 28),
        Column(_("Phase"), lambda t: t.phase.name, 12),
        Column(_("Task"), lambda t: t.title, 50),
        Column(_("Owner"), lambda t: str(t.owner or ""), 20),
        Column(_("Due on"), lambda t: t.due.isoformat(), 12),
        Column(_("Status"), lambda t: t.get_status_display(), 10),
        Column(_("Last update"), lambda t: t.last_update_at, 18),
        Column(_("Days overdue"), lambda t: overdue_days(t, today), 10),
    )


def _plan(title: str, tasks) -> ExportPlan:
    today = timezone.localdate()
    return ExportPlan(
        title=title,
        sheets=[(title, task_columns(today), tasks.iterator(chunk_size=CHUNK))],
        count=lambda: tasks.order_by().count(),
    )


def task_export(user, hall, params) -> ExportPlan:
    """Every task of the hall's campaigns the user sees, with the list's filters."""
    return _plan(gettext("Campaign tasks"), filtered_tasks(hall_tasks(user, hall), user, hall, params))


def my_task_export(user, hall, params) -> ExportPlan:
    """The tasks the user owns, with the list's filters."""
    return _plan(gettext("My tasks"), filtered_tasks(my_tasks(user, hall), user, hall, params))


register("campaign_tasks", task_export)
register("campaign_my_tasks", my_task_export)
