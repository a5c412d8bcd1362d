"""Who reads and changes training records. Everyone with a business role in the hall reads its sessions and
quizzes; the organizers (administrators, the leadership group and the promotion group's members) change them.
Attendance and quiz attempts: the organizers and the hall-wide readers read them all, everyone else their own."""

from __future__ import annotations

from django.db import models

from hallkeeper.core.capabilities import (
    halls_organizing_training,
    halls_reading_training_records,
    halls_with_business_roles,
)
from hallkeeper.core.visibility import NOTHING, VisibleQuerySet


def promotion_halls(access) -> models.QuerySet:
    """The halls whose promotion group (推进小组) the user's person belongs to, as a subquery."""
    from hallkeeper.org.selectors import promotion_seats

    return promotion_seats(access.user_id).values("group__hall_id")


def organizer_q(access, prefix: str = "") -> models.Q:
    halls = halls_organizing_training(access)
    q = models.Q(**{f"{prefix}hall__in": halls}) if halls else NOTHING
    if access.user_id is not None:
        q |= models.Q(**{f"{prefix}hall__in": promotion_halls(access)})
    return q


def _hall_q(access, action, prefix: str = "") -> models.Q:
    if action == "change":
        return organizer_q(access, prefix)
    readers = halls_with_business_roles(access)
    return models.Q(**{f"{prefix}hall__in": readers}) if readers else NOTHING


def _own_or_all_q(access, action, prefix: str) -> models.Q:
    """Rows of people: the organizers (and the hall-wide readers, to read) reach all, others their own."""
    q = organizer_q(access, prefix)
    if action == "change":
        return q
    wide = halls_reading_training_records(access)
    if wide:
        q |= models.Q(**{f"{prefix}hall__in": wide})
    readers = halls_with_business_roles(access)
    if readers and access.user_id is not None:
        q |= models.Q(**{f"{prefix}hall__in": readers, "person__user_id": access.user_id})
    return q


class SessionQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        return _hall_q(access, action)


class MaterialQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        return _hall_q(access, action, "session__")


class QuizQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        return _hall_q(access, action)


class AttendanceQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        return _own_or_all_q(access, action, "session__")


class AttemptQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        return _own_or_all_q(access, action, "quiz__")
