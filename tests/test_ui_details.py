"""Details a hall user meets in the first week: labels that say what they show, a chart that does not draw a
trend between zones, a version comparison that opens without errors, one label per setting, the admin in the
product's language, and a single zone chosen for you."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

import hallkeeper
from hallkeeper.accounts.choices import Role
from hallkeeper.rectification.choices import NoticeState
from hallkeeper.rectification.models import Notice

from .factories import UserFactory
from .inspection_data import issued_notice, notice_in_state
from .test_handbook_editor import make_handbook

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def hall(alpha, settings, tmp_path):
    from .standards_data import install_tiny_handbook

    settings.MEDIA_ROOT = tmp_path
    settings.LANGUAGE_CODE = "zh-hans"
    install_tiny_handbook(alpha.hall)
    return alpha


def url(name, h, **kwargs):
    return reverse(name, kwargs={"hall": h.hall.code, **kwargs})


def page(client, h, user_key, name, **kwargs) -> str:
    client.force_login(h.users[user_key])
    response = client.get(url(name, h, **kwargs), **ZH)
    assert response.status_code == 200
    return response.content.decode()


def definition_list(html: str, testid: str) -> dict[str, str]:
    """Label → text of a <dl data-testid=…> (tags stripped)."""
    block = re.search(rf'<dl[^>]*data-testid="{testid}"[^>]*>(.*?)</dl>', html, re.S).group(1)
    pairs = re.findall(r"<dt[^>]*>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", block, re.S)
    return {strip(dt): strip(dd) for dt, dd in pairs}


def strip(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html)).strip()


# -- 1. the notice page's labels -------------------------------------------------------------------


def test_the_notice_page_labels_the_source_inspection_as_an_inspection_not_a_person(client, hall):
    notice = issued_notice(hall)
    facts = definition_list(page(client, hall, "supervision", "notice_detail", pk=notice.pk), "notice-facts")
    assert "检查人" not in facts  # the row shows an inspection, not who inspected
    assert str(notice.source_inspection) in strip(facts["来源检查"])
    assert facts["签发人"] == hall.users["supervision"].display_name


def test_the_verified_row_says_how_it_was_verified(client, hall):
    notice = notice_in_state(hall, NoticeState.VERIFIED)
    facts = definition_list(page(client, hall, "supervision", "notice_detail", pk=notice.pk), "notice-facts")
    assert facts["复查方式"] in {"依据整改材料"} or facts["复查方式"].startswith("现场复查")


def test_the_notice_list_and_export_count_findings_under_a_count_label(client, hall):
    issued_notice(hall)
    html = page(client, hall, "supervision", "notice_list")
    head = [strip(th) for th in re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)]
    assert "问题数" in head and "下发时间" in head and "已下发" not in head
    from io import BytesIO

    from openpyxl import load_workbook

    content = client.get(url("notice_list", hall) + "?export=xlsx", **ZH).content
    header = next(load_workbook(BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    assert "问题数" in header and "问题清单" not in header


# -- 2. the per-zone chart -------------------------------------------------------------------------


def test_zone_chart_data_has_no_zero_for_a_zone_with_nothing_closed(client, hall):
    notice = notice_in_state(hall, NoticeState.VERIFIED)  # zone 1 closed one
    issued_notice(hall, zone_index=1)  # zone 2: open only
    html = page(client, hall, "supervision", "notice_zone_stats")
    data = json.loads(unescape(re.search(r'id="zone-chart-data"[^>]*>(.*?)</script>', html, re.S).group(1)))
    by_zone = dict(zip(data["zones"], data["average"], strict=True))
    assert by_zone[hall.zones[1].code] is None
    assert by_zone[hall.zones[0].code] is not None and notice.zone == hall.zones[0]
    row = re.search(rf'data-zone="{hall.zones[1].pk}".*?data-testid="average">(.*?)</td>', html, re.S).group(1)
    assert row.strip() == "—"
    # categories are never joined into a line: the chart's series are bars and dots
    assert 'data-chart="notice-zones"' in html and 'data-chart-data="zone-chart-data"' in html
    charts = (Path(hallkeeper.__file__).parent / "static" / "hallkeeper" / "charts.js").read_text(encoding="utf-8")
    builder = charts.split('"notice-zones": function', 1)[1].split('"round-results": function', 1)[0]
    assert 'type: "line"' not in builder and 'type: "scatter"' in builder


# -- 4. comparing versions -------------------------------------------------------------------------


def test_the_version_comparison_opens_without_errors_when_v1_is_published_and_v2_is_a_draft(client, hall):
    from hallkeeper.standards.models import Handbook

    Handbook.objects.filter(hall=hall.hall).delete()
    make_handbook(hall, draft=True)
    html = page(client, hall, "admin", "handbook_diff")
    assert 'data-testid="diff-error"' not in html and "invalid-feedback" not in html
    assert "这个字段是必填项" not in html and "请从列表中选择两个版本" not in html
    assert 'data-testid="diff-summary"' in html  # V1 against the draft V2, shown straight away


def test_the_version_comparison_with_one_version_shows_no_errors(client, hall):
    html = page(client, hall, "viewer", "handbook_diff")
    assert 'data-testid="diff-error"' not in html and "invalid-feedback" not in html


def test_a_chosen_pair_that_is_wrong_still_says_so(client, hall):
    from hallkeeper.standards.models import Handbook

    Handbook.objects.filter(hall=hall.hall).delete()
    make_handbook(hall, draft=True)
    client.force_login(hall.users[Role.ADMIN])
    html = client.get(url("handbook_diff", hall) + "?from=1&to=1", **ZH).content.decode()
    assert 'data-testid="diff-error"' in html


def test_version_badges_in_links_are_not_underlined(client, hall):
    from hallkeeper.standards.models import Handbook

    Handbook.objects.filter(hall=hall.hall).delete()
    make_handbook(hall, draft=True)
    for name in ("handbook_versions", "handbook_diff"):
        html = page(client, hall, "admin", name)
        for link in re.findall(r'<a [^>]*>\s*<span class="badge[^"]*" data-testid="version-status"', html):
            assert "text-decoration-none" in link, (name, link)


# -- 8. notification settings ----------------------------------------------------------------------


def test_notification_settings_name_each_thing_once(client, hall):
    html = page(client, hall, "admin", "notification_settings")
    form = re.search(r'<form[^>]*data-testid="settings-form".*?</form>', html, re.S).group(0)
    labels = [strip(t) for t in re.findall(r"<(?:h2|label|legend)[^>]*>(.*?)</(?:h2|label|legend)>", form, re.S)]
    repeated = [text for text, n in Counter(labels).items() if n > 1]
    assert not repeated, repeated
    assert "群机器人" in labels and "机器人平台" in labels


# -- 9. the administration -------------------------------------------------------------------------


def test_the_admin_speaks_chinese_with_the_product_name_and_icon(client, alpha):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    html = client.get(reverse("admin:index"), **ZH).content.decode()
    assert "政务大厅现场管理标准化系统" in html
    assert re.search(r'<link rel="icon" href="[^"]*hallkeeper/favicon\.svg"', html)
    assert "后台任务" in html and "任务记录" in html
    for english in ("Task Results", "Task Result", "Tasks Database Backend", "Django administration"):
        assert english not in html, english
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.create(
        task_path="hallkeeper.notifications.tasks.send_digest",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
    )
    changelist = client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"), **ZH).content.decode()
    heads = [strip(th) for th in re.findall(r"<th[^>]*scope=\"col\"[^>]*>(.*?)</th>", changelist, re.S)]
    assert {"任务", "状态", "入队时间", "优先级", "队列名称"} <= set(heads), heads
    assert "待执行" in changelist


def test_every_page_has_the_product_icon(client, alpha):
    client.force_login(alpha.users[Role.VIEWER])
    html = client.get(reverse("hall_home", kwargs={"hall": alpha.hall.code}), **ZH).content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*hallkeeper/favicon\.svg"', html)
    assert 'href="data:,"' not in html


# -- 11. one zone: chosen for you ------------------------------------------------------------------


def test_a_zone_lead_with_one_zone_finds_it_chosen_when_starting_a_check(client, hall):
    html = page(client, hall, "lead1", "inspection_start")
    select = re.search(r'<select name="zone".*?</select>', html, re.S).group(0)
    chosen = re.findall(r'<option value="(\d+)"[^>]* selected', select)
    assert chosen == [str(hall.zones[0].pk)]


def test_someone_with_several_zones_chooses_themselves(client, hall):
    html = page(client, hall, "supervision", "inspection_start")
    select = re.search(r'<select name="zone".*?</select>', html, re.S).group(0)
    assert not re.findall(r'<option value="\d+"[^>]* selected', select)


def test_window_staff_with_one_window_find_zone_and_window_chosen(client, hall):
    html = page(client, hall, "staff1", "inspection_start")
    select = re.search(r'<select name="zone".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="(\d+)"[^>]* selected', select) == [str(hall.windows[0].zone_id)]
    ticked = re.findall(r'<input type="checkbox" name="windows" value="(\d+)"[^>]*checked', html)
    assert ticked == [str(hall.windows[0].pk)]


def only_one_zone(h) -> None:
    from hallkeeper.places.models import Position, Window

    Position.objects.filter(zone=h.zones[1]).delete()
    Window.objects.filter(zone=h.zones[1]).delete()
    h.zones[1].delete()


def test_a_hall_with_one_zone_has_it_chosen_when_issuing_a_notice(client, hall):
    only_one_zone(hall)
    html = page(client, hall, "supervision", "notice_issue")
    assert 'data-testid="zone-choices"' not in html
    assert f'<input type="hidden" name="zone" value="{hall.zones[0].pk}">' in html


def test_issuing_for_the_preselected_zone_works(client, hall):
    from .inspection_data import findings_of

    only_one_zone(hall)
    finding = findings_of(hall)[0]
    client.force_login(hall.users["supervision"])
    deadline = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = client.post(
        url("notice_issue", hall), {"findings": [finding.pk], "requirement": "整改", "deadline": deadline}
    )
    assert response.status_code == 302
    assert Notice.objects.get().zone == hall.zones[0]
