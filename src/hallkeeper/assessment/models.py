"""The monthly assessment (月度考核) of zones, windows and window staff, with quarterly and annual roll-ups.

A period is computed from the hall's inspections, notices, bonus and penalty items and imported indicators
(``inputs.py`` gathers them, ``compute.py`` is the pure computation), opened for appeal, approved by the
leadership group and published: a published period keeps a snapshot of its inputs and results and never
changes again; a correction is a new revision of it. Every write goes through ``services.py``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.models import TimeStampedModel

from .choices import (
    PERIOD_STATE_COLOURS,
    AdjustmentKind,
    AppealState,
    Indicator,
    PeriodKind,
    PeriodState,
    TargetType,
)
from .querysets import AppealQuerySet, HallWideQuerySet, PeriodQuerySet, ResultQuerySet

_user = {"on_delete": models.SET_NULL, "null": True, "blank": True, "related_name": "+"}
_weight = {"validators": [MinValueValidator(0), MaxValueValidator(100)]}
#: Points and caps: 0 to 100 with one decimal place.
_tenths = {
    "max_digits": 4,
    "decimal_places": 1,
    "validators": [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
}


class IndicatorWeights(TimeStampedModel):
    """A hall's weights of the assessment's indicators (they add up to 100) and its penalty rules."""

    hall = models.OneToOneField(
        "halls.Hall", on_delete=models.CASCADE, related_name="assessment_weights", verbose_name=_("hall")
    )
    patrol = models.PositiveSmallIntegerField(_("average inspection score"), default=40, **_weight)
    self_check = models.PositiveSmallIntegerField(_("self-check completion"), default=15, **_weight)
    acceptance = models.PositiveSmallIntegerField(_("acceptance result"), default=15, **_weight)
    rectification = models.PositiveSmallIntegerField(_("rectification of findings"), default=20, **_weight)
    service = models.PositiveSmallIntegerField(_("service indicators (imported)"), default=10, **_weight)
    overdue_points = models.DecimalField(
        _("points off the rectification score per overdue notice"),
        default=Decimal("10"),
        **_tenths,
    )
    rejected_points = models.DecimalField(
        _("points off per rejected rectification"),
        default=Decimal("5"),
        **_tenths,
    )
    repeat_points = models.DecimalField(
        _("points off per repeated failure of a rule"),
        default=Decimal("5"),
        **_tenths,
    )
    repeat_days = models.PositiveSmallIntegerField(
        _("repeat window (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text=_("The same rule failing again in the same place within this many days counts as a repeat."),
    )
    veto_cap = models.DecimalField(
        _("score cap after a failed acceptance or veto"),
        default=Decimal("60"),
        **_tenths,
    )

    objects = HallWideQuerySet.as_manager()

    WEIGHT_FIELDS = ("patrol", "self_check", "acceptance", "rectification", "service")

    class Meta:
        verbose_name = _("assessment weights")
        verbose_name_plural = _("assessment weights")

    def __str__(self) -> str:
        return str(self.hall)

    def clean(self) -> None:
        total = sum(getattr(self, name) or 0 for name in self.WEIGHT_FIELDS)
        if total != 100:
            raise ValidationError(
                {
                    "patrol": ValidationError(
                        _("The weights add up to %(total)s; they must add up to 100."),
                        code="weights_total",
                        params={"total": total},
                    )
                }
            )


class AssessmentPeriod(TimeStampedModel):
    hall = models.ForeignKey(
        "halls.Hall", on_delete=models.CASCADE, related_name="assessment_periods", verbose_name=_("hall")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.MONTH)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    state = models.CharField(_("state"), max_length=10, choices=PeriodState.choices, default=PeriodState.DRAFT)
    appeal_deadline = models.DateField(_("appeals until"), null=True, blank=True)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    revision_reason = models.TextField(_("reason for the correction"), blank=True)
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        verbose_name=_("corrects"),
    )
    snapshot = models.JSONField(_("snapshot of inputs and results"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("computed by"), **_user)
    opened_at = models.DateTimeField(_("opened for appeal at"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened for appeal by"), **_user)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), **_user)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"), **_user)
    # The bulletin's 发文字号, taken once (``services.bulletin_number``) from the gap-free counter of the hall's
    # 机关代字 and year (``halls.DocumentCounter``, shared with the campaign documents) and kept, so the same
    # period always prints the same number; a corrected revision gets its own.
    bulletin_year = models.PositiveSmallIntegerField(_("bulletin year"), null=True, blank=True)
    bulletin_seq = models.PositiveIntegerField(_("bulletin running number"), null=True, blank=True)
    bulletin_number = models.CharField(_("bulletin number"), max_length=60, blank=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "-starts_on", "kind", "-revision"]
        verbose_name = _("assessment period")
        verbose_name_plural = _("assessment periods")
        constraints = [
            models.UniqueConstraint(
                fields=["hall", "kind", "starts_on", "revision"], name="unique_assessment_period_revision"
            ),
            models.CheckConstraint(condition=models.Q(kind__in=PeriodKind.values), name="assessment_kind_valid"),
            models.CheckConstraint(condition=models.Q(state__in=PeriodState.values), name="assessment_state_valid"),
            # The running number is shared with the hall's other documents of the same 机关代字 (``halls.numbering``)
            # and restarts under a new code: the number as printed is what is unique.
            models.UniqueConstraint(
                fields=["hall", "bulletin_number"],
                condition=~models.Q(bulletin_number=""),
                name="unique_assessment_bulletin_doc_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} · {self.get_state_display()}"

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MONTH:
            text = f"{self.starts_on:%Y-%m}"
        elif self.kind == PeriodKind.QUARTER:
            text = f"{self.starts_on.year} Q{(self.starts_on.month - 1) // 3 + 1}"
        else:
            text = f"{self.starts_on.year}"
        return f"{text} r{self.revision}" if self.revision > 1 else text

    @property
    def state_colour(self) -> str:
        return PERIOD_STATE_COLOURS.get(self.state, "secondary")

    def get_absolute_url(self) -> str:
        return reverse("assessment_period", kwargs={"hall": self.hall.code, "pk": self.pk})


class BulletinCounter(models.Model):
    """The last bulletin number a hall took in a year, from before the bulletins shared the hall's document
    counter (``halls.DocumentCounter``, seeded from these rows); kept as the record of the old series, no longer
    written."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("bulletin counter")
        verbose_name_plural = _("bulletin counters")
        constraints = [models.UniqueConstraint(fields=["hall", "year"], name="unique_bulletin_counter")]

    def __str__(self) -> str:
        return f"{self.hall_id} · {self.year}: {self.last}"


class AssessmentResult(models.Model):
    """One zone's, window's or window staff member's result in a period; ``score`` None = not assessed."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    period = models.ForeignKey(
        AssessmentPeriod, on_delete=models.CASCADE, related_name="results", verbose_name=_("period")
    )
    target_type = models.CharField(_("assessed"), max_length=10, choices=TargetType.choices)
    zone = models.ForeignKey(
        "places.Zone", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("zone")
    )
    window = models.ForeignKey(
        "places.Window", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("window")
    )
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    name = models.CharField(_("name"), max_length=200)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        ordering = ["period", "target_type", models.F("rank").asc(nulls_last=True), "name"]
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        constraints = [
            models.CheckConstraint(condition=models.Q(target_type__in=TargetType.values), name="result_target_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.period.label} · {self.name}"

    @property
    def assessed(self) -> bool:
        return self.score is not None


def evidence_path(instance: AdjustmentItem, filename: str) -> str:
    return f"assessment/{instance.hall_id}/{instance.on:%Y/%m}/{filename}"


class AdjustmentItem(TimeStampedModel):
    """A bonus or penalty item (加分/扣分事项) with its evidence, counted in the month of its date."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    target_type = models.CharField(_("for"), max_length=10, choices=TargetType.choices)
    zone = models.ForeignKey(
        "places.Zone", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("zone")
    )
    window = models.ForeignKey(
        "places.Window", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("window")
    )
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=AdjustmentKind.choices)
    points = models.DecimalField(
        _("points"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("-100")), MaxValueValidator(Decimal("100"))],
        help_text=_("Positive for a bonus, negative for a penalty."),
    )
    reason = models.TextField(_("reason"))
    evidence = models.ImageField(_("evidence"), upload_to=evidence_path, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), **_user)

    objects = HallWideQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "-on", "-pk"]
        verbose_name = _("bonus or penalty item")
        verbose_name_plural = _("bonus and penalty items")
        constraints = [
            models.CheckConstraint(condition=~models.Q(points=0), name="adjustment_points_nonzero"),
        ]

    def __str__(self) -> str:
        return f"{self.on} · {self.get_kind_display()} · {self.points:+}"

    @property
    def target_name(self) -> str:
        target = self.zone or self.window or self.person
        return str(target) if target else ""


class ImportedIndicator(models.Model):
    """A month's figure another system holds (办件量, 按时办结率, 好评率) for a window or a staff member."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    window = models.ForeignKey(
        "places.Window", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("window")
    )
    person = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    indicator = models.CharField(_("indicator"), max_length=10, choices=Indicator.choices)
    value = models.DecimalField(_("value"), max_digits=10, decimal_places=2)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"), **_user)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    objects = HallWideQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "-month", "indicator", "pk"]
        verbose_name = _("imported indicator")
        verbose_name_plural = _("imported indicators")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(window__isnull=False, person__isnull=True)
                | models.Q(window__isnull=True, person__isnull=False),
                name="indicator_window_or_person",
            ),
            models.UniqueConstraint(
                fields=["hall", "month", "window", "indicator"],
                condition=models.Q(window__isnull=False),
                name="unique_window_indicator_month",
            ),
            models.UniqueConstraint(
                fields=["hall", "month", "person", "indicator"],
                condition=models.Q(person__isnull=False),
                name="unique_person_indicator_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} · {self.get_indicator_display()} · {self.value}"


class Appeal(models.Model):
    """A zone lead's appeal against their zone's result, answered by the supervision group."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    result = models.ForeignKey(
        AssessmentResult, on_delete=models.CASCADE, related_name="appeals", verbose_name=_("result")
    )
    appealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=10, choices=AppealState.choices, default=AppealState.PENDING)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), **_user)
    created_at = models.DateTimeField(_("appealed at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "-created_at", "-pk"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            models.UniqueConstraint(
                fields=["result"], condition=models.Q(state="pending"), name="one_pending_appeal_per_result"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.result} · {self.get_state_display()}"


# -- honours (红黑榜, 流动红旗, 红旗窗口, 服务之星): the rules of a hall and the honours frozen at publication -----

from .choices import FlagTarget, HonourKind  # noqa: E402
from .querysets import HonourQuerySet  # noqa: E402

#: The most units one honour lists in a month (ties at the cut-off may add more).
MAX_HONOURED = 20
_listed = {"validators": [MinValueValidator(0), MaxValueValidator(MAX_HONOURED)]}


class HonourRules(TimeStampedModel):
    """A hall's rules of the monthly honours (see ``honours.py``); the defaults until it is saved.

    A size of 0 awards nothing of that kind; the black list takes the ``black_size`` lowest zones and/or every
    zone scoring below ``black_below`` (empty: no such line). ``clean`` refuses thresholds that overlap."""

    hall = models.OneToOneField(
        "halls.Hall", on_delete=models.CASCADE, related_name="honour_rules", verbose_name=_("hall")
    )
    red_size = models.PositiveSmallIntegerField(_("red list: zones listed"), default=3, **_listed)
    red_min = models.DecimalField(_("red list: minimum score"), default=Decimal("70"), **_tenths)
    black_size = models.PositiveSmallIntegerField(
        _("black list: lowest zones listed"), default=3, help_text=_("0 lists no zone by rank."), **_listed
    )
    black_below = models.DecimalField(
        _("black list: every zone scoring below"),
        null=True,
        blank=True,
        help_text=_("Leave empty to list by rank only."),
        **_tenths,
    )
    flag_target = models.CharField(
        _("red flag goes to"), max_length=10, choices=FlagTarget.choices, default=FlagTarget.ZONE
    )
    flag_min = models.DecimalField(_("red flag: minimum score"), default=Decimal("85"), **_tenths)
    red_windows = models.PositiveSmallIntegerField(_("red-flag windows a month"), default=3, **_listed)
    red_window_min = models.DecimalField(_("red-flag windows: minimum score"), default=Decimal("85"), **_tenths)
    service_stars = models.PositiveSmallIntegerField(_("service stars a month"), default=3, **_listed)
    service_star_min = models.DecimalField(_("service stars: minimum score"), default=Decimal("85"), **_tenths)

    objects = HallWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("honour rules")
        verbose_name_plural = _("honour rules")
        constraints = [
            models.CheckConstraint(condition=models.Q(flag_target__in=FlagTarget.values), name="honour_flag_target"),
        ]

    def __str__(self) -> str:
        return str(self.hall)

    def clean(self) -> None:
        errors = {}
        if self.black_below is not None and self.red_min is not None and self.red_min <= self.black_below:
            errors["red_min"] = ValidationError(
                _("The red list's minimum must be above the black list's line (%(line)s)."),
                code="overlap",
                params={"line": self.black_below},
            )
        if self.black_below is not None and self.flag_min is not None and self.flag_min <= self.black_below:
            errors["flag_min"] = ValidationError(
                _("The red flag's minimum must be above the black list's line (%(line)s)."),
                code="overlap",
                params={"line": self.black_below},
            )
        if errors:
            raise ValidationError(errors)


class Honour(models.Model):
    """One honour of a published period, frozen at publication; a corrected revision has its own honours and,
    once published, is shown in place of the revision it corrects (both stay on record)."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    period = models.ForeignKey(
        AssessmentPeriod, on_delete=models.CASCADE, related_name="honours", verbose_name=_("period")
    )
    kind = models.CharField(_("honour"), max_length=20, choices=HonourKind.choices)
    target_type = models.CharField(_("assessed"), max_length=10, choices=TargetType.choices)
    zone = models.ForeignKey(
        "places.Zone", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("zone")
    )
    window = models.ForeignKey(
        "places.Window", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("window")
    )
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    name = models.CharField(_("name"), max_length=200)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)

    objects = HonourQuerySet.as_manager()

    class Meta:
        ordering = ["period", "kind", "pk"]
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=HonourKind.values), name="honour_kind_valid"),
            models.CheckConstraint(condition=models.Q(target_type__in=TargetType.values), name="honour_target_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.period.label} · {self.get_kind_display()} · {self.name}"

    @property
    def target_key(self) -> tuple[str, int | None]:
        return (self.target_type, self.zone_id or self.window_id or self.person_id)


# -- commendation (表彰先进典型) ------------------------------------------------------------------------------

from .commendation_querysets import CommendationQuerySet, NominationQuerySet  # noqa: E402


class CommendationState(models.TextChoices):
    """draft → submitted → approved → published (frozen, with its decision number); rejected goes back to draft."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


COMMENDATION_STATE_COLOURS = {
    CommendationState.DRAFT: "secondary",
    CommendationState.SUBMITTED: "warning",
    CommendationState.APPROVED: "info",
    CommendationState.PUBLISHED: "success",
}


class HonourTitle(models.TextChoices):
    """The honour titles a commendation awards; each goes to one kind of target (``HONOUR_TARGETS``)."""

    MODEL_WINDOW = "model_window", _("Model window (先进典型窗口)")
    RED_FLAG = "red_flag", _("Red-flag window (红旗窗口)")
    MODEL_ZONE = "model_zone", _("Model zone (先进责任区)")
    SERVICE_STAR = "service_star", _("Service star (服务之星)")
    MODEL_PERSON = "model_person", _("Advanced individual (先进个人)")


#: Which kind of target each honour goes to.
HONOUR_TARGETS = {
    HonourTitle.MODEL_WINDOW: TargetType.WINDOW,
    HonourTitle.RED_FLAG: TargetType.WINDOW,
    HonourTitle.MODEL_ZONE: TargetType.ZONE,
    HonourTitle.SERVICE_STAR: TargetType.PERSON,
    HonourTitle.MODEL_PERSON: TargetType.PERSON,
}
#: The honours' names in the decision (in the order the decision lists them).
HONOUR_CN = {
    HonourTitle.MODEL_WINDOW: "先进典型窗口",
    HonourTitle.RED_FLAG: "红旗窗口",
    HonourTitle.MODEL_ZONE: "先进责任区",
    HonourTitle.SERVICE_STAR: "服务之星",
    HonourTitle.MODEL_PERSON: "先进个人",
}


class NominationSource(models.TextChoices):
    RANKING = "ranking", _("From the ranking")
    HAND = "hand", _("By hand")


class Commendation(TimeStampedModel):
    """A commendation (表彰) of the hall's model windows, zones and staff over a span of months, decided by the
    leadership group and issued as a 表彰决定 with its own number (``services.commendation_publish``)."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    title = models.CharField(_("title"), max_length=200)
    from_month = models.DateField(_("from month"), help_text=_("The first day of the first month covered."))
    to_month = models.DateField(_("to month"), help_text=_("The first day of the last month covered."))
    state = models.CharField(
        _("state"), max_length=10, choices=CommendationState.choices, default=CommendationState.DRAFT
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), **_user)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), **_user)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), **_user)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"), **_user)
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    rejected_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rejected by"), **_user)
    rejection_reason = models.TextField(_("reason for the rejection"), blank=True)
    # The decision's 发文字号 from the hall's own yearly counter of decisions, taken when it is published.
    decision_year = models.PositiveSmallIntegerField(_("decision year"), null=True, blank=True)
    decision_seq = models.PositiveIntegerField(_("decision running number"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    #: The nominations as published (frozen with the decision).
    snapshot = models.JSONField(_("nominations as published"), default=list, blank=True)

    objects = CommendationQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "-from_month", "-pk"]
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=CommendationState.values), name="commendation_state_valid"
            ),
            models.CheckConstraint(condition=models.Q(from_month__lte=models.F("to_month")), name="commendation_span"),
            models.UniqueConstraint(
                fields=["hall", "decision_year", "decision_seq"],
                condition=models.Q(decision_seq__isnull=False),
                name="unique_commendation_decision_number",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def state_colour(self) -> str:
        return COMMENDATION_STATE_COLOURS.get(self.state, "secondary")

    @property
    def editable(self) -> bool:
        return self.state == CommendationState.DRAFT

    def get_absolute_url(self) -> str:
        return reverse("commendation_detail", kwargs={"hall": self.hall.code, "pk": self.pk})


class Nomination(models.Model):
    """One zone, window or staff member nominated for an honour in a commendation (once per commendation)."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    commendation = models.ForeignKey(
        Commendation, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("commendation")
    )
    target_type = models.CharField(_("nominated"), max_length=10, choices=TargetType.choices)
    zone = models.ForeignKey(
        "places.Zone", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("zone")
    )
    window = models.ForeignKey(
        "places.Window", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("window")
    )
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    name = models.CharField(_("name"), max_length=200)
    honour = models.CharField(_("honour"), max_length=20, choices=HonourTitle.choices)
    source = models.CharField(_("source"), max_length=10, choices=NominationSource.choices)
    reason = models.TextField(_("reason"))
    score = models.DecimalField(_("average score"), max_digits=5, decimal_places=1, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank by average"), null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), **_user)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["commendation", "honour", models.F("rank").asc(nulls_last=True), "name", "pk"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.CheckConstraint(condition=models.Q(honour__in=HonourTitle.values), name="nomination_honour_valid"),
            models.CheckConstraint(
                condition=models.Q(
                    target_type=TargetType.ZONE, zone__isnull=False, window__isnull=True, person__isnull=True
                )
                | models.Q(target_type=TargetType.WINDOW, zone__isnull=True, window__isnull=False, person__isnull=True)
                | models.Q(target_type=TargetType.PERSON, zone__isnull=True, window__isnull=True, person__isnull=False),
                name="nomination_one_target",
            ),  # fmt: skip
            models.UniqueConstraint(fields=["commendation", "zone"], name="unique_nominated_zone"),
            models.UniqueConstraint(fields=["commendation", "window"], name="unique_nominated_window"),
            models.UniqueConstraint(fields=["commendation", "person"], name="unique_nominated_person"),
        ]

    def __str__(self) -> str:
        return f"{self.get_honour_display()} · {self.name}"

    @property
    def target_id(self) -> int | None:
        return self.zone_id or self.window_id or self.person_id


class DecisionCounter(models.Model):
    """The last commendation decision number a hall took in a year (a series of its own, apart from the
    bulletin's); its row is locked while a number is taken."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("decision counter")
        verbose_name_plural = _("decision counters")
        constraints = [models.UniqueConstraint(fields=["hall", "year"], name="unique_decision_counter")]

    def __str__(self) -> str:
        return f"{self.hall_id} · {self.year}: {self.last}"
