"""Who reads and records the model window: everyone of the hall who reaches its business data reads it (it is
there to be visited and learnt from); administrators, the leadership group and the promotion group's leader and
deputies record it."""

from __future__ import annotations

from django.db import models

from hallkeeper.core.capabilities import halls_answering_suggestions, halls_with_business_roles
from hallkeeper.core.visibility import NOTHING, VisibleQuerySet
from hallkeeper.org.selectors import promotion_leads


def _showcase_q(access, action, prefix: str) -> models.Q:
    if action == "view":
        halls = halls_with_business_roles(access)
        return models.Q(**{f"{prefix}hall__in": halls}) if halls else NOTHING
    halls = halls_answering_suggestions(access)  # the campaign office's roles: administrators, leadership
    result = models.Q(**{f"{prefix}hall__in": halls}) if halls else NOTHING
    business = halls_with_business_roles(access)
    if business:
        led = promotion_leads(access.user_id).filter(group__hall__in=business).values("group__hall_id")
        result |= models.Q(**{f"{prefix}hall__in": led})
    return result


class ModelWindowQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        return _showcase_q(access, action, "")


class SetupPhotoQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        return _showcase_q(access, action, "model_window__")
