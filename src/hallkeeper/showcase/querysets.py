"""Who reads and records the model window: everyone of the hall who reaches its business data reads it (it is
there to be visited and learnt from); administrators, the leadership group and the promotion group's leader and
deputies record it."""

from __future__ import annotations

from django.db import models

from hallkeeper.core.capabilities import halls_with_business_roles
from hallkeeper.core.visibility import NOTHING, VisibleQuerySet
from hallkeeper.org.selectors import campaign_office_q


def _showcase_q(access, action, prefix: str) -> models.Q:
    if action == "view":
        halls = halls_with_business_roles(access)
        return models.Q(**{f"{prefix}hall__in": halls}) if halls else NOTHING
    return campaign_office_q(access, prefix)


class ModelWindowQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        return _showcase_q(access, action, "")


class SetupPhotoQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        return _showcase_q(access, action, "model_window__")
