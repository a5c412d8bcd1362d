"""The assessment's services: gathering a month from the hall's data, the period's states (who may take which
step from which state), appeals, corrections, bonus and penalty items, weights, and bad input refused with
nothing changed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.assessment import compute, services
from hallkeeper.assessment.choices import AppealState, PeriodState
from hallkeeper.assessment.inputs import gather_inputs
from hallkeeper.assessment.models import AdjustmentItem, Appeal, AssessmentPeriod, IndicatorWeights
from hallkeeper.core.models import Event

from .factories import make_hall
from .inspection_data import answer, issued_notice, start, submitted
from .standards_data import install_tiny_handbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate()
MONTH = TODAY.replace(day=1)
SUP, LEAD = Role.SUPERVISION, Role.LEADERSHIP


@pytest.fixture
def small():
    small = make_hall("alpha")
    install_tiny_handbook(small.hall)
    return small


def create(small, **kwargs):
    return services.period_create(user=small.users[SUP], hall=small.hall, kind="month", starts_on=MONTH, **kwargs)


def to_state(small, state):
    period = create(small)
    if state == PeriodState.DRAFT:
        return period
    period = services.period_open_appeal(user=small.users[SUP], period=period, deadline=TODAY + dt.timedelta(days=3))
    if state == PeriodState.APPEAL:
        return period
    period = services.period_approve(user=small.users[LEAD], period=period)
    if state == PeriodState.APPROVED:
        return period
    return services.period_publish(user=small.users[LEAD], period=period)


def result_of(period, target):
    field = type(target).__name__.lower()
    return period.results.get(**{field: target})


# -- what a month is made of ---------------------------------------------------------------------------------


def test_a_month_reads_the_stored_scores_and_a_zone_without_checks_is_not_assessed(small):
    patrol = submitted(small)  # no failure: 100
    period = create(small)
    z1, z2 = small.zones
    assert result_of(period, z1).score == patrol.score == D("100")
    assert result_of(period, z1).rank == 1
    assert result_of(period, z2).score is None and result_of(period, z2).rank is None
    # the window of zone 1 shares the zone-wide patrol; its staff member inherits it
    assert result_of(period, small.windows[0]).score == D("100")
    staff = small.windows[0].staff.get()
    assert result_of(period, staff).score == D("100")
    assert result_of(period, small.windows[1]).score is None


def test_the_inspection_score_weighs_the_kinds_by_the_halls_scoring_policy(small):
    from hallkeeper.inspections.choices import InspectionKind
    from hallkeeper.inspections.models import ScoringPolicy
    from hallkeeper.inspections.scoring import zone_period_score

    patrols = [submitted(small), submitted(small, {"exit-clear": 1})]
    own = submitted(small, {"exit-clear": 1}, user_key="lead1", kind=InspectionKind.SELF_CHECK)
    weights = {"weight_patrol": 80, "weight_special": 10, "weight_self_check": 10}
    ScoringPolicy.objects.update_or_create(hall=small.hall, defaults=weights)
    period = create(small)
    patrol_mean = (patrols[0].score + patrols[1].score) / 2
    expected = compute.q((patrol_mean * 80 + own.score * 10) / 90)  # no special check: its weight left out
    assert expected == zone_period_score([*patrols, own], {"patrol": 80, "special": 10, "self_check": 10})
    assert expected != compute.q((patrols[0].score + patrols[1].score + own.score) / 3)  # not the plain mean
    zone = result_of(period, small.zones[0])
    assert zone.breakdown["indicators"]["patrol"]["value"] == str(expected)
    # the window of zone 1 shares the zone's checks, so the same weighted score
    window = result_of(period, small.windows[0])
    assert window.breakdown["indicators"]["patrol"]["value"] == str(expected)


def test_a_check_with_nothing_applicable_counts_for_nothing(small):
    from hallkeeper.inspections.choices import ItemResult
    from hallkeeper.inspections.services import inspection_submit

    draft = answer(start(small), rest=ItemResult.NOT_APPLICABLE)
    unscored = inspection_submit(user=draft.inspector, inspection=draft)
    assert unscored.score is None
    period = create(small)
    assert result_of(period, small.zones[0]).score is None  # not assessed, neither 0 nor 100
    submitted(small)  # a scored check beside it: the zone's score is that check's alone
    period = services.period_compute(user=small.users[SUP], period=period)
    assert result_of(period, small.zones[0]).score == D("100")


def test_a_failed_veto_rule_caps_the_zone(small):
    submitted(small, {"exit-clear": 1})  # 98, but a veto rule failed
    period = create(small)
    result = result_of(period, small.zones[0])
    assert result.score == D("60.0") and result.breakdown["capped"] is True


def test_repeats_and_overdue_notices_are_counted(small):
    notice = issued_notice(small)  # a patrol failing exit-clear, and its notice
    submitted(small, {"exit-clear": 1})  # the same rule fails again the same day
    end = notice.deadline + dt.timedelta(days=1)
    inputs = gather_inputs(small.hall, MONTH, end, today=end)
    zone = next(u for u in inputs.zones if u.target_id == small.zones[0].pk)
    assert zone.repeats == 1
    assert (zone.notices_due, zone.notices_on_time, zone.notices_overdue) == (1, 0, 1)
    other = next(u for u in inputs.zones if u.target_id == small.zones[1].pk)
    assert (other.repeats, other.notices_due) == (0, 0)


def test_adjustments_and_indicators_reach_their_targets(small):
    submitted(small)
    services.adjustment_add(
        user=small.users[SUP],
        hall=small.hall,
        target_type="zone",
        target_id=small.zones[0].pk,
        on=TODAY,
        kind="complaint",
        points="-5",
        reason="群众投诉",
    )
    services.adjustment_add(
        user=small.users[SUP],
        hall=small.hall,
        target_type="zone",
        target_id=small.zones[1].pk,
        on=TODAY,
        kind="thanks",
        points="3",
        reason="表扬信",
    )
    period = create(small)
    assert result_of(period, small.zones[0]).score == D("95.0")
    assert result_of(period, small.zones[1]).score is None  # points alone do not assess a zone


# -- the period's states -------------------------------------------------------------------------------------

STEPS = {
    "compute": lambda p, u: services.period_compute(user=u, period=p),
    "open": lambda p, u: services.period_open_appeal(user=u, period=p, deadline=TODAY + dt.timedelta(days=2)),
    "approve": lambda p, u: services.period_approve(user=u, period=p),
    "publish": lambda p, u: services.period_publish(user=u, period=p),
    "correct": lambda p, u: services.period_correct(user=u, period=p, reason="补录"),
}
OK, WRONG_STATE, REFUSED = "ok", "wrong state", "refused"

# (step, who, the state it finds, what happens)
MATRIX = [
    ("compute", SUP, "draft", OK),
    ("compute", SUP, "appeal", WRONG_STATE),
    ("compute", LEAD, "draft", REFUSED),
    ("compute", "lead1", "draft", REFUSED),
    ("open", SUP, "draft", OK),
    ("open", Role.ADMIN, "draft", OK),
    ("open", SUP, "approved", WRONG_STATE),
    ("open", LEAD, "draft", REFUSED),
    ("approve", LEAD, "appeal", OK),
    ("approve", LEAD, "draft", WRONG_STATE),
    ("approve", SUP, "appeal", REFUSED),
    ("approve", Role.VIEWER, "appeal", REFUSED),
    ("publish", LEAD, "approved", OK),
    ("publish", LEAD, "appeal", WRONG_STATE),
    ("publish", LEAD, "published", WRONG_STATE),
    ("publish", SUP, "approved", REFUSED),
    ("correct", SUP, "published", OK),
    ("correct", SUP, "approved", WRONG_STATE),
    ("correct", LEAD, "published", REFUSED),
    ("correct", "staff1", "published", REFUSED),
]


@pytest.mark.parametrize(("step", "who", "state", "expected"), MATRIX)
def test_state_machine(small, step, who, state, expected):
    period = to_state(small, state)
    events = Event.objects.count()
    if expected == OK:
        STEPS[step](period, small.users[who])
        # publishing records the honours it freezes as a second event
        assert Event.objects.count() == events + (2 if step == "publish" else 1)
        return
    error = PermissionDenied if expected == REFUSED else ValidationError
    with pytest.raises(error):
        STEPS[step](period, small.users[who])
    period.refresh_from_db()
    assert period.state == state and Event.objects.count() == events


def test_two_people_publishing_the_same_period_one_is_refused(small):
    period = to_state(small, PeriodState.APPROVED)
    first, second = AssessmentPeriod.objects.get(pk=period.pk), AssessmentPeriod.objects.get(pk=period.pk)
    services.period_publish(user=small.users[LEAD], period=first)
    with pytest.raises(ValidationError, match="no longer possible"):
        services.period_publish(user=small.users[LEAD], period=second)  # a stale copy: still "approved"
    assert Event.objects.filter(verb="assessment.published").count() == 1


def test_publishing_freezes_a_snapshot_that_computes_the_same_results(small):
    submitted(small)
    period = to_state(small, PeriodState.PUBLISHED)
    snap = period.snapshot
    again = compute.assess(compute.inputs_from_json(snap["inputs"]), compute.weights_from_json(snap["weights"]))
    stored = {(r["target_type"], r["target_id"]): (r["score"], r["rank"]) for r in snap["results"]}
    assert {o.key: (None if o.score is None else str(o.score), o.rank) for o in again} == stored
    submitted(small, zone_index=1)  # later data does not touch a published period
    period.refresh_from_db()
    assert period.snapshot == snap
    assert result_of(period, small.zones[1]).score is None


def test_a_correction_is_a_new_revision_and_the_published_one_stays(small):
    period = to_state(small, PeriodState.PUBLISHED)
    with pytest.raises(ValidationError):  # a published month takes no new items
        services.adjustment_add(
            user=small.users[SUP],
            hall=small.hall,
            target_type="zone",
            target_id=small.zones[0].pk,
            on=TODAY,
            kind="thanks",
            points=2,
            reason="表扬",
        )
    submitted(small, zone_index=1)
    revision = services.period_correct(user=small.users[SUP], period=period, reason="漏算二区巡查")
    assert (revision.revision, revision.state, revision.corrects_id) == (2, PeriodState.DRAFT, period.pk)
    assert revision.revision_reason == "漏算二区巡查"
    assert result_of(revision, small.zones[1]).score == D("100")
    period.refresh_from_db()
    assert period.state == PeriodState.PUBLISHED and result_of(period, small.zones[1]).score is None
    with pytest.raises(ValidationError, match="later revision"):
        services.period_correct(user=small.users[SUP], period=period, reason="再改")
    # the corrected month takes items again
    services.adjustment_add(
        user=small.users[SUP],
        hall=small.hall,
        target_type="zone",
        target_id=small.zones[0].pk,
        on=TODAY,
        kind="thanks",
        points=2,
        reason="表扬",
    )


# -- appeals -------------------------------------------------------------------------------------------------


def test_a_zone_lead_appeals_against_their_own_zone_and_an_upheld_appeal_recomputes(small):
    submitted(small, {"exit-clear": 1})
    period = to_state(small, PeriodState.APPEAL)
    result = result_of(period, small.zones[0])
    appeal = services.appeal_submit(user=small.users["lead1"], result=result, reason="出口堆放物已当场清理")
    with pytest.raises(ValidationError, match="already waiting"):
        services.appeal_submit(user=small.users["lead1"], result=result, reason="再次申诉")
    with pytest.raises(ValidationError, match="appeals are still waiting"):
        services.period_approve(user=small.users[LEAD], period=period)
    with pytest.raises(PermissionDenied):
        services.appeal_answer(user=small.users["lead1"], appeal=appeal, upheld=True, answer="自己批")
    services.appeal_answer(user=small.users[SUP], appeal=appeal, upheld=True, answer="核实属实", points="-5")
    appeal.refresh_from_db()
    assert appeal.state == AppealState.UPHELD and appeal.answered_by == small.users[SUP]
    assert AdjustmentItem.objects.get(kind="appeal").points == D("-5.0")
    assert result_of(period, small.zones[0]).score == D("60.0")  # capped still, after the recomputation
    with pytest.raises(ValidationError, match="answered already"):
        services.appeal_answer(user=small.users[SUP], appeal=appeal, upheld=False, answer="改判")
    services.period_approve(user=small.users[LEAD], period=period)


BAD_APPEALS = [
    ("another zone's result", "lead1", 1, 0, PermissionDenied),
    ("a window's result", "lead1", "window", 0, PermissionDenied),
    ("window staff", "staff1", 0, 0, PermissionDenied),
    ("supervision", SUP, 0, 0, PermissionDenied),
    ("after the deadline", "lead1", 0, 4, ValidationError),
]


@pytest.mark.parametrize(("what", "who", "target", "days_late", "error"), BAD_APPEALS, ids=[b[0] for b in BAD_APPEALS])
def test_bad_appeals_are_refused(small, what, who, target, days_late, error):
    period = to_state(small, PeriodState.APPEAL)
    result = result_of(period, small.windows[0] if target == "window" else small.zones[target])
    with pytest.raises(error):
        services.appeal_submit(
            user=small.users[who], result=result, reason="有误", today=TODAY + dt.timedelta(days=days_late)
        )
    assert not Appeal.objects.exists()


def test_no_appeal_on_a_draft(small):
    period = create(small)
    with pytest.raises(ValidationError):
        services.appeal_submit(user=small.users["lead1"], result=result_of(period, small.zones[0]), reason="有误")


# -- bad input -----------------------------------------------------------------------------------------------


def test_periods_start_on_their_first_day_and_exist_once(small):
    with pytest.raises(ValidationError):
        services.period_create(user=small.users[SUP], hall=small.hall, kind="month", starts_on=MONTH.replace(day=2))
    with pytest.raises(ValidationError):
        services.period_create(user=small.users[SUP], hall=small.hall, kind="quarter", starts_on=dt.date(2026, 2, 1))
    create(small)
    with pytest.raises(ValidationError, match="exists already"):
        create(small)
    assert AssessmentPeriod.objects.count() == 1


def test_the_deadline_cannot_be_in_the_past(small):
    period = create(small)
    with pytest.raises(ValidationError):
        services.period_open_appeal(user=small.users[SUP], period=period, deadline=TODAY - dt.timedelta(days=1))
    period.refresh_from_db()
    assert period.state == PeriodState.DRAFT


def test_weights_that_do_not_add_up_are_a_field_error(small):
    with pytest.raises(ValidationError) as caught:
        services.weights_save(user=small.users[Role.ADMIN], instance=IndicatorWeights(hall=small.hall, patrol=50))
    assert "patrol" in caught.value.message_dict and "110" in caught.value.message_dict["patrol"][0]
    assert not IndicatorWeights.objects.exists()
    with pytest.raises(PermissionDenied):
        services.weights_save(user=small.users[SUP], instance=IndicatorWeights(hall=small.hall))
    services.weights_save(
        user=small.users[Role.ADMIN], instance=IndicatorWeights(hall=small.hall, patrol=30, service=20)
    )
    assert IndicatorWeights.objects.get().patrol == 30


BAD_ITEMS = [
    ("zero points", {"points": "0"}),
    ("too many points", {"points": "150"}),
    ("not a number", {"points": "abc"}),
    ("no reason", {"reason": "  "}),
    ("unknown kind", {"kind": "bribe"}),
    ("appeal kind by hand", {"kind": "appeal"}),
    ("another hall's zone", {"target_id": "other"}),
    ("no target", {"target_id": None}),
    ("unknown target type", {"target_type": "floor"}),
]


@pytest.mark.parametrize(("what", "change"), BAD_ITEMS, ids=[b[0] for b in BAD_ITEMS])
def test_bad_items_are_refused(small, what, change):
    other = make_hall("beta")
    data = {
        "target_type": "zone",
        "target_id": small.zones[0].pk,
        "on": TODAY,
        "kind": "thanks",
        "points": "2",
        "reason": "表扬信",
    }
    data.update(change)
    if data["target_id"] == "other":
        data["target_id"] = other.zones[0].pk
    with pytest.raises(ValidationError):
        services.adjustment_add(user=small.users[SUP], hall=small.hall, **data)
    assert not AdjustmentItem.objects.exists()


def test_only_the_supervision_side_enters_items(small):
    with pytest.raises(PermissionDenied):
        services.adjustment_add(
            user=small.users["lead1"],
            hall=small.hall,
            target_type="zone",
            target_id=small.zones[0].pk,
            on=TODAY,
            kind="thanks",
            points=2,
            reason="自评",
        )


# -- roll-ups ------------------------------------------------------------------------------------------------


def test_a_quarter_is_the_mean_of_its_assessed_months(small):
    submitted(small)
    to_state(small, PeriodState.PUBLISHED)
    quarter_start = MONTH.replace(month=(MONTH.month - 1) // 3 * 3 + 1)
    quarter = services.period_create(user=small.users[SUP], hall=small.hall, kind="quarter", starts_on=quarter_start)
    assert result_of(quarter, small.zones[0]).score == D("100.0")
    assert result_of(quarter, small.zones[0]).breakdown["assessed_months"] == 1
    assert result_of(quarter, small.zones[1]).score is None
    assert any(m["period"] for m in quarter.snapshot["months"])  # the published month was read from its snapshot
