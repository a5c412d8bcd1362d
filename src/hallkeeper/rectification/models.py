"""Rectification notices (整改通知书): the closed loop after an inspection's findings.

The supervision side issues a numbered notice to a zone for some of its findings (or for a failed
acceptance check); the zone's lead acknowledges it, rectifies, and submits text with after-photos;
an inspector verifies (closing it) or rejects it (back to rectifying). Every write goes through
``services.py``; who may do what from which state is in ``transitions.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.models import TimeStampedModel
from hallkeeper.standards.choices import Severity

from .choices import (
    AWAITING_ZONE_STATES,
    DEFAULT_NUMBER_FORMAT,
    EXTENSION_STATE_COLOURS,
    NOTICE_STATE_COLOURS,
    OPEN_STATES,
    OVERDUE_COLOUR,
    ExtensionState,
    NoticeState,
)
from .numbering import format_number, validate_number_format
from .querysets import NoticePartQuerySet, NoticeQuerySet, PolicyQuerySet, ResponsePhotoQuerySet

_days = {"validators": [MinValueValidator(0), MaxValueValidator(60)]}


class RectificationPolicy(TimeStampedModel):
    """A hall's notice numbers, default deadlines and reminders; administrators change it."""

    hall = models.OneToOneField(
        "halls.Hall", on_delete=models.CASCADE, related_name="rectification_policy", verbose_name=_("hall")
    )
    number_format = models.CharField(
        _("number format"),
        max_length=60,
        default=DEFAULT_NUMBER_FORMAT,
        validators=[validate_number_format],
        help_text=_(
            "{code} is the hall's issuer code (机关代字, in the document settings), {year} the year, {seq} the "
            "running number in that year, written without 第 and without leading zeros."
        ),
    )
    days_minor = models.PositiveSmallIntegerField(_("working days for minor findings"), default=5, **_days)
    days_major = models.PositiveSmallIntegerField(_("working days for major findings"), default=3, **_days)
    days_veto = models.PositiveSmallIntegerField(
        _("working days for veto findings"),
        default=1,
        help_text=_("Veto findings are put right at once (立行立改)."),
        **_days,
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind this many working days before the deadline"), default=1, **_days
    )
    minor_without_photo = models.BooleanField(
        _("minor findings may be answered without an after-photo"),
        default=False,
        help_text=_(
            "Off: every finding of a rectification needs at least one photo taken after it was put right. "
            "On: minor findings may be answered in words only; major and veto findings still need a photo."
        ),
    )

    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification policy")
        verbose_name_plural = _("rectification policies")

    def __str__(self) -> str:
        return str(self.hall)

    def days_for(self, severity: str) -> int:
        return {Severity.VETO: self.days_veto, Severity.MAJOR: self.days_major}.get(severity, self.days_minor)

    def format_number(self, year: int, seq: int) -> str:
        """The number of the ``seq``-th notice of ``year``, with the hall's 机关代字 for ``{code}``."""
        from hallkeeper.halls.documents import issuer_for

        code = issuer_for(self.hall).code if self.hall_id else ""
        return format_number(self.number_format, year=year, seq=seq, code=code)

    def needs_after_photo(self, severity: str) -> bool:
        """Whether the answer to a finding of this severity must carry an after-photo."""
        return not (self.minor_without_photo and severity not in (Severity.VETO, Severity.MAJOR))


class NoticeCounter(models.Model):
    """The last notice number given in a hall's year; locked while a notice is issued (gap-free numbers)."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("notice counter")
        verbose_name_plural = _("notice counters")
        constraints = [models.UniqueConstraint(fields=["hall", "year"], name="unique_notice_counter")]

    def __str__(self) -> str:
        return f"{self.hall_id}/{self.year}: {self.last}"


class Notice(TimeStampedModel):
    """A rectification notice (整改通知书) to one zone."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="notices", verbose_name=_("hall"))
    zone = models.ForeignKey("places.Zone", on_delete=models.PROTECT, related_name="notices", verbose_name=_("zone"))
    number = models.CharField(_("number"), max_length=60)
    year = models.PositiveSmallIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("running number"))
    state = models.CharField(_("state"), max_length=20, choices=NoticeState.choices, default=NoticeState.ISSUED)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="issued_notices", verbose_name=_("issued by")
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, db_index=True)
    deadline = models.DateField(_("deadline"), db_index=True)
    original_deadline = models.DateField(_("original deadline"))
    requirement = models.TextField(_("requirement"))
    source_inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("found by"),
        help_text=_("The inspection whose findings the notice covers (the failed acceptance check, for one)."),
    )
    acceptance_failure = models.BooleanField(
        _("acceptance failure"),
        default=False,
        help_text=_("The notice follows a failed acceptance check; a passed re-acceptance check closes it."),
    )
    verification_inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verified_notices",
        verbose_name=_("verified by inspection"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(_("rectification submitted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)
    times_rejected = models.PositiveSmallIntegerField(_("times rejected"), default=0)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "-year", "-seq"]
        verbose_name = _("rectification notice")
        verbose_name_plural = _("rectification notices")
        indexes = [
            models.Index(fields=["hall", "state", "deadline"], name="notice_hall_state_idx"),
            models.Index(fields=["zone", "state"], name="notice_zone_state_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["hall", "year", "seq"], name="unique_notice_seq_per_hall_year"),
            models.CheckConstraint(condition=models.Q(state__in=NoticeState.values), name="notice_state_valid"),
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="notice_seq_positive"),
            models.CheckConstraint(
                condition=~models.Q(state__in=["verified", "cancelled"]) | models.Q(closed_at__isnull=False),
                name="closed_notice_has_closed_at",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        try:
            return reverse("notice_detail", kwargs={"hall": self.hall.code, "pk": self.pk})
        except NoReverseMatch:  # the pages come with the next step
            return ""

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def overdue_on(self, today) -> bool:
        return self.state in AWAITING_ZONE_STATES and self.deadline < today

    @property
    def is_overdue(self) -> bool:
        """Waiting for the zone past the deadline (derived; see ``NoticeQuerySet.overdue``)."""
        return self.overdue_on(timezone.localdate())

    @property
    def state_colour(self) -> str:
        return OVERDUE_COLOUR if self.is_overdue else NOTICE_STATE_COLOURS.get(self.state, "secondary")

    @property
    def closed_late(self) -> bool | None:
        """For a closed notice: was the accepted rectification submitted after the deadline?"""
        if self.state != NoticeState.VERIFIED or self.last_submitted_at is None:
            return None
        return timezone.localtime(self.last_submitted_at).date() > self.deadline


class NoticeItem(models.Model):
    """A finding covered by a notice. A finding is held by at most one notice that is not cancelled."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="items", verbose_name=_("notice"))
    finding = models.ForeignKey(
        "inspections.Finding", on_delete=models.PROTECT, related_name="notice_items", verbose_name=_("finding")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(
        _("held"), default=True, help_text=_("False once the notice is cancelled: the finding may be issued again.")
    )

    objects = NoticePartQuerySet.as_manager()

    class Meta:
        ordering = ["notice", "order", "pk"]
        verbose_name = _("notice finding")
        verbose_name_plural = _("notice findings")
        constraints = [
            models.UniqueConstraint(fields=["notice", "finding"], name="unique_finding_per_notice"),
            models.UniqueConstraint(
                fields=["finding"], condition=models.Q(active=True), name="finding_on_one_live_notice"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice_id} · {self.finding_id}"


class NoticeResponse(models.Model):
    """One round of rectification submitted by the zone: an answer for each finding of the notice
    (``answers``) and an optional overall remark. A rejected round stays on record; resubmitting after a
    rejection makes a new round.

    Rounds submitted before answers were given finding by finding keep their text here and their
    after-photos on the round itself (``ResponsePhoto.answer`` empty): pages and reports still show them.
    """

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="responses", verbose_name=_("notice"))
    text = models.TextField(_("overall remark"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    at = models.DateTimeField(_("submitted at"), default=timezone.now)

    objects = NoticePartQuerySet.as_manager()

    class Meta:
        ordering = ["notice", "at", "pk"]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")

    def __str__(self) -> str:
        return f"{self.notice} · {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


class FindingResponse(models.Model):
    """What was done about one finding of a notice in one round, with that finding's after-photos."""

    response = models.ForeignKey(
        NoticeResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("rectification")
    )
    item = models.ForeignKey(
        NoticeItem, on_delete=models.CASCADE, related_name="answers", verbose_name=_("notice finding")
    )
    text = models.TextField(_("what was done"))
    unsatisfactory = models.BooleanField(
        _("not satisfactory"), default=False, help_text=_("Named by the inspector who rejected the round.")
    )

    objects = ResponsePhotoQuerySet.as_manager()

    class Meta:
        ordering = ["response", "item__order", "item__pk"]
        verbose_name = _("answer to a finding")
        verbose_name_plural = _("answers to findings")
        constraints = [models.UniqueConstraint(fields=["response", "item"], name="one_answer_per_finding_per_round")]

    def __str__(self) -> str:
        return f"{self.response} · {self.item_id}"


def response_photo_path(instance: ResponsePhoto, filename: str) -> str:
    now = timezone.localdate()
    return f"rectification/{instance.response.notice.hall_id}/{now:%Y/%m}/{filename}"


class ResponsePhoto(models.Model):
    """An after-photo of one finding's answer (or, from before answers per finding, of a whole round);
    served only through Hallkeeper's access checks."""

    response = models.ForeignKey(
        NoticeResponse, on_delete=models.CASCADE, related_name="photos", verbose_name=_("rectification")
    )
    answer = models.ForeignKey(
        FindingResponse,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("answer to a finding"),
        help_text=_("Empty for the photos of a rectification submitted for the whole notice at once."),
    )
    image = models.ImageField(_("photo"), upload_to=response_photo_path, width_field="width", height_field="height")
    thumbnail = models.ImageField(_("thumbnail"), upload_to=response_photo_path)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ResponsePhotoQuerySet.as_manager()

    class Meta:
        ordering = ["response", "order", "pk"]
        verbose_name = _("after-photo")
        verbose_name_plural = _("after-photos")
        constraints = [
            models.UniqueConstraint(fields=["answer", "sha256"], name="unique_photo_per_answer"),
            models.UniqueConstraint(
                fields=["response", "sha256"],
                condition=models.Q(answer__isnull=True),
                name="unique_photo_per_response",
            ),
        ]

    def __str__(self) -> str:
        return self.image.name


class ExtensionRequest(models.Model):
    """The zone asks for a later deadline, with a reason; the supervision side grants or refuses."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("notice"))
    requested_until = models.DateField(_("new deadline asked for"))
    previous_deadline = models.DateField(_("deadline when asked"))
    reason = models.TextField(_("reason"))
    state = models.CharField(
        _("state"), max_length=10, choices=ExtensionState.choices, default=ExtensionState.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("asked by")
    )
    requested_at = models.DateTimeField(_("asked at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    objects = NoticePartQuerySet.as_manager()

    class Meta:
        ordering = ["notice", "requested_at", "pk"]
        verbose_name = _("request for more time")
        verbose_name_plural = _("requests for more time")
        constraints = [
            models.CheckConstraint(condition=models.Q(state__in=ExtensionState.values), name="extension_state_valid"),
            models.UniqueConstraint(
                fields=["notice"], condition=models.Q(state="requested"), name="one_pending_extension_per_notice"
            ),
            models.CheckConstraint(
                condition=models.Q(requested_until__gt=models.F("previous_deadline")),
                name="extension_moves_deadline_later",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice} → {self.requested_until}"

    @property
    def state_colour(self) -> str:
        return EXTENSION_STATE_COLOURS.get(self.state, "secondary")

    @property
    def is_pending(self) -> bool:
        return self.state == ExtensionState.REQUESTED
