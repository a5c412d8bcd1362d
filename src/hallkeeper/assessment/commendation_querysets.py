"""Who reads which commendations: the supervision and leadership groups (and administrators) read every
commendation of their hall, drafts included, and change them through the services; everyone else with a role
in the hall (not the separated security and audit administrators) reads the published ones."""

from __future__ import annotations

from django.db import models

from hallkeeper.core.capabilities import halls_preparing_or_approving, halls_with_business_roles
from hallkeeper.core.visibility import NOTHING, VisibleQuerySet


def _commendation_q(access, action, prefix: str = "") -> models.Q:
    drafting = halls_preparing_or_approving(access)
    result = models.Q(**{f"{prefix}hall__in": drafting}) if drafting else NOTHING
    if action == "change":
        return result
    readers = halls_with_business_roles(access)
    if readers:
        result |= models.Q(**{f"{prefix}hall__in": readers, f"{prefix}state": "published"})
    return result


class CommendationQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        return _commendation_q(access, action)


class NominationQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        return _commendation_q(access, action, prefix="commendation__")
