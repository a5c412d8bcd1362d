"""Reads of the training records, starting from ``visible_to``."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from hallkeeper.core.access import get_access
from hallkeeper.core.capabilities import organizes_training, reads_training_records
from hallkeeper.org.choices import GroupKind
from hallkeeper.org.models import Person, Unit
from hallkeeper.org.selectors import promotion_seats
from hallkeeper.standards.choices import VersionStatus
from hallkeeper.standards.models import HandbookVersion, Rule

from . import quiz as quiz_rules
from .choices import SessionKind
from .models import Attendance, QuizAttempt, Session


def person_of(user, hall) -> Person | None:
    """The user's person in the hall (a login is linked to at most one person per hall)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(hall=hall, user=user).select_related("unit").first()


def is_promotion_member(user, hall) -> bool:
    return promotion_seats(getattr(user, "pk", None)).filter(group__hall=hall).exists()


def can_organize(user, hall) -> bool:
    return organizes_training(get_access(user), hall.pk, promotion_member=is_promotion_member(user, hall))


def can_read_records(user, hall) -> bool:
    return reads_training_records(get_access(user), hall.pk, promotion_member=is_promotion_member(user, hall))


def published_version(hall) -> HandbookVersion | None:
    return HandbookVersion.objects.filter(handbook__hall=hall, status=VersionStatus.PUBLISHED).first()


def window_heads(hall, units) -> QuerySet[Person]:
    """The heads of the units' windows (各窗口负责人): the leads of the zones their windows stand in, and the
    units' members of the promotion group (推进小组, "由各科室、派驻窗口负责人组成")."""
    unit_ids = [u.pk for u in units]
    zone_leads = Person.objects.filter(hall=hall, led_zones__windows__unit_id__in=unit_ids)
    promotion = Person.objects.filter(hall=hall, unit_id__in=unit_ids, memberships__group__kind=GroupKind.PROMOTION)
    return Person.objects.filter(Q(pk__in=zone_leads.values("pk")) | Q(pk__in=promotion.values("pk")))


def expected_people(hall, kind: str, units) -> QuerySet[Person]:
    """Who must attend: everyone of the units for a training session, their window heads for a visit."""
    if kind == SessionKind.VISIT:
        return window_heads(hall, units)
    return Person.objects.filter(hall=hall, unit__in=list(units))


def sessions_for(user, hall) -> QuerySet[Session]:
    return (
        Session.objects.visible_to(user)
        .filter(hall=hall)
        .select_related("makes_up", "model_window")
        .annotate(
            expected_count=Count("attendances", filter=Q(attendances__expected=True), distinct=True),
            present_count=Count("attendances", filter=Q(attendances__present=True), distinct=True),
        )
    )


@dataclass
class AttendanceRow:
    attendance: Attendance
    made_up_in: Session | None = None


def attendance_rows(session: Session, user) -> list[AttendanceRow]:
    """The session's attendance the user may read, each absentee with the make-up session they attended."""
    rows = [
        AttendanceRow(a)
        for a in Attendance.objects.visible_to(user)
        .filter(session=session)
        .select_related("person__unit", "recorded_by")
    ]
    absent = {r.attendance.person_id: r for r in rows if not r.attendance.present}
    if absent:
        made_up = Attendance.objects.filter(
            session__makes_up=session, present=True, person_id__in=list(absent)
        ).select_related("session")
        for a in made_up:
            absent[a.person_id].made_up_in = a.session
    return rows


def trained_person_ids(hall) -> set[int]:
    """People who attended a training session (a make-up included) of the hall."""
    return set(
        Attendance.objects.filter(session__hall=hall, session__kind=SessionKind.TRAINING, present=True).values_list(
            "person_id", flat=True
        )
    )


@dataclass
class UnitCoverage:
    unit: Unit | None
    people: int = 0
    trained: int = 0
    untrained: list[Person] = field(default_factory=list)

    @property
    def share(self) -> int:
        return round(self.trained * 100 / self.people) if self.people else 0


def coverage(hall) -> list[UnitCoverage]:
    """Per unit (people without a unit last): how many people, how many trained, who is not yet trained."""
    trained = trained_person_ids(hall)
    by_unit: dict[int | None, UnitCoverage] = {u.pk: UnitCoverage(u) for u in Unit.objects.filter(hall=hall)}
    for person in Person.objects.filter(hall=hall).select_related("unit").order_by("code"):
        row = by_unit.setdefault(person.unit_id, UnitCoverage(None))
        row.people += 1
        if person.pk in trained:
            row.trained += 1
        else:
            row.untrained.append(person)
    return [row for row in by_unit.values() if row.people]


@dataclass
class UnitResult:
    unit: Unit | None
    staff: int = 0
    taken: int = 0
    total_score: int = 0

    @property
    def average(self) -> float | None:
        return round(self.total_score / self.taken, 1) if self.taken else None


def quiz_results(quiz) -> list[UnitResult]:
    """Per unit: staff with a login, how many took the quiz, their average score."""
    by_unit: dict[int | None, UnitResult] = {u.pk: UnitResult(u) for u in Unit.objects.filter(hall=quiz.hall)}
    for person in Person.objects.filter(hall=quiz.hall, user__isnull=False).select_related("unit"):
        by_unit.setdefault(person.unit_id, UnitResult(person.unit)).staff += 1
    for attempt in QuizAttempt.objects.filter(quiz=quiz).select_related("person__unit"):
        row = by_unit.setdefault(attempt.person.unit_id, UnitResult(attempt.person.unit))
        row.taken += 1
        row.total_score += attempt.score
    return [row for row in by_unit.values() if row.staff or row.taken]


def rule_facts(version) -> list[quiz_rules.RuleFact]:
    """The published version's rules as plain data for :func:`quiz.make_questions`."""
    return [
        quiz_rules.RuleFact(
            key=r.key,
            code=r.code,
            title=r.title,
            requirement=r.requirement,
            part=f"{r.section.part.code} {r.section.part.title}",
            section=r.section.code,
            severity=r.severity,
        )
        for r in Rule.objects.filter(version=version).select_related("section__part").order_by("code")
    ]
