"""The daily campaign digest: reminders of tasks due soon, escalation of overdue ones.

Campaign sits above rectification and notifications, so it does not hook into the rectification digest (no
lower app may know of campaigns); it runs a step of its own beside it — the same shape, the same channel
(``notifications.services.notify``), the same notification kinds — queued by the ``campaign_digest`` command
(``campaign/tasks.py``), which the daily job runs right after ``rectification_digest``.

One message per person per day:

* a task's owners (the person; the work group's leaders and deputies; the unit's people; the zone's lead):
  their open tasks due within :data:`REMIND_DAYS` days, and their overdue ones;
* for overdue tasks: the group members who oversee the owning zone (分管, from the organization data) and the
  leadership group, who runs the campaign (``core.capabilities.campaign_escalation_q``).

Only active logins holding a role in the hall are told; closed campaigns are left alone. A (hall, day) is sent
once (:class:`TaskDigestRun`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hallkeeper.accounts.models import RoleAssignment
from hallkeeper.core.capabilities import campaign_escalation_q
from hallkeeper.notifications.choices import NotificationKind
from hallkeeper.notifications.services import notify
from hallkeeper.org.choices import MemberRole
from hallkeeper.org.models import Membership, Person
from hallkeeper.places.selectors import overseers_of_zone

from .choices import CampaignState
from .models import Task, TaskDigestRun
from .selectors import OPEN_STATUSES

REMIND_DAYS = 3


@dataclass
class Inbox:
    user: object
    due: dict = field(default_factory=dict)
    overdue: dict = field(default_factory=dict)
    escalated: dict = field(default_factory=dict)


def owner_user_ids(task: Task) -> set[int]:
    """The logins that own ``task``."""
    if task.owner_person_id:
        people = Person.objects.filter(pk=task.owner_person_id)
    elif task.owner_zone_id:
        people = Person.objects.filter(pk=task.owner_zone.lead_id)
    elif task.owner_unit_id:
        people = Person.objects.filter(unit_id=task.owner_unit_id)
    else:
        heads = Membership.objects.filter(group_id=task.owner_group_id).exclude(role=MemberRole.MEMBER)
        people = Person.objects.filter(pk__in=heads.values("person_id"))
    return set(people.exclude(user=None).values_list("user_id", flat=True))


def _line(task: Task, day: dt.date) -> str:
    if task.due < day:
        late = (day - task.due).days
        when = ngettext("due %(date)s, %(days)s day overdue", "due %(date)s, %(days)s days overdue", late) % {
            "date": task.due.isoformat(),
            "days": late,
        }
    else:
        when = _("due %(date)s") % {"date": task.due.isoformat()}
    return f"· {task.title[:60]} · {task.owner} · {when}"


def collect(hall, day: dt.date) -> tuple[dict[int, Inbox], list[Task], list[Task]]:
    """Who is told what on ``day``: (inboxes by user id, overdue tasks, tasks due soon)."""
    open_tasks = (
        Task.objects.filter(campaign__hall=hall, status__in=OPEN_STATUSES)
        .exclude(campaign__state=CampaignState.CLOSED)
        .select_related("campaign", "owner_group", "owner_unit", "owner_person", "owner_zone")
        .order_by("due", "pk")
    )
    overdue = list(open_tasks.filter(due__lt=day))
    due = list(open_tasks.filter(due__gte=day, due__lte=day + dt.timedelta(days=REMIND_DAYS)))
    eligible = set(
        RoleAssignment.objects.filter(hall=hall, user__is_active=True).values_list("user_id", flat=True).distinct()
    )
    users = get_user_model().objects.in_bulk(eligible)
    inboxes: dict[int, Inbox] = {}

    def box(user_id: int) -> Inbox:
        return inboxes.setdefault(user_id, Inbox(user=users[user_id]))

    for bucket, tasks in (("overdue", overdue), ("due", due)):
        for task in tasks:
            for user_id in owner_user_ids(task) & eligible:
                getattr(box(user_id), bucket)[task.pk] = task
    leaders = set(
        RoleAssignment.objects.filter(campaign_escalation_q(), hall=hall, user_id__in=eligible).values_list(
            "user_id", flat=True
        )
    )
    for task in overdue:
        told = set(leaders)
        if task.owner_zone_id:
            told |= {m.person.user_id for m in overseers_of_zone(task.owner_zone)} & eligible
        for user_id in told:
            if task.pk not in box(user_id).overdue:
                box(user_id).escalated[task.pk] = task
    return {uid: b for uid, b in inboxes.items() if b.due or b.overdue or b.escalated}, overdue, due


def _message(inbox: Inbox, day: dt.date) -> tuple[str, str, str]:
    sections = []
    if inbox.overdue:
        sections.append(
            "\n".join([_("Your overdue campaign tasks:"), *(_line(t, day) for t in inbox.overdue.values())])
        )
    if inbox.due:
        sections.append("\n".join([_("Your campaign tasks due soon:"), *(_line(t, day) for t in inbox.due.values())]))
    if inbox.escalated:
        sections.append(
            "\n".join([_("Overdue campaign tasks of others:"), *(_line(t, day) for t in inbox.escalated.values())])
        )
    late = len(inbox.overdue) + len(inbox.escalated)
    if late:
        title = ngettext("%(count)s campaign task overdue", "%(count)s campaign tasks overdue", late) % {"count": late}
        kind = NotificationKind.OVERDUE_ESCALATION if inbox.escalated and not inbox.overdue else NotificationKind.DIGEST
    else:
        count = len(inbox.due)
        title = ngettext("%(count)s campaign task due soon", "%(count)s campaign tasks due soon", count) % {
            "count": count
        }
        kind = NotificationKind.DEADLINE_REMINDER
    return title, "\n\n".join(sections), kind


def run_task_digest(hall, day: dt.date) -> dict:
    """Send ``hall``'s campaign digest of ``day`` once; a summary (``skipped`` when it already ran)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                run = TaskDigestRun.objects.create(hall=hall, day=day)
        except IntegrityError:
            return {"hall": hall.code, "day": day.isoformat(), "skipped": True}
        with translation.override(settings.LANGUAGE_CODE):
            inboxes, overdue, due = collect(hall, day)
            link = reverse("campaign_my_tasks", kwargs={"hall": hall.code})
            for inbox in inboxes.values():
                title, body, kind = _message(inbox, day)
                notify(recipients=[inbox.user], hall=hall, kind=kind, title=title, body=body, link=link)
        run.overdue, run.due_soon, run.recipients = len(overdue), len(due), len(inboxes)
        run.save(update_fields=["overdue", "due_soon", "recipients"])
    return {
        "hall": hall.code,
        "day": day.isoformat(),
        "skipped": False,
        "overdue": len(overdue),
        "due_soon": len(due),
        "recipients": len(inboxes),
    }
