"""A notice read once into plain data for the printable documents (Word and PDF).

:func:`collect` runs a bounded number of queries (the notice, its findings with their before-photos,
the rectification rounds with each finding's answer and after-photos, the timeline) and reads the
stored thumbnails of the photos shown. The renderers in ``docx.py`` and ``pdf.py`` only lay the data out.

Labels are English source strings in ``gettext``; the documents render in the active language
(zh-hans by default). Dates follow the active locale's formats: ``2026年11月25日`` in Chinese,
as GB/T 9704-2012 (7.3.5.1) asks of official documents — Arabic numerals, the year in full, no
leading zeros.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hallkeeper.accounts.choices import Role
from hallkeeper.inspections.models import ItemPhoto

from ..choices import EVENT_LABELS, NoticeState
from ..models import Notice, NoticeItem
from ..selectors import rounds, timeline

#: Photos shown per finding in the notice's findings table, and per side in the closing report.
NOTICE_PHOTOS_PER_FINDING = 3
REPORT_PHOTOS_PER_SIDE = 6
CHINESE_ORDINALS = "一二三四五六七八九十"


def event_labels() -> dict[str, str]:
    """What each notice event is called: the same words as the timeline on the notice page."""

    return {verb: str(label) for verb, label in EVENT_LABELS.items()}


# -- formatting ---------------------------------------------------------------------------------


def is_chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


def day(value: date | datetime | None) -> str:
    """A date in the active locale (``2026年11月25日``); a datetime is taken in local time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "DATE_FORMAT")


def moment(value: datetime | None) -> str:
    if value is None:
        return ""
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def points(value: Decimal | None) -> str:
    """A deduction without a needless ``.0``: 2, 0.5."""
    if value is None:
        return ""
    value = Decimal(value)
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value.normalize())


def sentences(*parts: str) -> str:
    """Sentences run on: without a space in Chinese, with one in other languages."""
    return ("" if is_chinese() else " ").join(p for p in parts if p)


def deadline_sentence(doc: NoticeDoc) -> str:
    text = _("Please put the problems right by %(date)s and report how they were put right.") % {"date": doc.deadline}
    if doc.extended_from:
        text = sentences(text, _("(The deadline was extended from %(date)s.)") % {"date": doc.extended_from})
    return text


def section_heading(n: int, text: str) -> str:
    """``一、问题`` in Chinese, ``1. Problems`` otherwise (official documents number their parts this way)."""
    if is_chinese() and 1 <= n <= len(CHINESE_ORDINALS):
        return f"{CHINESE_ORDINALS[n - 1]}、{text}"
    return f"{n}. {text}"


def clause_text(codes: list[str]) -> str:
    labels = [_("Annex %(code)s") % {"code": c} if c in {"A", "B"} else c for c in codes]
    return "、".join(labels) if labels else "—"


_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def filename(notice: Notice, label: str, extension: str) -> str:
    """A Chinese download name: ``鞍审批整改〔2026〕24号-整改通知书-一楼综合窗口责任区.docx``."""
    name = f"{notice.number}-{label}-{notice.zone.name}"
    return f"{_UNSAFE.sub('', name)}.{extension}"


def ascii_filename(notice: Notice, stem: str, extension: str) -> str:
    return f"{stem}-{notice.year}-{notice.seq:03d}.{extension}"


# -- the data -----------------------------------------------------------------------------------


@dataclass
class PhotoDoc:
    data: bytes
    width: int
    height: int


@dataclass
class FindingDoc:
    order: int
    rule_code: str
    rule_title: str
    severity: str
    severity_label: str
    clauses: str
    description: str
    where: str
    occurrences: int
    deduction: str
    found_at: datetime
    photos: list[PhotoDoc]
    more_photos: int  # photos not shown
    item_id: int = 0
    #: The closing report only: this finding's answer in the rectification shown (``NoticeDoc.after``).
    answer: AnswerDoc | None = None

    @property
    def rule(self) -> str:
        return f"{self.rule_code} {self.rule_title}"


@dataclass
class ReceiptDoc:
    """The receipt slip (回执): blank until the zone acknowledged the notice."""

    signed_by: str = ""
    signed_on: str = ""
    comment: str = ""

    @property
    def signed(self) -> bool:
        return bool(self.signed_by or self.signed_on)


@dataclass
class AnswerDoc:
    """What was done about one finding in one rectification, with that finding's after-photos."""

    text: str
    photos: list[PhotoDoc]
    more_photos: int
    unsatisfactory: bool = False


@dataclass
class ResponseDoc:
    """One rectification round: its overall remark (``text``, may be empty) and — for a round submitted
    for the whole notice at once, before answers per finding — the round's own after-photos."""

    text: str
    by: str
    at: datetime
    late: bool
    photos: list[PhotoDoc]
    more_photos: int
    answers: dict[int, AnswerDoc] = field(default_factory=dict)  # by notice finding id


@dataclass
class VerificationDoc:
    by: str
    at: datetime | None
    method: str
    comment: str


@dataclass
class EventDoc:
    at: datetime
    label: str
    actor: str
    change: str
    comment: str


@dataclass
class NoticeDoc:
    notice: Notice
    organization: str
    hall_name: str
    number: str
    zone: str
    lead: str
    addressee: str
    opening: str
    requirement: str
    deadline: str
    extended_from: str
    issuer: str
    issuer_line: str
    issued_on: str
    state: str
    state_label: str
    findings: list[FindingDoc]
    total_deduction: str
    receipt: ReceiptDoc
    # The closing report only:
    responses: list[ResponseDoc] = field(default_factory=list)
    #: The rectification shown beside the before-photos: the accepted one of a closed notice, or the one
    #: waiting for verification (``after_verified`` False); None while the zone is still working.
    after: ResponseDoc | None = None
    after_verified: bool = False
    verification: VerificationDoc | None = None
    events: list[EventDoc] = field(default_factory=list)

    @property
    def is_closed(self) -> bool:
        return self.state == NoticeState.VERIFIED

    @property
    def is_cancelled(self) -> bool:
        return self.state == NoticeState.CANCELLED


def _read_photo(photo) -> PhotoDoc | None:
    """The stored thumbnail (or else the photo) and its size; None when the file cannot be read."""
    from PIL import Image, UnidentifiedImageError

    for stored in (photo.thumbnail, photo.image):
        if not stored:
            continue
        try:
            with stored.open("rb") as fh:
                data = fh.read()
            with Image.open(BytesIO(data)) as image:
                width, height = image.size
        except (OSError, ValueError, UnidentifiedImageError):  # a missing or broken file must not stop the document
            continue
        return PhotoDoc(data=data, width=width or 1, height=height or 1)
    return None


def _photos(photos: list, limit: int) -> tuple[list[PhotoDoc], int]:
    read = [p for p in (_read_photo(photo) for photo in photos[:limit]) if p is not None]
    return read, max(0, len(photos) - limit)


def _where(finding) -> str:
    parts = []
    if finding.window_id:
        parts.append(_("Window %(number)s") % {"number": finding.window.number})
    if finding.position_id:
        parts.append(finding.position.name or finding.position.code)
    return "，".join(parts) or _("Whole zone")


def _finding(item: NoticeItem, limit: int) -> FindingDoc:
    finding = item.finding
    rule = finding.rule
    photos, more = _photos(list(finding.item.photos.all()), limit)
    return FindingDoc(
        order=0,
        rule_code=rule.code,
        rule_title=rule.title,
        severity=finding.severity,
        severity_label=rule.get_severity_display(),
        clauses=clause_text(list(rule.clauses or [])),
        description=finding.note.strip() or _("Not as required: %(requirement)s") % {"requirement": rule.requirement},
        where=_where(finding),
        occurrences=finding.occurrences,
        deduction=points(finding.deduction),
        found_at=finding.found_at,
        photos=photos,
        more_photos=more,
        item_id=item.pk,
    )


def _opening(notice: Notice, inspections: list) -> str:
    if notice.acceptance_failure and notice.source_inspection_id:
        i = notice.source_inspection
        source = _("the acceptance check of %(date)s (score %(score)s, not passed)") % {
            "date": day(i.submitted_at),
            "score": points(i.score),
        }
    elif len(inspections) == 1:
        i = inspections[0]
        source = _("the %(kind)s of %(date)s") % {"kind": i.get_kind_display(), "date": day(i.submitted_at)}
    elif inspections:
        dates = sorted(i.submitted_at for i in inspections)
        source = _("the inspections from %(start)s to %(end)s") % {"start": day(dates[0]), "end": day(dates[-1])}
    else:
        source = _("on-site inspections")
    return _(
        "According to %(source)s, your zone has the following problems. You are hereby notified to put them right:"
    ) % {"source": source}


def _receipt(events: list) -> ReceiptDoc:
    acknowledged = [e for e in events if e.verb == "notice.acknowledged"]
    if not acknowledged:
        return ReceiptDoc()
    event = acknowledged[-1]
    return ReceiptDoc(
        signed_by=event.actor.display_name if event.actor_id else "",
        signed_on=day(event.created_at),
        comment=event.comment,
    )


def _state_label(value: str) -> str:
    return str(NoticeState(value).label) if value in NoticeState.values else value


def _event(event, labels: dict[str, str]) -> EventDoc:
    change = ""
    if event.to_state and event.from_state != event.to_state:
        change = (
            f"{_state_label(event.from_state)} → {_state_label(event.to_state)}"
            if event.from_state
            else _state_label(event.to_state)
        )
    comment = event.comment
    if event.verb == "notice.extension_requested" and event.data.get("requested_until"):
        asked = date.fromisoformat(event.data["requested_until"])
        comment = (_("Until %(date)s") % {"date": day(asked)}) + (f"：{comment}" if comment else "")
    elif event.verb == "notice.extension_granted" and event.data.get("deadline_after"):
        after = date.fromisoformat(event.data["deadline_after"])
        comment = (_("New deadline %(date)s") % {"date": day(after)}) + (f"：{comment}" if comment else "")
    elif event.verb == "notice.issued" and event.data.get("deadline"):
        comment = _("Deadline %(date)s") % {"date": day(date.fromisoformat(event.data["deadline"]))}
    return EventDoc(
        at=event.created_at,
        label=labels.get(event.verb, event.verb),
        actor=event.actor.display_name if event.actor_id else _("the system"),
        change=change,
        comment=comment,
    )


def _verification(notice: Notice, events: list) -> VerificationDoc | None:
    verified = [e for e in events if e.verb == "notice.verified"]
    if notice.state != NoticeState.VERIFIED or not verified:
        return None
    event = verified[-1]
    i = notice.verification_inspection
    if i is not None:
        method = _("On-site re-check: the %(kind)s of %(date)s by %(inspector)s, score %(score)s") % {
            "kind": i.get_kind_display(),
            "date": day(i.submitted_at),
            "inspector": i.inspector.display_name,
            "score": points(i.score),
        }
    else:
        method = _("By the submitted evidence (text and after-photos)")
    return VerificationDoc(
        by=event.actor.display_name if event.actor_id else "",
        at=notice.closed_at or event.created_at,
        method=method,
        comment=event.comment,
    )


def load(notices, pk: int) -> Notice:
    """The notice ``pk`` among ``notices`` (already scoped to the user and hall), with what the documents show."""
    return notices.select_related(
        "hall",
        "zone__lead",
        "issued_by",
        "source_inspection",
        "verification_inspection__inspector",
    ).get(pk=pk)


def collect(notice: Notice, *, closing: bool = False) -> NoticeDoc:
    """Read ``notice`` for its documents; ``closing`` adds the rectifications, verification and timeline."""
    limit = REPORT_PHOTOS_PER_SIDE if closing else NOTICE_PHOTOS_PER_FINDING
    items = list(
        notice.items.select_related(
            "finding__rule", "finding__window", "finding__position", "finding__inspection", "finding__item"
        )
        .prefetch_related(Prefetch("finding__item__photos", queryset=ItemPhoto.objects.order_by("created_at", "pk")))
        .order_by("order", "pk")
    )
    findings = []
    for n, item in enumerate(items, start=1):
        doc = _finding(item, limit)
        doc.order = n
        findings.append(doc)
    inspections = list({item.finding.inspection_id: item.finding.inspection for item in items}.values())
    events = list(timeline(notice))
    hall = notice.hall
    zone = notice.zone
    lead = zone.lead.name if zone.lead_id else ""
    if lead:
        addressee = _("%(zone)s (lead: %(lead)s):") % {"zone": zone.name, "lead": lead}
    else:
        addressee = _("%(zone)s:") % {"zone": zone.name}
    total = sum((item.finding.deduction for item in items), Decimal(0))
    issuer = notice.issued_by.display_name
    doc = NoticeDoc(
        notice=notice,
        organization=hall.organization or hall.name,
        hall_name=hall.name,
        number=notice.number,
        zone=zone.name,
        lead=lead,
        addressee=addressee,
        opening=_opening(notice, inspections),
        requirement=notice.requirement,
        deadline=day(notice.deadline),
        extended_from=day(notice.original_deadline) if notice.original_deadline != notice.deadline else "",
        issuer=issuer,
        issuer_line=_("%(group)s (issued by %(name)s)") % {"group": Role.SUPERVISION.label, "name": issuer},
        issued_on=day(notice.issued_at),
        state=notice.state,
        state_label=_state_label(notice.state),
        findings=findings,
        total_deduction=points(total),
        receipt=_receipt(events),
    )
    if closing:
        for response in rounds(notice):
            photos, more = _photos(response.photo_list, REPORT_PHOTOS_PER_SIDE)
            answers = {}
            for answer in response.answer_list:
                shown, left = _photos(answer.photo_list, REPORT_PHOTOS_PER_SIDE)
                answers[answer.item_id] = AnswerDoc(answer.text, shown, left, answer.unsatisfactory)
            doc.responses.append(
                ResponseDoc(
                    text=response.text,
                    by=response.by.display_name,
                    at=response.at,
                    late=timezone.localtime(response.at).date() > notice.deadline,
                    photos=photos,
                    more_photos=more,
                    answers=answers,
                )
            )
        if doc.responses and notice.state in (NoticeState.VERIFIED, NoticeState.SUBMITTED):
            doc.after = doc.responses[-1]  # a rejected rectification is followed by a new one before either state
            doc.after_verified = notice.state == NoticeState.VERIFIED
            for finding in doc.findings:  # each finding beside its own answer: no photo repeated
                finding.answer = doc.after.answers.get(finding.item_id)
        doc.verification = _verification(notice, events)
        labels = event_labels()
        doc.events = [_event(e, labels) for e in events]
    return doc
