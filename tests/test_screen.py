"""The big screen's display links: issued and revoked by the hall's administrators only (each an event), and the
two token-only URLs: no login, no cookie, no form, nothing of another hall, 404 once revoked."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.core.models import Event
from hallkeeper.screen import services
from hallkeeper.screen.models import DisplayLink

from .test_heatmap import place, published

pytestmark = pytest.mark.django_db


def issue(small, label="1F 大厅入口大屏"):
    return services.display_link_issue(user=small.users[Role.ADMIN], hall=small.hall, label=label)


def screen(token):
    return reverse("screen", kwargs={"token": token})


def data(token):
    return reverse("screen_data", kwargs={"token": token})


# -- services ----------------------------------------------------------------------------------------------


def test_issue_stores_only_the_hash_and_records_an_event(alpha):
    link, token = issue(alpha)
    assert len(token) >= 40
    stored = DisplayLink.objects.get(pk=link.pk)
    assert stored.token_hash == services.token_hash(token) and token not in stored.token_hash
    assert stored.issued_by == alpha.users[Role.ADMIN] and stored.is_live
    event = Event.objects.filter(verb="display_link.issued").get()
    assert event.hall_id == alpha.hall.pk and token not in json.dumps(event.data)
    assert services.display_link_for_token(token) == link
    assert services.display_link_for_token(token + "x") is None
    assert services.display_link_for_token("") is None and services.display_link_for_token("a" * 500) is None


def test_two_links_never_share_a_token(alpha):
    assert issue(alpha)[1] != issue(alpha)[1]


@pytest.mark.parametrize("role", [Role.LEADERSHIP, Role.SUPERVISION, Role.VIEWER, "lead1", "staff1"])
def test_only_the_hall_admin_issues_and_revokes(alpha, role):
    with pytest.raises(PermissionDenied):
        services.display_link_issue(user=alpha.users[role], hall=alpha.hall, label="x")
    link, _token = issue(alpha)
    with pytest.raises(PermissionDenied):
        services.display_link_revoke(user=alpha.users[role], link=link)


def test_another_halls_admin_cannot_issue_or_revoke(alpha, beta):
    with pytest.raises(PermissionDenied):
        services.display_link_issue(user=beta.users[Role.ADMIN], hall=alpha.hall, label="x")
    link, _token = issue(alpha)
    with pytest.raises(PermissionDenied):
        services.display_link_revoke(user=beta.users[Role.ADMIN], link=link)


@pytest.mark.parametrize("label", ["", "   ", "x" * 81])
def test_a_label_is_required_and_short(alpha, label):
    with pytest.raises(ValidationError) as error:
        issue(alpha, label)
    assert "label" in error.value.message_dict
    assert not DisplayLink.objects.exists()


def test_revoke_once_with_an_event(alpha):
    link, token = issue(alpha)
    services.display_link_revoke(user=alpha.users[Role.ADMIN], link=link)
    assert services.display_link_for_token(token) is None
    assert Event.objects.filter(verb="display_link.revoked").count() == 1
    with pytest.raises(ValidationError):
        services.display_link_revoke(user=alpha.users[Role.ADMIN], link=link)
    assert Event.objects.filter(verb="display_link.revoked").count() == 1


def test_last_seen_is_written_at_most_once_a_minute(alpha):
    link, _token = issue(alpha)
    now = timezone.now()
    services.display_link_seen(link, now)
    services.display_link_seen(link, now + dt.timedelta(seconds=30))
    assert DisplayLink.objects.get(pk=link.pk).last_seen_at == now
    services.display_link_seen(link, now + dt.timedelta(minutes=2))
    assert DisplayLink.objects.get(pk=link.pk).last_seen_at == now + dt.timedelta(minutes=2)


# -- the administrators' pages -----------------------------------------------------------------------------


def test_admin_issues_a_link_shown_once_and_revokes_it(client, alpha):
    client.force_login(alpha.users[Role.ADMIN])
    links = reverse("display_links", kwargs={"hall": alpha.hall.code})
    response = client.post(links, {"label": "2F 电梯口"})
    assert response.status_code == 200
    body = response.content.decode()
    link = DisplayLink.objects.get()
    url = response.context["new_url"]
    assert url in body and url.startswith("http://testserver/screen/")
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert services.token_hash(token) == link.token_hash
    assert url not in client.get(links).content.decode()  # shown once
    assert client.post(links, {"label": ""}).status_code == 400
    revoke = reverse("display_link_revoke", kwargs={"hall": alpha.hall.code, "pk": link.pk})
    assert client.post(revoke).status_code == 302
    assert not DisplayLink.objects.get().is_live


def test_the_links_list_is_paginated(client, alpha, settings):
    settings.HALLKEEPER_PAGE_SIZE = 2
    for n in range(3):
        issue(alpha, label=f"屏{n}")
    client.force_login(alpha.users[Role.ADMIN])
    links = reverse("display_links", kwargs={"hall": alpha.hall.code})
    first = client.get(links)
    assert len(first.context["links"]) == 2 and 'data-testid="pagination"' in first.content.decode()
    second = client.get(links, {"page": "2"})
    assert [link.label for link in second.context["links"]] == ["屏0"]  # newest first
    assert len(client.get(links, {"page": "x<>"}).context["links"]) == 2  # a hostile page number: the first


def test_non_admins_cannot_post_to_the_links_page(client, alpha, beta):
    link, _token = issue(alpha)
    revoke = reverse("display_link_revoke", kwargs={"hall": alpha.hall.code, "pk": link.pk})
    for user in (alpha.users[Role.LEADERSHIP], alpha.users[Role.SUPERVISION], alpha.users["lead1"]):
        client.force_login(user)
        assert (
            client.post(reverse("display_links", kwargs={"hall": alpha.hall.code}), {"label": "x"}).status_code == 403
        )
        assert client.post(revoke).status_code == 403
    client.force_login(beta.users[Role.ADMIN])
    assert client.post(revoke).status_code == 404
    assert DisplayLink.objects.get().is_live and DisplayLink.objects.count() == 1


# -- the token-only screen ---------------------------------------------------------------------------------


@pytest.fixture
def scene(alpha, beta):
    place(alpha)
    place(beta)
    published(alpha, dt.date(2026, 5, 1), {0: (Decimal("96.5"), 1), 1: (Decimal("61"), 2)})
    published(beta, dt.date(2026, 5, 1), {0: (Decimal("90"), 1)})
    return alpha


def test_the_screen_opens_without_a_login_or_a_cookie(scene):
    _link, token = issue(scene)
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.get(screen(token))
    assert response.status_code == 200
    assert not response.cookies  # no session, no CSRF cookie
    assert "fullscreen=(self)" in response["Permissions-Policy"].replace(" ", "")
    body = response.content.decode()
    assert "<form" not in body and "<a " not in body and "csrfmiddlewaretoken" not in body
    assert "<nav" not in body and scene.hall.display_name in body
    assert body.count('data-testid="heatmap-zone"') == 2
    assert "beta" not in body
    assert "http://" not in body.replace("http://www.w3.org", "") and "https://" not in body  # nothing external


def test_the_data_names_no_person_and_nothing_of_another_hall(scene, beta):
    _link, token = issue(scene)
    response = Client().get(data(token))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"] and not response.cookies
    payload = response.json()
    assert payload["period"] == "2026-05"
    assert [z["score"] for z in payload["ranking"]["zones"]] == ["96.5", "61.0"]
    assert payload["flag"] == [{"name": str(scene.zones[0]), "score": "96.5"}]
    assert [z["id"] for z in payload["heatmap"]["zones"]] == [z.pk for z in scene.zones]
    text = json.dumps(payload, ensure_ascii=False)
    assert "beta" not in text
    for person in ("责任人", "窗口人员", "alpha-"):  # zone leads, window staff, usernames
        assert person not in text


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_token_urls_answer_get_only(scene, method):
    """No CSRF surface: a write is refused by the CSRF check (no token is ever handed out), and without it by the
    views themselves, which answer GET only."""
    _link, token = issue(scene)
    for url in (screen(token), data(token)):
        assert getattr(Client(enforce_csrf_checks=True), method)(url).status_code == 403
        assert getattr(Client(), method)(url).status_code == 405


def test_revoked_or_unknown_tokens_open_nothing(scene):
    link, token = issue(scene)
    services.display_link_revoke(user=scene.users[Role.ADMIN], link=link)
    for url in (screen(token), data(token), screen("nope"), data("nope"), screen("x" * 300)):
        assert Client().get(url).status_code == 404


def test_a_token_opens_no_other_url(scene):
    _link, token = issue(scene)
    anonymous = Client()
    anonymous.get(screen(token))
    for name, kwargs in (
        ("hall_home", {"hall": scene.hall.code}),
        ("assessment_heatmap", {"hall": scene.hall.code}),
        ("display_links", {"hall": scene.hall.code}),
    ):
        response = anonymous.get(reverse(name, kwargs=kwargs), {"token": token})
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_screen_shows_a_viewing_admin_nothing_more(client, scene):
    """An administrator opening the link in their logged-in browser sees the same screen, no menu, no name."""
    _link, token = issue(scene)
    client.force_login(scene.users[Role.ADMIN])
    body = client.get(screen(token)).content.decode()
    assert "<nav" not in body and "alpha-admin" not in body and "<a " not in body


def test_the_data_query_count_does_not_grow(scene, django_assert_max_num_queries):
    _link, token = issue(scene)
    with django_assert_max_num_queries(25):
        Client().get(data(token))
