"""Acceptance rounds and planned checks in the browser: a zone fails its acceptance check on a veto rule, is
re-accepted from the round page and passes; a zone lead starts the self-check a plan made due for them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hallkeeper.inspections import services
from hallkeeper.inspections.choices import AssignTo, Frequency, InspectionKind, InspectionStatus
from hallkeeper.inspections.models import DueInspection, Inspection, InspectionPlan

from ..factories import PASSWORD
from .helpers import login, url
from .test_inspections_capture import card, hall  # noqa: F401 (the hall fixture: three rules apply in zone 1)

pytestmark = pytest.mark.e2e


def _capture_and_submit(page, fail_key: str | None = None):
    """On the capture page: fail one rule (or none), pass the rest, submit; lands on the report."""
    if fail_key:
        card(page, fail_key).get_by_test_id("answer-fail").click()
        expect(page.get_by_test_id("sync-status")).to_have_attribute("data-waiting", "0")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("pass-rest").click()  # the cards are updated in place, no reload
    expect(page.get_by_test_id("progress-count")).to_have_text("3/3")
    with page.expect_navigation():
        page.get_by_test_id("submit").click()


def test_a_failed_zone_is_re_accepted_from_the_round_page(page, live_server, hall):  # noqa: F811
    login(page, live_server, "alpha-leadership", PASSWORD)
    page.goto(url(live_server, "/h/alpha/inspections/rounds/new/"))
    page.locator("#id_name").fill("2026年第一轮验收")
    page.locator("#id_starts_on").fill(timezone.localdate().isoformat())
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    round_url = page.url
    zone1 = page.locator("tr[data-zone=Z01]")
    expect(zone1).to_have_attribute("data-state", "unchecked")

    # The first acceptance check fails on the veto rule, whatever the score.
    with page.expect_navigation():
        zone1.get_by_test_id("round-action").click()
    with page.expect_navigation():
        page.get_by_test_id("start-submit").click()
    _capture_and_submit(page, fail_key="exit-clear")
    first = Inspection.objects.get(kind=InspectionKind.ACCEPTANCE, retake_of=None)
    assert first.status == InspectionStatus.SUBMITTED and first.veto_failed and first.passed is False
    page.goto(round_url)
    expect(zone1).to_have_attribute("data-state", "failed")
    expect(page.get_by_test_id("failed")).to_contain_text("1")

    # The re-acceptance starts from the round page, is linked to the first check and closes the zone.
    with page.expect_navigation():
        zone1.get_by_test_id("round-action").click()
    expect(page.get_by_test_id("start-retake")).to_be_visible()
    with page.expect_navigation():
        page.get_by_test_id("start-submit").click()
    _capture_and_submit(page)
    retake = Inspection.objects.get(retake_of=first)
    assert retake.round_id == first.round_id and retake.passed
    page.goto(round_url)
    expect(zone1).to_have_attribute("data-state", "passed_on_retake")
    expect(page.get_by_test_id("passed")).to_contain_text("1")
    expect(page.locator("tr[data-zone=Z02]")).to_have_attribute("data-state", "unchecked")


def test_a_zone_lead_starts_the_self_check_a_plan_made_due(phone_page, live_server, hall):  # noqa: F811
    page = phone_page
    today = timezone.localdate()
    plan = InspectionPlan(
        hall=hall.hall,
        name="责任区每周自查",
        kind=InspectionKind.SELF_CHECK,
        frequency=Frequency.WEEKLY,
        weekday=6,  # due by Sunday, so it is due whatever day the test runs
        assign_to=AssignTo.ZONE_LEADS,
        starts_on=today - timedelta(days=today.weekday()),
    )
    services.plan_save(user=hall.users["admin"], plan=plan, zones=[hall.zones[0], hall.zones[1]])
    due = DueInspection.objects.get(plan=plan, zone=hall.zones[0], opens_on__lte=today, due_on__gte=today)
    assert due.assignee == hall.users["lead1"]

    login(page, live_server, "alpha-lead1", PASSWORD)
    page.goto(url(live_server, "/h/alpha/inspections/mine/"))
    expect(page.get_by_test_id("due-card").filter(has_text="Z02")).to_have_count(0)  # zone 2's lead's check
    cards = page.get_by_test_id("group-today").get_by_test_id("due-card")
    expect(cards).to_have_count(1)  # this week's; next week's may already show as upcoming
    expect(cards).to_contain_text("Z01")
    with page.expect_navigation():
        cards.get_by_test_id("due-start").click()
    expect(page.get_by_test_id("start-due")).to_be_visible()
    with page.expect_navigation():
        page.get_by_test_id("start-submit").click()
    _capture_and_submit(page, fail_key="seal-locked")

    due.refresh_from_db()
    assert due.inspection is not None and due.inspection.status == InspectionStatus.SUBMITTED
    assert due.inspection.inspector == hall.users["lead1"] and due.inspection.failed_count == 1
    page.goto(url(live_server, "/h/alpha/inspections/mine/"))
    expect(page.get_by_test_id("group-today").get_by_test_id("due-card")).to_have_count(0)
    expect(page.get_by_test_id("my-submitted")).to_contain_text("Z01")
