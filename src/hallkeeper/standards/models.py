"""The standards handbook (《现场管理标准化手册》): versions, parts, sections, rules and pictures,
layout standards (定置图) and the standard quantity table (GB/T 36112 Annex B).

A published version is never edited: a revision starts as a draft copy of the latest version.
Every edit goes through ``services.py``, which refuses to touch a version that is not a draft.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.models import TimeStampedModel
from hallkeeper.places.choices import AreaKind, PositionKind

from .choices import DEFAULT_POINTS, CheckMethod, ImageKind, Severity, VersionStatus
from .querysets import HandbookQuerySet, HandbookScopedQuerySet, VersionChildQuerySet, VersionQuerySet

key_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]*$", _("Use lower-case letters, digits and hyphens, starting with a letter or digit.")
)


class Handbook(TimeStampedModel):
    hall = models.OneToOneField("halls.Hall", on_delete=models.CASCADE, related_name="handbook", verbose_name=_("hall"))
    title = models.CharField(_("title"), max_length=120)

    objects = HandbookQuerySet.as_manager()

    class Meta:
        verbose_name = _("handbook")
        verbose_name_plural = _("handbooks")

    def __str__(self) -> str:
        return self.title


class HandbookVersion(TimeStampedModel):
    handbook = models.ForeignKey(
        Handbook, on_delete=models.CASCADE, related_name="versions", verbose_name=_("handbook")
    )
    number = models.PositiveIntegerField(_("version number"))
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    title = models.CharField(_("title"), max_length=120)
    preface = models.TextField(_("preface"), blank=True)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="revisions", verbose_name=_("based on")
    )
    revision_note = models.TextField(_("revision note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["handbook", "-number"]
        verbose_name = _("handbook version")
        verbose_name_plural = _("handbook versions")
        constraints = [
            models.UniqueConstraint(fields=["handbook", "number"], name="unique_version_number"),
            models.UniqueConstraint(
                fields=["handbook"], condition=models.Q(status="published"), name="one_published_version"
            ),
            models.UniqueConstraint(fields=["handbook"], condition=models.Q(status="draft"), name="one_draft_version"),
            models.CheckConstraint(condition=models.Q(status__in=VersionStatus.values), name="version_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.title} V{self.number}"

    @property
    def label(self) -> str:
        return f"V{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def get_absolute_url(self) -> str:
        return reverse("handbook_version", kwargs={"hall": self.handbook.hall.code, "number": self.number})


class Part(models.Model):
    version = models.ForeignKey(
        HandbookVersion, on_delete=models.CASCADE, related_name="parts", verbose_name=_("version")
    )
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("title"), max_length=120)
    intro = models.TextField(_("introduction"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["version", "order", "code"]
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_part_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Section(models.Model):
    version = models.ForeignKey(
        HandbookVersion, on_delete=models.CASCADE, related_name="sections", verbose_name=_("version")
    )
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="sections", verbose_name=_("part"))
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=120)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["version", "part__order", "order", "code"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_section_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Rule(models.Model):
    """A detailed rule (细则) that window staff follow and inspectors score against."""

    version = models.ForeignKey(
        HandbookVersion, on_delete=models.CASCADE, related_name="rules", verbose_name=_("version")
    )
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="rules", verbose_name=_("section"))
    key = models.CharField(
        _("key"),
        max_length=60,
        validators=[key_validator],
        help_text=_("Stable identifier that stays the same across revisions."),
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=120)
    requirement = models.TextField(_("requirement"))
    check_method = models.CharField(_("check method"), max_length=20, choices=CheckMethod.choices, blank=True)
    points = models.DecimalField(
        _("points"),
        max_digits=4,
        decimal_places=1,
        default=DEFAULT_POINTS,
        validators=[MinValueValidator(Decimal("0.1"))],
        help_text=_("What the rule is worth on the 100-point sheet (分值), before the sheet is normalised to 100."),
    )
    deduction = models.DecimalField(
        _("deduction per occurrence"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    cap = models.DecimalField(
        _("cap per inspection"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
        help_text=_("Leave empty for no cap: a failed rule loses at most its points."),
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MINOR)
    area_kinds = models.JSONField(_("area kinds"), default=list, blank=True)
    position_kinds = models.JSONField(_("position kinds"), default=list, blank=True)
    clauses = models.JSONField(_("GB/T 36112 clauses"), default=list, blank=True)
    example = models.TextField(
        _("what right looks like"), blank=True, help_text=_("Described beside the reference photos (标准样例).")
    )
    counter_example = models.TextField(
        _("typical mistake"), blank=True, help_text=_("Described beside the counter-examples (错误示例).")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["version", "section__part__order", "section__order", "order", "code"]
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_rule_key"),
            models.UniqueConstraint(fields=["version", "code"], name="unique_rule_code"),
            models.CheckConstraint(condition=models.Q(severity__in=Severity.values), name="rule_severity_valid"),
            models.CheckConstraint(condition=models.Q(points__gt=0), name="rule_points_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "handbook_rule",
            kwargs={"hall": self.version.handbook.hall.code, "number": self.version.number, "key": self.key},
        )

    @property
    def area_kind_labels(self) -> list[str]:
        return [str(AreaKind(k).label) for k in self.area_kinds if k in AreaKind.values]

    @property
    def position_kind_labels(self) -> list[str]:
        return [str(PositionKind(k).label) for k in self.position_kinds if k in PositionKind.values]

    @property
    def clause_labels(self) -> list[str]:
        from .clauses import clause_label

        return [clause_label(c) for c in self.clauses]

    def applies_to(self, *, area_kind: str | None = None, position_kind: str | None = None) -> bool:
        """Does the rule apply to an area kind and/or a position kind? Empty lists mean "any"."""
        if area_kind is not None and self.area_kinds and area_kind not in self.area_kinds:
            return False
        return not (position_kind is not None and self.position_kinds and position_kind not in self.position_kinds)


def rule_image_path(instance: RuleImage, filename: str) -> str:
    return f"handbook/{instance.rule.version.handbook.hall_id}/{instance.rule.key}/{filename}"


class RuleImageQuerySet(HandbookScopedQuerySet):
    hall_field = "rule__version__handbook__hall"


class RuleImage(models.Model):
    """A reference photo (标准样例) or a counter-example (错误示例) of a rule."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="images", verbose_name=_("rule"))
    kind = models.CharField(_("kind"), max_length=20, choices=ImageKind.choices, default=ImageKind.REFERENCE)
    image = models.ImageField(_("image"), upload_to=rule_image_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = RuleImageQuerySet.as_manager()

    class Meta:
        ordering = ["rule", "kind", "order", "pk"]
        verbose_name = _("rule picture")
        verbose_name_plural = _("rule pictures")

    def __str__(self) -> str:
        return self.caption or self.image.name


class Layout(models.Model):
    """A layout standard (定置图) of a position kind: the expected items and their places, in millimetres."""

    version = models.ForeignKey(
        HandbookVersion, on_delete=models.CASCADE, related_name="layouts", verbose_name=_("version")
    )
    position_kind = models.CharField(_("position kind"), max_length=20, choices=PositionKind.choices)
    name = models.CharField(_("name"), max_length=120)
    width = models.PositiveIntegerField(_("width (mm)"), validators=[MinValueValidator(50)])
    depth = models.PositiveIntegerField(_("depth (mm)"), validators=[MinValueValidator(50)])
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["version", "order", "pk"]
        verbose_name = _("layout standard")
        verbose_name_plural = _("layout standards")
        constraints = [models.UniqueConstraint(fields=["version", "name"], name="unique_layout_name")]

    def __str__(self) -> str:
        return self.name


class LayoutSlot(models.Model):
    layout = models.ForeignKey(Layout, on_delete=models.CASCADE, related_name="slots", verbose_name=_("layout"))
    item = models.CharField(_("item"), max_length=60)
    x = models.PositiveIntegerField(_("x (mm)"))
    y = models.PositiveIntegerField(_("y (mm)"))
    width = models.PositiveIntegerField(_("width (mm)"), validators=[MinValueValidator(1)])
    depth = models.PositiveIntegerField(_("depth (mm)"), validators=[MinValueValidator(1)])
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    colour = models.CharField(
        _("colour"), max_length=7, default="#e9ecef", validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$")]
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["layout", "order", "pk"]
        verbose_name = _("layout slot")
        verbose_name_plural = _("layout slots")

    def __str__(self) -> str:
        return self.item


class QuantityStandard(models.Model):
    """One row of the standard quantity table: how many of an item a position kind holds."""

    version = models.ForeignKey(
        HandbookVersion, on_delete=models.CASCADE, related_name="quantities", verbose_name=_("version")
    )
    item = models.CharField(_("item"), max_length=60)
    position_kind = models.CharField(_("position kind"), max_length=20, choices=PositionKind.choices)
    quantity = models.PositiveIntegerField(_("standard quantity"), validators=[MinValueValidator(1)])
    unit = models.CharField(_("unit of measure"), max_length=10, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["version", "position_kind", "order", "item"]
        verbose_name = _("standard quantity")
        verbose_name_plural = _("standard quantities")
        constraints = [
            models.UniqueConstraint(fields=["version", "position_kind", "item"], name="unique_quantity_item"),
        ]

    def __str__(self) -> str:
        return f"{self.get_position_kind_display()} · {self.item} × {self.quantity}{self.unit}"
