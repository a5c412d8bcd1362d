"""Who reads which budget records.

* the hall-wide readers (administrators, leadership, supervision, viewers) read every survey, line, purchase
  and hand-out of their hall; the budget's keepers (administrators and the leadership group) change them
  through the services;
* a zone lead reads the surveys of their hall, and only the lines and hand-outs of the zones they lead
  (another zone's line is a 404); never the purchases;
* everyone with a business role in the hall reads the price list.
"""

from __future__ import annotations

from django.db import models

from hallkeeper.core.capabilities import (
    halls_led,
    halls_managing_budget,
    halls_reading_whole_budget,
    halls_with_business_roles,
)
from hallkeeper.core.visibility import NOTHING, VisibleQuerySet


def _whole(access, action, prefix: str = "") -> models.Q:
    halls = halls_reading_whole_budget(access) if action == "view" else halls_managing_budget(access)
    return models.Q(**{f"{prefix}hall__in": halls}) if halls else NOTHING


class PriceItemQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        if action == "change":
            return _whole(access, action)
        halls = halls_with_business_roles(access)
        return models.Q(hall__in=halls) if halls else NOTHING


class SurveyQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        result = _whole(access, action)
        leads = halls_led(access)
        if action == "view" and leads:
            result |= models.Q(hall__in=leads)
        return result


class ZoneScopedQuerySet(VisibleQuerySet):
    """Lines and hand-outs: the whole survey for its readers, a zone lead's own zones (view and change: the
    counts of a draft; the services decide the rest)."""

    def visibility_q(self, access, action):
        result = _whole(access, action, "survey__")
        leads = halls_led(access)
        if leads:
            result |= models.Q(survey__hall__in=leads, zone__lead__user_id=access.user_id)
        return result


class PurchaseQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        return _whole(access, action, "survey__")
