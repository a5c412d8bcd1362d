"""Who reads which campaigns: everyone with a business role in the hall reads its campaigns, their phases,
tasks, updates and publicity (the work plan is the whole bureau's); the administrators and the leadership
group change them. A task's owner records progress on it through ``services.task_update``, which asks
``core.capabilities.updates_campaign_task``."""

from __future__ import annotations

from django.db import models

from hallkeeper.core.capabilities import halls_managing_campaigns, halls_reading_campaigns
from hallkeeper.core.visibility import NOTHING, VisibleQuerySet


def _campaign_q(access, action, prefix: str = "") -> models.Q:
    halls = halls_managing_campaigns(access) if action == "change" else halls_reading_campaigns(access)
    return models.Q(**{f"{prefix}hall__in": halls}) if halls else NOTHING


class CampaignQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        return _campaign_q(access, action)


class CampaignPartQuerySet(VisibleQuerySet):
    """Phases, tasks and publicity items: read and changed with their campaign."""

    def visibility_q(self, access, action):
        return _campaign_q(access, action, prefix="campaign__")


class TaskUpdateQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        return _campaign_q(access, action, prefix="task__campaign__")
