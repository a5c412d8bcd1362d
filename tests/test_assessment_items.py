"""Changing and withdrawing bonus and penalty items (加分/扣分事项): the services (the month still open, the
supervision side only, the evidence replaced), every refusal leaving the item as it was, and the pages (who
gets 200, 403 or 404, the confirmation before a withdrawal)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.assessment import services
from hallkeeper.assessment.choices import PeriodState
from hallkeeper.assessment.models import AdjustmentItem
from hallkeeper.core.changes import snapshot
from hallkeeper.core.models import Event

from .factories import make_hall
from .inspection_data import photo_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate()
MONTH = TODAY.replace(day=1)
LAST_MONTH = (MONTH - dt.timedelta(days=1)).replace(day=1)
SUP, LEAD = Role.SUPERVISION, Role.LEADERSHIP


@pytest.fixture
def small(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_hall("alpha")


def add(small, on=TODAY, evidence=None, **changes):
    data = {"target_type": "zone", "target_id": small.zones[0].pk, "on": on, "kind": "thanks", "points": "2"}
    data.update(reason="群众表扬信", evidence=evidence, **changes)
    return services.adjustment_add(user=small.users[SUP], hall=small.hall, **data)


def change_data(small, **changes) -> dict:
    data = {
        "target_type": "window",
        "target_id": small.windows[0].pk,
        "on": TODAY,
        "kind": "complaint",
        "points": "-3",
        "reason": "窗口被投诉",
    }
    return {**data, **changes}


def lock(small, month=MONTH, state=PeriodState.APPROVED):
    period = services.period_create(user=small.users[SUP], hall=small.hall, kind="month", starts_on=month)
    period = services.period_open_appeal(user=small.users[SUP], period=period, deadline=TODAY + dt.timedelta(days=3))
    period = services.period_approve(user=small.users[LEAD], period=period)
    if state == PeriodState.PUBLISHED:
        period = services.period_publish(user=small.users[LEAD], period=period)
    return period


def test_a_change_moves_the_item_and_replaces_its_evidence(small, tmp_path, django_capture_on_commit_callbacks):
    item = add(small, evidence=photo_file("green", "letter.jpg"))
    old_file = item.evidence.name
    assert (tmp_path / old_file).exists()
    with django_capture_on_commit_callbacks(execute=True):
        changed = services.adjustment_change(
            user=small.users[SUP], item=item, **change_data(small), evidence=photo_file("red", "complaint.jpg")
        )
    changed.refresh_from_db()
    assert (changed.target_type, changed.window, changed.zone) == ("window", small.windows[0], None)
    assert (changed.kind, changed.points, changed.reason) == ("complaint", D("-3.0"), "窗口被投诉")
    assert changed.evidence.name != old_file and (tmp_path / changed.evidence.name).exists()
    assert not (tmp_path / old_file).exists()  # the replaced file goes once the change is committed
    event = Event.objects.get(verb="adjustment.changed")
    assert event.data["changes"]["points"] == ["2", "-3"] and event.comment == "窗口被投诉"


def test_a_change_without_new_evidence_keeps_the_stored_one(small, tmp_path):
    item = add(small, evidence=photo_file())
    services.adjustment_change(user=small.users[SUP], item=item, **change_data(small))
    item.refresh_from_db()
    assert item.evidence and (tmp_path / item.evidence.name).exists()


def test_a_withdrawal_deletes_the_item_and_its_file_and_keeps_the_record(
    small, tmp_path, django_capture_on_commit_callbacks
):
    item = add(small, evidence=photo_file())
    name, pk = item.evidence.name, item.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.adjustment_withdraw(user=small.users[SUP], item=item, reason="重复录入")
    assert not AdjustmentItem.objects.exists() and not (tmp_path / name).exists()
    event = Event.objects.get(verb="adjustment.withdrawn")
    assert event.object_id == pk and event.comment == "重复录入"
    assert event.data["changes"]["reason"] == ["群众表扬信", None]


def test_a_withdrawn_item_no_longer_counts(small):
    from .inspection_data import submitted
    from .standards_data import install_tiny_handbook

    install_tiny_handbook(small.hall)
    submitted(small)
    item = add(small, points="-5")
    services.adjustment_withdraw(user=small.users[SUP], item=item, reason="投诉不实")
    period = services.period_create(user=small.users[SUP], hall=small.hall, kind="month", starts_on=MONTH)
    assert period.results.get(zone=small.zones[0]).score == D("100")


def assert_unchanged(item, before):
    item.refresh_from_db()
    assert snapshot(item) == before
    assert not Event.objects.filter(verb__in=["adjustment.changed", "adjustment.withdrawn"]).exists()


def assert_both_refused(small, item, before, message):
    with pytest.raises(ValidationError, match=message):
        services.adjustment_change(user=small.users[SUP], item=item, **change_data(small))
    with pytest.raises(ValidationError, match=message):
        services.adjustment_withdraw(user=small.users[SUP], item=item, reason="撤回")
    assert_unchanged(item, before)


BAD_CHANGES = [
    ("zero points", {"points": "0"}),
    ("no reason", {"reason": " "}),
    ("the appeal kind", {"kind": "appeal"}),
    ("unknown target type", {"target_type": "floor"}),
    ("no target", {"target_id": None}),
]


@pytest.mark.parametrize(("what", "change"), BAD_CHANGES, ids=[b[0] for b in BAD_CHANGES])
def test_bad_changes_are_refused_and_change_nothing(small, what, change):
    item = add(small)
    before = snapshot(item)
    with pytest.raises(ValidationError):
        services.adjustment_change(user=small.users[SUP], item=item, **change_data(small, **change))
    assert_unchanged(item, before)


def test_another_halls_target_is_refused(small):
    other = make_hall("beta")
    item = add(small)
    before = snapshot(item)
    with pytest.raises(ValidationError):
        services.adjustment_change(
            user=small.users[SUP], item=item, **change_data(small, target_id=other.windows[0].pk)
        )
    assert_unchanged(item, before)


@pytest.mark.parametrize("state", [PeriodState.APPROVED, PeriodState.PUBLISHED])
def test_an_item_of_an_approved_or_published_month_stays(small, state):
    item = add(small)
    before = snapshot(item)
    lock(small, state=state)
    assert_both_refused(small, item, before, "approved or published")


def test_an_item_may_not_move_into_a_locked_month(small):
    lock(small, month=LAST_MONTH)
    item = add(small)
    before = snapshot(item)
    with pytest.raises(ValidationError) as refused:
        services.adjustment_change(user=small.users[SUP], item=item, **change_data(small, on=LAST_MONTH))
    assert "on" in refused.value.error_dict
    assert_unchanged(item, before)


def test_an_item_of_an_upheld_appeal_is_not_changed_by_hand(small):
    item = add(small)
    AdjustmentItem.objects.filter(pk=item.pk).update(kind="appeal")
    item.refresh_from_db()
    assert_both_refused(small, item, snapshot(item), "upheld appeal")


def test_a_withdrawal_needs_a_reason_and_an_item_still_there(small):
    item = add(small)
    before = snapshot(item)
    with pytest.raises(ValidationError):
        services.adjustment_withdraw(user=small.users[SUP], item=item, reason="  ")
    assert_unchanged(item, before)
    services.adjustment_withdraw(user=small.users[SUP], item=item, reason="重复")
    with pytest.raises(ValidationError, match="withdrawn already"):
        services.adjustment_withdraw(user=small.users[SUP], item=item, reason="重复")


@pytest.mark.parametrize("who", [LEAD, "lead1", "staff1"])
def test_only_the_supervision_side_changes_or_withdraws(small, who):
    item = add(small)
    before = snapshot(item)
    with pytest.raises(PermissionDenied):
        services.adjustment_change(user=small.users[who], item=item, **change_data(small))
    with pytest.raises(PermissionDenied):
        services.adjustment_withdraw(user=small.users[who], item=item, reason="撤回")
    assert_unchanged(item, before)


def test_a_bad_new_evidence_file_changes_nothing(small, tmp_path):
    from .inspection_data import upload

    item = add(small, evidence=photo_file())
    before = snapshot(item)
    with pytest.raises(ValidationError):
        services.adjustment_change(
            user=small.users[SUP], item=item, **change_data(small), evidence=upload(b"not an image", name="x.jpg")
        )
    assert_unchanged(item, before)
    assert (tmp_path / item.evidence.name).exists()


# -- the pages -----------------------------------------------------------------------------------------------


def page(name, small, item_pk):
    return reverse(name, kwargs={"hall": small.hall.code, "pk": item_pk})


PAGES = [
    (SUP, 200),
    (Role.ADMIN, 200),
    (LEAD, 403),
    ("lead1", 404),
    ("staff1", 404),
]


@pytest.mark.parametrize(("who", "status"), PAGES)
def test_who_opens_and_posts_the_change_and_withdraw_pages(client, small, who, status):
    item = add(small)
    client.force_login(small.users[who])
    for name in ("assessment_adjustment_change", "assessment_adjustment_withdraw"):
        assert client.get(page(name, small, item.pk)).status_code == status
    if status != 200:
        response = client.post(page("assessment_adjustment_withdraw", small, item.pk), {"reason": "撤回"})
        assert response.status_code == status and AdjustmentItem.objects.filter(pk=item.pk).exists()


def test_another_halls_item_and_hostile_ids_are_404(client, small):
    other = make_hall("beta")
    theirs = add(other)
    client.force_login(small.users[SUP])
    for name in ("assessment_adjustment_change", "assessment_adjustment_withdraw"):
        assert client.get(page(name, small, theirs.pk)).status_code == 404
        assert client.get(page(name, small, 2**40)).status_code == 404


def test_the_list_offers_change_and_withdraw_only_where_allowed(client, small):
    open_item = add(small)
    lock(small, month=LAST_MONTH)
    closed = AdjustmentItem.objects.create(
        hall=small.hall, target_type="zone", zone=small.zones[1], on=LAST_MONTH, kind="thanks", points=1, reason="早"
    )
    client.force_login(small.users[SUP])
    body = client.get(reverse("assessment_adjustments", kwargs={"hall": small.hall.code})).content.decode()
    assert page("assessment_adjustment_change", small, open_item.pk) in body
    assert page("assessment_adjustment_withdraw", small, open_item.pk) in body
    assert page("assessment_adjustment_change", small, closed.pk) not in body
    response = client.get(page("assessment_adjustment_change", small, closed.pk))
    assert response.status_code == 302  # back to the list with the reason
    client.force_login(small.users[LEAD])
    body = client.get(reverse("assessment_adjustments", kwargs={"hall": small.hall.code})).content.decode()
    assert 'data-testid="change-item"' not in body


def test_the_change_form_shows_the_item_and_saves_or_refuses(client, small):
    item = add(small)
    client.force_login(small.users[SUP])
    url = page("assessment_adjustment_change", small, item.pk)
    body = client.get(url).content.decode()
    assert "群众表扬信" in body and f'value="zone:{small.zones[0].pk}" selected' in body
    form = {
        "target": f"window:{small.windows[0].pk}",
        "on": TODAY.isoformat(),
        "kind": "complaint",
        "points": "0",
        "reason": "投诉",
    }
    response = client.post(url, form)
    assert response.status_code == 400 and "not 0" in response.content.decode()
    assert AdjustmentItem.objects.get().points == D("2")
    response = client.post(url, {**form, "points": "-4", "evidence": photo_file()})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.window, item.points) == (small.windows[0], D("-4")) and item.evidence


def test_withdrawing_asks_for_confirmation_and_a_reason(client, small):
    item = add(small)
    client.force_login(small.users[SUP])
    url = page("assessment_adjustment_withdraw", small, item.pk)
    body = client.get(url).content.decode()
    assert 'data-testid="confirm-withdraw"' in body and "群众表扬信" in body
    assert AdjustmentItem.objects.filter(pk=item.pk).exists()  # opening the page changes nothing
    assert client.post(url, {"reason": ""}).status_code == 400
    assert AdjustmentItem.objects.filter(pk=item.pk).exists()
    assert client.post(url, {"reason": "重复录入"}).status_code == 302
    assert not AdjustmentItem.objects.exists()
