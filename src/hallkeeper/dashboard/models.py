"""The dashboard's one setting: the site-wide thresholds of the halls' star rating (星级)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.models import TimeStampedModel

_threshold = {
    "max_digits": 4,
    "decimal_places": 1,
    "validators": [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
}


class StarThresholds(TimeStampedModel):
    """The mean zone score of a published month from which a hall earns two, three, four and five stars
    (below the two-star line: one star; no published month: not rated). One row for the whole site (pk 1);
    a superuser or bureau administrator changes it through ``services.star_thresholds_save``."""

    two_stars = models.DecimalField(_("two stars from"), default=Decimal("75"), **_threshold)
    three_stars = models.DecimalField(_("three stars from"), default=Decimal("82"), **_threshold)
    four_stars = models.DecimalField(_("four stars from"), default=Decimal("88"), **_threshold)
    five_stars = models.DecimalField(_("five stars from"), default=Decimal("94"), **_threshold)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    FIELDS = ("two_stars", "three_stars", "four_stars", "five_stars")

    class Meta:
        verbose_name = _("star-rating thresholds")
        verbose_name_plural = _("star-rating thresholds")

    def __str__(self) -> str:
        return " / ".join(str(getattr(self, name)) for name in self.FIELDS)

    @property
    def lines(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        return tuple(Decimal(getattr(self, name)) for name in self.FIELDS)  # type: ignore[return-value]

    @classmethod
    def current(cls) -> StarThresholds:
        """The saved thresholds, or the defaults (unsaved)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)
