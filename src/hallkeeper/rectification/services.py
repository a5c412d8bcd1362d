"""Every write to rectification notices: issue, acknowledge, start, submit, verify, reject, cancel,
ask for more time and decide on it; and the hall's rectification policy.

Each transition runs in one transaction holding a row lock on the notice (``SELECT … FOR UPDATE``).
The caller says which state they saw (``expected_state``; by default the state of the notice object
they pass in): if someone else moved the notice in the meantime, the action is refused with a clear
message instead of overwriting their work. Then the action is checked against the one transition
table (``transitions.py``), the input is validated, and the change is written with its event
(``notice.<action>``) in the audit timeline. A refused action raises ``ValidationError`` (bad input,
wrong state) or ``PermissionDenied`` (not this user's side) and changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hallkeeper.core.events import record_event
from hallkeeper.core.hall_settings import settings_for, settings_save
from hallkeeper.core.uploads import files_for_transaction, make_thumbnail, validate_image
from hallkeeper.core.validation import field_error
from hallkeeper.inspections.choices import InspectionStatus, ItemResult
from hallkeeper.inspections.kinds import is_acceptance
from hallkeeper.inspections.models import CheckItem, Finding, Inspection
from hallkeeper.notifications.services import notify
from hallkeeper.places.models import Zone

from . import notices as notice_messages
from . import transitions
from .choices import MAX_DEADLINE_DAYS, MAX_RESPONSE_PHOTOS, ExtensionState, NoticeAction, NoticeState
from .deadlines import default_deadline
from .models import (
    ExtensionRequest,
    FindingResponse,
    Notice,
    NoticeItem,
    NoticeResponse,
    RectificationPolicy,
    ResponsePhoto,
)
from .numbering import next_number, policy_for

MAX_TEXT = 4000

#: The field a refusal of a stale page is keyed by: the state the person saw when the page was drawn.
STALE = "expected_state"

# -- helpers ------------------------------------------------------------------------------------


def _text(value, message: str, code: str) -> str:
    text = (value or "").strip()
    if not text:
        raise field_error(code, message, code)
    if len(text) > MAX_TEXT:
        raise field_error(
            code, _("The text is too long: %(max)s characters at most.") % {"max": MAX_TEXT}, f"{code}_too_long"
        )
    return text


def _lock(notice: Notice, expected_state: str | None) -> Notice:
    """Lock the notice row; refuse when it is no longer in the state the caller saw."""
    seen = expected_state if expected_state is not None else notice.state
    locked = Notice.objects.select_for_update().get(pk=notice.pk)
    if locked.state != seen:
        raise field_error(
            STALE,
            _(
                "Someone else acted on this notice first: it is now “%(state)s”. "
                "Reload the page and check it before you try again."
            )
            % {"state": NoticeState(locked.state).label},
            "stale",
        )
    return locked


def _record(notice: Notice, user, action: str, from_state: str, comment: str = "", **data) -> None:
    record_event(
        target=notice,
        actor=user,
        verb=f"notice.{action}",
        from_state=from_state,
        to_state=notice.state,
        comment=comment,
        data=data,
    )


def _close_pending_extensions(notice: Notice, user, note: str) -> None:
    notice.extensions.filter(state=ExtensionState.REQUESTED).update(
        state=ExtensionState.REFUSED, decided_by=user, decided_at=timezone.now(), decision_note=note
    )


def can_issue(user, zone: Zone) -> bool:
    """The supervision side (administrators, leadership and supervision groups) issues notices."""
    return transitions.is_inspector(user, zone.hall_id)


# -- issuing --------------------------------------------------------------------------------------


def _check_acceptance(inspection: Inspection, zone: Zone) -> None:
    if (
        not is_acceptance(inspection.kind)
        or inspection.status != InspectionStatus.SUBMITTED
        or inspection.passed
        or inspection.zone_id != zone.pk
    ):
        raise ValidationError(
            _("Only a failed, submitted acceptance check of this zone is an acceptance failure."), code="acceptance"
        )


def _lock_findings(findings: list[Finding], zone: Zone) -> list[Finding]:
    ids = sorted({f.pk for f in findings})
    locked = list(Finding.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(locked) != len(ids):
        raise field_error("findings", _("A finding no longer exists; reload the page."), "finding_missing")
    inspections = Inspection.objects.in_bulk({f.inspection_id for f in locked})
    for finding in locked:
        if finding.zone_id != zone.pk:
            raise field_error(
                "findings",
                _("Finding %(finding)s is not in zone %(zone)s; a notice covers the findings of one zone.")
                % {"finding": finding, "zone": zone},
                "finding_zone",
            )
        if inspections[finding.inspection_id].status != InspectionStatus.SUBMITTED:
            raise field_error("findings", _("Only findings of submitted inspections are issued."), "finding_draft")
    held = (
        NoticeItem.objects.filter(finding_id__in=ids, active=True)
        .select_related("notice", "finding__rule")
        .order_by("finding_id")
        .first()
    )
    if held is not None:
        raise field_error(
            "findings",
            _("Finding %(finding)s is already on notice %(number)s; cancel that notice first to issue it again.")
            % {"finding": held.finding, "number": held.notice.number},
            "finding_held",
        )
    return locked


def _check_deadline(deadline: date, today: date) -> None:
    if deadline < today:
        raise field_error("deadline", _("The deadline cannot be in the past."), "deadline_past")
    if deadline > today + timedelta(days=MAX_DEADLINE_DAYS):
        raise field_error("deadline", _("The deadline is more than a year away; check the date."), "deadline_far")


@transaction.atomic
def notice_issue(
    *,
    user,
    zone: Zone,
    findings: Iterable[Finding] = (),
    requirement: str,
    deadline: date | None = None,
    acceptance_inspection: Inspection | None = None,
) -> Notice:
    """Issue a numbered notice to ``zone`` for ``findings`` (or for a failed acceptance check).

    With ``acceptance_inspection`` and no findings, the notice covers every finding of that check.
    Without a deadline, the policy's working days for the most severe finding apply. The number is
    taken in this transaction, so a refused issue leaves no gap.
    """
    if not can_issue(user, zone):
        raise PermissionDenied(
            _("You may not issue rectification notices to zone %(zone)s: only the supervision side does.")
            % {"zone": zone}
        )
    requirement = _text(requirement, _("Write what the zone must put right."), "requirement")
    findings = list(findings)
    if acceptance_inspection is not None:
        _check_acceptance(acceptance_inspection, zone)
        if not findings:
            findings = list(acceptance_inspection.findings.all())
    if not findings:
        raise field_error("findings", _("Choose at least one finding for the notice."), "no_findings")
    findings = _lock_findings(findings, zone)
    if acceptance_inspection is not None and any(f.inspection_id != acceptance_inspection.pk for f in findings):
        raise ValidationError(
            _("An acceptance-failure notice covers the findings of that acceptance check only."), code="acceptance"
        )

    policy = policy_for(zone.hall)
    now = timezone.now()
    today = timezone.localdate(now)
    if deadline is None:
        deadline = default_deadline(policy, [f.severity for f in findings], today)
    _check_deadline(deadline, today)

    sources = {f.inspection_id for f in findings}
    seq, number = next_number(zone.hall, today.year, policy)
    notice = Notice.objects.create(
        hall=zone.hall,
        zone=zone,
        number=number,
        year=today.year,
        seq=seq,
        state=NoticeState.ISSUED,
        issued_by=user,
        issued_at=now,
        deadline=deadline,
        original_deadline=deadline,
        requirement=requirement,
        source_inspection_id=acceptance_inspection.pk
        if acceptance_inspection
        else (sources.pop() if len(sources) == 1 else None),
        acceptance_failure=acceptance_inspection is not None,
    )
    NoticeItem.objects.bulk_create(
        [
            NoticeItem(notice=notice, finding=f, order=i)
            for i, f in enumerate(sorted(findings, key=lambda f: (f.found_at, f.pk)), start=1)
        ]
    )
    record_event(
        target=notice,
        actor=user,
        verb="notice.issued",
        to_state=NoticeState.ISSUED,
        comment=requirement,
        data={"number": number, "deadline": deadline.isoformat(), "findings": [f.pk for f in findings]},
        at=now,
    )
    notify(recipients=notice_messages.zone_lead(notice), actor=user, **notice_messages.issued(notice))
    return notice


# -- the zone's side ------------------------------------------------------------------------------


@transaction.atomic
def notice_acknowledge(*, user, notice: Notice, comment: str = "", expected_state: str | None = None) -> Notice:
    """The zone's lead signs for the notice (签收)."""
    notice = _lock(notice, expected_state)
    row = transitions.check(notice, user, NoticeAction.ACKNOWLEDGE)
    notice.state = row.to_state
    notice.acknowledged_at = timezone.now()
    notice.save(update_fields=["state", "acknowledged_at", "updated_at"])
    _record(notice, user, "acknowledged", row.from_state, comment.strip())
    return notice


@transaction.atomic
def notice_start(*, user, notice: Notice, comment: str = "", expected_state: str | None = None) -> Notice:
    """The zone's lead starts putting things right."""
    notice = _lock(notice, expected_state)
    row = transitions.check(notice, user, NoticeAction.START)
    notice.state = row.to_state
    notice.save(update_fields=["state", "updated_at"])
    _record(notice, user, "started", row.from_state, comment.strip())
    return notice


def _clean_photos(photos) -> list[tuple[object, bytes, str]]:
    """Check every photo before anything is written: ``(clean file, bytes, sha256)``, duplicates dropped."""
    cleaned, seen = [], set()
    for number, file in enumerate(photos, start=1):
        try:
            clean = validate_image(file)
        except ValidationError as error:
            raise ValidationError(
                _("Photo %(number)s (%(name)s): %(error)s")
                % {"number": number, "name": getattr(file, "name", "") or "?", "error": " ".join(error.messages)},
                code="photo",
            ) from None
        data = clean.read()
        clean.seek(0)
        digest = hashlib.sha256(data).hexdigest()
        if digest not in seen:
            seen.add(digest)
            cleaned.append((clean, data, digest))
    return cleaned


@dataclass(frozen=True)
class FindingAnswer:
    """What the zone's lead says was done about one finding of the notice (``item`` is the notice
    finding's id), with the after-photos taken for it."""

    item: int
    text: str
    photos: tuple = ()


def _answer_key(item_pk: int) -> str:
    """The key of a finding's errors: the form field prefix of that finding on the notice page."""
    return f"finding-{item_pk}"


def _finding_error(item: NoticeItem, message: str, code: str) -> ValidationError:
    label = _("Finding %(order)s (%(rule)s)") % {"order": item.order, "rule": item.finding.rule.code}
    return ValidationError(
        {
            _answer_key(item.pk): [
                ValidationError(
                    pgettext("a finding's refusal", "%(finding)s: %(message)s")
                    % {"finding": label, "message": message},
                    code=code,
                )
            ]
        }
    )


def _clean_answers(notice: Notice, answers: Iterable[FindingAnswer], policy: RectificationPolicy):
    """Check every answer before anything is written: one per finding the notice holds, each with text
    and (unless the hall's policy spares it) at least one photo; returns ``[(item, text, photos)]``."""
    items = list(notice.items.filter(active=True).select_related("finding__rule").order_by("order", "pk"))
    by_pk = {item.pk: item for item in items}
    given: dict[int, FindingAnswer] = {}
    for answer in answers:
        if not isinstance(answer.item, int) or answer.item not in by_pk:
            raise ValidationError(
                {
                    "findings": [
                        ValidationError(
                            _("A finding answered is not on this notice; reload the page."),
                            code="finding_not_on_notice",
                        )
                    ]
                }
            )
        if answer.item in given:
            raise ValidationError(
                {_answer_key(answer.item): [ValidationError(_("A finding is answered twice."), code="finding_twice")]}
            )
        given[answer.item] = answer
    cleaned = []
    for item in items:
        answer = given.get(item.pk)
        text = (answer.text if answer else "") or ""
        text = text.strip()
        if not text:
            raise _finding_error(item, _("say what was done about it."), "finding_text")
        if len(text) > MAX_TEXT:
            raise _finding_error(
                item,
                _("the text is too long: %(max)s characters at most.") % {"max": MAX_TEXT},
                "finding_text_too_long",
            )
        photos = list(answer.photos) if answer else []
        if not photos and policy.needs_after_photo(item.finding.severity):
            raise _finding_error(item, _("add at least one photo taken after it was put right."), "finding_photo")
        if len(photos) > MAX_RESPONSE_PHOTOS:
            raise _finding_error(
                item, _("at most %(max)s photos per finding.") % {"max": MAX_RESPONSE_PHOTOS}, "too_many_photos"
            )
        try:
            clean = _clean_photos(photos)  # decoding takes a moment: before the lock
        except ValidationError as error:
            raise _finding_error(item, " ".join(error.messages), "photo") from None
        cleaned.append((item, text, clean))
    return cleaned


def notice_submit(
    *,
    user,
    notice: Notice,
    answers: Iterable[FindingAnswer],
    remark: str = "",
    expected_state: str | None = None,
) -> NoticeResponse:
    """The zone's lead submits the rectification: for each finding of the notice what was done and the
    after-photos taken for it, and an optional overall remark.

    Every finding the notice holds must be answered, with at least one photo unless the hall's policy
    lets a minor finding go without: an inspector verifying by evidence needs to read and see what
    changed, finding by finding. A refused answer or photo refuses the whole submission (the error is
    keyed ``finding-<id>`` by the finding it is about); nothing is stored. Each submission is a new
    round: an earlier, rejected round stays on record.
    """
    remark = (remark or "").strip()
    if len(remark) > MAX_TEXT:
        raise ValidationError(
            {
                "remark": [
                    ValidationError(
                        _("The text is too long: %(max)s characters at most.") % {"max": MAX_TEXT},
                        code="remark_too_long",
                    )
                ]
            }
        )
    answers = list(answers)
    cleaned = _clean_answers(notice, answers, settings_for(RectificationPolicy, notice.hall, fresh=True))
    stored: list[ResponsePhoto] = []
    with files_for_transaction() as files, transaction.atomic():
        notice = _lock(notice, expected_state)
        row = transitions.check(notice, user, NoticeAction.SUBMIT)
        held = set(notice.items.filter(active=True).values_list("pk", flat=True))
        if held != {item.pk for item, _text, _photos in cleaned}:
            raise field_error(
                STALE,
                _("The findings of this notice changed; reload the page and check it before you try again."),
                "stale",
            )
        now = timezone.now()
        response = NoticeResponse.objects.create(notice=notice, text=remark, by=user, at=now)
        for item, text, photos in cleaned:
            answer = FindingResponse.objects.create(response=response, item=item, text=text)
            for order, (clean, data, digest) in enumerate(photos, start=1):
                photo = ResponsePhoto(response=response, answer=answer, sha256=digest, order=order)
                files.save(photo.image, clean.name, clean)
                files.save(photo.thumbnail, clean.name, make_thumbnail(data, clean.name))
                photo.save()
                stored.append(photo)
        notice.state = row.to_state
        notice.last_submitted_at = now
        notice.save(update_fields=["state", "last_submitted_at", "updated_at"])
        _record(
            notice,
            user,
            "submitted",
            row.from_state,
            remark,
            response=response.pk,
            findings={str(item.pk): text for item, text, _photos in cleaned},
            photos=[p.pk for p in stored],
            late=timezone.localtime(now).date() > notice.deadline,
        )
        notify(
            recipients=notice_messages.issuer_side(notice),
            actor=user,
            **notice_messages.submitted(notice, response),
        )
    return response


# -- the inspector's side -------------------------------------------------------------------------


def _notice_rule_keys(notice: Notice) -> list[str]:
    return sorted(set(notice.items.filter(active=True).values_list("finding__rule_key", flat=True)))


def _check_recheck(notice: Notice, inspection: Inspection) -> None:
    """A verification inspection: a submitted inspection of the notice's zone made after the notice."""
    if (
        inspection.hall_id != notice.hall_id
        or inspection.zone_id != notice.zone_id
        or inspection.status != InspectionStatus.SUBMITTED
        or inspection.submitted_at < notice.issued_at
    ):
        raise ValidationError(
            _("The verification inspection must be a submitted inspection of zone %(zone)s made after the notice.")
            % {"zone": notice.zone},
            code="verification_inspection",
        )


def _acceptance_root(inspection: Inspection) -> int:
    node, hops = inspection, 0
    while node.retake_of_id is not None and hops < 20:
        node, hops = Inspection.objects.only("pk", "retake_of_id").get(pk=node.retake_of_id), hops + 1
    return node.pk


@transaction.atomic
def notice_verify(
    *,
    user,
    notice: Notice,
    comment: str = "",
    verification_inspection: Inspection | None = None,
    expected_state: str | None = None,
) -> Notice:
    """Verify the rectification and close the notice: on the spot (a re-check inspection that passed the
    notice's rules) or by the submitted evidence. An acceptance failure closes only with a passed
    re-acceptance check."""
    notice = _lock(notice, expected_state)
    row = transitions.check(notice, user, NoticeAction.VERIFY)
    if notice.acceptance_failure:
        if verification_inspection is None:
            raise ValidationError(
                _("An acceptance failure is closed by a passed re-acceptance check; choose it."),
                code="needs_reacceptance",
            )
        _check_recheck(notice, verification_inspection)
        if (
            not is_acceptance(verification_inspection.kind)
            or not verification_inspection.passed
            or verification_inspection.retake_of_id is None
            or _acceptance_root(verification_inspection) != _acceptance_root(notice.source_inspection)
        ):
            raise ValidationError(
                _("Only a passed re-acceptance check of the failed acceptance check closes this notice."),
                code="needs_reacceptance",
            )
    elif verification_inspection is not None:
        _check_recheck(notice, verification_inspection)
        keys = _notice_rule_keys(notice)
        failed = sorted(
            set(verification_inspection.findings.filter(rule_key__in=keys).values_list("rule__code", flat=True))
        )
        if failed:
            raise ValidationError(
                _("The re-check failed %(rules)s again; reject the rectification instead.")
                % {"rules": "、".join(failed)},
                code="recheck_failed",
            )
        passed = set(
            CheckItem.objects.filter(
                inspection=verification_inspection, rule__key__in=keys, result=ItemResult.PASS
            ).values_list("rule__key", flat=True)
        )
        if set(keys) - passed:
            raise ValidationError(
                _("The re-check did not look at every rule of the notice; verify by evidence or re-check them all."),
                code="recheck_incomplete",
            )
    notice.state = row.to_state
    notice.closed_at = timezone.now()
    notice.verification_inspection = verification_inspection
    notice.save(update_fields=["state", "closed_at", "verification_inspection", "updated_at"])
    _close_pending_extensions(notice, user, _("The notice was closed."))
    _record(
        notice,
        user,
        "verified",
        row.from_state,
        comment.strip(),
        inspection=verification_inspection.pk if verification_inspection else None,
        on_time=not notice.closed_late,
    )
    notify(recipients=notice_messages.zone_lead(notice), actor=user, **notice_messages.verified(notice, user))
    return notice


@transaction.atomic
def notice_reject(
    *,
    user,
    notice: Notice,
    reason: str,
    verification_inspection: Inspection | None = None,
    unsatisfactory: Iterable[int] = (),
    expected_state: str | None = None,
) -> Notice:
    """The rectification is not good enough: back to rectifying, with the reason. ``unsatisfactory``
    names (by notice finding id) the findings whose answers in the last round are not good enough;
    naming none rejects the round as a whole."""
    reason = _text(reason, _("Say why the rectification is rejected."), "reason")
    notice = _lock(notice, expected_state)
    row = transitions.check(notice, user, NoticeAction.REJECT)
    if verification_inspection is not None:
        _check_recheck(notice, verification_inspection)
    named = sorted(set(unsatisfactory))
    if named:
        last = notice.responses.order_by("-at", "-pk").first()
        answers = FindingResponse.objects.filter(response=last, item_id__in=named) if last else None
        if answers is None or answers.count() != len(named):
            raise ValidationError(
                {
                    "unsatisfactory": [
                        ValidationError(
                            _("A finding named is not answered in this rectification; reload the page."),
                            code="finding_not_on_notice",
                        )
                    ]
                }
            )
        answers.update(unsatisfactory=True)
    notice.state = row.to_state
    notice.times_rejected += 1
    notice.save(update_fields=["state", "times_rejected", "updated_at"])
    _record(
        notice,
        user,
        "rejected",
        row.from_state,
        reason,
        inspection=verification_inspection.pk if verification_inspection else None,
        unsatisfactory=named,
    )
    notify(recipients=notice_messages.zone_lead(notice), actor=user, **notice_messages.rejected(notice, reason, user))
    return notice


@transaction.atomic
def notice_cancel(*, user, notice: Notice, reason: str, expected_state: str | None = None) -> Notice:
    """The issuer (or an administrator) withdraws an open notice; its findings may be issued again."""
    reason = _text(reason, _("Say why the notice is cancelled."), "reason")
    notice = _lock(notice, expected_state)
    row = transitions.check(notice, user, NoticeAction.CANCEL)
    notice.state = row.to_state
    notice.closed_at = timezone.now()
    notice.cancel_reason = reason
    notice.save(update_fields=["state", "closed_at", "cancel_reason", "updated_at"])
    notice.items.update(active=False)
    _close_pending_extensions(notice, user, _("The notice was cancelled."))
    _record(notice, user, "cancelled", row.from_state, reason)
    notify(recipients=notice_messages.zone_lead(notice), actor=user, **notice_messages.cancelled(notice, reason, user))
    return notice


# -- more time ----------------------------------------------------------------------------------


@transaction.atomic
def extension_request(
    *,
    user,
    notice: Notice,
    requested_until: date,
    reason: str,
    expected_state: str | None = None,
    today: date | None = None,
) -> ExtensionRequest:
    """The zone's lead asks for a later deadline (not in the past), with a reason.

    ``today`` defaults to the local date (the demo history passes the day of its story)."""
    reason = _text(reason, _("Say why more time is needed."), "reason")
    notice = _lock(notice, expected_state)
    row = transitions.check(notice, user, NoticeAction.REQUEST_EXTENSION)
    if requested_until <= notice.deadline:
        raise ValidationError(
            _("Ask for a date after the current deadline (%(deadline)s).") % {"deadline": notice.deadline},
            code="extension_date",
        )
    _check_deadline(requested_until, today or timezone.localdate())
    extension = ExtensionRequest.objects.create(
        notice=notice,
        requested_until=requested_until,
        previous_deadline=notice.deadline,
        reason=reason,
        requested_by=user,
    )
    Notice.objects.filter(pk=notice.pk).update(updated_at=timezone.now())
    _record(
        notice,
        user,
        "extension_requested",
        row.from_state,
        reason,
        extension=extension.pk,
        requested_until=requested_until.isoformat(),
    )
    notify(
        recipients=notice_messages.issuer_side(notice),
        actor=user,
        **notice_messages.extension_requested(extension),
    )
    return extension


@transaction.atomic
def extension_decide(*, user, extension: ExtensionRequest, grant: bool, note: str = "") -> ExtensionRequest:
    """The supervision side grants (the deadline moves) or refuses (a note is required) more time."""
    note = (note or "").strip()
    if not grant:
        note = _text(note, _("Say why more time is refused."), "note")
    notice = Notice.objects.select_for_update().get(pk=extension.notice_id)
    extension = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
    if not extension.is_pending:
        raise field_error(
            STALE,
            _("Someone else already decided on this request: it is “%(state)s”.")
            % {"state": ExtensionState(extension.state).label},
            "stale",
        )
    row = transitions.check(notice, user, NoticeAction.DECIDE_EXTENSION)
    now = timezone.now()
    extension.state = ExtensionState.GRANTED if grant else ExtensionState.REFUSED
    extension.decided_by, extension.decided_at, extension.decision_note = user, now, note
    extension.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    before = notice.deadline
    if grant:
        notice.deadline = extension.requested_until
        notice.save(update_fields=["deadline", "updated_at"])
    else:
        Notice.objects.filter(pk=notice.pk).update(updated_at=now)
    _record(
        notice,
        user,
        "extension_granted" if grant else "extension_refused",
        row.from_state,
        note,
        extension=extension.pk,
        deadline_before=before.isoformat(),
        deadline_after=notice.deadline.isoformat(),
    )
    notify(
        recipients=notice_messages.zone_lead(notice),
        actor=user,
        **notice_messages.extension_decided(extension, notice),
    )
    return extension


# -- policy -----------------------------------------------------------------------------------------

POLICY_FIELDS = ("number_format", "days_minor", "days_major", "days_veto", "remind_days_before", "minor_without_photo")


@transaction.atomic
def policy_save(*, user, policy: RectificationPolicy) -> RectificationPolicy:
    """Administrators change the hall's numbers, default deadlines and reminders."""
    return settings_save(
        user=user,
        instance=policy,
        verb="rectification_policy.saved",
        refused=_("Only administrators change the rectification policy."),
    )
