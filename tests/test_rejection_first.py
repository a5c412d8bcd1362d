"""A rejected rectification shows its reason first: on the notice page (before the title and everything else)
and on the zone lead's inbox card; once the zone submits again the alert goes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hallkeeper.rectification import services
from hallkeeper.rectification.choices import NoticeState

from .inspection_data import answers_for, notice_in_state
from .standards_data import install_tiny_handbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

REASON = "通道仍有杂物堆放，请清理后重新拍照。"


@pytest.fixture
def rejected(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    notice = notice_in_state(alpha, NoticeState.SUBMITTED)
    return services.notice_reject(user=alpha.users["supervision"], notice=notice, reason=REASON)


def page(client, small, user_key, name, **kwargs):
    client.force_login(small.users[user_key])
    response = client.get(reverse(name, kwargs={"hall": small.hall.code, **kwargs}))
    assert response.status_code == 200
    return response.content.decode()


def test_notice_page_opens_with_the_rejection(client, alpha, rejected):
    html = page(client, alpha, "lead1", "notice_detail", pk=rejected.pk)
    alert = html.index('data-testid="rejection"')
    assert html.count('data-testid="rejection"') == 1
    who = alpha.users["supervision"].display_name
    assert REASON in html[alert : alert + 1000] and who in html[alert : alert + 1000]
    # before the number, the facts, the requirement and the rectifications
    for later in ('data-testid="notice-number"', 'data-testid="notice-facts"', 'data-testid="requirement"'):
        assert alert < html.index(later)


def test_inbox_card_opens_with_the_rejection(client, alpha, rejected):
    html = page(client, alpha, "lead1", "notice_inbox")
    card = html.index(f'data-notice="{rejected.pk}"')
    alert = html.index('data-testid="rejection"', card)
    assert REASON in html[alert : alert + 1000]
    assert alert < html.index(rejected.number, card) < html.index('data-testid="inbox-rectify"', card)


def test_no_alert_once_the_zone_submits_again_or_never_rejected(client, alpha, rejected):
    services.notice_submit(user=alpha.users["lead1"], notice=rejected, answers=answers_for(rejected, "已再次清理。"))
    assert 'data-testid="rejection"' not in page(client, alpha, "supervision", "notice_detail", pk=rejected.pk)
    fresh = notice_in_state(alpha, NoticeState.RECTIFYING, zone_index=0)
    assert 'data-testid="rejection"' not in page(client, alpha, "lead1", "notice_detail", pk=fresh.pk)
    assert 'data-testid="rejection"' not in page(client, alpha, "lead1", "notice_inbox")
