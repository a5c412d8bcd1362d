"""The campaign task lists — every task of the campaigns one sees, and "my tasks" — filtered by campaign, phase,
status, kind of owner and overdue, paginated, and exported to Excel with the same filters (at once, or in the
background when long). Only tasks of campaigns the user sees; bad filter values are ignored, never a 500."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hallkeeper.accounts.choices import Role
from hallkeeper.campaign import services
from hallkeeper.exports.models import ExportJob, ExportStatus
from hallkeeper.exports.services import request_export, run_export

from .campaign_data import add_groups

pytestmark = pytest.mark.django_db

HEADERS = ["专项工作", "阶段", "工作任务", "责任主体", "截止日期", "状态", "最近进展", "逾期天数"]


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def campaign_with_tasks(small, org=None, title="标准化建设"):
    """A campaign around today: 准备 (20 days ago – yesterday) and 实施 (today – in 40 days), with four tasks:
    one per kind of owner — the zone's, overdue by five days; lead 1's, done; the promotion group's, in progress
    with a progress note; the unit's, blocked and not yet due."""
    boss = small.users[Role.LEADERSHIP]
    campaign = services.campaign_create(user=boss, hall=small.hall, title=title, starts=days(-20), ends=days(40))
    before = services.phase_add(user=boss, campaign=campaign, name="准备", starts=days(-20), ends=days(-1))
    now = services.phase_add(user=boss, campaign=campaign, name="实施", starts=days(0), ends=days(40))

    def task(phase, title, kind, owner_id, due):
        return services.task_add(
            user=boss, campaign=campaign, phase=phase, title=title, owner_kind=kind, owner_id=owner_id, due=due
        )

    zone_task = task(before, "整理台面", "zone", small.zones[0].pk, days(-5))
    if org is None:
        return campaign, {"zone": zone_task}
    tasks = {
        "zone": zone_task,
        "person": task(before, "制订工作方案", "person", org["lead1"].pk, days(-2)),
        "group": task(now, "汇总意见建议", "group", org["promotion"].pk, days(5)),
        "unit": task(now, "采购整理盒", "unit", org["unit"].pk, days(10)),
    }
    services.task_update(user=boss, task=tasks["person"], status="done", note="已印发")
    services.task_update(user=boss, task=tasks["group"], status="in_progress", note="已收集十条")
    services.task_update(user=boss, task=tasks["unit"], status="blocked", note="等待预算审批")
    return campaign, tasks


@pytest.fixture
def world(alpha, beta):
    org = add_groups(alpha)
    campaign, tasks = campaign_with_tasks(alpha, org)
    other, other_tasks = campaign_with_tasks(beta, title="别的大厅的专项工作")
    return alpha, org, campaign, tasks, other_tasks["zone"]


def url(small, name="campaign_tasks", query=""):
    return reverse(name, args=[small.hall.code]) + (f"?{query}" if query else "")


def titles(response) -> set[str]:
    return {t.title for t in response.context["paginator"].object_list}


def rows_of(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"整理台面", "制订工作方案", "汇总意见建议", "采购整理盒"}),
        ("phase={before}", {"整理台面", "制订工作方案"}),
        ("status=done", {"制订工作方案"}),
        ("status=blocked&phase={now}", {"采购整理盒"}),
        ("owner_kind=zone", {"整理台面"}),
        ("owner_kind=group", {"汇总意见建议"}),
        ("overdue=true", {"整理台面"}),
        ("overdue=false", {"制订工作方案", "汇总意见建议", "采购整理盒"}),
        ("open=true", {"整理台面", "汇总意见建议", "采购整理盒"}),
        ("campaign={campaign}&q=意见", {"汇总意见建议"}),
    ],
)
def test_the_task_list_filters_by_phase_status_owner_kind_and_overdue(client, world, query, expected):
    small, _org, campaign, _tasks, _foreign = world
    before, now = campaign.phases.get(name="准备"), campaign.phases.get(name="实施")
    client.force_login(small.users[Role.VIEWER])
    response = client.get(url(small, query=query.format(before=before.pk, now=now.pk, campaign=campaign.pk)))
    assert response.status_code == 200
    assert titles(response) == expected


def test_the_task_list_pages_and_shows_the_overdue_days_and_last_update(client, world, settings):
    small, _org, campaign, tasks, _foreign = world
    settings.HALLKEEPER_PAGE_SIZE = 3
    client.force_login(small.users[Role.ADMIN])
    first = client.get(url(small))
    assert first.context["paginator"].count == 4 and len(first.context["object_list"]) == 3
    second = client.get(url(small, query="page=2"))
    assert len(second.context["object_list"]) == 1
    page = first.content.decode()
    assert 'data-testid="days-overdue"' in page and "逾期 5 天" in page
    detail = client.get(reverse("campaign_detail", args=[small.hall.code, campaign.pk])).content.decode()
    assert f"?campaign={campaign.pk}" in detail


def test_the_export_holds_the_filtered_tasks_under_chinese_headers(client, world):
    small, _org, campaign, tasks, _foreign = world
    client.force_login(small.users[Role.SUPERVISION])
    before = campaign.phases.get(name="准备")
    rows = rows_of(client.get(url(small, query=f"phase={before.pk}&export=xlsx")))
    assert rows[0] == HEADERS
    by_task = {row[2]: row for row in rows[1:]}
    assert set(by_task) == {"整理台面", "制订工作方案"}
    late = by_task["整理台面"]
    assert late[:6] == ["标准化建设", "准备", "整理台面", str(small.zones[0]), days(-5).isoformat(), "未开始"]
    assert late[6] is None and late[7] == 5  # never updated; five days past its due date
    done = by_task["制订工作方案"]
    assert done[5] == "已完成" and isinstance(done[6], dt.datetime) and done[7] is None
    everything = rows_of(client.get(url(small, query="export=xlsx")))
    assert len(everything) == 5 and "别的大厅的专项工作" not in {row[0] for row in everything}


def test_my_tasks_filter_and_export_only_the_users_own(client, world):
    small, _org, _campaign, _tasks, _foreign = world
    client.force_login(small.users["lead1"])  # leads zone 1, is lead 1, sits in the promotion group and the unit
    assert len(titles(client.get(url(small, "campaign_my_tasks")))) == 4
    assert titles(client.get(url(small, "campaign_my_tasks", "open=1"))) == {"整理台面", "汇总意见建议", "采购整理盒"}
    assert titles(client.get(url(small, "campaign_my_tasks", "status=done"))) == {"制订工作方案"}
    rows = rows_of(client.get(url(small, "campaign_my_tasks", "overdue=true&export=xlsx")))
    assert rows[0] == HEADERS and [row[2] for row in rows[1:]] == ["整理台面"]
    client.force_login(small.users["lead2"])  # sits in the promotion group only
    rows = rows_of(client.get(url(small, "campaign_my_tasks", "export=xlsx")))
    assert [row[2] for row in rows[1:]] == ["汇总意见建议"]
    client.force_login(small.users["staff2"])  # owns nothing
    page = client.get(url(small, "campaign_my_tasks", "status=done"))
    assert 'data-testid="empty"' in page.content.decode()
    assert len(rows_of(client.get(url(small, "campaign_my_tasks", "export=xlsx")))) == 1  # the headers


@pytest.mark.parametrize(
    "query",
    [
        "status=weather",
        "overdue=maybe&open=perhaps",
        "phase=abc&campaign=-1",
        "owner_kind=robot",
        "q=" + "长" * 3000,
    ],
)
def test_bad_filter_values_are_ignored_not_a_500(client, world, query):
    small, *_rest = world
    client.force_login(small.users[Role.ADMIN])
    response = client.get(url(small, query=query))
    assert response.status_code == 200
    assert response.context["paginator"].count in {0, 4}
    assert len(rows_of(client.get(url(small, query=query + "&export=xlsx")))) in {1, 5}
    mine = client.get(url(small, "campaign_my_tasks", query))
    assert mine.status_code == 200


def test_an_id_past_any_integer_is_the_400_page(client, world):
    small, *_rest = world
    client.force_login(small.users[Role.ADMIN])
    for name in ("campaign_tasks", "campaign_my_tasks"):
        assert client.get(url(small, name, "phase=99999999999999999999999")).status_code == 400
        assert client.get(url(small, name, "campaign=99999999999999999999999&export=xlsx")).status_code == 400


def test_a_page_that_does_not_exist_is_a_404_like_every_list(client, world):
    small, *_rest = world
    client.force_login(small.users[Role.ADMIN])
    for query in ("page=xyz", "page=99999"):
        assert client.get(url(small, query=query)).status_code == 404
        assert client.get(url(small, "campaign_my_tasks", query)).status_code == 404


def test_an_invalid_filter_shows_its_error_and_the_list_stays_unfiltered(client, world):
    small, *_rest = world
    client.force_login(small.users[Role.ADMIN])
    response = client.get(url(small, query="status=weather&owner_kind=zone"))
    assert response.context["filterset"].errors["status"]
    assert response.context["paginator"].count == 4


def test_another_halls_campaign_or_phase_filters_nothing_of_it_in(client, world):
    small, _org, _campaign, _tasks, foreign = world
    client.force_login(small.users[Role.ADMIN])
    for query in (f"campaign={foreign.campaign_id}", f"phase={foreign.phase_id}"):
        response = client.get(url(small, query=query))
        assert response.status_code == 200 and foreign.pk not in {t.pk for t in response.context["object_list"]}
        assert response.context["paginator"].count == 4  # the foreign value is refused, the list stays the user's
        rows = rows_of(client.get(url(small, query=query + "&export=xlsx")))
        assert "别的大厅的专项工作" not in {row[0] for row in rows}
    # and the other hall's own list is a 404 to alpha's administrator
    assert client.get(reverse("campaign_tasks", args=["beta"])).status_code == 404


def test_a_long_list_is_prepared_in_the_background_with_its_filters(client, world, settings, tmp_path):
    small, *_rest = world
    settings.MEDIA_ROOT = tmp_path
    settings.HALLKEEPER_EXPORT_DIRECT_MAX_ROWS = 2
    user = small.users[Role.LEADERSHIP]
    client.force_login(user)
    offer = client.get(url(small, query="open=true&export=xlsx"))
    assert offer.status_code == 200 and "campaign_tasks" in offer.content.decode()
    job = request_export(user=user, hall=small.hall, kind="campaign_tasks", params=QueryDict("open=true&export=xlsx"))
    assert job.total_rows == 3 and job.params == "open=true"
    assert run_export(job.pk) == ExportStatus.DONE
    job = ExportJob.objects.get(pk=job.pk)
    sheet = load_workbook(job.file.path).worksheets[0]
    assert sorted(row[2] for row in sheet.iter_rows(min_row=2, values_only=True)) == sorted(
        ["整理台面", "汇总意见建议", "采购整理盒"]
    )
