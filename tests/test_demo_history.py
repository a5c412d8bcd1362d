"""The demo hall's inspections (``hallkeeper.demo.history``) on the plan's dates, made through the services."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.accounts.models import RoleAssignment
from hallkeeper.core.models import Event
from hallkeeper.demo import demo_counts, load_demo
from hallkeeper.demo.anshan import campaign_phases
from hallkeeper.demo.history import (
    ROUND_SCORE_ZONES,
    ROUND_VETO_RULE,
    ROUND_VETO_ZONE,
    SIGNS_AND_SAFETY,
    load_inspection_history,
)
from hallkeeper.inspections import scoring, services
from hallkeeper.inspections.choices import DueState, Frequency, InspectionKind, InspectionStatus, ItemResult
from hallkeeper.inspections.models import (
    AcceptanceRound,
    CheckItem,
    DueInspection,
    Finding,
    Inspection,
    InspectionPlan,
    ItemPhoto,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(demo_hall):
    """Where the shared demo's photos are (the ``demo`` fixture points ``MEDIA_ROOT`` there)."""
    return demo_hall.media_root


@pytest.fixture
def hall(demo):
    """The demo hall with its history and notices, shared by the session (loaded once); this test's changes roll
    back."""
    return demo


def submitted(hall, kind=None):
    qs = Inspection.objects.filter(hall=hall, status=InspectionStatus.SUBMITTED)
    return qs.filter(kind=kind) if kind else qs


def test_three_months_of_patrols_cover_every_zone_about_weekly(hall):
    today = timezone.localdate()
    patrols = submitted(hall, InspectionKind.PATROL).select_related("zone")
    days = sorted(timezone.localtime(p.submitted_at).date() for p in patrols)
    assert days[0] <= today - timedelta(days=90)
    assert today - timedelta(days=7) <= days[-1] < today
    assert all(d.weekday() < 5 for d in days)  # working days only
    by_zone = defaultdict(list)
    for p in patrols:
        by_zone[p.zone.code].append(timezone.localtime(p.submitted_at).date())
    assert sorted(by_zone) == [f"Z{i:02d}" for i in range(1, 18)]
    for code, zone_days in by_zone.items():
        zone_days.sort()
        assert len(zone_days) >= 11, code
        gaps = [(b - a).days for a, b in zip(zone_days, zone_days[1:], strict=False)]
        assert max(gaps) <= 21, (code, gaps)  # about weekly; a missed week at most now and then
    # the supervision group's members (督查考核组由督查考核科人员组成) share the patrol; the chief also patrolled alone
    # before the campaign
    supervision = set(
        RoleAssignment.objects.filter(hall=hall, role=Role.SUPERVISION).values_list("user__username", flat=True)
    )
    assert {p.inspector.username for p in patrols} == supervision and len(supervision) == 5


def test_self_checks_by_the_zone_leads_weekly_in_the_campaign_then_monthly_with_some_overdue(hall):
    weekly = InspectionPlan.objects.get(hall=hall, kind=InspectionKind.SELF_CHECK, frequency=Frequency.WEEKLY)
    monthly = InspectionPlan.objects.get(hall=hall, kind=InspectionKind.SELF_CHECK, frequency=Frequency.MONTHLY)
    campaign_end = campaign_phases(timezone.localdate())[-1][2]
    assert weekly.ends_on == campaign_end and monthly.starts_on == campaign_end + timedelta(days=1)
    checks = submitted(hall, InspectionKind.SELF_CHECK).select_related("zone__lead", "inspector")
    assert checks.count() >= 17 * 8
    for check in checks:
        assert check.inspector_id == check.zone.lead.user_id
        assert check.plan_id in (weekly.pk, monthly.pk)
    today = timezone.localdate()
    overdue = [d for d in DueInspection.objects.filter(plan=weekly, inspection=None) if d.due_on < today]
    assert 3 <= len(overdue) <= 17 * 4
    assert all(d.state(today) == DueState.OVERDUE for d in overdue)
    weeks = {d.opens_on for d in DueInspection.objects.filter(plan=weekly, due_on__lt=today)}
    assert len(weeks) >= 7  # mid-July to the end of August
    months = {d.opens_on for d in DueInspection.objects.filter(plan=monthly, due_on__lt=today)}
    assert len(months) >= 1 and all(m > campaign_end for m in months)


def test_past_due_inspections_are_linked_to_the_inspections_that_fulfilled_them(hall):
    today = timezone.localdate()
    linked = DueInspection.objects.filter(hall=hall, inspection__isnull=False).select_related("inspection", "plan")
    assert linked.count() > 300
    for due in linked:
        inspection = due.inspection
        assert inspection.zone_id == due.zone_id and inspection.kind == due.plan.kind
        assert inspection.plan_id == due.plan_id
        if inspection.status == InspectionStatus.SUBMITTED:
            assert due.opens_on <= timezone.localtime(inspection.submitted_at).date() <= due.due_on
            assert due.state(today) == DueState.DONE
        else:
            assert due.state(today) == DueState.IN_PROGRESS
    # The campaign's routine checks never float free of a plan: each fulfilled exactly one due inspection (the
    # routine patrols of the months before the campaign had no plan).
    routine = submitted(hall).exclude(kind=InspectionKind.ACCEPTANCE).filter(submitted_at__gte=campaign_start(hall))
    assert submitted(hall).filter(submitted_at__lt=campaign_start(hall), due__isnull=False).count() == 0
    assert routine.filter(due__isnull=True).count() == 0


def test_monthly_special_checks_look_only_at_signs_and_safety(hall):
    plan = InspectionPlan.objects.get(hall=hall, kind=InspectionKind.SPECIAL)
    assert set(plan.rule_keys) == set(SIGNS_AND_SAFETY)
    specials = submitted(hall, InspectionKind.SPECIAL)
    months = {timezone.localtime(s.submitted_at).date().replace(day=1) for s in specials}
    assert len(months) >= 3
    keys = set(CheckItem.objects.filter(inspection__in=specials).values_list("rule__key", flat=True))
    assert keys == set(SIGNS_AND_SAFETY)


def acceptance_phase():
    """The plan's 评估验收阶段 (8月1日—8月15日) of the demo's campaign."""
    _name, first, last = campaign_phases(timezone.localdate())[2]
    return first, last


def test_one_acceptance_round_with_three_failed_zones_and_their_re_acceptance(hall):
    (acceptance_round,) = AcceptanceRound.objects.filter(hall=hall)
    first_day, last_day = acceptance_phase()
    assert first_day <= acceptance_round.starts_on <= acceptance_round.ends_on <= last_day
    progress = services.round_progress(acceptance_round)
    assert progress.total == 17 and progress.checked == 17
    failed_first = {z.zone.code: z.first for z in progress.zones if not z.first.passed}
    assert set(failed_first) == {ROUND_VETO_ZONE, *ROUND_SCORE_ZONES}
    veto = failed_first[ROUND_VETO_ZONE]
    assert veto.veto_failed and veto.score >= 90  # failed by the veto rule, not by points
    assert veto.findings.filter(rule_key=ROUND_VETO_RULE).exists()
    for code in ROUND_SCORE_ZONES:
        assert not failed_first[code].veto_failed and failed_first[code].score < 90
    assert progress.passed_first_time == 14
    # 对未达标责任区下发整改通知并对整改情况再行验收: all within the acceptance phase
    assert progress.count(services.RoundState.PASSED_ON_RETAKE) == 3
    for z in progress.zones:
        if z.state == services.RoundState.PASSED_ON_RETAKE:
            first, retake = z.chain
            assert (retake.submitted_at - first.submitted_at).days in (6, 7, 8)
            assert timezone.localtime(retake.submitted_at).date() <= last_day
    # 领导小组对各责任区…进行评估验收: each zone checked by the deputy who oversees it, re-checked by the leader
    roles = set(
        RoleAssignment.objects.filter(
            hall=hall, user__in=Inspection.objects.filter(round=acceptance_round).values("inspector")
        ).values_list("role", flat=True)
    )
    assert roles == {Role.LEADERSHIP}


def test_findings_have_chinese_notes_places_and_photos(hall, media_root):
    findings = Finding.objects.filter(hall=hall).select_related("item")
    assert findings.count() > 300
    for finding in findings:
        assert finding.note and any("\u4e00" <= ch <= "\u9fff" for ch in finding.note)
        assert 1 <= finding.occurrences <= 3
    assert findings.exclude(position=None).exists() and findings.exclude(window=None).exists()
    photos = ItemPhoto.objects.filter(item__inspection__hall=hall)
    submitted_photos = photos.filter(item__inspection__status=InspectionStatus.SUBMITTED)
    # most checks with findings have a photo of one of them (at most one per check)
    with_findings = submitted(hall).filter(failed_count__gt=0).count()
    with_photo = submitted_photos.values("item__inspection").distinct().count()
    assert with_photo == submitted_photos.count()
    assert 0.5 <= with_photo / with_findings <= 0.85
    for photo in submitted_photos[:40]:
        path = Path(media_root) / photo.image.name
        assert path.is_file() and path.stat().st_size < 60 * 1024
        assert (Path(media_root) / photo.thumbnail.name).is_file()
        assert photo.item.result == ItemResult.FAIL
        assert (photo.width, photo.height) == (480, 360)


def test_scores_and_trends_differ_between_zones(hall):
    averages = defaultdict(list)
    for code, score in submitted(hall, InspectionKind.PATROL).values_list("zone__code", "score"):
        averages[code].append(float(score))
    mean = {code: sum(v) / len(v) for code, v in averages.items()}
    assert max(mean.values()) - min(mean.values()) >= 2
    assert min(mean, key=mean.get) in {"Z05", "Z11", "Z14", "Z08"}
    top_rules = {
        code: Finding.objects.filter(hall=hall, zone__code=code).values("rule_key").order_by().distinct().count()
        for code in ("Z05", "Z12")
    }
    assert top_rules["Z05"] > top_rules["Z12"]
    assert submitted(hall).values("grade").distinct().count() >= 3


def test_stored_scores_are_the_scoring_functions_of_their_items(hall):
    policy = services.policy_for(hall)
    inspections = submitted(hall).prefetch_related("items__rule")
    assert inspections.count() > 400
    for inspection in inspections:
        items = list(inspection.items.all())
        result = scoring.compute_score(
            [
                scoring.ItemInput(
                    i.result, i.occurrences, i.rule.deduction, i.rule.cap, i.rule.severity, points=i.rule.points
                )
                for i in items
            ],
            kind=inspection.kind,
            bands=policy.bands,
        )
        assert (inspection.score, inspection.deduction_total, inspection.grade) == (
            result.score,
            result.deduction_total,
            result.grade,
        ), inspection.pk
        assert (inspection.passed, inspection.veto_failed) == (result.passed, result.veto_failed)
        assert (inspection.failed_count, inspection.na_count, inspection.item_count) == (
            result.failed,
            result.not_applicable,
            len(items),
        )
        assert all(i.answered_at is not None for i in items)


def campaign_start(hall):
    """When the campaign's plans started (the history's routine patrols before it had no plan)."""
    first = InspectionPlan.objects.filter(hall=hall).order_by("starts_on").first().starts_on
    return timezone.make_aware(datetime.combine(first, time.min))


def zone_months(hall) -> dict[tuple[str, date], Decimal | None]:
    """Each zone's score in each whole calendar month of the history, by the hall's per-kind weights."""
    first = timezone.localtime(submitted(hall).order_by("submitted_at").first().submitted_at).date()
    today = timezone.localdate()
    checks = defaultdict(list)
    for inspection in submitted(hall).select_related("zone"):
        month = timezone.localtime(inspection.submitted_at).date().replace(day=1)
        checks[(inspection.zone.code, month)].append(inspection)
    whole = {m for _z, m in checks if m >= first.replace(day=1) and (m > first or first.day == 1)}
    whole = {m for m in whole if (m + timedelta(days=31)).replace(day=1) <= today}  # the month is over
    weights = services.policy_for(hall).weights
    return {key: scoring.zone_period_score(found, weights) for key, found in checks.items() if key[1] in whole}


def patrol_mean(hall, first: date, last: date, zone: str | None = None) -> float:
    patrols = submitted(hall, InspectionKind.PATROL).filter(
        submitted_at__date__gte=first, submitted_at__date__lt=last, score__isnull=False
    )
    if zone:
        patrols = patrols.filter(zone__code=zone)
    scores = [float(s) for s in patrols.values_list("score", flat=True)]
    return sum(scores) / len(scores)


def test_zone_months_spread_like_a_real_hall(hall):
    """Scored as 100-point sheets, the demo's zone-months are mostly between 80 and 97: a few excellent, one or
    two zones fail a month, the campaign shows up to the acceptance round and one zone relapses after it."""
    months = zone_months(hall)
    scores = [v for v in months.values() if v is not None]
    table = sorted((z, m.isoformat()[:7], str(v)) for (z, m), v in months.items())
    assert len(scores) >= 17 * 2, table  # every zone, in at least two whole months
    between = [v for v in scores if 80 <= v <= 97]
    assert len(between) / len(scores) >= 0.7, table
    excellent = [v for v in scores if v >= services.policy_for(hall).excellent_min]
    assert 3 <= len(excellent) <= 0.4 * len(scores), table
    failing = {z for (z, _m), v in months.items() if v is not None and v < 70}
    assert 1 <= len(failing) <= 2, table
    assert max(scores) - min(scores) >= 20, table
    # the campaign: the hall's patrols improve from the implementation phase's first week to the week before the
    # acceptance round (the plan gives the implementation phase the second half of July)
    today = timezone.localdate()
    acceptance = AcceptanceRound.objects.get(hall=hall).starts_on
    start = timezone.localdate(campaign_start(hall))
    early = patrol_mean(hall, start, start + timedelta(days=7))
    before = patrol_mean(hall, acceptance - timedelta(days=7), acceptance)
    assert before - early >= 3, (early, before)
    # the relapse: a zone good before the acceptance slips after it
    relapse = {
        code: patrol_mean(hall, acceptance - timedelta(days=28), acceptance, code)
        - patrol_mean(hall, today - timedelta(days=28), today, code)
        for code in {z for z, _m in months}
    }
    assert max(relapse.values()) >= 5, relapse
    assert max(relapse, key=relapse.get) == "Z16"


def test_timestamps_are_in_the_past_and_consistent(hall):
    now = timezone.now()
    ct = ContentType.objects.get_for_model(Inspection)
    submitted_events = dict(
        Event.objects.filter(content_type=ct, verb="inspection.submitted").values_list("object_id", "created_at")
    )
    for inspection in submitted(hall):
        assert inspection.started_at < inspection.submitted_at < now
        assert submitted_events[inspection.pk] == inspection.submitted_at
        assert not inspection.findings.exclude(found_at=inspection.submitted_at).exists()
    drafts = Inspection.objects.filter(hall=hall, status=InspectionStatus.DRAFT)
    assert drafts.count() >= 2
    assert {timezone.localtime(d.started_at).date() for d in drafts} == {timezone.localdate()}
    assert drafts.filter(items__result="").exists()  # half done


def test_loading_again_adds_nothing(hall):
    before = demo_counts(hall)
    assert load_inspection_history(hall).inspections == 0
    load_demo()
    assert demo_counts(hall) == before
    assert before["已提交检查 submitted inspections"] > 400


def test_the_campaign_shows_in_the_hall_s_patrol_scores(hall):
    """Before the campaign the hall needed the drive (patrols around 80), the implementation phase's baseline checks
    in July find as much, the acceptance month is clearly better and the routine after it holds (anchored to the
    plan's dates, so these months stay as they are whenever the demo is loaded)."""
    _name, july, _last = campaign_phases(timezone.localdate())[0]
    may = july.replace(month=july.month - 2)
    august, september, december = (july.replace(month=july.month + n) for n in (1, 2, 5))
    before = patrol_mean(hall, may, july)
    baseline = patrol_mean(hall, july, august)
    acceptance = patrol_mean(hall, august, september)
    assert 76 <= before <= 84, (before, baseline, acceptance)
    assert baseline <= before + 2, (before, baseline)
    assert acceptance - before >= 8 and acceptance >= 89, (before, acceptance)
    until = min(december, timezone.localdate())
    if (until - september).days >= 14:  # the routine after the campaign (up to three months of it)
        routine = patrol_mean(hall, september, until)
        assert routine >= 88 and acceptance - routine <= 4, (acceptance, routine)
