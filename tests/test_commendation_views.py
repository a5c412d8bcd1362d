"""The commendation's pages: who reads a draft and who only the published ones, who sees which buttons and may
post which step, bad input answered with a message and nothing changed, another hall's ids a 404, the list's
filter, pages and empty states, and the decision's downloads."""

from __future__ import annotations

from decimal import Decimal as D
from urllib.parse import unquote

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from hallkeeper.accounts.choices import Role
from hallkeeper.assessment import services
from hallkeeper.assessment.models import Commendation, CommendationState, HonourTitle, Nomination
from hallkeeper.core.models import Event

from .standards_data import install_tiny_handbook
from .test_commendation import JAN, MAR, month_period

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SUP, LEAD = Role.SUPERVISION, Role.LEADERSHIP
EVERYONE = (Role.ADMIN, SUP, LEAD, Role.VIEWER, "lead1", "staff1")


@pytest.fixture
def small(alpha):
    install_tiny_handbook(alpha.hall)
    return alpha


def in_state(small, state, **kwargs):
    values = {"title": "", "from_month": JAN, "to_month": MAR, **kwargs}
    item = services.commendation_create(user=small.users[SUP], hall=small.hall, **values)
    if state == "empty":
        return item
    services.nomination_add(user=small.users[SUP], commendation=item, honour=HonourTitle.RED_FLAG, target_type="window",
                            target_id=small.windows[0].pk, reason="群众点赞<b>")  # fmt: skip
    if state == CommendationState.DRAFT:
        return item
    item = services.commendation_submit(user=small.users[SUP], commendation=item)
    if state == CommendationState.SUBMITTED:
        return item
    item = services.commendation_approve(user=small.users[LEAD], commendation=item)
    if state == CommendationState.APPROVED:
        return item
    return services.commendation_publish(user=small.users[LEAD], commendation=item)


def url(small, name, *args):
    return reverse(name, args=(small.hall.code, *args))


def action(small, item, step):
    return url(small, "commendation_action", item.pk, step)


def messages_of(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.mark.parametrize("who", EVERYONE)
def test_drafts_are_read_by_the_two_groups_published_by_everyone(client, small, who):
    draft = in_state(small, CommendationState.DRAFT)
    published = in_state(small, CommendationState.PUBLISHED, title="已发布的决定")
    client.force_login(small.users[who])
    groups = who in (Role.ADMIN, SUP, LEAD)
    listing = client.get(url(small, "commendation_list")).content.decode()
    assert "已发布的决定" in listing
    assert (draft.title in listing) == groups
    assert client.get(draft.get_absolute_url()).status_code == (200 if groups else 404)
    assert client.get(url(small, "commendation_pdf", draft.pk)).status_code == (200 if groups else 404)
    page = client.get(published.get_absolute_url())
    assert page.status_code == 200 and published.decision_number in page.content.decode()
    assert "&lt;b&gt;" in page.content.decode() and "群众点赞<b>" not in page.content.decode()


def test_separated_administrators_are_refused(client, small):
    in_state(small, CommendationState.PUBLISHED)
    client.force_login(small.users[Role.AUDIT_ADMIN])
    assert client.get(url(small, "commendation_list")).status_code in (403, 404)


@pytest.mark.parametrize(
    ("state", "who", "buttons"),
    [
        (CommendationState.DRAFT, SUP, {"submit", "rank-form", "hand-form", "remove"}),
        (CommendationState.DRAFT, LEAD, set()),
        (CommendationState.SUBMITTED, SUP, set()),
        (CommendationState.SUBMITTED, LEAD, {"approve", "reject-form"}),
        (CommendationState.APPROVED, LEAD, {"publish"}),
        (CommendationState.PUBLISHED, LEAD, set()),
        (CommendationState.PUBLISHED, "staff1", set()),
    ],
)
def test_buttons_by_capability_and_state(client, small, state, who, buttons):
    item = in_state(small, state)
    client.force_login(small.users[who])
    html = client.get(item.get_absolute_url()).content.decode()
    every = {"submit", "rank-form", "hand-form", "remove", "approve", "reject-form", "publish"}
    shown = {b for b in every if f'data-testid="{b}"' in html}
    assert shown == buttons
    assert 'data-testid="decision-pdf"' in html


def test_the_whole_way_through_the_pages(client, small):
    w1, w2 = small.windows
    month_period(small, JAN, {w1: D("95"), w2: D("90")})
    client.force_login(small.users[SUP])
    response = client.post(
        url(small, "commendation_create"), {"title": "", "from_month": "2026-01", "to_month": "2026-03"}
    )
    item = Commendation.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    client.post(action(small, item, "rank"), {"honour": HonourTitle.MODEL_WINDOW, "top": "1"})
    client.post(
        action(small, item, "hand"), {"honour": HonourTitle.RED_FLAG, "target": f"window:{w2.pk}", "reason": "好"}
    )
    assert {(n.window, n.honour) for n in item.nominations.all()} == {
        (w1, HonourTitle.MODEL_WINDOW),
        (w2, HonourTitle.RED_FLAG),
    }
    n2 = item.nominations.get(window=w2)
    client.post(url(small, "nomination_action", item.pk, n2.pk, "reason"), {"reason": "全年零投诉"})
    n2.refresh_from_db()
    assert n2.reason == "全年零投诉"
    client.post(action(small, item, "submit"))
    client.force_login(small.users[LEAD])
    client.post(action(small, item, "reject"), {"reason": "再加一个"})
    item.refresh_from_db()
    assert item.state == CommendationState.DRAFT
    assert "再加一个" in client.get(item.get_absolute_url()).content.decode()
    client.force_login(small.users[SUP])
    client.post(url(small, "nomination_action", item.pk, n2.pk, "remove"))
    client.post(action(small, item, "submit"))
    client.force_login(small.users[LEAD])
    client.post(action(small, item, "approve"))
    response = client.post(action(small, item, "publish"))
    item.refresh_from_db()
    assert item.state == CommendationState.PUBLISHED and item.decision_number in messages_of(response)
    client.force_login(small.users["staff1"])
    docx = client.get(url(small, "commendation_docx", item.pk))
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxml")
    assert "表彰决定" in unquote(docx["Content-Disposition"]) and item.decision_number in unquote(
        docx["Content-Disposition"]
    )
    pdf = client.get(url(small, "commendation_pdf", item.pk))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    "post",
    [
        {"title": "", "from_month": "", "to_month": "2026-03"},
        {"title": "", "from_month": "2026-13", "to_month": "2026-03"},
        {"title": "", "from_month": "2026-03", "to_month": "2026-01"},
        {"title": "", "from_month": "2020-01", "to_month": "2026-01"},
        {"title": "x" * 300, "from_month": "2026-01", "to_month": "2026-03"},
        {"title": "", "from_month": "\x00", "to_month": "2026-03"},
    ],
)
def test_bad_input_on_create_is_a_400_with_nothing_made(client, small, post):
    client.force_login(small.users[SUP])
    response = client.post(url(small, "commendation_create"), post)
    assert response.status_code == 400
    assert "\x00" in post["from_month"] or "invalid-feedback" in response.content.decode()  # NUL: refused earlier
    assert not Commendation.objects.exists()


@pytest.mark.parametrize("who", [LEAD, Role.VIEWER, "lead1", "staff1"])
def test_only_the_supervision_group_opens_the_create_page(client, small, who):
    client.force_login(small.users[who])
    assert client.get(url(small, "commendation_create")).status_code == 403
    assert (
        client.post(url(small, "commendation_create"), {"from_month": "2026-01", "to_month": "2026-03"}).status_code
        == 403
    )
    assert not Commendation.objects.exists()


@pytest.mark.parametrize(
    ("step", "post"),
    [
        ("rank", {"honour": HonourTitle.MODEL_WINDOW, "top": "3"}),  # no published month
        ("rank", {"honour": "gold", "top": "3"}),
        ("rank", {"honour": HonourTitle.MODEL_WINDOW, "top": "-1"}),
        ("hand", {"honour": HonourTitle.RED_FLAG, "target": "window:999999", "reason": "好"}),
        ("hand", {"honour": HonourTitle.RED_FLAG, "target": "window:abc", "reason": "好"}),
        ("hand", {"honour": HonourTitle.SERVICE_STAR, "target": "zone:1", "reason": ""}),
        ("hand", {"honour": HonourTitle.RED_FLAG, "target": "", "reason": "好"}),
        ("submit", {}),  # nothing nominated
        ("fly", {}),
    ],
)
def test_bad_steps_answer_with_a_message_and_change_nothing(client, small, step, post):
    item = in_state(small, "empty")
    client.force_login(small.users[SUP])
    before = Event.objects.count()
    response = client.post(action(small, item, step), post)
    if step == "fly":
        assert response.status_code == 404
    else:
        assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
        assert messages_of(response)
    assert not Nomination.objects.exists() and Event.objects.count() == before
    item.refresh_from_db()
    assert item.state == CommendationState.DRAFT


@pytest.mark.parametrize(("who", "step", "status"), [(LEAD, "submit", 403), ("staff1", "submit", 404),
                                                     (SUP, "approve", 403), (Role.VIEWER, "approve", 404)])  # fmt: skip
def test_steps_out_of_capability_are_refused(client, small, who, step, status):
    item = in_state(small, CommendationState.DRAFT if step == "submit" else CommendationState.SUBMITTED)
    client.force_login(small.users[who])
    response = client.post(action(small, item, step))
    assert response.status_code == status
    item.refresh_from_db()
    assert item.state == (CommendationState.DRAFT if step == "submit" else CommendationState.SUBMITTED)


def test_another_halls_ids_are_a_404(client, small, beta):
    install_tiny_handbook(beta.hall)
    theirs = in_state(beta, CommendationState.PUBLISHED)
    mine = in_state(small, CommendationState.DRAFT)
    client.force_login(small.users[SUP])
    for name in ("commendation_detail", "commendation_pdf", "commendation_docx"):
        assert client.get(url(small, name, theirs.pk)).status_code == 404
    assert client.post(action(small, theirs, "submit")).status_code == 404
    nomination = theirs.nominations.get()
    assert client.post(url(small, "nomination_action", mine.pk, nomination.pk, "remove")).status_code == 404
    assert client.get(reverse("commendation_detail", args=(beta.hall.code, theirs.pk))).status_code == 404
    assert theirs.nominations.count() == 1


@pytest.mark.parametrize("pk", [999999, 2147483647])
def test_hostile_ids_answer_404(client, small, pk):
    client.force_login(small.users[Role.ADMIN])
    assert client.get(url(small, "commendation_detail", pk)).status_code == 404
    assert client.get(url(small, "commendation_pdf", pk)).status_code == 404


def test_the_list_filters_pages_and_says_what_to_do(client, small):
    client.force_login(small.users[SUP])
    empty = client.get(url(small, "commendation_list")).content.decode()
    assert 'data-testid="empty"' in empty and "nominate the best windows" in empty
    client.force_login(small.users["staff1"])
    assert "No published commendations yet." in client.get(url(small, "commendation_list")).content.decode()
    for i in range(22):
        Commendation.objects.create(hall=small.hall, title=f"决定{i}", from_month=JAN, to_month=JAN)
    in_state(small, CommendationState.SUBMITTED, title="待审批")
    client.force_login(small.users[SUP])
    first = client.get(url(small, "commendation_list")).content.decode()
    assert 'data-testid="pagination"' in first
    second = client.get(url(small, "commendation_list") + "?page=2").content.decode()
    assert second.count("<tr>") >= 3
    filtered = client.get(url(small, "commendation_list") + "?state=submitted").content.decode()
    assert "待审批" in filtered and "决定1<" not in filtered
    assert client.get(url(small, "commendation_list") + "?state=bogus&page=x").status_code == 200
