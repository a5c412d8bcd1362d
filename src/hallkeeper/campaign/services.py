"""Every write of the campaigns, each with its event.

Campaigns, phases, tasks and publicity are changed by the administrators and the leadership group
(``core.capabilities.manages_campaigns``); a task's progress by its owner or a manager
(``updates_campaign_task``). A refusal is keyed by the field it is about and changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallkeeper.core.access import get_access
from hallkeeper.core.capabilities import manages_campaigns, updates_campaign_task
from hallkeeper.core.events import record_event
from hallkeeper.core.input import date_in_range
from hallkeeper.core.uploads import files_for_transaction, validate_image
from hallkeeper.core.validation import field_error
from hallkeeper.halls.numbering import issue_doc_number
from hallkeeper.org.models import Person, Unit, WorkGroup
from hallkeeper.org.selectors import task_breakdown
from hallkeeper.places.models import Zone
from hallkeeper.standards.choices import VersionStatus
from hallkeeper.standards.models import Handbook, HandbookVersion
from hallkeeper.standards.services import ensure_editor, handbook_version_revise

from .choices import PLAN_PHASES, CampaignState, PublicityKind, TaskStatus
from .models import Campaign, Phase, PublicityItem, Task, TaskUpdate
from .selectors import owns_task

OWNER_MODELS = {"group": WorkGroup, "unit": Unit, "person": Person, "zone": Zone}
MAX_TITLE = 300


def _manages(user, hall_id: int) -> None:
    if not manages_campaigns(get_access(user), hall_id):
        raise PermissionDenied(_("Only the administrators and the leadership group run the campaigns."))


def _text(field: str, value, *, required: bool = False, limit: int = 0) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise field_error(field, _("This field is required."), "required")
    if limit and len(text) > limit:
        raise field_error(field, _("At most %(limit)s characters.") % {"limit": limit}, "too_long")
    return text


def _day(field: str, value) -> dt.date:
    if not isinstance(value, dt.date) or not date_in_range(value):
        raise field_error(field, _("Enter a date between 2000 and 2099."), "date")
    return value


def _dates(starts, ends) -> tuple[dt.date, dt.date]:
    starts, ends = _day("starts", starts), _day("ends", ends)
    if ends < starts:
        raise field_error("ends", _("The end comes before the start."), "ends_before_starts")
    return starts, ends


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


# -- campaigns ------------------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *, user, hall, title, starts, ends, goal="", content="", requirements="", plan_phases: bool = False
) -> Campaign:
    """A new campaign; with ``plan_phases`` it gets the plan's four phases (动员培训, 对照实施, 评估验收,
    总结提高) spread over its dates as the plan spreads them over July and August."""
    _manages(user, hall.pk)
    title = _text("title", title, required=True, limit=200)
    starts, ends = _dates(starts, ends)
    if plan_phases and (ends - starts).days < 7:
        raise field_error("ends", _("The plan's four phases need a campaign of at least eight days."), "too_short")
    campaign = Campaign.objects.create(
        hall=hall,
        title=title,
        starts=starts,
        ends=ends,
        goal=_text("goal", goal),
        content=_text("content", content),
        requirements=_text("requirements", requirements),
        created_by=user,
    )
    record_event(
        target=campaign,
        actor=user,
        verb="campaign.created",
        to_state=campaign.state,
        data={"starts": starts.isoformat(), "ends": ends.isoformat()},
    )
    if plan_phases:
        for (name, description), (first, last) in zip(PLAN_PHASES, plan_phase_dates(starts, ends), strict=True):
            Phase.objects.create(campaign=campaign, name=name, description=description, starts=first, ends=last)
    return campaign


def plan_phase_dates(starts: dt.date, ends: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The plan's four phases over ``starts``–``ends``: for 1 July – 31 August exactly 7/1–7/15, 7/15–7/31,
    8/1–8/15, 8/15–8/31 (the plan's 7月中旬 and 8月15日 are shared by two phases)."""
    days = (ends - starts).days

    def at(share: int) -> dt.date:
        return starts + dt.timedelta(days=round(days * share / 61))

    b1, b2, b3 = at(14), at(30), at(45)
    return [(starts, b1), (b1, b2), (min(b2 + dt.timedelta(days=1), b3), b3), (b3, ends)]


@transaction.atomic
def campaign_update(*, user, campaign: Campaign, title, goal, content, requirements, starts, ends) -> Campaign:
    """Change a campaign's texts and dates; refused when a phase would fall outside the new dates."""
    _manages(user, campaign.hall_id)
    campaign = _locked(campaign)
    title = _text("title", title, required=True, limit=200)
    starts, ends = _dates(starts, ends)
    outside = campaign.phases.exclude(starts__gte=starts, ends__lte=ends).first()
    if outside is not None:
        raise field_error(
            "starts",
            _("The phase “%(phase)s” would fall outside the campaign's dates.") % {"phase": outside.name},
            "phase_outside",
        )
    before = {"starts": campaign.starts.isoformat(), "ends": campaign.ends.isoformat(), "title": campaign.title}
    campaign.title, campaign.starts, campaign.ends = title, starts, ends
    campaign.goal, campaign.content = _text("goal", goal), _text("content", content)
    campaign.requirements = _text("requirements", requirements)
    campaign.save()
    record_event(
        target=campaign,
        actor=user,
        verb="campaign.changed",
        data={"before": before, "starts": starts.isoformat(), "ends": ends.isoformat()},
    )
    return campaign


@transaction.atomic
def campaign_set_state(*, user, campaign: Campaign, state: str) -> Campaign:
    """Start (under way) or close a campaign, or reopen it as planned."""
    _manages(user, campaign.hall_id)
    if state not in CampaignState.values:
        raise field_error("state", _("Choose a state."), "state")
    campaign = _locked(campaign)
    before = campaign.state
    if before == state:
        raise field_error(NON_FIELD_ERRORS, _("The campaign is already in this state."), "same_state")
    campaign.state = state
    campaign.save(update_fields=["state", "updated_at"])
    record_event(target=campaign, actor=user, verb="campaign.state_changed", from_state=before, to_state=state)
    return campaign


@transaction.atomic
def campaign_copy(*, user, campaign: Campaign, starts, title="") -> Campaign:
    """The next campaign from ``campaign`` as its template: the texts, the phases and the tasks with their
    owners, every date shifted by the same number of days, statuses reset; no updates or publicity."""
    _manages(user, campaign.hall_id)
    starts = _day("starts", starts)
    shift = starts - campaign.starts
    if not date_in_range(campaign.ends + shift):
        raise field_error("starts", _("Enter a date between 2000 and 2099."), "date")
    copy = Campaign.objects.create(
        hall_id=campaign.hall_id,
        title=_text("title", title, limit=200) or campaign.title,
        goal=campaign.goal,
        content=campaign.content,
        requirements=campaign.requirements,
        starts=starts,
        ends=campaign.ends + shift,
        copied_from=campaign,
        created_by=user,
    )
    phases = {}
    for phase in campaign.phases.all():
        phases[phase.pk] = Phase.objects.create(
            campaign=copy,
            name=phase.name,
            description=phase.description,
            starts=phase.starts + shift,
            ends=phase.ends + shift,
        )
    Task.objects.bulk_create(
        Task(
            campaign=copy,
            phase=phases[t.phase_id],
            title=t.title,
            owner_group_id=t.owner_group_id,
            owner_unit_id=t.owner_unit_id,
            owner_person_id=t.owner_person_id,
            owner_zone_id=t.owner_zone_id,
            due=t.due + shift,
            order=t.order,
        )
        for t in campaign.tasks.all()
    )
    record_event(
        target=copy,
        actor=user,
        verb="campaign.copied",
        to_state=copy.state,
        data={"from": campaign.pk, "shift_days": shift.days},
    )
    return copy


# -- phases ---------------------------------------------------------------------------------------------------


def _check_phase(campaign: Campaign, starts: dt.date, ends: dt.date, exclude: int | None = None) -> None:
    if starts < campaign.starts or ends > campaign.ends:
        raise field_error(
            "starts" if starts < campaign.starts else "ends",
            _("A phase lies inside the campaign's dates (%(starts)s – %(ends)s).")
            % {"starts": campaign.starts, "ends": campaign.ends},
            "phase_outside",
        )
    for other in campaign.phases.exclude(pk=exclude):
        # Two phases may share their boundary day (the plan's 7月中旬, 8月15日), never more.
        if starts < other.ends and other.starts < ends or (starts, ends) == (other.starts, other.ends):
            raise field_error(
                "starts",
                _(
                    "The phase overlaps “%(phase)s” (%(starts)s – %(ends)s); phases follow "
                    "one another, sharing at most their boundary day."
                )
                % {"phase": other.name, "starts": other.starts, "ends": other.ends},
                "phase_overlap",
            )
    if exclude is not None:
        late = Task.objects.filter(phase_id=exclude).exclude(due__gte=starts, due__lte=ends).first()
        if late is not None:
            raise field_error(
                "ends",
                _("The task “%(task)s” is due on %(due)s, outside the new dates.")
                % {"task": late.title[:40], "due": late.due},
                "task_outside",
            )


@transaction.atomic
def phase_add(*, user, campaign: Campaign, name, starts, ends, description="") -> Phase:
    """A phase inside the campaign's dates, not overlapping another (a shared boundary day is allowed)."""
    _manages(user, campaign.hall_id)
    campaign = _locked(campaign)
    name = _text("name", name, required=True, limit=60)
    starts, ends = _dates(starts, ends)
    _check_phase(campaign, starts, ends)
    phase = Phase.objects.create(
        campaign=campaign, name=name, starts=starts, ends=ends, description=_text("description", description)
    )
    record_event(
        target=phase,
        hall=campaign.hall,
        actor=user,
        verb="campaign.phase_added",
        data={"campaign": campaign.pk, "starts": starts.isoformat(), "ends": ends.isoformat()},
    )
    return phase


@transaction.atomic
def phase_update(*, user, phase: Phase, name, starts, ends, description="") -> Phase:
    """Change a phase; refused when it would overlap another or leave one of its tasks outside its dates."""
    _manages(user, phase.campaign.hall_id)
    campaign = _locked(phase.campaign)
    name = _text("name", name, required=True, limit=60)
    starts, ends = _dates(starts, ends)
    _check_phase(campaign, starts, ends, exclude=phase.pk)
    before = {"name": phase.name, "starts": phase.starts.isoformat(), "ends": phase.ends.isoformat()}
    phase.name, phase.starts, phase.ends, phase.description = name, starts, ends, _text("description", description)
    phase.save()
    record_event(
        target=phase,
        hall=campaign.hall,
        actor=user,
        verb="campaign.phase_changed",
        data={"before": before, "starts": starts.isoformat(), "ends": ends.isoformat()},
    )
    return phase


# -- tasks ----------------------------------------------------------------------------------------------------


def _owner(hall, owner_kind: str, owner_id) -> dict:
    model = OWNER_MODELS.get(owner_kind)
    owner = model.objects.filter(hall=hall, pk=owner_id).first() if model and isinstance(owner_id, int) else None
    if owner is None:
        raise field_error(
            "owner", _("Choose the owner: a work group, a unit, a person or a zone of the hall."), "owner"
        )
    return {f"owner_{kind}": owner if kind == owner_kind else None for kind in OWNER_MODELS}


def _due(phase: Phase, due) -> dt.date:
    due = _day("due", due)
    if not phase.starts <= due <= phase.ends:
        raise field_error(
            "due",
            _("The task is due inside its phase “%(phase)s” (%(starts)s – %(ends)s).")
            % {"phase": phase.name, "starts": phase.starts, "ends": phase.ends},
            "due_outside_phase",
        )
    return due


def _phase_of(campaign: Campaign, phase) -> Phase:
    if not isinstance(phase, Phase) or phase.campaign_id != campaign.pk:
        raise field_error("phase", _("Choose a phase of this campaign."), "phase")
    return phase


@transaction.atomic
def task_add(*, user, campaign: Campaign, phase: Phase, title, owner_kind: str, owner_id, due) -> Task:
    """A task of the breakdown with its phase, one owner and a due date inside the phase."""
    _manages(user, campaign.hall_id)
    campaign = _locked(campaign)
    phase = _phase_of(campaign, phase)
    title = _text("title", title, required=True, limit=MAX_TITLE)
    owners = _owner(campaign.hall, owner_kind, owner_id)
    due = _due(phase, due)
    order = campaign.tasks.count()
    task = Task.objects.create(campaign=campaign, phase=phase, title=title, due=due, order=order, **owners)
    record_event(
        target=task,
        hall=campaign.hall,
        actor=user,
        verb="campaign.task_added",
        to_state=task.status,
        data={"campaign": campaign.pk, "phase": phase.pk, "owner": f"{owner_kind}:{owner_id}", "due": due.isoformat()},
    )
    return task


@transaction.atomic
def tasks_from_annex(*, user, campaign: Campaign, phase: Phase, due=None) -> list[Task]:
    """The annex's task breakdown table (``org.selectors.task_breakdown``) as tasks of ``phase``: one per row
    with a duty, owned by the row's person when it names one, else by its work group; due at ``due`` (the
    phase's end by default). A row already a task of the campaign (same duty and owner) is skipped."""
    _manages(user, campaign.hall_id)
    campaign = _locked(campaign)
    phase = _phase_of(campaign, phase)
    due = _due(phase, due or phase.ends)
    existing = set(campaign.tasks.values_list("title", "owner_group_id", "owner_person_id"))
    order = campaign.tasks.count()
    created = []
    for group in task_breakdown(user, campaign.hall):
        for row in group.rows:
            title = (row.duty or "").strip()[:MAX_TITLE]
            if not title:
                continue
            person = row.members[0] if len(row.members) == 1 else None
            key = (title, None if person else group.group.pk, person.pk if person else None)
            if key in existing:
                continue
            existing.add(key)
            created.append(
                Task(
                    campaign=campaign,
                    phase=phase,
                    title=title,
                    due=due,
                    order=order + len(created),
                    owner_person=person,
                    owner_group=None if person else group.group,
                )
            )
    if not created:
        raise field_error(
            NON_FIELD_ERRORS,
            _("The task breakdown table has no row that is not a task already; fill in the work groups first."),
            "annex_empty",
        )
    Task.objects.bulk_create(created)
    record_event(
        target=campaign,
        actor=user,
        verb="campaign.tasks_from_annex",
        data={"phase": phase.pk, "tasks": len(created), "due": due.isoformat()},
    )
    return created


@transaction.atomic
def task_change(*, user, task: Task, phase: Phase, title, owner_kind: str, owner_id, due) -> Task:
    """Change a task's phase, wording, owner or due date (inside its phase)."""
    _manages(user, task.campaign.hall_id)
    campaign = _locked(task.campaign)
    phase = _phase_of(campaign, phase)
    title = _text("title", title, required=True, limit=MAX_TITLE)
    owners = _owner(campaign.hall, owner_kind, owner_id)
    due = _due(phase, due)
    before = {
        "title": task.title,
        "phase": task.phase_id,
        "due": task.due.isoformat(),
        "owner": f"{task.owner_kind}:{task.owner.pk}",
    }
    task.phase, task.title, task.due = phase, title, due
    for name, value in owners.items():
        setattr(task, name, value)
    task.save()
    record_event(
        target=task,
        hall=campaign.hall,
        actor=user,
        verb="campaign.task_changed",
        data={"before": before, "due": due.isoformat(), "owner": f"{owner_kind}:{owner_id}"},
    )
    return task


@transaction.atomic
def task_update(*, user, task: Task, status: str, note="", evidence=None, at=None) -> TaskUpdate:
    """Record progress on a task: its new status, a note and an optional evidence photo (the image checks of
    inspection photos). By its owner or a campaign manager; an update saying nothing new is refused."""
    task = Task.objects.select_for_update().select_related("campaign", "campaign__hall").get(pk=task.pk)
    if not updates_campaign_task(get_access(user), task.campaign.hall_id, owns=owns_task(user, task)):
        raise PermissionDenied(_("Only the task's owner or the leadership group records its progress."))
    if status not in TaskStatus.values:
        raise field_error("status", _("Choose a status."), "status")
    note = _text("note", note, limit=2000)
    if status == task.status and not note and not evidence:
        raise field_error("note", _("Write what was done, change the status or add a photo."), "empty_update")
    if task.campaign.state == CampaignState.CLOSED:
        raise field_error(NON_FIELD_ERRORS, _("The campaign is closed; reopen it to record progress."), "closed")
    at = at or timezone.now()
    before = task.status
    with files_for_transaction() as files:
        update = TaskUpdate(task=task, at=at, author=user, status=status, note=note)
        if evidence:
            clean = validate_image(evidence)
            files.save(update.evidence, clean.name, clean)
        update.save()
        task.status = status
        task.done_on = timezone.localdate(at) if status == TaskStatus.DONE else None
        task.save(update_fields=["status", "done_on", "updated_at"])
        record_event(
            target=task,
            hall=task.campaign.hall,
            actor=user,
            verb="campaign.task_updated",
            from_state=before,
            to_state=status,
            comment=note[:200],
            data={"update": update.pk, "evidence": bool(update.evidence)},
            at=at,
        )
    return update


# -- publicity ------------------------------------------------------------------------------------------------


@transaction.atomic
def publicity_add(*, user, campaign: Campaign, on, kind: str, description, evidence=None) -> PublicityItem:
    """A publicity item (宣传发动): a notice posted, a meeting held, an article — dated inside the campaign."""
    _manages(user, campaign.hall_id)
    on = _day("on", on)
    if not campaign.starts - dt.timedelta(days=31) <= on <= campaign.ends:
        raise field_error("on", _("The date lies within the campaign (or the month before it)."), "on_outside")
    if kind not in PublicityKind.values:
        raise field_error("kind", _("Choose a kind."), "kind")
    description = _text("description", description, required=True, limit=2000)
    with files_for_transaction() as files:
        item = PublicityItem(campaign=campaign, on=on, kind=kind, description=description, created_by=user)
        if evidence:
            clean = validate_image(evidence)
            files.save(item.evidence, clean.name, clean)
        item.save()
        record_event(
            target=item,
            hall=campaign.hall,
            actor=user,
            verb="campaign.publicity_added",
            data={"campaign": campaign.pk, "kind": kind, "on": on.isoformat()},
        )
    return item


# -- the summary, the documents' numbers and the handbook revision ---------------------------------------------

MAX_LESSONS = 5000


@transaction.atomic
def campaign_lessons_save(*, user, campaign: Campaign, lessons) -> Campaign:
    """The leadership group writes what the campaign taught (经验和不足) for the summary report."""
    _manages(user, campaign.hall_id)
    campaign = _locked(campaign)
    lessons = _text("lessons", lessons, limit=MAX_LESSONS)
    if lessons == campaign.lessons:
        raise field_error("lessons", _("The lessons are unchanged."), "unchanged")
    before = len(campaign.lessons)
    campaign.lessons = lessons
    campaign.save(update_fields=["lessons", "updated_at"])
    record_event(
        target=campaign,
        actor=user,
        verb="campaign.lessons_saved",
        data={"chars_before": before, "chars": len(lessons)},
    )
    return campaign


def _numbered(user, campaign: Campaign, field: str, year: int, verb: str, **extra) -> Campaign:
    seq, number = issue_doc_number(campaign.hall, year)
    setattr(campaign, field, number)
    for name, value in extra.items():
        setattr(campaign, name, value)
    campaign.save(update_fields=[field, *extra, "updated_at"])
    record_event(target=campaign, actor=user, verb=verb, data={"number": number, "year": year, "seq": seq})
    return campaign


@transaction.atomic
def campaign_plan_number(*, user, campaign: Campaign) -> Campaign:
    """The work plan's 发文字号, taken the first time a campaign manager issues (downloads) it: the next number of
    the hall's 机关代字 in the year of the plan's date, from the counter every document under that code shares
    (``halls.numbering``), kept on the campaign so the plan always prints the same number."""
    from .workplan import plan_dated

    _manages(user, campaign.hall_id)
    campaign = Campaign.objects.select_for_update().select_related("hall").get(pk=campaign.pk)
    if campaign.plan_number:
        return campaign
    return _numbered(user, campaign, "plan_number", plan_dated(campaign).year, "campaign.plan_numbered")


@transaction.atomic
def campaign_summary_number(*, user, campaign: Campaign) -> Campaign:
    """The summary report's 发文字号 and 成文日期 (today), taken the first time a campaign manager downloads the
    report of a closed campaign (before that, the report prints as a draft without a number); kept on the
    campaign, from the counter the hall's documents share."""
    _manages(user, campaign.hall_id)
    campaign = Campaign.objects.select_for_update().select_related("hall").get(pk=campaign.pk)
    if campaign.summary_number:
        return campaign
    if campaign.state != CampaignState.CLOSED:
        raise field_error(
            NON_FIELD_ERRORS, _("The summary report is numbered once the campaign is closed."), "not_closed"
        )
    today = timezone.localdate()
    return _numbered(user, campaign, "summary_number", today.year, "campaign.summary_numbered", summary_dated=today)


@transaction.atomic
def campaign_handbook_draft(*, user, campaign: Campaign) -> tuple[HandbookVersion, bool]:
    """Open the handbook revision the campaign's summary calls for: a new draft version of the hall's handbook
    (``standards.services.handbook_version_revise``), or the draft already open (nothing else changes). Only
    for those who edit the handbook; ``(draft, created)``. The event links the campaign and the draft."""
    _manages(user, campaign.hall_id)
    ensure_editor(user, campaign.hall)
    handbook = Handbook.objects.select_for_update().filter(hall_id=campaign.hall_id).first()
    if handbook is None:
        raise field_error(NON_FIELD_ERRORS, _("The hall has no handbook to revise."), "no_handbook")
    draft = handbook.versions.filter(status=VersionStatus.DRAFT).first()
    created = draft is None
    if created:
        draft = handbook_version_revise(handbook=handbook, user=user)
    record_event(
        target=campaign,
        actor=user,
        verb="campaign.handbook_revision_opened",
        data={"version": draft.number, "created": created},
    )
    return draft, created
