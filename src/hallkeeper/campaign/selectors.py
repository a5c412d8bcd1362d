"""Reads of the campaigns: what a user owns, each campaign's progress, the timeline's geometry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, Subquery

from hallkeeper.org.models import Membership, Person
from hallkeeper.places.models import Zone

from .choices import CampaignState, TaskStatus
from .models import Campaign, Phase, Task, TaskUpdate

OPEN_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED)


def owned_q(user, hall) -> Q:
    """Tasks ``user`` owns in ``hall``: those of the people linked to the login, of their units, of the work
    groups they sit in and of the zones they lead (from the organization data, not the roles)."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    people = list(Person.objects.filter(hall=hall, user=user).values_list("pk", "unit_id"))
    if not people:
        return Q(pk__in=[])
    person_ids = [p for p, _u in people]
    unit_ids = [u for _p, u in people if u]
    group_ids = list(Membership.objects.filter(person_id__in=person_ids).values_list("group_id", flat=True))
    zone_ids = list(Zone.objects.filter(hall=hall, lead_id__in=person_ids).values_list("pk", flat=True))
    return (
        Q(owner_person__in=person_ids)
        | Q(owner_unit__in=unit_ids)
        | Q(owner_group__in=group_ids)
        | Q(owner_zone__in=zone_ids)
    )


def owns_task(user, task: Task) -> bool:
    return Task.objects.filter(owned_q(user, task.campaign.hall), pk=task.pk).exists()


def my_tasks(user, hall):
    """The tasks ``user`` owns in campaigns they see, open ones first, by due date."""
    return with_last_update(
        Task.objects.visible_to(user)
        .filter(campaign__hall=hall)
        .filter(owned_q(user, hall))
        .select_related("campaign", "phase", "owner_group", "owner_unit", "owner_person", "owner_zone")
        .order_by(F("done_on").asc(nulls_first=True), "due", "pk")
    )


def with_last_update(tasks):
    """``tasks`` with ``last_update_at``: when its latest progress update was recorded (``None`` without one)."""
    latest = TaskUpdate.objects.filter(task=OuterRef("pk")).order_by("-at", "-pk").values("at")[:1]
    return tasks.annotate(last_update_at=Subquery(latest))


def hall_tasks(user, hall):
    """Every task of the hall's campaigns that ``user`` sees, by campaign (newest first), phase and order."""
    return with_last_update(
        Task.objects.visible_to(user)
        .filter(campaign__hall=hall)
        .select_related("campaign", "phase", "owner_group", "owner_unit", "owner_person", "owner_zone")
        .order_by("-campaign__starts", "campaign_id", "phase__starts", "order", "pk")
    )


def overdue_days(task: Task, today: dt.date) -> int | None:
    """How many days an open task is past its due date; ``None`` when it is done or not yet due."""
    if task.status == TaskStatus.DONE or task.due >= today:
        return None
    return (today - task.due).days


@dataclass
class Progress:
    total: int
    done: int
    in_progress: int
    blocked: int
    overdue: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress_of(tasks, today: dt.date) -> Progress:
    """Counts of a task queryset, in one query."""
    figures = tasks.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=TaskStatus.DONE)),
        in_progress=Count("pk", filter=Q(status=TaskStatus.IN_PROGRESS)),
        blocked=Count("pk", filter=Q(status=TaskStatus.BLOCKED)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due__lt=today)),
    )
    return Progress(**figures)


class _WithProgress:
    """The campaigns of a list, each with its :class:`Progress` as ``progress``, counted in the same query."""

    def __init__(self, campaigns, today: dt.date):
        self.campaigns = campaigns.annotate(
            n_total=Count("tasks"),
            n_done=Count("tasks", filter=Q(tasks__status=TaskStatus.DONE)),
            n_in_progress=Count("tasks", filter=Q(tasks__status=TaskStatus.IN_PROGRESS)),
            n_blocked=Count("tasks", filter=Q(tasks__status=TaskStatus.BLOCKED)),
            n_overdue=Count("tasks", filter=Q(tasks__status__in=OPEN_STATUSES, tasks__due__lt=today)),
        )

    def count(self) -> int:
        return self.campaigns.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        rows = list(self.campaigns[key])
        for c in rows:
            c.progress = Progress(c.n_total, c.n_done, c.n_in_progress, c.n_blocked, c.n_overdue)
        return rows


def with_progress(campaigns, today: dt.date) -> _WithProgress:
    """``campaigns`` for a paginator, each row carrying its ``progress`` (one query per page)."""
    return _WithProgress(campaigns, today)


@dataclass
class CampaignCard:
    campaign: Campaign
    progress: Progress
    phase: Phase | None  # the phase today falls in


def campaign_progress(user, hall, today: dt.date) -> CampaignCard | None:
    """The hall overview's card: the campaign under way (else the latest planned one) with its progress and
    today's phase; ``None`` when the hall runs none the user sees."""
    campaigns = Campaign.objects.visible_to(user).filter(hall=hall).exclude(state=CampaignState.CLOSED)
    campaign = campaigns.order_by("state", "-starts", "-pk").first()  # "active" sorts before "planned"
    if campaign is None:
        return None
    phase = Phase.objects.filter(campaign=campaign, starts__lte=today, ends__gte=today).order_by("starts").first()
    return CampaignCard(campaign, progress_of(Task.objects.filter(campaign=campaign), today), phase)


# -- the timeline ---------------------------------------------------------------------------------------------

#: The timeline's drawing in SVG user units: label column, chart width, row height.
LABEL_W, CHART_W, ROW_H, HEAD_H = 260, 640, 22, 28
#: Bootstrap's colours as SVG fills (the page's CSP allows no inline style).
FILLS = {"secondary": "#6c757d", "primary": "#0d6efd", "success": "#198754", "danger": "#dc3545", "info": "#0dcaf0"}


@dataclass
class Bar:
    x: float
    y: float
    width: float
    label: str
    colour: str
    kind: str  # "phase" or "task"
    status: str = ""
    link: str = ""
    due: dt.date | None = None
    overdue: bool = False


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Timeline:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    today_x: float | None
    label_w: int = LABEL_W
    row_h: int = ROW_H


def _x(day: dt.date, first: dt.date, span: int) -> float:
    return round(LABEL_W + CHART_W * (day - first).days / span, 1)


def timeline(campaign: Campaign, phases: list[Phase], tasks: list[Task], today: dt.date) -> Timeline:
    """The Gantt-like drawing: a row per phase (its dates), beneath it a row per task (phase start to due date,
    coloured by status, red outline when overdue); week ticks; today's line when inside the campaign. Pure."""
    from .choices import STATUS_COLOURS

    first, last = campaign.starts, campaign.ends
    span = max((last - first).days + 1, 1)
    bars, y = [], HEAD_H
    by_phase: dict[int, list[Task]] = {}
    for task in tasks:
        by_phase.setdefault(task.phase_id, []).append(task)
    for phase in phases:
        x0 = _x(phase.starts, first, span)
        bars.append(
            Bar(
                x0,
                y,
                max(_x(phase.ends + dt.timedelta(days=1), first, span) - x0, 2),
                phase.name,
                FILLS["info"],
                "phase",
            )
        )
        y += ROW_H
        for task in by_phase.get(phase.pk, []):
            x1 = _x(task.due + dt.timedelta(days=1), first, span)
            overdue = task.status != TaskStatus.DONE and task.due < today
            bars.append(
                Bar(
                    x0,
                    y,
                    max(x1 - x0, 2),
                    task.title,
                    FILLS[STATUS_COLOURS[task.status]],
                    "task",
                    task.status,
                    task.get_absolute_url(),
                    task.due,
                    overdue,
                )
            )
            y += ROW_H
    ticks, day = [], first
    while day <= last:
        ticks.append(Tick(_x(day, first, span), f"{day.month}/{day.day}"))
        day += dt.timedelta(days=7)
    today_x = _x(today, first, span) if first <= today <= last else None
    return Timeline(LABEL_W + CHART_W + 10, y + 6, bars, ticks, today_x)
