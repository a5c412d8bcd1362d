"""The summary report (总结报告) of a campaign, from its data: what was done in each phase, training and
model-window visit coverage, the budget approved and spent, the acceptance results and re-acceptances, the
inspection scores before, during and after, the notices issued and closed, the commended windows and zones, the
lessons the leadership group wrote, the rules most failed and the suggestions adopted.

:func:`acceptance_outcomes`, :func:`score_trend`, :func:`phase_work` and :func:`build` are pure (plain data in, a
result out); :func:`gather` reads one campaign for a user, every read starting from ``visible_to`` (and the
hall-wide training coverage and budget only for a user who reads them whole).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

#: The most failed rules listed in the report and on the revision page.
TOP_RULES = 10
#: Publicity kinds as the document writes them (the document is Chinese in any language).
PUBLICITY_CN = {"notice": "张贴通知", "meeting": "召开会议", "article": "刊发文章", "other": "其他宣传"}


# -- plain data -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskRow:
    phase_id: int
    done: bool
    due: dt.date


@dataclass(frozen=True)
class PhaseWork:
    name: str
    starts: dt.date
    ends: dt.date
    total: int
    done: int
    overdue: int
    open: int
    publicity: tuple[str, ...] = ()


@dataclass(frozen=True)
class AcceptanceCheck:
    """A submitted acceptance check: ``retake_of`` is the check it re-accepts (``None`` for a first check)."""

    pk: int
    zone: str
    passed: bool
    score: Decimal | None
    retake_of: int | None = None


@dataclass(frozen=True)
class AcceptanceOutcome:
    zone: str
    first_passed: bool
    first_score: Decimal | None
    retake_passed: bool | None  # None: no re-acceptance

    @property
    def passed(self) -> bool:
        return self.first_passed or bool(self.retake_passed)


@dataclass(frozen=True)
class Acceptance:
    outcomes: tuple[AcceptanceOutcome, ...]

    @property
    def checked(self) -> int:
        return len(self.outcomes)

    @property
    def passed_first(self) -> int:
        return sum(o.first_passed for o in self.outcomes)

    @property
    def failed_first(self) -> int:
        return sum(not o.first_passed for o in self.outcomes)

    @property
    def passed_retake(self) -> int:
        return sum(bool(o.retake_passed) for o in self.outcomes)

    @property
    def still_failing(self) -> tuple[str, ...]:
        return tuple(o.zone for o in self.outcomes if not o.passed)


@dataclass(frozen=True)
class ScoreRow:
    zone: str
    day: dt.date
    score: Decimal


@dataclass(frozen=True)
class Trend:
    """Mean inspection scores of the span before the campaign, the campaign and the span after (``None``: no
    inspection scored then, or the span has not come yet)."""

    before: Decimal | None
    during: Decimal | None
    after: Decimal | None


@dataclass(frozen=True)
class ZoneTrend:
    zone: str
    trend: Trend


@dataclass(frozen=True)
class Training:
    sessions: int = 0
    make_ups: int = 0
    expected: int = 0
    present: int = 0
    absent: int = 0
    made_up: int = 0
    visits: int = 0
    visit_expected: int = 0
    visit_present: int = 0
    people: int = 0
    trained: int = 0
    by_unit: tuple[tuple[str, int, int], ...] = ()  # (unit, people, trained)
    whole: bool = True  # the reader sees everyone's records


@dataclass(frozen=True)
class Budget:
    surveys: int = 0
    approved: Decimal = Decimal("0.00")
    spent: Decimal = Decimal("0.00")
    purchases: int = 0
    whole: bool = True


@dataclass(frozen=True)
class Notices:
    issued: int = 0
    closed: int = 0
    open: int = 0
    overdue_open: int = 0


@dataclass(frozen=True)
class RuleFailed:
    code: str
    title: str
    count: int
    key: str = ""
    version: int | None = None


@dataclass(frozen=True)
class Adopted:
    subject: str
    text: str
    rule: str = ""
    pk: int | None = None


@dataclass(frozen=True)
class SummaryData:
    hall_name: str
    issuer_name: str
    title: str
    number: str
    starts: dt.date
    ends: dt.date
    dated: dt.date
    phases: tuple[PhaseWork, ...]
    training: Training
    budget: Budget
    acceptance: Acceptance
    trend: Trend
    zone_trends: tuple[ZoneTrend, ...]
    notices: Notices
    commended: tuple[tuple[str, str], ...]  # (honour, name)
    lessons: str
    rules_failed: tuple[RuleFailed, ...]
    adopted: tuple[Adopted, ...]
    suggestions_total: int = 0


# -- pure figures ---------------------------------------------------------------------------------------------


def phase_work(
    phases: Iterable[tuple[int, str, dt.date, dt.date]],
    tasks: Iterable[TaskRow],
    publicity: Iterable[tuple[dt.date, str, str]],
    today: dt.date,
) -> tuple[PhaseWork, ...]:
    """Per phase ``(pk, name, starts, ends)``, in date order: its tasks done, overdue (not done, due before
    ``today``) and still open; and the publicity items ``(date, kind, description)`` of it — each item in the
    last phase begun by its date (an item before the first phase in the first)."""
    phases = sorted(phases, key=lambda p: (p[2], p[3], p[0]))
    tasks = list(tasks)
    said: dict[int, list[str]] = {p[0]: [] for p in phases}
    for on, kind, text in sorted(publicity, key=lambda i: i[0]):
        begun = [p for p in phases if p[2] <= on] or phases[:1]
        if begun:
            said[begun[-1][0]].append(f"{PUBLICITY_CN.get(kind, PUBLICITY_CN['other'])}：{text}")
    rows = []
    for pk, name, starts, ends in phases:
        mine = [t for t in tasks if t.phase_id == pk]
        done = sum(t.done for t in mine)
        overdue = sum(not t.done and t.due < today for t in mine)
        rows.append(
            PhaseWork(name, starts, ends, len(mine), done, overdue, len(mine) - done - overdue, tuple(said[pk]))
        )
    return tuple(rows)


def acceptance_outcomes(checks: Iterable[AcceptanceCheck]) -> Acceptance:
    """Per zone, its first acceptance check (the earliest when there are several) and the re-acceptance of it:
    passed at first, failed, passed at re-acceptance. Zones in name order."""
    checks = list(checks)
    retakes = {c.retake_of: c for c in checks if c.retake_of is not None}
    first: dict[str, AcceptanceCheck] = {}
    for check in sorted((c for c in checks if c.retake_of is None), key=lambda c: c.pk):
        first.setdefault(check.zone, check)
    outcomes = []
    for zone in sorted(first):
        check = first[zone]
        retake = retakes.get(check.pk)
        outcomes.append(AcceptanceOutcome(zone, check.passed, check.score, None if retake is None else retake.passed))
    return Acceptance(tuple(outcomes))


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1"))


def spans(starts: dt.date, ends: dt.date, today: dt.date) -> tuple[tuple[dt.date, dt.date], ...]:
    """The span before the campaign (as long as it), the campaign, and the span after it up to ``today``."""
    length = dt.timedelta(days=(ends - starts).days + 1)
    return (
        (starts - length, starts - dt.timedelta(days=1)),
        (starts, ends),
        (ends + dt.timedelta(days=1), min(ends + length, today)),
    )


def score_trend(rows: Iterable[ScoreRow], starts: dt.date, ends: dt.date, today: dt.date) -> Trend:
    """The mean score of the inspections before, during and after the campaign (see :func:`spans`)."""
    rows = list(rows)
    means = [
        _mean([r.score for r in rows if a <= r.day <= b]) if a <= b else None for a, b in spans(starts, ends, today)
    ]
    return Trend(*means)


def zone_trends(rows: Iterable[ScoreRow], starts: dt.date, ends: dt.date, today: dt.date) -> tuple[ZoneTrend, ...]:
    rows = list(rows)
    zones = sorted({r.zone for r in rows})
    return tuple(ZoneTrend(z, score_trend([r for r in rows if r.zone == z], starts, ends, today)) for z in zones)


def top_rules(counts: Iterable[RuleFailed], limit: int = TOP_RULES) -> tuple[RuleFailed, ...]:
    """The most failed rules, most first (ties by code)."""
    return tuple(sorted(counts, key=lambda r: (-r.count, r.code, r.title))[:limit])


# -- reading a campaign ---------------------------------------------------------------------------------------


def _phases(campaign, user, today: dt.date) -> tuple[PhaseWork, ...]:
    from .choices import TaskStatus
    from .models import Phase, PublicityItem, Task

    phases = Phase.objects.visible_to(user).filter(campaign=campaign).values_list("pk", "name", "starts", "ends")
    tasks = (
        TaskRow(phase_id, status == TaskStatus.DONE, due)
        for phase_id, status, due in Task.objects.visible_to(user)
        .filter(campaign=campaign)
        .values_list("phase_id", "status", "due")
    )
    items = PublicityItem.objects.visible_to(user).filter(campaign=campaign).values_list("on", "kind", "description")
    return phase_work(phases, tasks, items, today)


def _training_figures(campaign, user) -> Training:
    """Training sessions and visits begun in the campaign's dates: who was expected at the sessions (make-ups
    aside) and present, the absentees and those of them who came to a make-up; the visits' window heads; and,
    for a user who reads everyone's records, the hall's coverage by unit (``training.selectors.coverage``)."""
    from hallkeeper.training import selectors as training
    from hallkeeper.training.choices import SessionKind
    from hallkeeper.training.models import Attendance, Session

    hall = campaign.hall
    sessions = Session.objects.visible_to(user).filter(
        hall=hall, starts_at__date__gte=campaign.starts, starts_at__date__lte=campaign.ends
    )
    kinds = dict(sessions.values_list("pk", "kind"))
    make_ups = set(sessions.filter(makes_up__isnull=False).values_list("pk", flat=True))
    rows = list(
        Attendance.objects.visible_to(user)
        .filter(session__in=list(kinds), expected=True)
        .values_list("session_id", "person_id", "present")
    )
    lessons = [(s, p, present) for s, p, present in rows if kinds[s] == SessionKind.TRAINING and s not in make_ups]
    visits = [(s, p, present) for s, p, present in rows if kinds[s] == SessionKind.VISIT and s not in make_ups]
    absent = {(s, p) for s, p, present in lessons if not present}
    made_up = set(
        Attendance.objects.visible_to(user)
        .filter(session__makes_up_id__in={s for s, _p in absent}, present=True, person_id__in={p for _s, p in absent})
        .values_list("session__makes_up_id", "person_id")
    )
    figures = {
        "sessions": sum(k == SessionKind.TRAINING for k in kinds.values()),
        "make_ups": sum(kinds[s] == SessionKind.TRAINING for s in make_ups),
        "expected": len(lessons),
        "present": sum(present for _s, _p, present in lessons),
        "absent": len(absent),
        "made_up": len(absent & made_up),
        "visits": sum(kinds[s] == SessionKind.VISIT for s in kinds if s not in make_ups),
        "visit_expected": len(visits),
        "visit_present": sum(present for _s, _p, present in visits),
    }
    if not training.can_read_records(user, hall):
        return Training(**figures, whole=False)
    coverage = training.coverage(hall)
    return Training(
        **figures,
        people=sum(row.people for row in coverage),
        trained=sum(row.trained for row in coverage),
        by_unit=tuple((row.unit.name if row.unit else "其他人员", row.people, row.trained) for row in coverage),
    )


def _budget_figures(campaign, user) -> Budget:
    from hallkeeper.budget.choices import SurveyState
    from hallkeeper.budget.selectors import survey_view, surveys_for

    surveys = surveys_for(user, campaign.hall).filter(
        state=SurveyState.APPROVED,
        surveyed_on__gte=campaign.starts - dt.timedelta(days=31),
        surveyed_on__lte=campaign.ends,
    )
    approved, spent, purchases, whole = Decimal("0.00"), Decimal("0.00"), 0, True
    count = 0
    for survey in surveys:
        view = survey_view(user, survey)
        count += 1
        whole = whole and view.whole
        approved += view.total
        spent += sum((p.amount for p in view.purchases), Decimal("0.00"))
        purchases += len(view.purchases)
    return Budget(surveys=count, approved=approved, spent=spent, purchases=purchases, whole=whole)


def _acceptance(campaign, user) -> Acceptance:
    from hallkeeper.inspections.choices import InspectionStatus
    from hallkeeper.inspections.kinds import ACCEPTANCE_KINDS
    from hallkeeper.inspections.models import Inspection

    rows = (
        Inspection.objects.visible_to(user, "view")
        .filter(
            hall=campaign.hall,
            kind__in=ACCEPTANCE_KINDS,
            status=InspectionStatus.SUBMITTED,
            submitted_at__date__gte=campaign.starts,
            submitted_at__date__lte=campaign.ends,
        )
        .values_list("pk", "zone__code", "zone__name", "passed", "score", "retake_of_id")
    )
    return acceptance_outcomes(
        AcceptanceCheck(pk, f"{code} {name}", bool(passed), score, retake)
        for pk, code, name, passed, score, retake in rows
    )


def _scores(campaign, user, today: dt.date) -> list[ScoreRow]:
    from django.utils import timezone

    from hallkeeper.assessment.inputs import SITE_KINDS
    from hallkeeper.inspections.choices import InspectionStatus
    from hallkeeper.inspections.models import Inspection

    first, _during, (_after, last) = spans(campaign.starts, campaign.ends, today)
    rows = (
        Inspection.objects.visible_to(user, "view")
        .filter(
            hall=campaign.hall,
            kind__in=SITE_KINDS,
            status=InspectionStatus.SUBMITTED,
            score__isnull=False,
            submitted_at__date__gte=first[0],
            submitted_at__date__lte=max(last, campaign.ends),
        )
        .values_list("zone__code", "zone__name", "submitted_at", "score")
    )
    return [ScoreRow(f"{code} {name}", timezone.localdate(at), score) for code, name, at, score in rows]


def _notices(campaign, user, today: dt.date) -> Notices:
    from hallkeeper.rectification.choices import OPEN_STATES, NoticeState
    from hallkeeper.rectification.models import Notice

    mine = Notice.objects.visible_to(user, "view").filter(hall=campaign.hall)
    issued = mine.filter(issued_at__date__gte=campaign.starts, issued_at__date__lte=campaign.ends)
    closed = mine.filter(
        state=NoticeState.VERIFIED, closed_at__date__gte=campaign.starts, closed_at__date__lte=campaign.ends
    )
    still = issued.filter(state__in=OPEN_STATES)
    return Notices(
        issued=issued.count(),
        closed=closed.count(),
        open=still.count(),
        overdue_open=still.filter(deadline__lt=today).count(),
    )


def _commended(campaign, user) -> tuple[tuple[str, str], ...]:
    from hallkeeper.assessment.models import HONOUR_CN, CommendationState, Nomination

    rows = (
        Nomination.objects.visible_to(user, "view")
        .filter(
            commendation__hall=campaign.hall,
            commendation__state=CommendationState.PUBLISHED,
            commendation__from_month__lte=campaign.ends,
            commendation__to_month__gte=campaign.starts.replace(day=1),
        )
        .order_by("honour", "rank", "name")
        .values_list("honour", "name")
    )
    return tuple((HONOUR_CN.get(honour, honour), name) for honour, name in dict.fromkeys(rows))


def rules_failed(campaign, user, limit: int = TOP_RULES) -> tuple[RuleFailed, ...]:
    """The rules most failed in the findings of the campaign's dates (within the user's scope), most first."""
    from django.db.models import Count

    from hallkeeper.inspections.models import Finding

    rows = (
        Finding.objects.visible_to(user, "view")
        .filter(hall=campaign.hall, found_at__date__gte=campaign.starts, found_at__date__lte=campaign.ends)
        .values("rule__code", "rule__title", "rule__key", "rule__version__number")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: Counter = Counter()
    links: dict[tuple[str, str], tuple[str, int]] = {}
    for row in rows:
        key = (row["rule__code"], row["rule__title"])
        counts[key] += row["n"]
        links.setdefault(key, (row["rule__key"], row["rule__version__number"]))
    return top_rules((RuleFailed(c, t, n, *links[(c, t)]) for (c, t), n in counts.items()), limit)


def adopted_suggestions(campaign, user) -> tuple[tuple[Adopted, ...], int]:
    """The suggestions adopted (answered within the campaign or up to today after it) and how many suggestions
    were submitted during the campaign, within the user's scope."""
    from hallkeeper.suggestions.choices import SuggestionState
    from hallkeeper.suggestions.models import Suggestion

    mine = Suggestion.objects.visible_to(user).filter(hall=campaign.hall)
    total = mine.filter(created_at__date__gte=campaign.starts, created_at__date__lte=campaign.ends).count()
    adopted = (
        mine.filter(state=SuggestionState.ACCEPTED, answered_at__date__gte=campaign.starts)
        .select_related("rule", "revised_rule")
        .order_by("answered_at", "pk")
    )
    items = tuple(
        Adopted(s.subject, s.text, (s.revised_rule or s.rule).code if (s.revised_rule or s.rule) else "", s.pk)
        for s in adopted
    )
    return items, total


def summary_dated(campaign, today: dt.date) -> dt.date:
    """The report's 成文日期: the day its number was taken; before that, today."""
    return campaign.summary_dated or today


def gather(campaign, user, today: dt.date | None = None) -> SummaryData:
    """Read ``campaign`` (within ``user``'s scope: another hall's or an unseen campaign raises
    ``Campaign.DoesNotExist``) for the report."""
    from django.utils import timezone

    from hallkeeper.halls.documents import issuer_for

    from .models import Campaign

    campaign = Campaign.objects.visible_to(user).select_related("hall").get(pk=campaign.pk)
    today = today or timezone.localdate()
    scores = _scores(campaign, user, today)
    adopted, total = adopted_suggestions(campaign, user)
    return SummaryData(
        hall_name=campaign.hall.name,
        issuer_name=issuer_for(campaign.hall).name,
        title=campaign.title,
        number=campaign.summary_number,
        starts=campaign.starts,
        ends=campaign.ends,
        dated=summary_dated(campaign, today),
        phases=_phases(campaign, user, today),
        training=_training_figures(campaign, user),
        budget=_budget_figures(campaign, user),
        acceptance=_acceptance(campaign, user),
        trend=score_trend(scores, campaign.starts, campaign.ends, today),
        zone_trends=zone_trends(scores, campaign.starts, campaign.ends, today),
        notices=_notices(campaign, user, today),
        commended=_commended(campaign, user),
        lessons=campaign.lessons,
        rules_failed=rules_failed(campaign, user),
        adopted=adopted,
        suggestions_total=total,
    )
