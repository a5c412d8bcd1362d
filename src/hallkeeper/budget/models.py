"""The budget (做预算): the hall's price list, the survey (调查摸底) of what each zone needs against what it
has, and the purchases and hand-outs that make an approved survey a tracked purchase."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.models import TimeStampedModel
from hallkeeper.places.choices import PositionKind

from .choices import MAX_PRICE, MAX_QUANTITY, SurveyState
from .querysets import PriceItemQuerySet, PurchaseQuerySet, SurveyQuerySet, ZoneScopedQuerySet

_user = {"on_delete": models.PROTECT, "null": True, "blank": True, "related_name": "+"}
_money = {
    "max_digits": 12,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal(MAX_PRICE))],
}
_quantity = [MaxValueValidator(MAX_QUANTITY)]


class PriceItem(TimeStampedModel):
    """One row of the hall's price list: an item the budget buys (文具整理盒, 隔板, labels, signs…)."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    name = models.CharField(_("item"), max_length=60)
    spec = models.CharField(_("specification"), max_length=120, blank=True)
    unit = models.CharField(_("unit of measure"), max_length=10)
    unit_price = models.DecimalField(_("unit price (yuan)"), **_money)
    supplier = models.CharField(_("supplier"), max_length=120, blank=True)
    remark = models.CharField(_("remark"), max_length=200, blank=True)
    handbook_item = models.CharField(
        _("handbook item"),
        max_length=60,
        blank=True,
        help_text=_(
            "The item of the handbook's standard quantities and layouts this counts against; empty: the same name."
        ),
    )
    position_kind = models.CharField(
        _("needed per position of kind"), max_length=20, choices=PositionKind.choices, blank=True
    )
    per_position = models.PositiveIntegerField(
        _("quantity per position"),
        default=0,
        validators=_quantity,
        help_text=_(
            "For an item the handbook does not list (an organizer box per drawer): how many each position of "
            "the kind needs."
        ),  # fmt: skip
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = PriceItemQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "order", "name"]
        verbose_name = _("price list item")
        verbose_name_plural = _("price list")
        constraints = [
            models.UniqueConstraint(fields=["hall", "name"], name="unique_price_item_per_hall"),
            models.CheckConstraint(condition=models.Q(unit_price__gte=0), name="price_item_price_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def counts_as(self) -> str:
        return self.handbook_item or self.name


class Survey(TimeStampedModel):
    """A budget survey (调查摸底) of a date: draft → submitted → approved, sent back to draft with a reason; its
    lines are frozen once approved."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    title = models.CharField(_("title"), max_length=200)
    surveyed_on = models.DateField(_("survey date"))
    state = models.CharField(_("state"), max_length=20, choices=SurveyState.choices, default=SurveyState.DRAFT)
    version = models.ForeignKey(
        "standards.HandbookVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handbook version"),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), **_user)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), **_user)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), **_user)
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    rejected_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rejected by"), **_user)
    rejection_reason = models.TextField(_("reason for the rejection"), blank=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "-surveyed_on", "-pk"]
        verbose_name = _("budget survey")
        verbose_name_plural = _("budget surveys")
        constraints = [
            models.CheckConstraint(condition=models.Q(state__in=SurveyState.values), name="budget_survey_state_valid")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("budget_survey", kwargs={"hall": self.hall.code, "pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.state == SurveyState.DRAFT

    @property
    def is_approved(self) -> bool:
        return self.state == SurveyState.APPROVED


class SurveyLine(models.Model):
    """What one zone needs of one item: required by the handbook for its positions, what it has, the price."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="lines", verbose_name=_("survey"))
    zone = models.ForeignKey("places.Zone", on_delete=models.PROTECT, related_name="+", verbose_name=_("zone"))
    item = models.ForeignKey(PriceItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    department = models.CharField(_("department"), max_length=200, blank=True)
    name = models.CharField(_("item"), max_length=60)
    spec = models.CharField(_("specification"), max_length=120, blank=True)
    unit = models.CharField(_("unit of measure"), max_length=10)
    unit_price = models.DecimalField(_("unit price (yuan)"), **_money)
    required = models.PositiveIntegerField(_("required"), validators=_quantity)
    has = models.PositiveIntegerField(_("has"), default=0, validators=_quantity)
    has_from_inspection = models.BooleanField(_("has: from the latest inspection count"), default=False)
    confirmed_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("counted by"), **_user)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "zone__order", "zone__code", "item__order", "name"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [models.UniqueConstraint(fields=["survey", "zone", "item"], name="unique_budget_line")]

    def __str__(self) -> str:
        return f"{self.zone} · {self.name}"

    @property
    def need(self) -> int:
        return max(0, self.required - self.has)

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.need


def evidence_path(instance: Purchase, filename: str) -> str:
    return f"budget/{instance.survey.hall_id}/{instance.survey_id}/{filename}"


class Purchase(TimeStampedModel):
    """Items bought for an approved survey, with the invoice's photo."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="purchases", verbose_name=_("survey"))
    item = models.ForeignKey(PriceItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1), *_quantity])
    amount = models.DecimalField(_("amount (yuan)"), **_money)
    bought_on = models.DateField(_("date bought"))
    supplier = models.CharField(_("supplier"), max_length=120, blank=True)
    evidence = models.ImageField(_("invoice photo"), upload_to=evidence_path, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), **_user)

    objects = PurchaseQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "-bought_on", "-pk"]
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="budget_purchase_quantity_positive"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_purchase_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity}"


class HandOut(TimeStampedModel):
    """Items handed out to a zone from what was bought: how many, to whom, when."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="handouts", verbose_name=_("survey"))
    zone = models.ForeignKey("places.Zone", on_delete=models.PROTECT, related_name="+", verbose_name=_("zone"))
    item = models.ForeignKey(PriceItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    quantity = models.PositiveIntegerField(_("quantity received"), validators=[MinValueValidator(1), *_quantity])
    received_by = models.CharField(_("received by"), max_length=60)
    handed_on = models.DateField(_("date handed out"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), **_user)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "-handed_on", "-pk"]
        verbose_name = _("hand-out")
        verbose_name_plural = _("hand-outs")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="budget_handout_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.zone} · {self.item} × {self.quantity}"
