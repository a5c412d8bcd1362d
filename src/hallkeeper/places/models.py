"""The places of a hall: floor → area → zone → window → position."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.links import hall_object_url
from hallkeeper.core.models import TimeStampedModel
from hallkeeper.core.visibility import HallReferenceQuerySet
from hallkeeper.halls.models import code_validator

from .choices import AREA_COLOURS, WINDOW_SUB_AREAS, AreaKind, PositionKind
from .querysets import PositionQuerySet, WindowQuerySet, ZoneQuerySet

_metres = {"max_digits": 7, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


def fits_floor(floor, x: Decimal, y: Decimal, width: Decimal, depth: Decimal) -> bool:
    """Whether a rectangle (a point when width and depth are 0), in metres from the floor's corner, lies on it."""
    return x + width <= floor.width and y + depth <= floor.depth


class Floor(TimeStampedModel):
    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="floors", verbose_name=_("hall"))
    level = models.IntegerField(_("level"), help_text=_("1 for the ground floor, -1 for the first basement."))
    name = models.CharField(_("name"), max_length=60)
    width = models.DecimalField(_("width (m)"), default=Decimal("60"), **_metres)
    depth = models.DecimalField(_("depth (m)"), default=Decimal("40"), **_metres)

    objects = HallReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "level"]
        verbose_name = _("floor")
        verbose_name_plural = _("floors")
        constraints = [models.UniqueConstraint(fields=["hall", "level"], name="unique_floor_level_per_hall")]

    def __str__(self) -> str:
        return self.name


class Area(TimeStampedModel):
    """A functional area (功能区) on a floor, drawn on the floor plan as a rectangle."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="areas", verbose_name=_("hall"))
    floor = models.ForeignKey(Floor, on_delete=models.PROTECT, related_name="areas", verbose_name=_("floor"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
        help_text=_("The window service area, for its three sub-areas."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AreaKind.choices)
    code = models.CharField(_("code"), max_length=40, validators=[code_validator])
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    plan_x = models.DecimalField(_("plan x (m)"), default=Decimal("0"), **_metres)
    plan_y = models.DecimalField(_("plan y (m)"), default=Decimal("0"), **_metres)
    plan_width = models.DecimalField(_("plan width (m)"), default=Decimal("0"), **_metres)
    plan_depth = models.DecimalField(_("plan depth (m)"), default=Decimal("0"), **_metres)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = HallReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "floor__level", "order", "code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(fields=["hall", "code"], name="unique_area_code_per_hall"),
            models.CheckConstraint(condition=models.Q(kind__in=AreaKind.values), name="area_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return hall_object_url("area_detail", self.hall.code, self.pk)

    @property
    def colour(self) -> str:
        return AREA_COLOURS.get(self.kind, "#ffffff")

    @property
    def has_plan(self) -> bool:
        return self.plan_width > 0 and self.plan_depth > 0

    def _fits_floor(self) -> bool:
        return fits_floor(self.floor, self.plan_x, self.plan_y, self.plan_width, self.plan_depth)

    def clean(self) -> None:
        errors = {}
        if self.parent_id:
            if self.kind not in WINDOW_SUB_AREAS:
                errors["parent"] = _("Only the coaching, intake and issuing areas are part of another area.")
            elif self.parent.kind != AreaKind.WINDOW_SERVICE:
                errors["parent"] = _("A sub-area must be part of a window service area.")
            elif self.parent.hall_id != self.hall_id:
                errors["parent"] = _("The parent area belongs to another hall.")
        if self.floor_id and self.floor.hall_id != self.hall_id:
            errors["floor"] = _("The floor belongs to another hall.")
        elif self.floor_id and self.has_plan and not self._fits_floor():
            errors["plan_width"] = _("The area's rectangle extends beyond the floor.")
        if errors:
            raise ValidationError(errors)


class Zone(TimeStampedModel):
    """A responsibility zone (责任区) with a lead and the units that answer for it."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="zones", verbose_name=_("hall"))
    code = models.CharField(_("code"), max_length=40, validators=[code_validator])
    name = models.CharField(_("name"), max_length=120)
    units = models.ManyToManyField("org.Unit", blank=True, related_name="zones", verbose_name=_("responsible units"))
    lead = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_zones",
        verbose_name=_("zone lead"),
    )
    areas = models.ManyToManyField(Area, blank=True, related_name="zones", verbose_name=_("areas"))
    description = models.TextField(_("scope and notes"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    plan_floor = models.ForeignKey(
        Floor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="zones",
        verbose_name=_("plan floor"),
        help_text=_("The floor the zone's rectangle is drawn on; empty: the zone is not drawn on the floor plan."),
    )
    plan_x = models.DecimalField(_("plan x (m)"), default=Decimal("0"), **_metres)
    plan_y = models.DecimalField(_("plan y (m)"), default=Decimal("0"), **_metres)
    plan_width = models.DecimalField(_("plan width (m)"), default=Decimal("0"), **_metres)
    plan_depth = models.DecimalField(_("plan depth (m)"), default=Decimal("0"), **_metres)

    objects = ZoneQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "order", "code"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        constraints = [models.UniqueConstraint(fields=["hall", "code"], name="unique_zone_code_per_hall")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return hall_object_url("zone_detail", self.hall.code, self.pk)

    @property
    def has_plan(self) -> bool:
        return self.plan_floor_id is not None and self.plan_width > 0 and self.plan_depth > 0

    def clean(self) -> None:
        errors = {}
        if self.plan_floor_id and self.plan_floor.hall_id != self.hall_id:
            errors["plan_floor"] = _("The floor belongs to another hall.")
        elif self.plan_floor_id and not (self.plan_width > 0 and self.plan_depth > 0):
            errors["plan_width"] = _("Give the zone's rectangle a width and a depth, or leave the plan floor empty.")
        elif self.has_plan and not fits_floor(
            self.plan_floor, self.plan_x, self.plan_y, self.plan_width, self.plan_depth
        ):
            errors["plan_width"] = _("The zone's rectangle extends beyond the floor.")
        if errors:
            raise ValidationError(errors)


class Window(TimeStampedModel):
    """A service window (窗口)."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="windows", verbose_name=_("hall"))
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="windows", verbose_name=_("zone"))
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="windows", verbose_name=_("area")
    )
    number = models.CharField(_("window number"), max_length=20, validators=[code_validator])
    name = models.CharField(_("name"), max_length=120, blank=True)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="windows", verbose_name=_("unit"))
    staff = models.ManyToManyField("org.Person", blank=True, related_name="windows", verbose_name=_("staff"))
    is_model = models.BooleanField(_("model window"), default=False)
    plan_x = models.DecimalField(_("plan x (m)"), null=True, blank=True, **_metres)
    plan_y = models.DecimalField(_("plan y (m)"), null=True, blank=True, **_metres)
    plan_width = models.DecimalField(
        _("plan width (m)"),
        default=Decimal("0"),
        help_text=_("0 draws the window as a point on the floor plan."),
        **_metres,
    )
    plan_depth = models.DecimalField(_("plan depth (m)"), default=Decimal("0"), **_metres)

    objects = WindowQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "number"]
        verbose_name = _("window")
        verbose_name_plural = _("windows")
        constraints = [models.UniqueConstraint(fields=["hall", "number"], name="unique_window_number_per_hall")]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()

    def get_absolute_url(self) -> str:
        return hall_object_url("window_detail", self.hall.code, self.pk)

    @property
    def is_stationed(self) -> bool:
        """A stationed window is staffed by a stationed agency (派驻窗口)."""
        from hallkeeper.org.choices import UnitKind

        return self.unit.kind == UnitKind.STATIONED

    @property
    def has_plan(self) -> bool:
        return self.plan_x is not None and self.plan_y is not None

    @property
    def plan_floor(self) -> Floor | None:
        """The floor the window is drawn on: its area's, else its zone's plan floor."""
        if self.area_id:
            return self.area.floor
        return self.zone.plan_floor if self.zone_id else None

    def clean(self) -> None:
        errors = {}
        for field in ("zone", "area", "unit"):
            related = getattr(self, field, None) if getattr(self, f"{field}_id") else None
            if related is not None and related.hall_id != self.hall_id:
                errors[field] = _("It belongs to another hall.")
        if not errors and (self.plan_x is None) != (self.plan_y is None):
            errors["plan_x"] = _("Give both plan x and plan y, or neither.")
        elif not errors and self.has_plan:
            floor = self.plan_floor
            if floor is None:
                errors["plan_x"] = _(
                    "Give the window an area (or its zone a plan floor) to place it on the floor plan."
                )
            elif not fits_floor(floor, self.plan_x, self.plan_y, self.plan_width, self.plan_depth):
                errors["plan_x"] = _("The window's place extends beyond the floor.")
        if errors:
            raise ValidationError(errors)


class Position(TimeStampedModel):
    """A fixed position (定置点): a desk, a drawer, a cabinet, a file box… each with a code."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="positions", verbose_name=_("hall"))
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="positions", verbose_name=_("zone"))
    window = models.ForeignKey(
        Window, on_delete=models.PROTECT, null=True, blank=True, related_name="positions", verbose_name=_("window")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("inside"),
        help_text=_("E.g. the desk a drawer belongs to."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PositionKind.choices)
    code = models.CharField(_("code"), max_length=60, validators=[code_validator])
    name = models.CharField(_("name"), max_length=120)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "code"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(fields=["hall", "code"], name="unique_position_code_per_hall"),
            models.CheckConstraint(condition=models.Q(kind__in=PositionKind.values), name="position_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return hall_object_url("position_detail", self.hall.code, self.pk)

    def clean(self) -> None:
        errors = {}
        if self.zone_id and self.zone.hall_id != self.hall_id:
            errors["zone"] = _("It belongs to another hall.")
        if self.window_id and self.zone_id and self.window.zone_id != self.zone_id:
            errors["window"] = _("The window is not in this zone.")
        if self.parent_id:
            if self.parent_id == self.pk:
                errors["parent"] = _("A position cannot be inside itself.")
            elif self.parent.hall_id != self.hall_id:
                errors["parent"] = _("It belongs to another hall.")
        if errors:
            raise ValidationError(errors)
