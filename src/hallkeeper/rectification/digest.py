"""The daily rectification digest of a hall: reminders before the deadline, escalation once overdue.

One message per person per day, not one per notice:

* each zone lead: their zones' notices due within the policy's reminder days (working days before the
  deadline, ``RectificationPolicy.remind_days_before``) and their overdue ones;
* for overdue notices, the group members who oversee the zone (分管, from the organization data:
  :func:`hallkeeper.places.selectors.overseers_of_zone` — usually the deputy leaders, by unit, area or zone)
  and the hall's supervision group (every overdue notice of the hall);
* the hall's group robot, when one is set: one summary of the overdue notices.

Only people with a login that is active and holds a role in the hall are told. A notice is "overdue"
as everywhere else: waiting for its zone (issued, acknowledged, rectifying) past its deadline.

A run is recorded as a :class:`DigestRun` of (hall, day), unique: the same day's digest is never sent
twice, even when the job runs twice or two workers pick it up at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hallkeeper.accounts.choices import Role
from hallkeeper.accounts.models import RoleAssignment
from hallkeeper.notifications.choices import NotificationKind
from hallkeeper.notifications.models import DigestRun
from hallkeeper.notifications.services import absolute, enqueue_on_commit, notify, settings_for
from hallkeeper.notifications.tasks import post_webhook
from hallkeeper.places.selectors import overseers_of_zone

from .choices import AWAITING_ZONE_STATES
from .deadlines import add_working_days
from .models import Notice
from .notices import notice_link
from .numbering import policy_for

WEBHOOK_MAX_LINES = 30


@dataclass
class Inbox:
    """What one person is told today."""

    user: object
    due: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    escalated: dict = field(default_factory=dict)  # notice pk -> notice, in order
    oversees: bool = False  # told as an overseer of some zones
    supervises: bool = False  # told as a member of the supervision group (every zone)


def _link(name: str, hall) -> str:
    try:
        return reverse(name, kwargs={"hall": hall.code})
    except NoReverseMatch:
        return ""


def _overdue_link(hall) -> str:
    """The hall's notices list filtered to the overdue ones (the list's ``overdue`` filter)."""
    link = _link("notice_list", hall)
    return f"{link}?overdue=true" if link else ""


def _days_late(notice, day: date) -> int:
    return (day - notice.deadline).days


def _line(notice, day: date, with_lead: bool = False) -> str:
    if notice.deadline < day:
        late = _days_late(notice, day)
        when = ngettext("deadline %(date)s, %(days)s day overdue", "deadline %(date)s, %(days)s days overdue", late) % {
            "date": notice.deadline.isoformat(),
            "days": late,
        }
    elif notice.deadline == day:
        when = _("due today")
    else:
        when = _("due %(date)s") % {"date": notice.deadline.isoformat()}
    parts = [notice.number, str(notice.zone), when]
    if with_lead:
        lead = notice.zone.lead
        parts.append(_("lead %(name)s") % {"name": lead.name} if lead else _("no zone lead"))
    return "· " + " · ".join(parts)


def _title(inbox: Inbox) -> tuple[str, str]:
    escalated = len(inbox.escalated)
    if escalated:
        if inbox.oversees and not inbox.supervises:
            title = ngettext(
                "%(count)s rectification notice overdue in the zones you oversee",
                "%(count)s rectification notices overdue in the zones you oversee",
                escalated,
            )
        else:
            title = ngettext(
                "%(count)s rectification notice overdue in the hall",
                "%(count)s rectification notices overdue in the hall",
                escalated,
            )
        kind = NotificationKind.DIGEST if inbox.due or inbox.overdue else NotificationKind.OVERDUE_ESCALATION
        return title % {"count": escalated}, kind
    if inbox.overdue:
        title = ngettext(
            "%(count)s of your rectification notices is overdue",
            "%(count)s of your rectification notices are overdue",
            len(inbox.overdue),
        ) % {"count": len(inbox.overdue)}
        if inbox.due:
            title += _("; %(count)s due soon") % {"count": len(inbox.due)}
        return title, NotificationKind.DEADLINE_REMINDER
    title = ngettext(
        "%(count)s rectification notice is due soon", "%(count)s rectification notices are due soon", len(inbox.due)
    ) % {"count": len(inbox.due)}
    return title, NotificationKind.DEADLINE_REMINDER


def _body(inbox: Inbox, day: date, horizon: date) -> str:
    sections = []
    if inbox.overdue:
        sections.append(
            "\n".join([_("Overdue in your zones:"), *(_line(n, day) for n in inbox.overdue)])
            + "\n"
            + _("Submit the rectification now, or ask for more time with a reason.")
        )
    if inbox.due:
        sections.append(
            "\n".join(
                [
                    _("Due by %(date)s in your zones:") % {"date": horizon.isoformat()},
                    *(_line(n, day) for n in inbox.due),
                ]
            )
        )
    if inbox.escalated:
        heading = (
            _("Overdue in the zones you oversee:")
            if inbox.oversees and not inbox.supervises
            else _("Overdue in the hall:")
        )
        sections.append("\n".join([heading, *(_line(n, day, with_lead=True) for n in inbox.escalated.values())]))
    return "\n\n".join(sections)


def _inbox_link(inbox: Inbox, hall) -> str:
    notices = {n.pk: n for n in (*inbox.overdue, *inbox.due, *inbox.escalated.values())}
    if len(notices) == 1:
        return notice_link(next(iter(notices.values())))
    if inbox.escalated:
        return _overdue_link(hall)
    return _link("notice_inbox", hall) or _link("notice_list", hall)


def webhook_message(hall, overdue: list, day: date) -> tuple[str, str]:
    """The robot's summary of a hall's overdue notices: (title, markdown text)."""
    title = ngettext(
        "%(hall)s: %(count)s rectification notice overdue",
        "%(hall)s: %(count)s rectification notices overdue",
        len(overdue),
    ) % {"hall": hall.display_name, "count": len(overdue)}
    lines = [f"> {day.isoformat()}", ""]
    for notice in overdue[:WEBHOOK_MAX_LINES]:
        lines.append("- " + _line(notice, day, with_lead=True).removeprefix("· "))
    if len(overdue) > WEBHOOK_MAX_LINES:
        more = len(overdue) - WEBHOOK_MAX_LINES
        lines.append(ngettext("- and %(count)s more", "- and %(count)s more", more) % {"count": more})
    link = _overdue_link(hall)
    if link and absolute(link).startswith("http"):
        lines += ["", f"[{_('Open the notices')}]({absolute(link)})"]
    return title, "\n".join(lines)


def collect(hall, day: date) -> tuple[dict[int, Inbox], list, list, date]:
    """Who is told what on ``day``: (inboxes by user id, overdue notices, notices due soon, reminder horizon)."""
    policy = policy_for(hall)
    horizon = add_working_days(day, policy.remind_days_before)
    waiting = (
        Notice.objects.filter(hall=hall, state__in=AWAITING_ZONE_STATES)
        .select_related("hall", "zone", "zone__lead")
        .order_by("deadline", "zone__code", "year", "seq")
    )
    overdue = list(waiting.filter(deadline__lt=day))
    due = list(waiting.filter(deadline__gte=day, deadline__lte=horizon))
    eligible = set(
        RoleAssignment.objects.filter(hall=hall, user__is_active=True).values_list("user_id", flat=True).distinct()
    )
    users = get_user_model().objects.in_bulk(eligible)
    inboxes: dict[int, Inbox] = {}

    def inbox(user_id: int) -> Inbox:
        if user_id not in inboxes:
            inboxes[user_id] = Inbox(user=users[user_id])
        return inboxes[user_id]

    for bucket, notices in (("overdue", overdue), ("due", due)):
        for notice in notices:
            lead = notice.zone.lead
            if lead is not None and lead.user_id in eligible:
                getattr(inbox(lead.user_id), bucket).append(notice)

    if overdue:
        by_zone: dict[int, list] = {}
        zones = {}
        for notice in overdue:
            by_zone.setdefault(notice.zone_id, []).append(notice)
            zones[notice.zone_id] = notice.zone
        for zone_id, notices in by_zone.items():
            for person_user_id in {m.person.user_id for m in overseers_of_zone(zones[zone_id])}:
                if person_user_id in eligible:
                    box = inbox(person_user_id)
                    box.oversees = True
                    box.escalated.update((n.pk, n) for n in notices)
        supervisors = RoleAssignment.objects.filter(hall=hall, role=Role.SUPERVISION, user_id__in=eligible)
        for user_id in supervisors.values_list("user_id", flat=True).distinct():
            box = inbox(user_id)
            box.supervises = True
            box.escalated.update((n.pk, n) for n in overdue)
        # A zone lead already reads their own overdue notices above; escalation lists the others.
        for box in inboxes.values():
            for notice in box.overdue:
                box.escalated.pop(notice.pk, None)
            if box.escalated:  # keep the overdue order (oldest deadline first)
                box.escalated = {n.pk: n for n in overdue if n.pk in box.escalated}
    return {uid: box for uid, box in inboxes.items() if box.due or box.overdue or box.escalated}, overdue, due, horizon


def run_digest(hall, day: date) -> dict:
    """Send ``hall``'s digest of ``day`` once; a summary of what was sent (``skipped`` when it already ran)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                run = DigestRun.objects.create(hall=hall, day=day)
        except IntegrityError:
            return {"hall": hall.code, "day": day.isoformat(), "skipped": True}
        with translation.override(settings.LANGUAGE_CODE):
            inboxes, overdue, due, horizon = collect(hall, day)
            for box in inboxes.values():
                title, kind = _title(box)
                notify(
                    recipients=[box.user],
                    hall=hall,
                    kind=kind,
                    title=title,
                    body=_body(box, day, horizon),
                    link=_inbox_link(box, hall),
                )
            webhook = False
            if overdue and settings_for(hall).has_webhook:
                title, text = webhook_message(hall, overdue, day)
                enqueue_on_commit(post_webhook, hall.pk, text, title)
                webhook = True
        run.reminders, run.overdue, run.recipients, run.webhook_posted = len(due), len(overdue), len(inboxes), webhook
        run.save(update_fields=["reminders", "overdue", "recipients", "webhook_posted"])
    return {
        "hall": hall.code,
        "day": day.isoformat(),
        "skipped": False,
        "reminders": len(due),
        "overdue": len(overdue),
        "recipients": len(inboxes),
        "webhook": webhook,
    }
