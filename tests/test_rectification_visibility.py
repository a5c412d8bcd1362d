"""Who sees which notices: hall-wide roles all of their hall's; a zone lead only their zones'; window staff
those holding a finding on their windows (read only); nobody another hall's."""

from __future__ import annotations

import pytest

from hallkeeper.rectification.choices import NoticeState
from hallkeeper.rectification.models import (
    ExtensionRequest,
    Notice,
    NoticeItem,
    NoticeResponse,
    RectificationPolicy,
    ResponsePhoto,
)

from .inspection_data import issued_notice, notice_in_state
from .standards_data import install_tiny_handbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def notices(alpha, beta, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    install_tiny_handbook(beta.hall)
    zone1 = notice_in_state(alpha, NoticeState.SUBMITTED, zone_index=0)
    zone2 = issued_notice(alpha, zone_index=1)
    other_hall = issued_notice(beta)
    return zone1, zone2, other_hall


@pytest.mark.parametrize(
    ("user_key", "view", "change"),
    [
        ("admin", {0, 1}, {0, 1}),
        ("leadership", {0, 1}, {0, 1}),
        ("supervision", {0, 1}, {0, 1}),
        ("viewer", {0, 1}, set()),
        ("lead1", {0}, {0}),
        ("lead2", {1}, {1}),
        ("staff1", set(), set()),  # the findings name no window: the zone's business, not the window's
        ("staff2", set(), set()),
    ],
)
def test_notice_visibility(alpha, notices, user_key, view, change):
    user = alpha.users[user_key]
    assert set(Notice.objects.visible_to(user)) == {notices[i] for i in view}
    assert set(Notice.objects.visible_to(user, "change")) == {notices[i] for i in change}
    seen = {notices[i].pk for i in view}
    assert set(NoticeItem.objects.visible_to(user).values_list("notice_id", flat=True)) == seen
    expect_responses = {notices[0].pk} & seen
    assert set(NoticeResponse.objects.visible_to(user).values_list("notice_id", flat=True)) == expect_responses
    assert set(ResponsePhoto.objects.visible_to(user).values_list("response__notice_id", flat=True)) == (
        expect_responses
    )


def test_a_zone_lead_never_sees_another_zones_notices(alpha, notices):
    zone1, zone2, _other = notices
    for lead, foreign in (("lead1", zone2), ("lead2", zone1)):
        visible = Notice.objects.visible_to(alpha.users[lead])
        assert not visible.filter(pk=foreign.pk).exists()
        assert not visible.filter(zone=foreign.zone).exists()
        assert not ExtensionRequest.objects.visible_to(alpha.users[lead]).filter(notice=foreign).exists()


def test_nothing_leaks_between_halls(alpha, beta, notices):
    assert set(Notice.objects.visible_to(beta.users["admin"])) == {notices[2]}
    assert not Notice.objects.visible_to(alpha.users["admin"]).filter(hall=beta.hall).exists()


def test_policy_is_read_by_the_hall_and_changed_by_administrators(alpha, beta):
    policy = RectificationPolicy.objects.create(hall=alpha.hall)
    assert list(RectificationPolicy.objects.visible_to(alpha.users["lead1"])) == [policy]
    assert not RectificationPolicy.objects.visible_to(alpha.users["supervision"], "change").exists()
    assert list(RectificationPolicy.objects.visible_to(alpha.users["admin"], "change")) == [policy]
    assert not RectificationPolicy.objects.visible_to(beta.users["admin"]).exists()


def test_window_staff_see_the_notices_about_their_windows(alpha, settings, tmp_path):
    from hallkeeper.inspections import services as inspections
    from hallkeeper.inspections.choices import ItemResult
    from hallkeeper.inspections.models import Finding
    from hallkeeper.rectification import services

    from .inspection_data import start

    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    window = alpha.windows[0]
    patrol = start(alpha)
    for item in patrol.items.all():
        inspections.item_answer(user=patrol.inspector, item=item, result=ItemResult.FAIL, window=window)
    patrol = inspections.inspection_submit(user=patrol.inspector, inspection=patrol)
    notice = services.notice_issue(
        user=alpha.users["supervision"],
        zone=alpha.zones[0],
        findings=list(Finding.objects.filter(inspection=patrol)),
        requirement="限期整改",
    )
    assert set(Notice.objects.visible_to(alpha.users["staff1"])) == {notice}
    assert not Notice.objects.visible_to(alpha.users["staff1"], "change").exists()
    assert not Notice.objects.visible_to(alpha.users["staff2"]).exists()
