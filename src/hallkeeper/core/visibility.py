"""The visibility protocol: one chokepoint deciding which rows a user may see or change.

Every scoped model's manager is built from a queryset class with a
``visible_to(user, action)`` method. Views, exports, the admin and the API all
start from it; nothing else filters by role. The rules themselves are written
per model next to the model (``querysets.py`` of each app) and all rest on the
user's :class:`~hallkeeper.core.access.Access`.

Rules are expressed as a single ``Q`` built from id sets and subqueries, never
joins across many-valued relations, so a visible queryset never repeats rows
and its query count does not depend on how much data there is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from django.db import models

if TYPE_CHECKING:
    from .access import Access

Action = Literal["view", "change"]
ACTIONS: tuple[Action, ...] = ("view", "change")

NOTHING = models.Q(pk__in=[])


def check_action(action: str) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; expected one of {ACTIONS}")


class VisibleQuerySet(models.QuerySet):
    """Base class: subclasses say which rows an :class:`Access` reaches in ``visibility_q``."""

    def visibility_q(self, access: Access, action: Action) -> models.Q:
        raise TypeError(f"{type(self).__name__} must define visibility_q()")

    def visible_to(self, user, action: Action = "view") -> models.QuerySet:
        from .access import get_access

        check_action(action)
        access = get_access(user)
        if access.is_superuser:
            return self.all()
        if not access.hall_roles:
            return self.none()
        return self.filter(self.visibility_q(access, action))


class HallReferenceQuerySet(VisibleQuerySet):
    """Hall-wide reference data (floors, areas, units, people, groups).

    Everybody with a role in a hall may read it; only the hall's administrators change it.
    """

    hall_field = "hall"

    def visibility_q(self, access: Access, action: Action) -> models.Q:
        halls = access.halls_for_reference(action)
        return models.Q(**{f"{self.hall_field}__in": halls}) if halls else NOTHING
