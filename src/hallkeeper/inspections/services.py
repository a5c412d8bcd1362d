"""Every write to inspections: start, answer, photograph, count, submit, discard; plans and rounds.

Each function checks who is acting, locks the inspection row, refuses a submitted inspection,
validates its input with a message for the person on the phone, and records the change in the
event log. Views only translate requests into these calls.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hallkeeper.core.changes import snapshot
from hallkeeper.core.events import record_change, record_delete, record_event, record_save, with_cascade
from hallkeeper.core.hall_settings import settings_for, settings_save
from hallkeeper.core.uploads import THUMBNAIL_SIDE, files_for_transaction, make_thumbnail, validate_image  # noqa: F401 (THUMBNAIL_SIDE re-exported)
from hallkeeper.core.validation import field_error
from hallkeeper.places.models import Position, Window, Zone
from hallkeeper.standards.choices import VersionStatus
from hallkeeper.standards.models import HandbookVersion, QuantityStandard

from . import scoring, watermark
from .checklists import checklist_rules, target_of
from .choices import (
    MAX_COUNTED,
    MAX_OCCURRENCES,
    AssignTo,
    Frequency,
    InspectionKind,
    InspectionStatus,
    ItemResult,
)
from .kinds import is_acceptance, takes_chosen_rules
from .models import (
    AcceptanceRound,
    CheckItem,
    DueInspection,
    Finding,
    Inspection,
    InspectionPlan,
    ItemPhoto,
    QuantityCount,
    ScoringPolicy,
)
from .permissions import can_inspect, can_manage_inspections, limited_to_own_windows, staffed_windows

# -- policy -------------------------------------------------------------------


def policy_for(hall) -> ScoringPolicy:
    """The hall's scoring policy; the defaults (unsaved) when it has none."""
    return settings_for(ScoringPolicy, hall)


def scoring_policy_save(*, user, policy: ScoringPolicy) -> ScoringPolicy:
    return settings_save(
        user=user,
        instance=policy,
        verb="scoring_policy.saved",
        refused=_("Only administrators change the scoring policy."),
    )


# -- starting -------------------------------------------------------------------


def _published_version(hall) -> HandbookVersion:
    version = HandbookVersion.objects.filter(handbook__hall=hall, status=VersionStatus.PUBLISHED).first()
    if version is None:
        raise ValidationError(_("The hall has no published handbook yet; publish one before inspecting."))
    return version


def _check_target(user, zone: Zone, kind: str, windows: list[Window], positions: list[Position]) -> list[Window]:
    for window in windows:
        if window.zone_id != zone.pk:
            raise ValidationError(_("Window %(window)s is not in zone %(zone)s.") % {"window": window, "zone": zone})
    for position in positions:
        if position.zone_id != zone.pk:
            raise ValidationError(
                _("Position %(position)s is not in zone %(zone)s.") % {"position": position, "zone": zone}
            )
    if limited_to_own_windows(user, zone, kind):
        own = set(staffed_windows(user, zone))
        if not windows:
            windows = sorted(own, key=lambda w: w.number)
        if not windows or not set(windows) <= own:
            raise PermissionDenied(_("You may self-check only the windows you staff."))
        for position in positions:
            if position.window_id not in {w.pk for w in own}:
                raise PermissionDenied(_("You may self-check only the windows you staff."))
    return windows


def _open_draft(user, zone, kind, windows, positions, rule_keys, *, round, retake_of) -> Inspection | None:
    """The user's open draft of the same kind, zone and target (windows, positions, chosen rules), if any."""
    drafts = Inspection.objects.filter(
        inspector=user,
        zone=zone,
        kind=kind,
        status=InspectionStatus.DRAFT,
        round=round if retake_of is None else retake_of.round,
        retake_of=retake_of,
    ).prefetch_related("windows", "positions")
    wanted = ({w.pk for w in windows}, {p.pk for p in positions})
    for draft in drafts.order_by("pk"):
        if ({w.pk for w in draft.windows.all()}, {p.pk for p in draft.positions.all()}) != wanted:
            continue
        if rule_keys and sorted(draft.rule_keys) != rule_keys:
            continue
        return draft
    return None


@transaction.atomic
def inspection_start(
    *,
    user,
    zone: Zone,
    kind: str,
    windows: Iterable[Window] = (),
    positions: Iterable[Position] = (),
    rule_keys: Iterable[str] = (),
    round: AcceptanceRound | None = None,
    retake_of: Inspection | None = None,
    due: DueInspection | None = None,
    note: str = "",
) -> Inspection:
    """Start a draft inspection with its checklist built from the published handbook."""
    if kind not in InspectionKind.values:
        raise ValidationError(_("Unknown kind of inspection."))
    if not can_inspect(user, zone, kind):
        raise PermissionDenied(_("You may not carry out this kind of inspection in zone %(zone)s.") % {"zone": zone})
    windows, positions = list(windows), list(positions)
    windows = _check_target(user, zone, kind, windows, positions)
    rule_keys = sorted(set(rule_keys))
    # A second tap on Start (or a retried request) gets the draft the first one made: the inspector's row
    # lock makes one person's starts run one after the other, so two requests at once cannot both create.
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
    existing = _open_draft(user, zone, kind, windows, positions, rule_keys, round=round, retake_of=retake_of)
    if existing is not None:
        return existing
    if not is_acceptance(kind) and (round is not None or retake_of is not None):
        raise ValidationError(_("Only acceptance checks belong to an acceptance round."))

    if retake_of is not None:
        retake_of = Inspection.objects.select_for_update().get(pk=retake_of.pk)
        if (
            not is_acceptance(retake_of.kind)
            or retake_of.zone_id != zone.pk
            or retake_of.status != InspectionStatus.SUBMITTED
            or retake_of.passed
        ):
            raise ValidationError(_("Only a failed, submitted acceptance check of this zone is re-accepted."))
        if Inspection.objects.filter(retake_of=retake_of).exists():
            raise ValidationError(_("This acceptance check already has a re-acceptance check."))
        round = retake_of.round
    elif round is not None:
        if round.hall_id != zone.hall_id:
            raise ValidationError(_("The acceptance round belongs to another hall."))
        AcceptanceRound.objects.select_for_update().get(pk=round.pk)
        if Inspection.objects.filter(round=round, zone=zone, retake_of=None).exists():
            raise ValidationError(
                _("Zone %(zone)s already has an acceptance check in this round; start its re-acceptance instead.")
                % {"zone": zone}
            )

    if due is not None:
        due = DueInspection.objects.select_for_update().get(pk=due.pk)
        if due.zone_id != zone.pk or due.plan.kind != kind:
            raise ValidationError(_("The due inspection is for another zone or kind."))
        if due.inspection_id is not None:
            raise ValidationError(_("This due inspection has already been started."))
        if due.assignee_id not in (None, user.pk) and not can_manage_inspections(user, zone.hall):
            raise PermissionDenied(_("This due inspection is assigned to someone else."))
        if not rule_keys and due.plan.rule_keys:
            rule_keys = sorted(due.plan.rule_keys)
    if takes_chosen_rules(kind) and not rule_keys:
        raise ValidationError(_("Choose the rules a special check looks at."))

    version = _published_version(zone.hall)
    target = target_of(zone, windows, positions)
    rules = checklist_rules(version, target, kind, rule_keys)
    if not rules:
        raise ValidationError(_("No published rule applies to this target; nothing to check."))

    inspection = Inspection.objects.create(
        hall=zone.hall,
        kind=kind,
        zone=zone,
        version=version,
        inspector=user,
        rule_keys=rule_keys,
        plan=due.plan if due is not None else None,
        round=round,
        retake_of=retake_of,
        note=note,
    )
    if windows:
        inspection.windows.set(windows)
    if positions:
        inspection.positions.set(positions)
    CheckItem.objects.bulk_create(
        [CheckItem(inspection=inspection, rule=rule, order=i) for i, rule in enumerate(rules, start=1)]
    )
    inspection.item_count = len(rules)
    inspection.save(update_fields=["item_count"])
    if due is not None:
        due.inspection = inspection
        due.save(update_fields=["inspection"])
    record_event(target=inspection, actor=user, verb="inspection.started", to_state=InspectionStatus.DRAFT)
    return inspection


# -- answering ------------------------------------------------------------------


def _lock_draft(user, inspection: Inspection) -> Inspection:
    """Lock the inspection row and make sure the user may still change it."""
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if locked.inspector_id != user.pk:
        raise PermissionDenied(_("Only the inspector who started this inspection changes it."))
    if locked.status != InspectionStatus.DRAFT:
        raise field_error("status", _("This inspection has been submitted and can no longer be changed."), "submitted")
    return locked


def _check_in_target(inspection: Inspection, *, window: Window | None = None, position: Position | None = None):
    """A window or position named in an answer must be inside what the inspection checks."""
    window_ids = set(inspection.windows.values_list("pk", flat=True))
    position_ids = set(inspection.positions.values_list("pk", flat=True))
    if window is not None:
        if window.zone_id != inspection.zone_id:
            raise field_error("window", _("The window is not in the inspected zone."), "window")
        if window_ids and window.pk not in window_ids:
            raise field_error("window", _("The window is not one of the windows this inspection checks."), "window")
    if position is not None:
        if position.zone_id != inspection.zone_id:
            raise field_error("position", _("The position is not in the inspected zone."), "position")
        if position_ids and position.pk not in position_ids:
            raise field_error("position", _("The position is not one of those this inspection checks."), "position")
        if not position_ids and window_ids and position.window_id not in window_ids:
            raise field_error("position", _("The position is not at a window this inspection checks."), "position")


def parse_occurrences(value) -> int:
    """A count of occurrences from a form: a whole number 1–99, with a clear message otherwise."""
    if value is None or str(value).strip() == "":
        raise field_error("occurrences", _("Enter how many times the rule was broken."), "occurrences_missing")
    text = str(value).strip()
    if not re.fullmatch(r"-?[0-9]+", text):
        raise field_error("occurrences", _("The number of occurrences must be a whole number."), "occurrences_nan")
    number = int(text) if len(text) <= 9 else MAX_OCCURRENCES + 1  # a thousand digits is out of range, unread
    if number < 1 or number > MAX_OCCURRENCES:
        raise field_error(
            "occurrences",
            _("The number of occurrences must be between 1 and %(max)s.") % {"max": MAX_OCCURRENCES},
            "occurrences_range",
        )
    return number


@transaction.atomic
def item_answer(
    *,
    user,
    item: CheckItem,
    result: str,
    occurrences=None,
    note: str | None = None,
    window: Window | None = None,
    position: Position | None = None,
) -> CheckItem:
    """Record (or clear, with ``result=""``) the answer of one item of a draft inspection."""
    inspection = _lock_draft(user, item.inspection)
    item = CheckItem.objects.select_related("rule").get(pk=item.pk, inspection=inspection)
    if result not in (*ItemResult.values, ""):
        raise field_error("result", _("Answer pass, fail or not applicable."), "result")
    _check_in_target(inspection, window=window, position=position)
    before = snapshot(item, ANSWER_FIELDS)
    item.result = result
    if result == ItemResult.FAIL:
        item.occurrences = parse_occurrences(1 if occurrences is None else occurrences)
        item.deduction = scoring.item_loss(item.rule.points, item.rule.deduction, item.occurrences, item.rule.cap)
    else:
        item.occurrences = None
        item.deduction = None
    if note is not None:
        item.note = note.strip()[:2000]
    item.window = window
    item.position = position
    if position is not None and position.window_id and window is None:
        item.window_id = position.window_id
    item.answered_at = timezone.now() if result else None
    item.save()
    Inspection.objects.filter(pk=inspection.pk).update(updated_at=timezone.now())
    record_change(
        target=item,
        hall=inspection.hall,
        actor=user,
        verb="check_item.answered",
        before=before,
        after=snapshot(item, ANSWER_FIELDS),
        data={"inspection": inspection.pk, "rule": item.rule.code},
    )
    return item


#: The fields of an answer the event log keeps before and after.
ANSWER_FIELDS = ["result", "occurrences", "deduction", "note", "window", "position"]


@transaction.atomic
def items_pass_rest(*, user, inspection: Inspection) -> int:
    """Mark every unanswered item as passed; returns how many."""
    inspection = _lock_draft(user, inspection)
    now = timezone.now()
    passed = inspection.items.filter(result="").update(result=ItemResult.PASS, answered_at=now)
    if passed:
        record_event(target=inspection, actor=user, verb="inspection.rest_passed", data={"items": passed})
    return passed


def parse_taken_at(value, *, started_at: datetime, now: datetime) -> datetime:
    """When a photo was taken, as the phone says (a photo kept offline is sent later): an ISO date-time
    between the inspection's start and now (two minutes of clock drift allowed); anything else — missing,
    unreadable, before the start or in the future — is the moment the server receives it."""
    if not value:
        return now
    text = str(value).strip()[:40].replace("Z", "+00:00")
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return now
    if timezone.is_naive(when):
        return now
    drift = timedelta(minutes=2)
    if when < started_at - drift or when > now + drift:
        return now
    return min(when, now)


def photo_stamp(*, item: CheckItem, inspection: Inspection, user, when: datetime) -> watermark.Stamp:
    """What the watermark of a photo of ``item`` says: the time, hall · zone · window, the inspector."""
    window = item.window or (item.position.window if item.position_id and item.position.window_id else None)
    if window is not None:
        window_text = str(window)
    else:
        chosen = [str(w) for w in inspection.windows.order_by("number")[:4]]
        window_text = "、".join(chosen[:3]) + ("…" if len(chosen) > 3 else "")
    hall = inspection.hall
    place = watermark.place_text(hall=hall.short_name or hall.name, zone=str(inspection.zone), window=window_text)
    return watermark.Stamp(when=when, place=place, inspector=getattr(user, "display_name", "") or str(user))


def photo_add(*, user, item: CheckItem, file, taken_at=None) -> ItemPhoto:
    """Check an uploaded photo (type, size, pixels), store a clean copy stamped with the time, the place
    and the inspector (``watermark.py``), and a thumbnail.

    The same photo sent twice for one item (a retry after a lost connection) is stored once: it is
    recognised by the clean copy before stamping. ``taken_at`` is the phone's time of the shot (see
    :func:`parse_taken_at`). A refused photo raises ``ValidationError`` and changes nothing else in the draft.
    """
    current = Inspection.objects.only("inspector_id", "status").get(pk=item.inspection_id)
    if current.inspector_id != user.pk:
        raise PermissionDenied(_("Only the inspector who started this inspection changes it."))
    if current.status != InspectionStatus.DRAFT:
        raise field_error("status", _("This inspection has been submitted and can no longer be changed."), "submitted")
    clean = validate_image(file)  # before the lock (decoding takes a moment); checked again under the lock
    data = clean.read()
    digest = hashlib.sha256(data).hexdigest()
    with files_for_transaction() as files, transaction.atomic():
        inspection = _lock_draft(user, item.inspection)
        item = CheckItem.objects.select_related("window", "position__window").get(pk=item.pk, inspection=inspection)
        existing = ItemPhoto.objects.filter(item=item, sha256=digest).first()
        if existing is not None:
            return existing
        inspection = Inspection.objects.select_related("hall", "zone").get(pk=inspection.pk)
        now = timezone.now()
        when = parse_taken_at(taken_at, started_at=inspection.started_at, now=now)
        stamped = watermark.stamp_photo(data, photo_stamp(item=item, inspection=inspection, user=user, when=when))
        photo = ItemPhoto(item=item, sha256=digest, uploaded_by=user)
        files.save(photo.image, clean.name, ContentFile(stamped, name=clean.name))
        files.save(photo.thumbnail, clean.name, make_thumbnail(stamped, clean.name))
        try:
            with transaction.atomic():
                photo.save()
        except IntegrityError:
            files.remove()
            return ItemPhoto.objects.get(item=item, sha256=digest)
        record_save(target=photo, actor=user, before=None, hall=inspection.hall, data={"inspection": inspection.pk})
    return photo


@transaction.atomic
def photo_remove(*, user, photo: ItemPhoto) -> None:
    inspection = _lock_draft(user, photo.item.inspection)
    image, thumbnail = photo.image.name, photo.thumbnail.name
    storage = photo.image.storage
    record_delete(target=photo, actor=user, hall=inspection.hall, data={"inspection": inspection.pk})
    photo.delete()
    transaction.on_commit(lambda: [storage.delete(n) for n in (image, thumbnail) if n])


def parse_counted(value) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if not re.fullmatch(r"-?[0-9]+", text):
        raise field_error("counted", _("The counted quantity must be a whole number."), "counted_nan")
    number = int(text) if len(text) <= 9 else MAX_COUNTED + 1  # a thousand digits is out of range, unread
    if number < 0 or number > MAX_COUNTED:
        raise field_error(
            "counted", _("The counted quantity must be between 0 and %(max)s.") % {"max": MAX_COUNTED}, "counted_range"
        )
    return number


@transaction.atomic
def count_record(
    *, user, inspection: Inspection, position: Position, standard: QuantityStandard, counted
) -> QuantityCount | None:
    """Record the quantity counted at a position (empty clears it)."""
    inspection = _lock_draft(user, inspection)
    _check_in_target(inspection, position=position)
    if standard.version_id != inspection.version_id or standard.position_kind != position.kind:
        raise field_error("standard", _("This standard quantity does not apply to the position."), "standard")
    number = parse_counted(counted)
    existing = QuantityCount.objects.filter(inspection=inspection, position=position, standard=standard).first()
    if number is None:
        if existing is not None:
            record_delete(target=existing, actor=user, hall=inspection.hall)
            existing.delete()
        return None
    before = snapshot(existing) if existing is not None else None
    count, _created = QuantityCount.objects.update_or_create(
        inspection=inspection, position=position, standard=standard, defaults={"counted": number}
    )
    if before is None or before.get("counted") != number:
        record_save(target=count, actor=user, before=before, hall=inspection.hall)
    return count


# -- submitting -----------------------------------------------------------------


@dataclass(frozen=True)
class Unanswered:
    item_id: int
    code: str
    title: str


def unanswered_items(inspection: Inspection) -> list[Unanswered]:
    return [
        Unanswered(pk, code, title)
        for pk, code, title in inspection.items.filter(result="")
        .order_by("order")
        .values_list("pk", "rule__code", "rule__title")
    ]


@transaction.atomic
def inspection_submit(*, user, inspection: Inspection, note: str | None = None) -> Inspection:
    """Score the inspection, store the result and its findings; it never changes afterwards."""
    inspection = _lock_draft(user, inspection)
    missing = unanswered_items(inspection)
    if missing:
        listed = "、".join(f"{m.code} {m.title}" for m in missing[:10])
        more = len(missing) - 10
        message = ngettext(
            "%(count)d item is not answered yet: %(items)s",
            "%(count)d items are not answered yet: %(items)s",
            len(missing),
        ) % {"count": len(missing), "items": listed}
        if more > 0:
            message += _(" … and %(more)d more.") % {"more": more}
        raise field_error(
            "items", message.replace("%", "%%"), "unanswered", params={"items": [m.item_id for m in missing]}
        )
    items = list(inspection.items.select_related("rule").order_by("order"))
    bad = [i for i in items if i.result == ItemResult.FAIL and not i.occurrences]
    if bad:
        raise field_error(
            "occurrences",
            _("Enter the number of occurrences for %(items)s.") % {"items": "、".join(i.rule.code for i in bad)},
            "occurrences_missing",
        )
    result = scoring.compute_score(
        (
            scoring.ItemInput(
                result=i.result,
                occurrences=i.occurrences,
                deduction=i.rule.deduction,
                cap=i.rule.cap,
                severity=i.rule.severity,
                points=i.rule.points,
            )
            for i in items
        ),
        kind=inspection.kind,
        bands=policy_for(inspection.hall).bands,
    )
    now = timezone.now()
    inspection.status = InspectionStatus.SUBMITTED
    inspection.submitted_at = now
    inspection.deduction_total = result.deduction_total
    inspection.score = result.score
    inspection.grade = result.grade
    inspection.passed = result.passed
    inspection.veto_failed = result.veto_failed
    inspection.item_count = len(items)
    inspection.failed_count = result.failed
    inspection.na_count = result.not_applicable
    if note is not None:
        inspection.note = note.strip()
    inspection.save()
    Finding.objects.bulk_create(
        [
            Finding(
                hall_id=inspection.hall_id,
                inspection=inspection,
                item=i,
                rule=i.rule,
                rule_key=i.rule.key,
                severity=i.rule.severity,
                zone_id=inspection.zone_id,
                window_id=i.window_id,
                position_id=i.position_id,
                occurrences=i.occurrences,
                deduction=share,  # what it cost on the 100-point sheet
                note=i.note,
                found_at=now,
            )
            for i, share in zip(items, result.item_deductions, strict=True)
            if i.result == ItemResult.FAIL
        ]
    )
    _link_due(inspection)
    record_event(
        target=inspection,
        actor=user,
        verb="inspection.submitted",
        from_state=InspectionStatus.DRAFT,
        to_state=InspectionStatus.SUBMITTED,
        data={
            "score": None if result.score is None else str(result.score),
            "grade": result.grade,
            "passed": result.passed,
        },
    )
    return inspection


@transaction.atomic
def inspection_discard(*, user, inspection: Inspection) -> None:
    """Throw away a draft (its photos too)."""
    inspection = _lock_draft(user, inspection)
    names = [
        n
        for pair in ItemPhoto.objects.filter(item__inspection=inspection).values_list("image", "thumbnail")
        for n in pair
        if n
    ]
    storage = ItemPhoto._meta.get_field("image").storage
    DueInspection.objects.filter(inspection=inspection).update(inspection=None)
    record_event(
        target=inspection,
        actor=user,
        verb="inspection.discarded",
        from_state=InspectionStatus.DRAFT,
        data=with_cascade(inspection),
    )
    inspection.delete()
    transaction.on_commit(lambda: [storage.delete(n) for n in names])


# -- plans ----------------------------------------------------------------------


def period_of(
    frequency: str, day: date, weekday: int | None = None, day_of_month: int | None = None
) -> tuple[date, date]:
    """The (opens_on, due_on) of the period of ``frequency`` that contains ``day``."""
    if frequency == Frequency.DAILY:
        return day, day
    if frequency == Frequency.WEEKLY:
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=4 if weekday is None else weekday)
    first = day.replace(day=1)
    return first, first.replace(day=day_of_month or 25)


def _periods(plan: InspectionPlan, start: date, until: date) -> list[tuple[date, date]]:
    periods: list[tuple[date, date]] = []
    day = start
    while day <= until:
        if plan.frequency == Frequency.DAILY:
            if day.weekday() < 5:
                periods.append((day, day))
            day += timedelta(days=1)
        elif plan.frequency == Frequency.WEEKLY:
            periods.append(period_of(Frequency.WEEKLY, day, plan.weekday))
            day = day - timedelta(days=day.weekday()) + timedelta(days=7)
        else:
            periods.append(period_of(Frequency.MONTHLY, day, day_of_month=plan.day_of_month))
            day = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return [
        (opens, due)
        for opens, due in periods
        if due >= plan.starts_on and (plan.ends_on is None or opens <= plan.ends_on) and opens <= until
    ]


def _period_index(plan: InspectionPlan, opens: date) -> int:
    """The number of the period that opens on ``opens``, counted in the plan's own periods (for rotation)."""
    if plan.frequency == Frequency.DAILY:
        return opens.toordinal()
    if plan.frequency == Frequency.WEEKLY:
        return opens.toordinal() // 7
    return opens.year * 12 + opens.month


def plan_zones(plan: InspectionPlan) -> list[Zone]:
    chosen = list(plan.zones.order_by("order", "code"))
    return chosen or list(Zone.objects.filter(hall=plan.hall).select_related("lead").order_by("order", "code"))


def plan_generate_due(plan: InspectionPlan, *, until: date, start: date | None = None) -> int:
    """Create the due inspections of ``plan`` up to ``until`` (idempotent); returns how many are new."""
    if not plan.active:
        return 0
    start = max(plan.starts_on, start or plan.starts_on)
    zones = plan_zones(plan)
    if plan.assign_to == AssignTo.ZONE_LEADS:
        zones = list(Zone.objects.filter(pk__in=[z.pk for z in zones]).select_related("lead").order_by("order", "code"))
    assignees = list(plan.assignees.order_by("pk"))
    rows = []
    for opens, due in _periods(plan, start, until):
        turn = _period_index(plan, opens)
        for i, zone in enumerate(zones):
            if plan.assign_to == AssignTo.ZONE_LEADS:
                assignee_id = zone.lead.user_id if zone.lead is not None else None
            else:
                assignee_id = assignees[(i + turn) % len(assignees)].pk if assignees else None
            rows.append(
                DueInspection(
                    hall_id=plan.hall_id, plan=plan, zone=zone, opens_on=opens, due_on=due, assignee_id=assignee_id
                )
            )
    before = DueInspection.objects.filter(plan=plan).count()
    DueInspection.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return DueInspection.objects.filter(plan=plan).count() - before


#: How far ahead due inspections are made when a plan is saved and by the nightly command.
PLAN_HORIZON_DAYS = 14


@transaction.atomic
def plan_save(*, user, plan: InspectionPlan, zones: Iterable[Zone] = (), assignees: Iterable = ()) -> InspectionPlan:
    """Create or change a plan, then remake its future due inspections that nobody has started."""
    if not can_manage_inspections(user, plan.hall):
        raise PermissionDenied(_("Only administrators, the leadership and the supervision group plan inspections."))
    zones, assignees = list(zones), list(assignees)
    if any(z.hall_id != plan.hall_id for z in zones):
        raise ValidationError(_("A zone belongs to another hall."))
    if not takes_chosen_rules(plan.kind):
        plan.rule_keys = []
    elif not plan.rule_keys:
        raise ValidationError(_("Choose the rules a special check looks at."))
    if plan.assign_to == AssignTo.NAMED and not assignees:
        raise ValidationError(_("Name at least one inspector, or assign the checks to the zone leads."))
    if plan.frequency == Frequency.WEEKLY and plan.weekday is None:
        plan.weekday = 4
    if plan.frequency == Frequency.MONTHLY and plan.day_of_month is None:
        plan.day_of_month = 25
    plan.full_clean()
    created = plan.pk is None
    if created:
        plan.created_by = user
    plan.save()
    plan.zones.set(zones)
    plan.assignees.set(assignees if plan.assign_to == AssignTo.NAMED else [])
    today = timezone.localdate()
    DueInspection.objects.filter(plan=plan, inspection=None, opens_on__gte=today).delete()
    plan_generate_due(plan, until=today + timedelta(days=PLAN_HORIZON_DAYS), start=today if not created else None)
    record_event(target=plan, actor=user, verb="plan.created" if created else "plan.changed")
    return plan


def due_generate(*, hall=None, until: date | None = None) -> int:
    """Make due inspections of every active plan (of ``hall``) up to ``until``: the nightly job."""
    until = until or timezone.localdate() + timedelta(days=PLAN_HORIZON_DAYS)
    plans = InspectionPlan.objects.filter(active=True)
    if hall is not None:
        plans = plans.filter(hall=hall)
    total = 0
    for plan in plans:
        last = plan.due.order_by("-opens_on").values_list("opens_on", flat=True).first()
        made = plan_generate_due(plan, until=until, start=last)
        if made:
            record_event(target=plan, verb="plan.due_generated", data={"created": made, "until": until})
        total += made
    return total


def _link_due(inspection: Inspection) -> None:
    """Count a submitted inspection against the open due inspection of its zone and kind, if any."""
    if DueInspection.objects.filter(inspection=inspection).exists():
        return
    day = timezone.localtime(inspection.submitted_at).date()
    due = (
        DueInspection.objects.select_for_update()
        .filter(
            hall_id=inspection.hall_id,
            zone_id=inspection.zone_id,
            plan__kind=inspection.kind,
            inspection=None,
            opens_on__lte=day,
            due_on__gte=day,
        )
        .order_by("due_on", "pk")
        .first()
    )
    if due is not None:
        due.inspection = inspection
        due.save(update_fields=["inspection"])
        if inspection.plan_id is None:
            Inspection.objects.filter(pk=inspection.pk).update(plan=due.plan_id)
            inspection.plan_id = due.plan_id


# -- acceptance rounds ------------------------------------------------------------


@transaction.atomic
def round_create(
    *, user, hall, name: str, starts_on: date, ends_on: date | None = None, note: str = ""
) -> AcceptanceRound:
    if not can_manage_inspections(user, hall):
        raise PermissionDenied(
            _("Only administrators, the leadership and the supervision group run acceptance rounds.")
        )
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(_("The round cannot end before it starts."))
    if AcceptanceRound.objects.filter(hall=hall, name=name).exists():
        raise ValidationError(_("A round with this name already exists."))
    acceptance_round = AcceptanceRound.objects.create(
        hall=hall, name=name, starts_on=starts_on, ends_on=ends_on, note=note, created_by=user
    )
    record_event(target=acceptance_round, actor=user, verb="round.created")
    return acceptance_round


class RoundState:
    UNCHECKED = "unchecked"
    IN_PROGRESS = "in_progress"
    PASSED = "passed"
    FAILED = "failed"
    RETAKE_IN_PROGRESS = "retake_in_progress"
    PASSED_ON_RETAKE = "passed_on_retake"


@dataclass
class ZoneProgress:
    zone: Zone
    chain: list[Inspection]
    state: str

    @property
    def first(self) -> Inspection | None:
        return self.chain[0] if self.chain else None

    @property
    def last(self) -> Inspection | None:
        return self.chain[-1] if self.chain else None

    @property
    def last_submitted(self) -> Inspection | None:
        done = [i for i in self.chain if i.status == InspectionStatus.SUBMITTED]
        return done[-1] if done else None


@dataclass
class RoundProgress:
    zones: list[ZoneProgress]

    def count(self, *states: str) -> int:
        return sum(1 for z in self.zones if z.state in states)

    @property
    def total(self) -> int:
        return len(self.zones)

    @property
    def checked(self) -> int:
        return self.count(
            RoundState.PASSED, RoundState.FAILED, RoundState.RETAKE_IN_PROGRESS, RoundState.PASSED_ON_RETAKE
        )

    @property
    def passed(self) -> int:
        return self.count(RoundState.PASSED, RoundState.PASSED_ON_RETAKE)

    @property
    def failed(self) -> int:
        return self.count(RoundState.FAILED, RoundState.RETAKE_IN_PROGRESS)

    @property
    def passed_first_time(self) -> int:
        return self.count(RoundState.PASSED)


def round_progress(acceptance_round: AcceptanceRound) -> RoundProgress:
    """Each zone's acceptance chain in the round (first check → re-acceptances) and where it stands."""
    inspections = list(
        Inspection.objects.filter(round=acceptance_round)
        .select_related("hall", "inspector", "zone")
        .order_by("started_at", "pk")
    )
    by_pk = {i.pk: i for i in inspections}
    retake_of = {i.retake_of_id: i for i in inspections if i.retake_of_id}
    zones = list(Zone.objects.filter(hall_id=acceptance_round.hall_id).select_related("lead").order_by("order", "code"))
    result = []
    for zone in zones:
        first = next((i for i in inspections if i.zone_id == zone.pk and i.retake_of_id not in by_pk), None)
        chain = []
        node = first
        while node is not None:
            chain.append(node)
            node = retake_of.get(node.pk)
        if not chain:
            state = RoundState.UNCHECKED
        else:
            last = chain[-1]
            if last.status == InspectionStatus.DRAFT:
                state = RoundState.IN_PROGRESS if len(chain) == 1 else RoundState.RETAKE_IN_PROGRESS
            elif last.passed:
                state = RoundState.PASSED if len(chain) == 1 else RoundState.PASSED_ON_RETAKE
            else:
                state = RoundState.FAILED
        result.append(ZoneProgress(zone=zone, chain=chain, state=state))
    return RoundProgress(zones=result)
