"""The dashboard's one write: the site-wide star-rating thresholds."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from hallkeeper.core.access import get_access
from hallkeeper.core.capabilities import edits_star_thresholds
from hallkeeper.core.events import record_event
from hallkeeper.core.validation import field_error

from .models import StarThresholds

LOWEST, HIGHEST = Decimal("0"), Decimal("100")


def check_thresholds(lines: dict[str, Decimal]) -> None:
    """Refuse thresholds outside 0–100 or that do not strictly increase from two to five stars (the first
    offending field is named)."""
    previous = None
    for name in StarThresholds.FIELDS:
        value = lines.get(name)
        if value is None:
            raise field_error(name, _("Enter a score."), "required")
        if not LOWEST <= value <= HIGHEST:
            raise field_error(name, _("A threshold is a score from 0 to 100."), "threshold_range")
        if previous is not None and value <= previous:
            raise field_error(
                name,
                _("Each star needs a higher score than the one before (%(previous)s)."),
                "thresholds_order",
                {"previous": previous},
            )
        previous = value


@transaction.atomic
def star_thresholds_save(*, user, lines: dict[str, Decimal]) -> StarThresholds:
    """Save the star-rating thresholds (a superuser or bureau administrator), recorded with before and after."""
    if not edits_star_thresholds(get_access(user)):
        raise PermissionDenied(_("Only a superuser or a bureau administrator changes the star thresholds."))
    check_thresholds(lines)
    row = StarThresholds.objects.select_for_update().filter(pk=1).first() or StarThresholds(pk=1)
    before = {name: str(getattr(row, name)) for name in StarThresholds.FIELDS}
    for name in StarThresholds.FIELDS:
        setattr(row, name, lines[name])
    row.updated_by = user
    row.save()
    after = {name: str(getattr(row, name)) for name in StarThresholds.FIELDS}
    record_event(
        target=row, verb="star_thresholds.saved", actor=user, hall=None, data={"before": before, "after": after}
    )
    return row
