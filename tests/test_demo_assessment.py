"""The demo hall's six published monthly assessments (``hallkeeper.demo.assessment``), made through the
assessment services: the months, their spread, the answered appeal, the correction and the bulletin numbers."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from hallkeeper.assessment.choices import AdjustmentKind, AppealState, PeriodKind, PeriodState, TargetType
from hallkeeper.assessment.models import AdjustmentItem, Appeal, AssessmentPeriod, ImportedIndicator
from hallkeeper.core.models import Event
from hallkeeper.demo.anshan import campaign_phases
from hallkeeper.demo.assessment import (
    APPEAL_MONTH,
    APPEAL_POINTS,
    APPEAL_ZONE,
    CORRECTED_MONTH,
    CORRECTION_REASON,
    PUBLISHED_MONTHS,
    load_assessment_history,
    published_months,
    published_periods,
)
from hallkeeper.inspections.services import policy_for

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"^\S+〔\d{4}〕[1-9]\d*号$")


@pytest.fixture
def hall(demo):
    return demo


def zone_scores(period) -> dict[str, Decimal | None]:
    return {r.zone.code: r.score for r in period.results.filter(target_type=TargetType.ZONE).select_related("zone")}


def test_six_months_are_published_in_order_and_the_current_month_is_not(hall):
    today = timezone.localdate()
    periods = published_periods(hall)
    assert len(periods) == PUBLISHED_MONTHS == 6
    assert [p.starts_on for p in periods] == published_months(today)
    assert all(p.kind == PeriodKind.MONTH and p.state == PeriodState.PUBLISHED for p in periods)
    assert all(p.published_at < timezone.now() and p.snapshot.get("results") for p in periods)
    assert periods[-1].ends_on < today
    # the current month has no period; the last month, if not published, is at most open for appeal
    assert not AssessmentPeriod.objects.filter(hall=hall, starts_on=today.replace(day=1)).exists()
    later = AssessmentPeriod.objects.filter(hall=hall, starts_on__gt=periods[-1].starts_on)
    assert set(later.values_list("state", flat=True)) <= {PeriodState.APPEAL}
    # each month was assessed with the month's imported indicators and the checks of the month
    for period in periods:
        assert ImportedIndicator.objects.filter(hall=hall, month=period.starts_on).exists()


def test_the_zone_months_spread_like_a_real_hall(hall):
    """Most zone-months between 80 and 97, a few excellent, one or two failing; the campaign shows and one zone
    relapses after it."""
    policy = policy_for(hall)
    months = [zone_scores(p) for p in published_periods(hall)]
    scores = [s for month in months for s in month.values() if s is not None]
    table = [{code: str(s) for code, s in month.items()} for month in months]
    assert len(scores) >= 17 * 6 - 3, table  # every zone assessed almost every month
    assert sum(1 for s in scores if 80 <= s <= 97) / len(scores) >= 0.7, table
    excellent = [s for s in scores if s >= policy.excellent_min]
    assert 3 <= len(excellent) <= 0.2 * len(scores), table
    failing = [s for s in scores if s < policy.qualified_min]
    assert 1 <= len(failing) <= 2, table
    # the campaign (its closed loop counts self-checks and rectification from its first month): the hall's mean
    # rises from the campaign's first month (July) to the month of the acceptance round (August) by a point or more
    # (the acceptance failures and their notices hold August back a little; the story is on the plan's dates, so the
    # rise does not move with the day the demo is loaded)
    means = [sum(v for v in m.values() if v is not None) / sum(1 for v in m.values() if v is not None) for m in months]
    starts = [p.starts_on for p in published_periods(hall)]
    july = starts.index(campaign_phases(timezone.localdate())[0][1].replace(day=1))
    assert means[july + 1] - means[july] >= 1, means
    # the relapse: Z16, good at the acceptance, slips in the months after the campaign
    assert months[july + 1]["Z16"] - months[-1]["Z16"] >= 3, [m["Z16"] for m in months]


def test_one_appeal_was_answered_with_points(hall):
    appeal = Appeal.objects.get(hall=hall)
    period = published_periods(hall)[APPEAL_MONTH]
    assert appeal.result.zone.code == APPEAL_ZONE and appeal.result.period.starts_on == period.starts_on
    assert appeal.state == AppealState.UPHELD and appeal.answer and appeal.answered_at > appeal.created_at
    assert appeal.appealed_by == appeal.result.zone.lead.user
    item = AdjustmentItem.objects.get(hall=hall, kind=AdjustmentKind.APPEAL)
    assert item.points == APPEAL_POINTS and item.zone.code == APPEAL_ZONE
    verbs = set(Event.objects.filter(object_id=appeal.pk, verb__startswith="appeal.").values_list("verb", flat=True))
    assert verbs == {"appeal.submitted", "appeal.upheld"}


def test_one_month_was_corrected_and_the_first_revision_is_kept(hall):
    month = published_months(timezone.localdate())[CORRECTED_MONTH]
    first, second = AssessmentPeriod.objects.filter(hall=hall, starts_on=month).order_by("revision")
    assert (first.revision, second.revision) == (1, 2)
    assert first.state == second.state == PeriodState.PUBLISHED
    assert second.corrects == first and second.revision_reason == CORRECTION_REASON
    assert published_periods(hall)[CORRECTED_MONTH] == second
    assert first.snapshot["results"] != second.snapshot["results"]  # the re-sent figures changed the results
    assert AssessmentPeriod.objects.filter(hall=hall, revision__gt=1).count() == 1


def test_bulletin_numbers_have_no_di_and_no_leading_zeros(hall):
    periods = AssessmentPeriod.objects.filter(hall=hall, state=PeriodState.PUBLISHED).order_by("published_at")
    numbers = [p.bulletin_number for p in periods]
    assert len(numbers) == PUBLISHED_MONTHS + 1  # and the correction's
    assert all(NUMBER.match(n) and "第" not in n for n in numbers), numbers
    by_year = defaultdict(list)
    for p in periods:
        by_year[p.bulletin_year].append(p.bulletin_seq)
    assert all(seqs == list(range(1, len(seqs) + 1)) for seqs in by_year.values()), by_year


def test_bonus_and_penalty_items_have_reasons(hall):
    items = AdjustmentItem.objects.filter(hall=hall).exclude(kind=AdjustmentKind.APPEAL)
    assert {i.kind for i in items} >= {AdjustmentKind.THANKS, AdjustmentKind.COMPLAINT, AdjustmentKind.BAD_REVIEW}
    assert all(i.reason and i.points for i in items)
    assert any(i.points > 0 for i in items) and any(i.points < 0 for i in items)


def test_loading_again_adds_no_assessment(hall):
    before = AssessmentPeriod.objects.filter(hall=hall).count()
    assert load_assessment_history(hall).published == []
    assert AssessmentPeriod.objects.filter(hall=hall).count() == before


def test_every_published_month_passes_the_red_flag_and_names_a_red_and_black_list(hall):
    from hallkeeper.assessment.choices import HonourKind
    from hallkeeper.assessment.honours import flag_history
    from hallkeeper.assessment.models import Honour

    for period in published_periods(hall):
        kinds = set(Honour.objects.filter(period=period).values_list("kind", flat=True))
        assert {HonourKind.RED_FLAG, HonourKind.RED_LIST, HonourKind.BLACK_LIST} <= kinds, period
        red = set(Honour.objects.filter(period=period, kind=HonourKind.RED_LIST).values_list("zone_id", flat=True))
        black = set(Honour.objects.filter(period=period, kind=HonourKind.BLACK_LIST).values_list("zone_id", flat=True))
        assert not red & black
    leader = get_user_model().objects.get(username="leader")
    months, _counts = flag_history(hall, leader)
    assert len(months) == PUBLISHED_MONTHS and all(m.holders for m in months)


def test_the_summary_phase_commends_the_model_windows_with_a_published_decision(hall):
    from hallkeeper.assessment.models import Commendation, CommendationState, HonourTitle

    (commendation,) = Commendation.objects.filter(hall=hall)
    assert commendation.state == CommendationState.PUBLISHED
    assert NUMBER.match(commendation.decision_number) and "第" not in commendation.decision_number
    assert commendation.decision_number not in {p.bulletin_number for p in published_periods(hall)}
    nominations = list(commendation.nominations.all())
    assert sum(n.honour == HonourTitle.MODEL_WINDOW for n in nominations) >= 3
    assert all(n.reason for n in nominations)
    # 总结提高阶段（8月15日—8月31日）: dated the phase's last working day, over the months published by then
    _name, first, last = campaign_phases(timezone.localdate())[3]
    assert first <= commendation.decision_date <= last
    months = [p for p in published_periods(hall) if timezone.localdate(p.published_at) <= last]
    assert (commendation.from_month, commendation.to_month) == (months[0].starts_on, months[-1].starts_on)


def test_the_commendation_is_dated_in_the_demos_story(hall):
    from hallkeeper.assessment.models import Commendation

    (commendation,) = Commendation.objects.filter(hall=hall)
    day = commendation.decision_date
    _name, summary_starts, summary_ends = campaign_phases(timezone.localdate())[-1]
    assert summary_starts <= day <= summary_ends and day.weekday() < 5  # the summary phase's last working day
    assert day < timezone.localdate()
    by_then = [p for p in published_periods(hall) if timezone.localdate(p.published_at) <= day]
    assert by_then and commendation.to_month == by_then[-1].starts_on
    assert f"〔{day.year}〕" in commendation.decision_number
    steps = [commendation.created_at, commendation.submitted_at, commendation.approved_at, commendation.published_at]
    assert steps == sorted(steps) and {timezone.localdate(at) for at in steps} == {day}
    events = Event.objects.filter(verb__startswith="commendation.", object_id=commendation.pk)
    assert events.exists() and {timezone.localdate(e.created_at) for e in events} == {day}
    assert all(timezone.localdate(n.added_at) == day for n in commendation.nominations.all())
