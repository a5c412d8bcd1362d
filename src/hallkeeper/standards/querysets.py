"""Who sees and edits the handbook: every role of a hall reads it; administrators and the
leadership group (who own the handbook in the plan) revise and publish it."""

from __future__ import annotations

from django.db import models

from hallkeeper.core.capabilities import halls_edited
from hallkeeper.core.visibility import NOTHING, VisibleQuerySet


class HandbookScopedQuerySet(VisibleQuerySet):
    """Rows reached through a handbook; ``hall_field`` is the path to the hall."""

    hall_field = "handbook__hall"

    def visibility_q(self, access, action):
        halls = access.halls_for_reference("view") if action == "view" else halls_edited(access)
        return models.Q(**{f"{self.hall_field}__in": halls}) if halls else NOTHING


class HandbookQuerySet(HandbookScopedQuerySet):
    hall_field = "hall"


class VersionQuerySet(HandbookScopedQuerySet):
    hall_field = "handbook__hall"

    def published(self):
        from .choices import VersionStatus

        return self.filter(status=VersionStatus.PUBLISHED)


class VersionChildQuerySet(HandbookScopedQuerySet):
    hall_field = "version__handbook__hall"
