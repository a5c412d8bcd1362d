"""Who reads which display links: the hall's administrators (the links are keys to a public screen)."""

from __future__ import annotations

from django.db import models

from hallkeeper.core.capabilities import halls_administered
from hallkeeper.core.visibility import NOTHING, VisibleQuerySet


class DisplayLinkQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        halls = halls_administered(access)
        return models.Q(hall__in=halls) if halls else NOTHING

    def live(self) -> DisplayLinkQuerySet:
        return self.filter(revoked_at__isnull=True)
