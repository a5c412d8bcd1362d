"""Where a person lacks a right: the friendly refusal page with a way back, and no button leading there."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
READ_ONLY = ("leadership", "supervision", "viewer")


def url(name, h, **kwargs):
    return reverse(name, kwargs={"hall": h.hall.code, **kwargs})


@pytest.mark.parametrize("role", READ_ONLY)
def test_read_only_roles_get_the_friendly_page_on_a_zone_edit_page(client, alpha, settings, role):
    settings.DEBUG = True  # in development too: never the debug 404 page
    client.force_login(alpha.users[role])
    zone_page = "http://testserver" + url("zone_detail", alpha, pk=alpha.zones[0].pk)
    response = client.get(url("zone_edit", alpha, pk=alpha.zones[0].pk), HTTP_REFERER=zone_page, **ZH)
    assert response.status_code == 403
    body = response.content.decode()
    assert "无权操作" in body and 'data-testid="forbidden"' in body
    assert f'href="{zone_page}" data-testid="forbidden-back"' in body  # back to where they came from
    assert alpha.hall.display_name in body  # inside the hall's layout, with its menu


@pytest.mark.parametrize("role", READ_ONLY)
def test_read_only_roles_see_no_edit_button(client, alpha, role):
    client.force_login(alpha.users[role])
    body = client.get(url("zone_detail", alpha, pk=alpha.zones[0].pk)).content.decode()
    assert url("zone_edit", alpha, pk=alpha.zones[0].pk) not in body
    body = client.get(url("position_detail", alpha, pk=alpha.positions[0].pk)).content.decode()
    assert url("position_edit", alpha, pk=alpha.positions[0].pk) not in body


def test_the_zone_lead_sees_the_edit_button_and_opens_the_page(client, alpha):
    client.force_login(alpha.users["lead1"])
    edit = url("zone_edit", alpha, pk=alpha.zones[0].pk)
    assert edit in client.get(url("zone_detail", alpha, pk=alpha.zones[0].pk)).content.decode()
    assert client.get(edit).status_code == 200


def test_a_refused_post_changes_nothing(client, alpha):
    zone = alpha.zones[0]
    client.force_login(alpha.users["viewer"])
    response = client.post(url("zone_edit", alpha, pk=zone.pk), {"name": "改名", "description": ""})
    assert response.status_code == 403
    zone.refresh_from_db()
    assert zone.name != "改名"


def test_objects_outside_the_scope_stay_hidden(client, alpha):
    client.force_login(alpha.users["staff1"])  # staff see windows, not zones
    assert client.get(url("zone_edit", alpha, pk=alpha.zones[0].pk)).status_code == 404
    client.force_login(alpha.users["lead1"])
    assert client.get(url("zone_edit", alpha, pk=alpha.zones[1].pk)).status_code == 404


def test_a_foreign_referer_is_not_offered_as_the_way_back(client, alpha):
    client.force_login(alpha.users["viewer"])
    response = client.get(url("zone_edit", alpha, pk=alpha.zones[0].pk), HTTP_REFERER="https://evil.example/x")
    body = response.content.decode()
    assert "evil.example" not in body
    assert f'href="{url("hall_home", alpha)}" data-testid="forbidden-back"' in body


def test_the_refusal_gives_the_reason_the_service_gave(client, alpha):
    client.force_login(alpha.users["viewer"])
    response = client.get(url("notice_issue", alpha), **ZH)
    assert response.status_code == 403
    assert 'data-testid="forbidden-reason"' in response.content.decode()
