"""Inspections (督查检查): self-checks, patrols, special checks and acceptance checks of a zone.

An inspection is built as a checklist from the published handbook version that applies to its
target, answered item by item on a phone while it is a draft, then submitted: the score, grade
and findings are computed once (``scoring.py``) and stored, and the inspection never changes again.
Every write goes through ``services.py``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.links import hall_object_url
from hallkeeper.core.models import TimeStampedModel

from . import kinds
from .choices import (
    GRADE_COLOURS,
    MAX_COUNTED,
    MAX_OCCURRENCES,
    AssignTo,
    DueState,
    Frequency,
    Grade,
    InspectionKind,
    InspectionStatus,
    ItemResult,
)
from .querysets import (
    DueQuerySet,
    FindingQuerySet,
    InspectionQuerySet,
    ItemPhotoQuerySet,
    ManagedQuerySet,
    PolicyQuerySet,
)
from .scoring import DEFAULT_WEIGHTS, Bands

_points = {"max_digits": 5, "decimal_places": 1}
_band = {**_points, "validators": [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]}


_weight = {"validators": [MaxValueValidator(100)]}


class ScoringPolicy(TimeStampedModel):
    """A hall's grade bands, acceptance pass line and per-kind weights (defaults from practice); administrators
    change them. Inspections keep the score and grade they were given when submitted."""

    hall = models.OneToOneField(
        "halls.Hall", on_delete=models.CASCADE, related_name="scoring_policy", verbose_name=_("hall")
    )
    excellent_min = models.DecimalField(_("excellent from"), default=Decimal("95"), **_band)
    good_min = models.DecimalField(_("good from"), default=Decimal("85"), **_band)
    qualified_min = models.DecimalField(_("qualified from"), default=Decimal("70"), **_band)
    acceptance_pass_line = models.DecimalField(
        _("acceptance pass line"),
        default=Decimal("90"),
        help_text=_("An acceptance check passes at this score or above, with no veto rule failed."),
        **_band,
    )
    weight_patrol = models.PositiveSmallIntegerField(
        _("patrol weight (%)"), default=DEFAULT_WEIGHTS[InspectionKind.PATROL], **_weight
    )
    weight_special = models.PositiveSmallIntegerField(
        _("special check weight (%)"), default=DEFAULT_WEIGHTS[InspectionKind.SPECIAL], **_weight
    )
    weight_self_check = models.PositiveSmallIntegerField(
        _("self-check weight (%)"),
        default=DEFAULT_WEIGHTS[InspectionKind.SELF_CHECK],
        help_text=_("How much each kind counts in a zone's period score; the three add up to 100."),
        **_weight,
    )

    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("scoring policy")
        verbose_name_plural = _("scoring policies")

    def __str__(self) -> str:
        return str(self.hall)

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        excellent, good, qualified = self.excellent_min, self.good_min, self.qualified_min
        if None not in (excellent, good) and not excellent > good:
            errors["good_min"] = ValidationError(
                _("Good must start below excellent (%(excellent)s)."),
                code="bands_order",
                params={"excellent": excellent},
            )
        if None not in (good, qualified) and not good > qualified:
            errors["qualified_min"] = ValidationError(
                _("Qualified must start below good (%(good)s)."), code="bands_order", params={"good": good}
            )
        weights = (self.weight_patrol, self.weight_special, self.weight_self_check)
        if None not in weights and sum(weights) != 100:
            errors["weight_self_check"] = ValidationError(
                _("The weights must add up to 100 (now %(total)s)."),
                code="weights_total",
                params={"total": sum(weights)},
            )
        if errors:
            raise ValidationError(errors)

    @property
    def bands(self) -> Bands:
        return Bands(
            excellent=self.excellent_min,
            good=self.good_min,
            qualified=self.qualified_min,
            acceptance_pass_line=self.acceptance_pass_line,
        )

    @property
    def weights(self) -> dict[str, int]:
        """Percent per inspection kind, for ``scoring.zone_period_score``."""
        return {
            InspectionKind.PATROL: self.weight_patrol,
            InspectionKind.SPECIAL: self.weight_special,
            InspectionKind.SELF_CHECK: self.weight_self_check,
        }


class AcceptanceRound(TimeStampedModel):
    """A round of acceptance checks (评估验收) over the hall's zones, with re-acceptance of failed zones."""

    hall = models.ForeignKey(
        "halls.Hall", on_delete=models.CASCADE, related_name="acceptance_rounds", verbose_name=_("hall")
    )
    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = ManagedQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "-starts_on", "-pk"]
        verbose_name = _("acceptance round")
        verbose_name_plural = _("acceptance rounds")
        constraints = [models.UniqueConstraint(fields=["hall", "name"], name="unique_round_name_per_hall")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("round_detail", kwargs={"hall": self.hall.code, "pk": self.pk})


class InspectionPlan(TimeStampedModel):
    """A recurring plan that makes due inspections for named people (or each zone's lead)."""

    hall = models.ForeignKey(
        "halls.Hall", on_delete=models.CASCADE, related_name="inspection_plans", verbose_name=_("hall")
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    weekday = models.PositiveSmallIntegerField(
        _("due on weekday"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(6)],
        help_text=_("For weekly plans: the day of the week by which the check is due."),
    )
    day_of_month = models.PositiveSmallIntegerField(
        _("due on day of month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("For monthly plans: 1–28."),
    )
    zones = models.ManyToManyField(
        "places.Zone",
        blank=True,
        related_name="inspection_plans",
        verbose_name=_("zones"),
        help_text=_("Leave empty for every zone of the hall."),
    )
    assign_to = models.CharField(_("assigned to"), max_length=20, choices=AssignTo.choices, default=AssignTo.NAMED)
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="inspection_plans", verbose_name=_("inspectors")
    )
    rule_keys = models.JSONField(
        _("rules checked"), default=list, blank=True, help_text=_("For special checks: the rules to check.")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = ManagedQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "name"]
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        constraints = [
            models.UniqueConstraint(fields=["hall", "name"], name="unique_plan_name_per_hall"),
            models.CheckConstraint(condition=models.Q(kind__in=InspectionKind.values), name="plan_kind_valid"),
            models.CheckConstraint(condition=models.Q(frequency__in=Frequency.values), name="plan_frequency_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("plan_detail", kwargs={"hall": self.hall.code, "pk": self.pk})


class Inspection(TimeStampedModel):
    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="inspections", verbose_name=_("hall"))
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=InspectionStatus.choices, default=InspectionStatus.DRAFT
    )
    zone = models.ForeignKey(
        "places.Zone", on_delete=models.RESTRICT, related_name="inspections", verbose_name=_("zone")
    )
    windows = models.ManyToManyField(
        "places.Window",
        blank=True,
        related_name="inspections",
        verbose_name=_("windows"),
        help_text=_("Narrows the check to these windows; empty for the whole zone."),
    )
    positions = models.ManyToManyField(
        "places.Position",
        blank=True,
        related_name="inspections",
        verbose_name=_("positions"),
        help_text=_("Narrows the check to these positions; empty for the whole zone."),
    )
    version = models.ForeignKey(
        "standards.HandbookVersion",
        on_delete=models.RESTRICT,
        related_name="inspections",
        verbose_name=_("handbook version"),
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("inspector")
    )
    rule_keys = models.JSONField(_("rules checked"), default=list, blank=True)
    plan = models.ForeignKey(
        InspectionPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("plan"),
    )
    round = models.ForeignKey(
        AcceptanceRound,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("acceptance round"),
    )
    retake_of = models.OneToOneField(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="retake",
        verbose_name=_("re-acceptance of"),
    )
    note = models.TextField(_("overall remarks"), blank=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, db_index=True)
    # Stored when the inspection is submitted (scoring.compute_score), never recomputed: a later change of
    # the bands or of a rule's points leaves them as they were. No score: nothing was applicable (not scored).
    deduction_total = models.DecimalField(_("deductions"), max_digits=7, decimal_places=1, null=True, blank=True)
    score = models.DecimalField(_("score"), null=True, blank=True, **_points)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    veto_failed = models.BooleanField(_("veto rule failed"), default=False)
    item_count = models.PositiveIntegerField(_("items"), default=0)
    failed_count = models.PositiveIntegerField(_("failed items"), default=0)
    na_count = models.PositiveIntegerField(_("not applicable"), default=0)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "-started_at", "-pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        indexes = [
            models.Index(fields=["zone", "status", "submitted_at"], name="inspection_zone_history_idx"),
            models.Index(fields=["hall", "kind", "submitted_at"], name="inspection_hall_kind_idx"),
            # the inspection list's inspector choices (one probe per person, whatever the hall's history) and the
            # list filtered by inspector, newest first
            models.Index(fields=["hall", "inspector", "started_at"], name="inspection_hall_inspector_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=InspectionKind.values), name="inspection_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(status__in=InspectionStatus.values), name="inspection_status_valid"
            ),
            models.CheckConstraint(
                # a submitted inspection may be "not scored" (nothing applicable), but it is always stamped
                condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False),
                name="submitted_inspection_stamped",
            ),
            models.CheckConstraint(
                condition=models.Q(retake_of__isnull=True) | models.Q(kind="acceptance"),
                name="only_acceptance_is_retaken",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.zone} · {timezone.localtime(self.started_at):%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return hall_object_url("inspection_detail", self.hall.code, self.pk)

    @property
    def is_draft(self) -> bool:
        return self.status == InspectionStatus.DRAFT

    @property
    def kind_colour(self) -> str:
        return kinds.colour(self.kind)

    @property
    def grade_colour(self) -> str:
        return GRADE_COLOURS.get(self.grade, "secondary")

    @property
    def is_retake(self) -> bool:
        return self.retake_of_id is not None


class CheckItem(models.Model):
    """One rule on an inspection's checklist, with its answer."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="items", verbose_name=_("inspection")
    )
    rule = models.ForeignKey("standards.Rule", on_delete=models.RESTRICT, related_name="+", verbose_name=_("rule"))
    order = models.PositiveIntegerField(_("order"), default=0)
    result = models.CharField(_("result"), max_length=10, choices=ItemResult.choices, blank=True)
    occurrences = models.PositiveSmallIntegerField(
        _("occurrences"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(MAX_OCCURRENCES)]
    )
    deduction = models.DecimalField(_("deduction"), null=True, blank=True, **_points)
    note = models.TextField(_("note"), blank=True)
    window = models.ForeignKey(
        "places.Window", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("window")
    )
    position = models.ForeignKey(
        "places.Position",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("position"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["inspection", "order", "pk"]
        verbose_name = _("check item")
        verbose_name_plural = _("check items")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "rule"], name="unique_item_rule"),
            models.CheckConstraint(condition=models.Q(result__in=[*ItemResult.values, ""]), name="item_result_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id} · {self.rule}"


def photo_path(instance: ItemPhoto, filename: str) -> str:
    now = timezone.localdate()
    return f"inspections/{instance.item.inspection.hall_id}/{now:%Y/%m}/{filename}"


class ItemPhoto(models.Model):
    """A photo taken during an inspection; served only through Hallkeeper's access checks."""

    item = models.ForeignKey(CheckItem, on_delete=models.CASCADE, related_name="photos", verbose_name=_("check item"))
    image = models.ImageField(_("photo"), upload_to=photo_path, width_field="width", height_field="height")
    thumbnail = models.ImageField(_("thumbnail"), upload_to=photo_path)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("taken at"), auto_now_add=True)

    objects = ItemPhotoQuerySet.as_manager()

    class Meta:
        ordering = ["item", "created_at", "pk"]
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")
        constraints = [models.UniqueConstraint(fields=["item", "sha256"], name="unique_photo_per_item")]

    def __str__(self) -> str:
        return self.image.name

    def get_absolute_url(self) -> str:
        return reverse("inspection_photo", kwargs={"hall": self.item.inspection.hall.code, "pk": self.pk})

    @property
    def thumbnail_url(self) -> str:
        return reverse("inspection_photo_thumb", kwargs={"hall": self.item.inspection.hall.code, "pk": self.pk})


class QuantityCount(models.Model):
    """A quantity counted at a position during an inspection, beside the standard quantity."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="counts", verbose_name=_("inspection")
    )
    position = models.ForeignKey(
        "places.Position", on_delete=models.CASCADE, related_name="+", verbose_name=_("position")
    )
    standard = models.ForeignKey(
        "standards.QuantityStandard", on_delete=models.RESTRICT, related_name="+", verbose_name=_("standard")
    )
    counted = models.PositiveIntegerField(_("counted"), validators=[MaxValueValidator(MAX_COUNTED)])

    class Meta:
        ordering = ["inspection", "position__code", "standard__order"]
        verbose_name = _("counted quantity")
        verbose_name_plural = _("counted quantities")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "position", "standard"], name="unique_count_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.position} · {self.standard.item}: {self.counted}/{self.standard.quantity}"

    @property
    def matches(self) -> bool:
        return self.counted == self.standard.quantity


class Finding(models.Model):
    """A failed item of a submitted inspection (问题), ready for the rectification loop."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="findings", verbose_name=_("hall"))
    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="findings", verbose_name=_("inspection")
    )
    item = models.OneToOneField(CheckItem, on_delete=models.CASCADE, related_name="finding", verbose_name=_("item"))
    rule = models.ForeignKey("standards.Rule", on_delete=models.RESTRICT, related_name="+", verbose_name=_("rule"))
    rule_key = models.CharField(_("rule key"), max_length=60, db_index=True)
    severity = models.CharField(_("severity"), max_length=10)
    zone = models.ForeignKey("places.Zone", on_delete=models.RESTRICT, related_name="findings", verbose_name=_("zone"))
    window = models.ForeignKey(
        "places.Window",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("window"),
    )
    position = models.ForeignKey(
        "places.Position",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("position"),
    )
    occurrences = models.PositiveSmallIntegerField(_("occurrences"))
    deduction = models.DecimalField(_("deduction"), **_points)
    note = models.TextField(_("note"), blank=True)
    found_at = models.DateTimeField(_("found at"), db_index=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "-found_at", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        indexes = [models.Index(fields=["zone", "found_at"], name="finding_zone_idx")]

    def __str__(self) -> str:
        return f"{self.rule.code} {self.rule.title} · {self.zone}"

    def get_absolute_url(self) -> str:
        return reverse("inspection_detail", kwargs={"hall": self.hall.code, "pk": self.inspection_id}) + (
            f"#item-{self.item_id}"
        )


class DueInspection(models.Model):
    """One check a plan asks for: a zone, a due date and who is to do it."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="due", verbose_name=_("plan"))
    zone = models.ForeignKey("places.Zone", on_delete=models.CASCADE, related_name="+", verbose_name=_("zone"))
    opens_on = models.DateField(_("from"))
    due_on = models.DateField(_("due on"), db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="due_inspections",
        verbose_name=_("inspector"),
    )
    inspection = models.OneToOneField(
        Inspection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="due",
        verbose_name=_("inspection"),
    )

    objects = DueQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "zone__order", "zone__code"]
        verbose_name = _("due inspection")
        verbose_name_plural = _("due inspections")
        constraints = [models.UniqueConstraint(fields=["plan", "zone", "due_on"], name="unique_due_per_plan_zone_day")]

    def __str__(self) -> str:
        return f"{self.plan} · {self.zone} · {self.due_on}"

    def state(self, today=None) -> str:
        today = today or timezone.localdate()
        if self.inspection_id is not None:
            if self.inspection.status == InspectionStatus.SUBMITTED:
                return DueState.DONE
            return DueState.IN_PROGRESS
        if self.due_on < today:
            return DueState.OVERDUE
        if self.opens_on <= today:
            return DueState.DUE
        return DueState.UPCOMING
