"""The demo hall's rectification notices (``hallkeeper.demo.notices``), made through the notice services."""

from collections import defaultdict
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.accounts.models import RoleAssignment
from hallkeeper.core.models import Event
from hallkeeper.demo import demo_counts, load_demo
from hallkeeper.demo.history import ROUND_SCORE_ZONES, ROUND_VETO_ZONE
from hallkeeper.demo.notices import load_notice_history
from hallkeeper.inspections.choices import InspectionKind, InspectionStatus
from hallkeeper.inspections.models import Finding
from hallkeeper.notifications.choices import NotificationKind
from hallkeeper.notifications.models import Notification
from hallkeeper.rectification.choices import ExtensionState, NoticeState
from hallkeeper.rectification.deadlines import add_working_days, default_deadline
from hallkeeper.rectification.models import ExtensionRequest, Notice, NoticeCounter, NoticeResponse, ResponsePhoto
from hallkeeper.rectification.numbering import policy_for
from hallkeeper.standards.choices import Severity

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


def notices(hall):
    return Notice.objects.filter(hall=hall).select_related("zone__lead", "issued_by")


def events_of(notice):
    ct = ContentType.objects.get_for_model(Notice)
    return list(Event.objects.filter(content_type=ct, object_id=notice.pk).order_by("created_at", "pk"))


def local_day(at):
    return timezone.localtime(at).date()


def test_about_thirty_five_notices_in_every_state(hall):
    all_notices = list(notices(hall))
    assert 25 <= len(all_notices) <= 40
    states = defaultdict(int)
    for notice in all_notices:
        states[notice.state] += 1
    assert set(states) == set(NoticeState.values)
    assert states[NoticeState.VERIFIED] >= 12
    assert states[NoticeState.CANCELLED] == 1
    (cancelled,) = [n for n in all_notices if n.state == NoticeState.CANCELLED]
    assert cancelled.cancel_reason and cancelled.closed_at is not None
    assert not cancelled.items.filter(active=True).exists()  # its findings may be issued again


def test_closed_on_time_and_late_and_verified_by_a_recheck_or_by_evidence(hall):
    closed = [n for n in notices(hall) if n.state == NoticeState.VERIFIED]
    late = [n for n in closed if n.closed_late]
    on_time = [n for n in closed if n.closed_late is False]
    assert len(late) >= 3 and len(on_time) >= 8
    for notice in late:
        assert local_day(notice.last_submitted_at) > notice.deadline
    by_inspection = [n for n in closed if n.verification_inspection_id and not n.acceptance_failure]
    assert by_inspection and any(n.verification_inspection_id is None for n in closed)
    for notice in by_inspection:
        inspection = notice.verification_inspection
        assert inspection.kind in (InspectionKind.PATROL, InspectionKind.SPECIAL)
        assert notice.last_submitted_at < inspection.submitted_at <= notice.closed_at
        keys = set(notice.items.values_list("finding__rule_key", flat=True))
        assert not inspection.findings.filter(rule_key__in=keys).exists()
    for notice in closed:
        verified = [e for e in events_of(notice) if e.verb == "notice.verified"]
        assert len(verified) == 1 and verified[0].data["on_time"] is (not notice.closed_late)
        assert notice.closed_at == verified[0].created_at


def test_rejected_then_closed_and_rejected_still_open(hall):
    rejected = [n for n in notices(hall) if n.times_rejected]
    closed = [n for n in rejected if n.state == NoticeState.VERIFIED]
    assert len(closed) >= 2
    assert any(n.state == NoticeState.RECTIFYING for n in rejected)
    for notice in rejected:
        verbs = [e.verb for e in events_of(notice)]
        assert verbs.count("notice.rejected") == notice.times_rejected == 1
        rejection = next(e for e in events_of(notice) if e.verb == "notice.rejected")
        assert rejection.comment  # the reason
    for notice in closed:
        verbs = [e.verb for e in events_of(notice)]
        assert verbs.index("notice.rejected") < len(verbs) - 1 - verbs[::-1].index("notice.submitted")
        assert notice.responses.count() == 2  # the rejected rectification stays on record
        first_round = notice.responses.order_by("at", "pk").first()
        assert first_round.answers.filter(unsatisfactory=True).count() == 1  # the finding not put right is named


def test_every_finding_is_answered_with_its_own_after_photo(hall):
    responses = NoticeResponse.objects.filter(notice__hall=hall).prefetch_related("answers__photos", "notice__items")
    assert responses.count() >= 25
    several = 0
    for response in responses:
        held = {i.pk for i in response.notice.items.all() if i.active}
        answers = list(response.answers.all())
        assert {a.item_id for a in answers} == held and all(a.text for a in answers)
        assert all(len(a.photos.all()) == 1 for a in answers)
        several += len(answers) > 1
    assert several >= 5  # notices with several findings, each with its own answer
    assert not ResponsePhoto.objects.filter(response__notice__hall=hall, answer__isnull=True).exists()


def test_open_and_overdue_notices(hall):
    today = timezone.localdate()
    all_notices = list(notices(hall))
    overdue = [n for n in all_notices if n.overdue_on(today)]
    assert len(overdue) >= 3
    assert {n.state for n in overdue} >= {NoticeState.ISSUED, NoticeState.RECTIFYING}
    assert Notice.objects.filter(hall=hall).overdue(today).count() == len(overdue)
    for notice in overdue:
        assert notice.last_submitted_at is None or notice.times_rejected
    fresh = [n for n in all_notices if n.is_open and not n.overdue_on(today)]
    assert {n.state for n in fresh} == {
        NoticeState.ISSUED,
        NoticeState.ACKNOWLEDGED,
        NoticeState.RECTIFYING,
        NoticeState.SUBMITTED,
    }
    for notice in fresh:
        if notice.state == NoticeState.ISSUED:
            assert notice.acknowledged_at is None and (today - local_day(notice.issued_at)).days <= 4


def test_more_time_granted_and_refused(hall):
    extensions = list(ExtensionRequest.objects.filter(notice__hall=hall).select_related("notice"))
    states = {e.state for e in extensions}
    assert states == {ExtensionState.GRANTED, ExtensionState.REFUSED}
    for extension in extensions:
        notice = extension.notice
        assert extension.previous_deadline == notice.original_deadline
        assert notice.issued_at < extension.requested_at < extension.decided_at
        if extension.state == ExtensionState.GRANTED:
            assert notice.deadline == extension.requested_until > notice.original_deadline
            if notice.state == NoticeState.VERIFIED:
                assert notice.closed_late is False
                assert local_day(notice.last_submitted_at) > notice.original_deadline  # needed the time
        else:
            assert extension.decision_note
            assert notice.deadline == notice.original_deadline
            assert notice.closed_late is True


def test_numbers_are_gap_free_per_year_in_issue_order(hall):
    by_year = defaultdict(list)
    for notice in Notice.objects.filter(hall=hall).order_by("issued_at", "pk"):
        by_year[notice.year].append(notice)
    policy = policy_for(hall)
    for year, year_notices in by_year.items():
        assert [n.seq for n in year_notices] == list(range(1, len(year_notices) + 1))
        for notice in year_notices:
            assert local_day(notice.issued_at).year == year
            assert notice.number == policy.format_number(year, notice.seq)
        assert NoticeCounter.objects.get(hall=hall, year=year).last == len(year_notices)


def test_timelines_are_in_order_after_the_findings_and_in_the_past(hall):
    now = timezone.now()
    policy = policy_for(hall)
    for notice in notices(hall).prefetch_related("items__finding"):
        findings = [i.finding for i in notice.items.all()]
        events = events_of(notice)
        assert events[0].verb == "notice.issued" and events[0].created_at == notice.issued_at
        assert max(f.found_at for f in findings) < notice.issued_at
        times = [e.created_at for e in events]
        assert times == sorted(times) and len(set(times)) == len(times), notice.number
        assert times[-1] < now
        assert notice.updated_at == times[-1] and notice.created_at == notice.issued_at
        issued_on = local_day(notice.issued_at)
        assert notice.original_deadline == default_deadline(policy, [f.severity for f in findings], issued_on)
        assert events[0].data["deadline"] == notice.original_deadline.isoformat()
        if notice.acknowledged_at is not None:
            ack = next(e for e in events if e.verb == "notice.acknowledged")
            assert ack.created_at == notice.acknowledged_at
            assert local_day(notice.acknowledged_at) <= add_working_days(issued_on, 1)  # within a day or two
        responses = list(notice.responses.all())
        submitted = [e for e in events if e.verb == "notice.submitted"]
        assert [r.at for r in responses] == [e.created_at for e in submitted]
        for response, event in zip(responses, submitted, strict=True):
            assert event.data["late"] is (local_day(response.at) > _deadline_at(notice, events, event))
            assert response.by_id == notice.zone.lead.user_id
        if responses:
            assert notice.last_submitted_at == responses[-1].at
        if notice.closed_at is not None:
            assert notice.closed_at == times[-1]


def _deadline_at(notice, events, event):
    """The deadline when ``event`` happened (a granted extension moves it)."""
    deadline = notice.original_deadline
    for e in events:
        if e.created_at > event.created_at:
            break
        if e.verb == "notice.extension_granted":
            deadline = timezone.datetime.fromisoformat(e.data["deadline_after"]).date()
    return deadline


def test_actors_are_the_issuers_and_the_zone_leads(hall):
    roles = dict(RoleAssignment.objects.filter(hall=hall).values_list("user__username", "role"))
    for notice in notices(hall):
        assert roles[notice.issued_by.username] in (Role.SUPERVISION, Role.LEADERSHIP)
        lead = notice.zone.lead.user_id
        for event in events_of(notice):
            zone_side = event.verb in ("notice.acknowledged", "notice.started", "notice.submitted")
            zone_side = zone_side or event.verb == "notice.extension_requested"
            assert (event.actor_id == lead) is zone_side, (notice.number, event.verb)
    issuers = set(Notice.objects.filter(hall=hall).values_list("issued_by__username", flat=True))
    assert {"inspector", "leader"} <= issuers
    # for major findings and for the minor ones a zone keeps repeating; mostly in the zones that fail most
    routine = notices(hall).filter(acceptance_failure=False).prefetch_related("items__finding")
    with_major = [n for n in routine if any(i.finding.severity != Severity.MINOR for i in n.items.all())]
    assert len(with_major) >= len(routine) / 2
    for notice in routine:
        for item in notice.items.all():
            finding = item.finding
            if finding.severity == Severity.MINOR:
                before = Finding.objects.filter(zone=finding.zone_id, rule_key=finding.rule_key)
                assert before.filter(found_at__lt=finding.found_at).count() >= 2, notice.number
    per_zone = defaultdict(int)
    for code in Notice.objects.filter(hall=hall).values_list("zone__code", flat=True):
        per_zone[code] += 1
    assert max(per_zone.values()) >= 3 and len(per_zone) >= 6


def test_after_photos_are_small_jpegs_on_disk(hall, media_root):
    photos = ResponsePhoto.objects.filter(response__notice__hall=hall)
    assert photos.count() >= 25
    assert not NoticeResponse.objects.filter(notice__hall=hall, photos__isnull=True).exists()
    for photo in photos[:20]:
        path = Path(media_root) / photo.image.name
        assert path.is_file() and path.stat().st_size < 60 * 1024
        assert (Path(media_root) / photo.thumbnail.name).is_file()
        assert (photo.width, photo.height) == (480, 360)


def test_acceptance_failures_are_closed_by_the_passed_re_acceptance(hall):
    acceptance = {n.zone.code: n for n in notices(hall).filter(acceptance_failure=True)}
    assert set(acceptance) == {ROUND_VETO_ZONE, *ROUND_SCORE_ZONES}
    for notice in acceptance.values():
        first = notice.source_inspection
        assert first.kind == InspectionKind.ACCEPTANCE and first.retake_of_id is None and not first.passed
        assert set(notice.items.values_list("finding_id", flat=True)) == set(
            first.findings.values_list("pk", flat=True)
        )
        assert notice.issued_by.username == "leader"
        assert notice.state == NoticeState.VERIFIED and notice.closed_late is False
        retake = notice.verification_inspection
        assert retake.retake_of_id == first.pk and retake.passed and retake.status == InspectionStatus.SUBMITTED
        assert notice.last_submitted_at < retake.submitted_at < notice.closed_at


def test_nobody_is_notified_about_the_past_only_todays_digest(hall):
    kinds = set(Notification.objects.filter(hall=hall).values_list("kind", flat=True))
    assert kinds, "today's digest reaches the zone leads and overseers of overdue notices"
    assert kinds <= {NotificationKind.DEADLINE_REMINDER, NotificationKind.OVERDUE_ESCALATION, NotificationKind.DIGEST}


def test_loading_again_adds_nothing(hall):
    before = demo_counts(hall)
    assert before["整改通知 rectification notices"] >= 25
    assert before["逾期整改通知 overdue notices"] >= 3
    summary = load_notice_history(hall)
    assert summary.notices == 0 and "未重复生成" in summary.line()
    load_demo()
    assert demo_counts(hall) == before


def test_the_audit_chain_verifies_after_the_demo(hall):
    """The loader records its past with the right times in the first place: the chain needs no rewriting."""
    from hallkeeper.core.chain import verify

    result = verify()
    assert result.ok, result
    assert result.checked > 500
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "审计日志完整" in out.getvalue()
