"""Every write of the assessment: periods through their states, appeals, bonus and penalty items, weights.

A period moves draft → open for appeal → approved → published; each step locks the period row
(``select_for_update``) and refuses a period no longer in the state it needs, so two people taking the same
step at once leave one refused with a clear message. Results are (re)computed only while a period is a draft
(or, after an upheld appeal, while it is open for appeal); a published period is frozen with a snapshot of its
inputs and results, and a correction is a new revision. Every write records an event.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallkeeper.core.access import get_access
from hallkeeper.core.capabilities import (
    approves_assessment,
    leads_zones,
    prepares_assessment,
    reads_assessment_bulletin,
)
from hallkeeper.core.changes import snapshot
from hallkeeper.core.events import record_change, record_event
from hallkeeper.core.hall_settings import settings_save
from hallkeeper.core.official.numbers import doc_number
from hallkeeper.core.uploads import files_for_transaction, validate_image
from hallkeeper.halls.documents import issuer_for
from hallkeeper.halls.numbering import issue_doc_number
from hallkeeper.org.models import Person
from hallkeeper.places.models import Window, Zone
from hallkeeper.transfer.reading import read_upload
from hallkeeper.transfer.results import ImportResult

from . import compute, imports
from .choices import LOCKED_STATES, AdjustmentKind, AppealState, PeriodKind, PeriodState, TargetType
from .inputs import gather_inputs, hall_frame, weights_for
from .models import (
    AdjustmentItem,
    Appeal,
    AssessmentPeriod,
    AssessmentResult,
    ImportedIndicator,
    IndicatorWeights,
)

MAX_TEXT = 2000


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _text(value: str, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message}, code="required")
    if len(text) > MAX_TEXT:
        raise ValidationError({field: _("At most %(max)s characters.") % {"max": MAX_TEXT}}, code="too_long")
    return text


def period_bounds(kind: str, starts_on: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the month, quarter or year beginning on ``starts_on`` (which must begin one)."""
    if kind not in PeriodKind.values:
        raise ValidationError({"kind": _("Choose a month, a quarter or a year.")}, code="kind")
    months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[kind]
    starts = (
        starts_on.day == 1
        and (kind != PeriodKind.QUARTER or starts_on.month in (1, 4, 7, 10))
        and (kind != PeriodKind.YEAR or starts_on.month == 1)
    )
    if not starts:
        raise ValidationError(
            {"starts_on": _("A period starts on the first day of its month, quarter or year.")}, code="start"
        )
    month = starts_on.month - 1 + months
    following = dt.date(starts_on.year + month // 12, month % 12 + 1, 1)
    return starts_on, following - dt.timedelta(days=1)


def _locked(period: AssessmentPeriod, *states: str) -> AssessmentPeriod:
    locked = AssessmentPeriod.objects.select_for_update().get(pk=period.pk)
    if locked.state not in states:
        raise ValidationError(
            _("This period is %(state)s; the step is no longer possible. Reload the page.")
            % {"state": locked.get_state_display()},
            code="stale_state",
        )
    return locked


def _months_of(period: AssessmentPeriod) -> list[dt.date]:
    months, day = [], period.starts_on
    while day <= period.ends_on:
        months.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def compute_outcomes(period: AssessmentPeriod, *, today: dt.date | None = None) -> tuple[dict, list]:
    """The period's inputs (as JSON) and outcomes: a month from the hall's data; a quarter or a year as the
    mean of its months (each month's latest published revision where there is one, else computed now)."""
    weights = weights_for(period.hall)
    if period.kind == PeriodKind.MONTH:
        frame = hall_frame(period.hall, weights)
        inputs = gather_inputs(period.hall, period.starts_on, period.ends_on, today=today, frame=frame)
        outcomes = compute.assess(inputs, weights)
        return {"inputs": compute.inputs_to_json(inputs), "weights": compute.weights_to_json(weights)}, outcomes
    months = []
    sources = []
    starts = _months_of(period)
    latest: dict[dt.date, AssessmentPeriod] = {}  # each month's latest published revision, in one query
    for row in AssessmentPeriod.objects.filter(
        hall=period.hall, kind=PeriodKind.MONTH, starts_on__in=starts, state=PeriodState.PUBLISHED
    ).order_by("starts_on", "-revision"):
        latest.setdefault(row.starts_on, row)
    frame = None  # the hall's weights and places, read once for the months computed now
    for start in starts:
        published = latest.get(start)
        if published is not None and published.snapshot.get("inputs"):
            data = published.snapshot
            months.append(
                compute.assess(compute.inputs_from_json(data["inputs"]), compute.weights_from_json(data["weights"]))
            )
            sources.append({"month": f"{start:%Y-%m}", "period": published.pk, "revision": published.revision})
        else:
            _start, end = period_bounds(PeriodKind.MONTH, start)
            frame = frame or hall_frame(period.hall, weights)
            months.append(compute.assess(gather_inputs(period.hall, start, end, today=today, frame=frame), weights))
            sources.append({"month": f"{start:%Y-%m}", "period": None})
    return {"months": sources, "weights": compute.weights_to_json(weights)}, compute.roll_up(months)


def _store(period: AssessmentPeriod, outcomes: list[compute.Outcome]) -> None:
    """Write the outcomes onto the period's results, updating each target's row in place (its appeals stay)."""
    existing = {(r.target_type, r.zone_id or r.window_id or r.person_id): r for r in period.results.all()}
    new, changed = [], []
    for o in outcomes:
        row = existing.pop(o.key, None)
        if row is None:
            row = AssessmentResult(
                hall_id=period.hall_id,
                period=period,
                target_type=o.target_type,
                zone_id=o.target_id if o.target_type == TargetType.ZONE else None,
                window_id=o.target_id if o.target_type == TargetType.WINDOW else None,
                person_id=o.target_id if o.target_type == TargetType.PERSON else None,
            )
            new.append(row)
        else:
            changed.append(row)
        row.name, row.score, row.rank, row.breakdown = o.name[:200], o.score, o.rank, o.breakdown
    AssessmentResult.objects.bulk_create(new)
    AssessmentResult.objects.bulk_update(changed, ["name", "score", "rank", "breakdown"])
    if existing:  # targets gone since the last computation
        AssessmentResult.objects.filter(pk__in=[r.pk for r in existing.values()]).delete()


def _recompute(period: AssessmentPeriod, user) -> int:
    data, outcomes = compute_outcomes(period)
    _store(period, outcomes)
    period.snapshot = data  # the inputs the results come from; publishing adds the results
    period.computed_at = timezone.now()
    period.computed_by = user
    return sum(1 for o in outcomes if o.score is not None)


@transaction.atomic
def period_create(*, user, hall, kind: str, starts_on: dt.date) -> AssessmentPeriod:
    """A new draft period (revision 1), computed at once."""
    _refuse_unless(
        prepares_assessment(get_access(user), hall.pk), _("Only the supervision group prepares assessments.")
    )
    start, end = period_bounds(kind, starts_on)
    if AssessmentPeriod.objects.filter(hall=hall, kind=kind, starts_on=start).exists():
        raise ValidationError(
            {"starts_on": _("This period exists already; open it, or correct it with a new revision.")},
            code="exists",
        )
    period = AssessmentPeriod.objects.create(hall=hall, kind=kind, starts_on=start, ends_on=end)
    assessed = _recompute(period, user)
    period.save()
    record_event(
        target=period,
        actor=user,
        verb="assessment.created",
        to_state=period.state,
        data={"kind": kind, "starts_on": str(start), "assessed": assessed},
    )
    return period


@transaction.atomic
def period_compute(*, user, period: AssessmentPeriod) -> AssessmentPeriod:
    """Compute a draft period's results again from the current data."""
    _refuse_unless(
        prepares_assessment(get_access(user), period.hall_id), _("Only the supervision group prepares assessments.")
    )
    period = _locked(period, PeriodState.DRAFT)
    assessed = _recompute(period, user)
    period.save()
    record_event(target=period, actor=user, verb="assessment.computed", data={"assessed": assessed})
    return period


@transaction.atomic
def period_open_appeal(*, user, period: AssessmentPeriod, deadline: dt.date, today: dt.date | None = None):
    """Show the zone leads their results; they may appeal until ``deadline`` (today or later)."""
    _refuse_unless(
        prepares_assessment(get_access(user), period.hall_id),
        _("Only the supervision group opens a period for appeal."),
    )
    today = today or timezone.localdate()
    if deadline is None or deadline < today:
        raise ValidationError({"deadline": _("The appeal deadline cannot be in the past.")}, code="deadline")
    period = _locked(period, PeriodState.DRAFT)
    period.state = PeriodState.APPEAL
    period.appeal_deadline = deadline
    period.opened_at = timezone.now()
    period.opened_by = user
    period.save()
    record_event(
        target=period,
        actor=user,
        verb="assessment.opened",
        from_state=PeriodState.DRAFT,
        to_state=period.state,
        data={"deadline": str(deadline)},
    )
    return period


def may_appeal(user, result: AssessmentResult, *, today: dt.date | None = None) -> bool:
    """Whether ``user`` may appeal against ``result`` now: the lead of the result's zone, while the period is
    open for appeal and the deadline has not passed."""
    today = today or timezone.localdate()
    period = result.period
    return (
        result.target_type == TargetType.ZONE
        and period.state == PeriodState.APPEAL
        and period.appeal_deadline is not None
        and today <= period.appeal_deadline
        and leads_zones(get_access(user), period.hall_id)
        and Zone.objects.filter(pk=result.zone_id, lead__user=user).exists()
    )


def has_later_revision(period: AssessmentPeriod) -> bool:
    return AssessmentPeriod.objects.filter(
        hall_id=period.hall_id, kind=period.kind, starts_on=period.starts_on, revision__gt=period.revision
    ).exists()


@transaction.atomic
def appeal_submit(*, user, result: AssessmentResult, reason: str, today: dt.date | None = None) -> Appeal:
    """A zone lead appeals against their own zone's result, before the deadline; one pending per result."""
    today = today or timezone.localdate()
    reason = _text(reason, "reason", _("Say why the result is wrong."))
    period = _locked(result.period, PeriodState.APPEAL)
    access = get_access(user)
    own = (
        result.target_type == TargetType.ZONE
        and leads_zones(access, period.hall_id)
        and Zone.objects.filter(pk=result.zone_id, lead__user=user).exists()
    )
    _refuse_unless(own, _("Only the zone's lead appeals against the zone's result."))
    if period.appeal_deadline is None or today > period.appeal_deadline:
        raise ValidationError(_("The appeal deadline has passed."), code="deadline_passed")
    if Appeal.objects.filter(result=result, state=AppealState.PENDING).exists():
        raise ValidationError(_("An appeal against this result is already waiting for an answer."), code="pending")
    appeal = Appeal.objects.create(hall_id=period.hall_id, result=result, appealed_by=user, reason=reason)
    record_event(
        target=appeal, hall=period.hall, actor=user, verb="appeal.submitted", to_state=appeal.state, comment=reason
    )
    return appeal


def _points(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        points = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"points": _("Enter a number of points.")}, code="points") from None
    if not points.is_finite() or points == 0 or abs(points) > 100:
        raise ValidationError({"points": _("Points are between -100 and 100, and not 0.")}, code="points")
    return points.quantize(Decimal("0.1"))


@transaction.atomic
def appeal_answer(*, user, appeal: Appeal, upheld: bool, answer: str, points=None) -> Appeal:
    """The supervision group answers a pending appeal; upholding it may add points to the zone (a bonus or
    penalty item dated in the period), and the results are computed again."""
    _refuse_unless(
        prepares_assessment(get_access(user), appeal.hall_id), _("Only the supervision group answers appeals.")
    )
    answer = _text(answer, "answer", _("Write the answer."))
    points = _points(points)
    if points is not None and not upheld:
        raise ValidationError({"points": _("Only an upheld appeal changes the points.")}, code="points")
    period = _locked(appeal.result.period, PeriodState.APPEAL)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.state != AppealState.PENDING:
        raise ValidationError(_("This appeal has been answered already."), code="answered")
    appeal.state = AppealState.UPHELD if upheld else AppealState.DISMISSED
    appeal.answer = answer
    appeal.answered_by = user
    appeal.answered_at = timezone.now()
    appeal.save()
    data = {}
    if points is not None:
        result = appeal.result
        item = AdjustmentItem.objects.create(
            hall_id=period.hall_id,
            target_type=result.target_type,
            zone_id=result.zone_id,
            window_id=result.window_id,
            person_id=result.person_id,
            on=period.starts_on,
            kind=AdjustmentKind.APPEAL,
            points=points,
            reason=answer,
            entered_by=user,
        )
        _recompute(period, user)
        period.save()
        data = {"points": str(points), "adjustment": item.pk}
    record_event(
        target=appeal,
        hall=period.hall,
        actor=user,
        verb=f"appeal.{appeal.state}",
        from_state=AppealState.PENDING,
        to_state=appeal.state,
        comment=answer,
        data=data,
    )
    return appeal


@transaction.atomic
def period_approve(*, user, period: AssessmentPeriod) -> AssessmentPeriod:
    """The leadership group approves a period open for appeal once every appeal is answered."""
    _refuse_unless(
        approves_assessment(get_access(user), period.hall_id), _("Only the leadership group approves an assessment.")
    )
    period = _locked(period, PeriodState.APPEAL)
    if Appeal.objects.filter(result__period=period, state=AppealState.PENDING).exists():
        raise ValidationError(_("Some appeals are still waiting for an answer."), code="appeals_pending")
    period.state = PeriodState.APPROVED
    period.approved_at = timezone.now()
    period.approved_by = user
    period.save()
    record_event(
        target=period, actor=user, verb="assessment.approved", from_state=PeriodState.APPEAL, to_state=period.state
    )
    return period


def _results_json(period: AssessmentPeriod) -> list[dict]:
    return [
        {
            "target_type": r.target_type,
            "target_id": r.zone_id or r.window_id or r.person_id,
            "name": r.name,
            "score": None if r.score is None else str(r.score),
            "rank": r.rank,
            "breakdown": r.breakdown,
        }
        for r in period.results.order_by("target_type", "pk")
    ]


@transaction.atomic
def period_publish(*, user, period: AssessmentPeriod) -> AssessmentPeriod:
    """Publish an approved period: it is frozen with a snapshot of its inputs and results. Two people
    publishing at once: the second finds it published and is refused."""
    _refuse_unless(
        approves_assessment(get_access(user), period.hall_id), _("Only the leadership group publishes an assessment.")
    )
    period = _locked(period, PeriodState.APPROVED)
    # the inputs stored with the results when they were last computed, and the results themselves
    period.snapshot = {**period.snapshot, "results": _results_json(period)}
    period.state = PeriodState.PUBLISHED
    period.published_at = timezone.now()
    period.published_by = user
    period.save()
    record_event(
        target=period, actor=user, verb="assessment.published", from_state=PeriodState.APPROVED, to_state=period.state
    )
    _freeze_honours(period, user)
    return period


@transaction.atomic
def period_correct(*, user, period: AssessmentPeriod, reason: str) -> AssessmentPeriod:
    """Correct a published period: a new revision (n + 1) in draft, with the reason; the published one stays."""
    _refuse_unless(
        prepares_assessment(get_access(user), period.hall_id), _("Only the supervision group prepares a correction.")
    )
    reason = _text(reason, "reason", _("Say what the correction is for."))
    period = _locked(period, PeriodState.PUBLISHED)
    if has_later_revision(period):
        raise ValidationError(_("A later revision of this period exists already."), code="later_revision")
    revision = AssessmentPeriod.objects.create(
        hall_id=period.hall_id,
        kind=period.kind,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        revision=period.revision + 1,
        revision_reason=reason,
        corrects=period,
    )
    _recompute(revision, user)
    revision.save()
    record_event(
        target=revision,
        hall=period.hall,
        actor=user,
        verb="assessment.corrected",
        to_state=revision.state,
        comment=reason,
        data={"corrects": period.pk, "revision": revision.revision},
    )
    return revision


def bulletin_date(period: AssessmentPeriod) -> dt.date:
    """The bulletin's 成文日期: the day the leadership group approved the period (its number's year)."""
    return timezone.localdate(period.approved_at or period.published_at or timezone.now())


def bulletin_printed(period: AssessmentPeriod) -> dt.date:
    """The bulletin's 印发日期: the day the period was published; its approval day while not yet published."""
    return timezone.localdate(period.published_at) if period.published_at else bulletin_date(period)


@transaction.atomic
def bulletin_number(*, user, period: AssessmentPeriod) -> AssessmentPeriod:
    """The period's bulletin number (发文字号), taken the first time its bulletin is issued: the next running
    number of the hall's 机关代字 in the year of the bulletin's date, from the counter every document issued
    under that code shares (``halls.numbering``: locked, gap-free — a failed issue rolls it back — and never the
    number of a campaign's work plan or summary report), written ``{机关代字}〔{year}〕{seq}号`` and kept on the
    period, so the same period always prints the same number. Only for an approved or published period; an event
    records the number."""
    _refuse_unless(
        reads_assessment_bulletin(get_access(user), period.hall_id),
        _("Only the hall-wide roles download the assessment bulletin."),
    )
    locked = AssessmentPeriod.objects.select_for_update().select_related("hall").get(pk=period.pk)
    if locked.state not in LOCKED_STATES:
        raise ValidationError(
            _("The bulletin is issued once the period is approved; this period is %(state)s.")
            % {"state": locked.get_state_display()},
            code="not_approved",
        )
    if locked.bulletin_seq:
        return locked
    year = bulletin_date(locked).year
    seq, number = issue_doc_number(locked.hall, year)
    locked.bulletin_year, locked.bulletin_seq, locked.bulletin_number = year, seq, number
    locked.save(update_fields=["bulletin_year", "bulletin_seq", "bulletin_number", "updated_at"])
    record_event(
        target=locked,
        actor=user,
        verb="assessment.bulletin_numbered",
        data={"number": locked.bulletin_number, "year": year, "seq": seq},
    )
    return locked


def locked_months(hall, months) -> set[dt.date]:
    """The months (first days) among ``months`` whose latest month period revision is approved or published:
    their inputs no longer change (a correction opens them again)."""
    latest: dict[dt.date, str] = {}
    rows = AssessmentPeriod.objects.filter(hall=hall, kind=PeriodKind.MONTH, starts_on__in=set(months))
    for starts_on, state in rows.order_by("starts_on", "-revision").values_list("starts_on", "state"):
        latest.setdefault(starts_on, state)
    return {month for month, state in latest.items() if state in LOCKED_STATES}


def month_locked(hall, on: dt.date) -> bool:
    """Whether the month of ``on`` is approved or published (see :func:`locked_months`)."""
    return bool(locked_months(hall, [on.replace(day=1)]))


def _target(hall, target_type: str, target_id) -> dict:
    models = {TargetType.ZONE: Zone, TargetType.WINDOW: Window, TargetType.PERSON: Person}
    model = models.get(target_type)
    if model is None:
        raise ValidationError({"target_type": _("Choose a zone, a window or a staff member.")}, code="target")
    obj = model.objects.filter(hall=hall, pk=target_id).first() if target_id else None
    if obj is None:
        raise ValidationError({"target": _("Choose one of the hall's zones, windows or staff.")}, code="target")
    return {target_type: obj}


def _item_fields(hall, target_type: str, target_id, on: dt.date, kind: str, points, reason: str) -> dict:
    """The checked fields of a bonus or penalty item entered or changed by hand (refusals keyed by field)."""
    target = _target(hall, target_type, target_id)
    if kind not in AdjustmentKind.values or kind == AdjustmentKind.APPEAL:
        raise ValidationError({"kind": _("Choose the kind of item.")}, code="kind")
    points = _points(points)
    if points is None:
        raise ValidationError({"points": _("Enter a number of points.")}, code="points")
    reason = _text(reason, "reason", _("Say what happened."))
    if on is None or month_locked(hall, on):
        raise ValidationError({"on": _locked_month_message()}, code="locked")
    zone, window, person = (target.get(t) for t in (TargetType.ZONE, TargetType.WINDOW, TargetType.PERSON))
    return {
        "target_type": target_type,
        "zone": zone,
        "window": window,
        "person": person,
        "on": on,
        "kind": kind,
        "points": points,
        "reason": reason,
    }


def _locked_month_message() -> str:
    return _("The assessment of this month is approved or published; correct it first.")


def adjustment_change_refusal(item: AdjustmentItem, locked: set[dt.date] | None = None) -> str:
    """Why ``item`` may no longer be changed or withdrawn (``""`` when it may): an item from an upheld appeal
    changes only through the appeal, and an item of a month approved or published stays as it was counted.
    ``locked``, the hall's :func:`locked_months` read once for a page of items, spares a query per item."""
    if item.kind == AdjustmentKind.APPEAL:
        return _("This item comes from an upheld appeal; it is not changed by hand.")
    month = item.on.replace(day=1)
    if (month in locked) if locked is not None else month_locked(item.hall, item.on):
        return _locked_month_message()
    return ""


@transaction.atomic
def adjustment_add(
    *, user, hall, target_type: str, target_id, on: dt.date, kind: str, points, reason: str, evidence=None
) -> AdjustmentItem:
    """Enter a bonus or penalty item with its evidence (a photo or scan); refused in a month already approved."""
    _refuse_unless(
        prepares_assessment(get_access(user), hall.pk), _("Only the supervision group enters bonus and penalty items.")
    )
    fields = _item_fields(hall, target_type, target_id, on, kind, points, reason)
    item = AdjustmentItem(hall=hall, entered_by=user, **fields)
    data = {"points": str(fields["points"]), "kind": kind, "on": str(on), "target": f"{target_type}:{target_id}"}
    _save_item(
        item,
        evidence,
        lambda: record_event(
            target=item, hall=hall, actor=user, verb="adjustment.added", comment=fields["reason"], data=data
        ),
    )
    return item


def _save_item(item: AdjustmentItem, evidence, record) -> None:
    """Save ``item`` with ``evidence`` (a new photo or scan, checked here; none keeps the stored one) and
    ``record()`` its event; a refused file or a failure after it leaves no file behind."""
    with files_for_transaction() as files:
        if evidence:
            clean = validate_image(evidence)
            files.save(item.evidence, clean.name, clean)
        item.save()
        record()


def _locked_item(user, item: AdjustmentItem, refused: str) -> AdjustmentItem:
    _refuse_unless(prepares_assessment(get_access(user), item.hall_id), refused)
    locked = AdjustmentItem.objects.select_for_update().filter(pk=item.pk).first()
    if locked is None:
        raise ValidationError(_("This item has been withdrawn already. Reload the page."), code="gone")
    refusal = adjustment_change_refusal(locked)
    if refusal:
        raise ValidationError(refusal, code="locked")
    return locked


@transaction.atomic
def adjustment_change(
    *,
    user,
    item: AdjustmentItem,
    target_type: str,
    target_id,
    on: dt.date,
    kind: str,
    points,
    reason: str,
    evidence=None,
) -> AdjustmentItem:
    """Change a bonus or penalty item entered by hand, while neither its month nor the month of its new date
    is approved or published; ``evidence`` (a new photo or scan) replaces the stored one, whose file is
    removed once the change is committed."""
    item = _locked_item(user, item, _("Only the supervision group changes bonus and penalty items."))
    fields = _item_fields(item.hall, target_type, target_id, on, kind, points, reason)
    before = snapshot(item)
    old_file = item.evidence.name if evidence else ""
    storage = item.evidence.storage
    for name, value in fields.items():
        setattr(item, name, value)
    _save_item(
        item,
        evidence,
        lambda: record_change(
            target=item,
            verb="adjustment.changed",
            actor=user,
            before=before,
            after=snapshot(item),
            hall=item.hall,
            comment=fields["reason"],
        ),
    )
    if old_file:
        transaction.on_commit(lambda: storage.delete(old_file))
    return item


@transaction.atomic
def adjustment_withdraw(*, user, item: AdjustmentItem, reason: str) -> None:
    """Withdraw (delete) a bonus or penalty item entered by hand, with the reason, while its month is neither
    approved nor published; the event keeps every field's last value, and the evidence file is removed once
    the withdrawal is committed."""
    item = _locked_item(user, item, _("Only the supervision group withdraws bonus and penalty items."))
    reason = _text(reason, "reason", _("Say why the item is withdrawn."))
    evidence, storage = item.evidence.name, item.evidence.storage
    record_change(
        target=item, verb="adjustment.withdrawn", actor=user, before=snapshot(item), after=None, hall=item.hall,
        comment=reason,
    )  # fmt: skip
    item.delete()
    if evidence:
        transaction.on_commit(lambda: storage.delete(evidence))


def weights_save(*, user, instance: IndicatorWeights) -> IndicatorWeights:
    """Administrators save the hall's weights (they must add up to 100)."""
    return settings_save(
        user=user,
        instance=instance,
        verb="assessment_weights.saved",
        refused=_("Only administrators change the assessment weights."),
    )


def indicators_import(*, user, hall, file) -> ImportResult:
    """Import a month's indicators from an .xlsx upload: every row checked first, then all written (a figure
    already imported for the same month, target and indicator is replaced) or, with any error, nothing."""
    _refuse_unless(prepares_assessment(get_access(user), hall.pk), _("Only the supervision group imports indicators."))
    result = ImportResult(entity="indicators")
    sheet = read_upload(file, result)
    if sheet is None:
        return result
    columns = imports.match_header(sheet.header, result)
    if not result.ok:
        return result
    if not sheet.rows:
        result.add_error(None, "", _("The file has no rows below the header row; there is nothing to import."))
        return result
    rows = imports.parse_rows(hall, columns, sheet.rows, result)
    for row in rows:
        if month_locked(hall, row.month):
            result.add_error(
                row.number,
                imports.COLUMNS[imports.MONTH],
                _("The assessment of %(month)s is approved or published; correct it first.")
                % {"month": f"{row.month:%Y-%m}"},
            )
    if not result.ok:
        return result
    with transaction.atomic():
        for row in rows:
            _obj, created = ImportedIndicator.objects.update_or_create(
                hall=hall,
                month=row.month,
                window=row.window,
                person=row.person,
                indicator=row.indicator,
                defaults={"value": row.value, "imported_by": user},
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
        record_event(
            target=hall,
            hall=hall,
            actor=user,
            verb="assessment.indicators_imported",
            data={
                "file": getattr(file, "name", "") or "",
                "rows": len(rows),
                "created": result.created,
                "updated": result.updated,
            },
        )
    return result


# -- honours (红黑榜, 流动红旗, 红旗窗口, 服务之星) -------------------------------------------------------------------


def _freeze_honours(period: AssessmentPeriod, user) -> None:
    """Store the honours of a period being published (under the hall's rules of now) and record them; a step of
    :func:`period_publish`, inside its transaction and lock."""
    from .honours import compute_for, rules_for_period, rules_to_json
    from .models import Honour

    honours = compute_for(period, period.results.all())
    ids = {TargetType.ZONE: "zone_id", TargetType.WINDOW: "window_id", TargetType.PERSON: "person_id"}
    Honour.objects.bulk_create(
        Honour(
            hall_id=period.hall_id,
            period=period,
            kind=kind,
            target_type=unit.target_type,
            name=unit.name[:200],
            rank=unit.rank,
            score=unit.score,
            **{ids[unit.target_type]: unit.target_id},
        )
        for kind, unit in honours.rows()
    )
    rules = rules_for_period(period)
    period.snapshot = {**period.snapshot, "honour_rules": rules_to_json(rules)}
    period.save(update_fields=["snapshot", "updated_at"])
    record_event(
        target=period,
        actor=user,
        verb="assessment.honours_frozen",
        data={
            "flag": [u.name for u in honours.flag],
            "flag_reason": honours.flag_reason,
            "red_list": len(honours.red_list),
            "black_list": len(honours.black_list),
            "red_windows": len(honours.red_windows),
            "service_stars": len(honours.service_stars),
            "corrects": period.corrects_id,
        },
    )


def honour_rules_save(*, user, instance):
    """The supervision group or an administrator saves the hall's honour rules (overlapping thresholds are
    refused, field by field, and nothing is saved); the change is recorded (before and after). They apply to
    periods published from now on: a published period keeps its honours."""
    from hallkeeper.core.changes import snapshot, stored_snapshot
    from hallkeeper.core.events import record_change

    _refuse_unless(
        prepares_assessment(get_access(user), instance.hall_id),
        _("Only the supervision group and administrators change the honour rules."),
    )
    with transaction.atomic():
        instance.full_clean()
        before = stored_snapshot(instance)
        instance.save()
        record_change(
            target=instance,
            hall=instance.hall,
            actor=user,
            verb="honour_rules.saved",
            before=before,
            after=snapshot(instance),
        )
    return instance


# -- commendation (表彰先进典型) ------------------------------------------------------------------------------
# A commendation moves draft → submitted → approved → published; rejected goes back to draft with a reason.
# Nominations change only in a draft. Each step locks the commendation's row and refuses one no longer in the
# state it needs, so two people approving or publishing at once leave one refused with a clear message.

from django.core.exceptions import NON_FIELD_ERRORS  # noqa: E402

from hallkeeper.core.validation import field_error  # noqa: E402

from . import commendation as commending  # noqa: E402
from .models import (  # noqa: E402
    HONOUR_CN,
    HONOUR_TARGETS,
    Commendation,
    CommendationState,
    DecisionCounter,
    HonourTitle,
    Nomination,
    NominationSource,
)

#: The longest span a commendation covers, and the most nominations one ranking step adds per rank cut-off.
MAX_COMMENDATION_MONTHS = 24
MAX_TOP = 50


def _prepares(user, hall_id: int, message: str) -> None:
    _refuse_unless(prepares_assessment(get_access(user), hall_id), message)


def _approves(user, hall_id: int, message: str) -> None:
    _refuse_unless(approves_assessment(get_access(user), hall_id), message)


def _commendation_locked(commendation: Commendation, *states: str) -> Commendation:
    locked = Commendation.objects.select_for_update().select_related("hall").get(pk=commendation.pk)
    if locked.state not in states:
        raise field_error(
            NON_FIELD_ERRORS,
            _("This commendation is %(state)s; the step is no longer possible. Reload the page.")
            % {"state": locked.get_state_display()},
            "stale_state",
        )
    return locked


def _month_count(from_month: dt.date, to_month: dt.date) -> int:
    return (to_month.year - from_month.year) * 12 + to_month.month - from_month.month + 1


def commendation_span(from_month: dt.date | None, to_month: dt.date | None) -> tuple[dt.date, dt.date]:
    """The first days of the span's first and last months, refused when missing, reversed or too long."""
    if from_month is None:
        raise field_error("from_month", _("Choose the first month."), "required")
    if to_month is None:
        raise field_error("to_month", _("Choose the last month."), "required")
    first, last = from_month.replace(day=1), to_month.replace(day=1)
    if last < first:
        raise field_error("to_month", _("The last month cannot come before the first."), "span")
    if _month_count(first, last) > MAX_COMMENDATION_MONTHS:
        raise field_error(
            "to_month",
            _("A commendation covers at most %(max)s months.") % {"max": MAX_COMMENDATION_MONTHS},
            "span",
        )
    return first, last


def published_months(hall, from_month: dt.date, to_month: dt.date) -> list[AssessmentPeriod]:
    """The span's published month periods, each month's latest published revision, oldest first."""
    periods = AssessmentPeriod.objects.filter(
        hall=hall,
        kind=PeriodKind.MONTH,
        state=PeriodState.PUBLISHED,
        starts_on__gte=from_month,
        starts_on__lte=to_month,
    ).order_by("starts_on", "-revision")
    latest: dict[dt.date, AssessmentPeriod] = {}
    for period in periods:
        latest.setdefault(period.starts_on, period)
    return list(latest.values())


def commendation_ranking(hall, from_month: dt.date, to_month: dt.date, target_type: str) -> list:
    """The targets of ``target_type`` ranked by their average score over the span's published months."""
    periods = published_months(hall, from_month, to_month)
    starts = {p.pk: p.starts_on for p in periods}
    results = AssessmentResult.objects.filter(period_id__in=list(starts), target_type=target_type)
    scores = [
        commending.MonthScore(
            r.target_type, r.zone_id or r.window_id or r.person_id, r.name, starts[r.period_id], r.score
        )
        for r in results
    ]
    return commending.standings(scores, target_type)


def _title(value: str) -> str:
    title = (value or "").strip()
    if not title:
        raise field_error("title", _("Enter the decision's title."), "required")
    if len(title) > 200:
        raise field_error("title", _("At most %(max)s characters.") % {"max": 200}, "too_long")
    return title


@transaction.atomic
def commendation_create(*, user, hall, title: str, from_month: dt.date, to_month: dt.date) -> Commendation:
    """A new draft commendation of the months ``from_month`` to ``to_month`` (the supervision group); an empty
    title becomes the usual one (关于表彰…现场管理先进典型的决定)."""
    _prepares(user, hall.pk, _("Only the supervision group prepares a commendation."))
    first, last = commendation_span(from_month, to_month)
    title = _title(title or commending.suggested_title(hall.name, first, last))
    commendation = Commendation.objects.create(hall=hall, title=title, from_month=first, to_month=last, created_by=user)
    record_event(
        target=commendation,
        actor=user,
        verb="commendation.created",
        to_state=commendation.state,
        data={"from": f"{first:%Y-%m}", "to": f"{last:%Y-%m}"},
    )
    return commendation


def _honour(honour: str, target_type: str | None = None) -> str:
    if honour not in HonourTitle.values:
        raise field_error("honour", _("Choose an honour."), "honour")
    if target_type is not None and HONOUR_TARGETS[honour] != target_type:
        raise field_error("honour", _("This honour goes to another kind of target."), "honour_target")
    return honour


def _nominated(commendation: Commendation, target_type: str, target_id: int) -> bool:
    return Nomination.objects.filter(commendation=commendation, **{f"{target_type}_id": target_id}).exists()


@transaction.atomic
def nominate_from_ranking(*, user, commendation: Commendation, honour: str, top) -> list[Nomination]:
    """Nominate for ``honour`` the first ``top`` windows, zones or staff (the honour says which) by their average
    score over the span's published months, ties at the cut-off included; targets already nominated are
    skipped. Refused when no month of the span is published."""
    _prepares(user, commendation.hall_id, _("Only the supervision group nominates."))
    honour = _honour(honour)
    try:
        top = int(str(top).strip())
    except (TypeError, ValueError):
        raise field_error("top", _("Enter how many to nominate."), "top") from None
    if not 1 <= top <= MAX_TOP:
        raise field_error("top", _("Nominate between 1 and %(max)s.") % {"max": MAX_TOP}, "top")
    commendation = _commendation_locked(commendation, CommendationState.DRAFT)
    first, last = commendation.from_month, commendation.to_month
    if not published_months(commendation.hall, first, last):
        raise field_error(
            "top",
            _("No month from %(first)s to %(last)s is published yet; publish the months' assessments first.")
            % {"first": f"{first:%Y-%m}", "last": f"{last:%Y-%m}"},
            "no_published_month",
        )
    target_type = HONOUR_TARGETS[honour]
    chosen = commending.top(commendation_ranking(commendation.hall, first, last, target_type), top)
    added = []
    for standing in chosen:
        if _nominated(commendation, target_type, standing.target_id):
            continue
        added.append(
            Nomination.objects.create(
                hall_id=commendation.hall_id,
                commendation=commendation,
                target_type=target_type,
                **{f"{target_type}_id": standing.target_id},
                name=standing.name[:200],
                honour=honour,
                source=NominationSource.RANKING,
                reason=commending.ranking_reason(first, last, standing),
                score=standing.average,
                rank=standing.rank,
                added_by=user,
            )
        )
    record_event(
        target=commendation,
        actor=user,
        verb="commendation.nominated",
        data={
            "source": NominationSource.RANKING,
            "honour": honour,
            "top": top,
            "added": [n.name for n in added],
            "skipped": len(chosen) - len(added),
        },
    )
    return added


@transaction.atomic
def nomination_add(
    *, user, commendation: Commendation, honour: str, target_type: str, target_id, reason: str
) -> Nomination:
    """Nominate one of the hall's zones, windows or staff by hand, with the reason (required); its average
    score over the span's published months is kept when it has one."""
    _prepares(user, commendation.hall_id, _("Only the supervision group nominates."))
    reason = _text(reason, "reason", _("Say why they are commended."))
    target = _target(commendation.hall, target_type, target_id)
    honour = _honour(honour, target_type)
    commendation = _commendation_locked(commendation, CommendationState.DRAFT)
    obj = target[target_type]
    if _nominated(commendation, target_type, obj.pk):
        raise field_error("target", _("They are nominated in this commendation already."), "nominated")
    first, last = commendation.from_month, commendation.to_month
    standing = next(
        (s for s in commendation_ranking(commendation.hall, first, last, target_type) if s.target_id == obj.pk), None
    )
    nomination = Nomination.objects.create(
        hall_id=commendation.hall_id,
        commendation=commendation,
        target_type=target_type,
        **target,
        name=str(obj)[:200],
        honour=honour,
        source=NominationSource.HAND,
        reason=reason,
        score=standing.average if standing else None,
        rank=standing.rank if standing else None,
        added_by=user,
    )
    record_event(
        target=commendation,
        actor=user,
        verb="commendation.nominated",
        comment=reason,
        data={"source": NominationSource.HAND, "honour": honour, "added": [nomination.name]},
    )
    return nomination


@transaction.atomic
def nomination_remove(*, user, nomination: Nomination) -> None:
    """Take a nomination off a draft commendation."""
    _prepares(user, nomination.hall_id, _("Only the supervision group changes the nominations."))
    commendation = _commendation_locked(nomination.commendation, CommendationState.DRAFT)
    name, honour = nomination.name, nomination.honour
    if not Nomination.objects.filter(pk=nomination.pk, commendation=commendation).delete()[0]:
        raise field_error(NON_FIELD_ERRORS, _("This nomination has been removed already."), "gone")
    record_event(
        target=commendation, actor=user, verb="commendation.nomination_removed", data={"name": name, "honour": honour}
    )


@transaction.atomic
def nomination_reason(*, user, nomination: Nomination, reason: str) -> Nomination:
    """Rewrite a nomination's reason (the short text the decision prints) while the commendation is a draft."""
    _prepares(user, nomination.hall_id, _("Only the supervision group changes the nominations."))
    reason = _text(reason, "reason", _("Say why they are commended."))
    commendation = _commendation_locked(nomination.commendation, CommendationState.DRAFT)
    nomination = Nomination.objects.filter(pk=nomination.pk, commendation=commendation).first()
    if nomination is None:
        raise field_error(NON_FIELD_ERRORS, _("This nomination has been removed already."), "gone")
    nomination.reason = reason
    nomination.save(update_fields=["reason"])
    record_event(
        target=commendation,
        actor=user,
        verb="commendation.reason_edited",
        comment=reason,
        data={"name": nomination.name},
    )
    return nomination


@transaction.atomic
def commendation_submit(*, user, commendation: Commendation) -> Commendation:
    """The supervision group submits a draft with at least one nomination to the leadership group."""
    _prepares(user, commendation.hall_id, _("Only the supervision group submits a commendation."))
    commendation = _commendation_locked(commendation, CommendationState.DRAFT)
    if not commendation.nominations.exists():
        raise field_error(NON_FIELD_ERRORS, _("Nominate at least one before submitting."), "empty")
    commendation.state = CommendationState.SUBMITTED
    commendation.submitted_at, commendation.submitted_by = timezone.now(), user
    commendation.save()
    record_event(
        target=commendation,
        actor=user,
        verb="commendation.submitted",
        from_state=CommendationState.DRAFT,
        to_state=commendation.state,
    )
    return commendation


@transaction.atomic
def commendation_approve(*, user, commendation: Commendation) -> Commendation:
    """The leadership group approves a submitted commendation; nothing in it changes from now on."""
    _approves(user, commendation.hall_id, _("Only the leadership group approves a commendation."))
    commendation = _commendation_locked(commendation, CommendationState.SUBMITTED)
    commendation.state = CommendationState.APPROVED
    commendation.approved_at, commendation.approved_by = timezone.now(), user
    commendation.save()
    record_event(
        target=commendation,
        actor=user,
        verb="commendation.approved",
        from_state=CommendationState.SUBMITTED,
        to_state=commendation.state,
    )
    return commendation


@transaction.atomic
def commendation_reject(*, user, commendation: Commendation, reason: str) -> Commendation:
    """The leadership group sends a submitted commendation back to draft with the reason."""
    _approves(user, commendation.hall_id, _("Only the leadership group rejects a commendation."))
    reason = _text(reason, "reason", _("Say why it goes back."))
    commendation = _commendation_locked(commendation, CommendationState.SUBMITTED)
    commendation.state = CommendationState.DRAFT
    commendation.rejected_at, commendation.rejected_by = timezone.now(), user
    commendation.rejection_reason = reason
    commendation.save()
    record_event(
        target=commendation,
        actor=user,
        verb="commendation.rejected",
        from_state=CommendationState.SUBMITTED,
        to_state=commendation.state,
        comment=reason,
    )
    return commendation


def _locked_decision_counter(hall_id: int, year: int) -> DecisionCounter:
    for _attempt in range(3):
        counter = DecisionCounter.objects.select_for_update().filter(hall_id=hall_id, year=year).first()
        if counter is not None:
            return counter
        try:
            with transaction.atomic():  # a savepoint: losing the race to create the row is not an error
                DecisionCounter.objects.create(hall_id=hall_id, year=year, last=0)
        except IntegrityError:
            pass
    raise RuntimeError(f"could not lock the decision counter of hall {hall_id} for {year}")


@transaction.atomic
def commendation_publish(*, user, commendation: Commendation) -> Commendation:
    """The leadership group publishes an approved commendation: the decision takes the next number of the
    hall's decisions in the year of its date (the approval day; ``鞍审批发〔2026〕3号``, the hall's decision
    code from its document settings), the nominations are frozen into the snapshot, and the hall's staff read
    it. Two people publishing at once: the second finds it published and is refused."""
    _approves(user, commendation.hall_id, _("Only the leadership group publishes a commendation."))
    commendation = _commendation_locked(commendation, CommendationState.APPROVED)
    dated = commending.decision_date(commendation)
    counter = _locked_decision_counter(commendation.hall_id, dated.year)
    counter.last += 1
    counter.save(update_fields=["last"])
    code = issuer_for(commendation.hall).decision_code
    commendation.decision_year, commendation.decision_seq = dated.year, counter.last
    commendation.decision_number = doc_number(code, dated.year, counter.last)
    commendation.decision_date = dated
    commendation.snapshot = [
        {
            "honour": n.honour,
            "honour_cn": HONOUR_CN[n.honour],
            "target_type": n.target_type,
            "target_id": n.target_id,
            "name": n.name,
            "source": n.source,
            "reason": n.reason,
            "score": None if n.score is None else str(n.score),
            "rank": n.rank,
        }
        for n in commendation.nominations.all()
    ]
    commendation.state = CommendationState.PUBLISHED
    commendation.published_at, commendation.published_by = timezone.now(), user
    commendation.save()
    record_event(
        target=commendation,
        actor=user,
        verb="commendation.published",
        from_state=CommendationState.APPROVED,
        to_state=commendation.state,
        data={"number": commendation.decision_number, "nominations": len(commendation.snapshot)},
    )
    return commendation
