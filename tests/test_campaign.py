"""Campaigns: the services and their refusals, who may do what on the pages, the timeline, "my tasks", the daily
digest of overdue tasks, the work plan (工作方案) as Word and PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from PIL import Image

from hallkeeper.accounts.choices import Role
from hallkeeper.campaign import services, workplan
from hallkeeper.campaign.choices import TaskStatus
from hallkeeper.campaign.digest import run_task_digest
from hallkeeper.campaign.models import Campaign, Phase, PublicityItem, Task, TaskUpdate
from hallkeeper.campaign.selectors import campaign_progress, my_tasks, timeline
from hallkeeper.core.models import Event
from hallkeeper.core.official import render_pdf
from hallkeeper.notifications.models import Notification

from .campaign_data import AUG31, JUL1, add_groups, libreoffice_text, make_campaign

pytestmark = pytest.mark.django_db


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def world(alpha):
    org = add_groups(alpha)
    campaign = make_campaign(alpha)
    return alpha, org, campaign


def phase(campaign, name) -> Phase:
    return campaign.phases.get(name=name)


def leader(small):
    return small.users[Role.LEADERSHIP]


def add_task(small, campaign, *, phase_name="对照实施", kind="zone", owner=None, due=dt.date(2026, 7, 25), **kw):
    owner_id = owner if owner is not None else small.zones[0].pk
    return services.task_add(
        user=leader(small),
        campaign=campaign,
        phase=phase(campaign, phase_name),
        title=kw.get("title", "整理台面"),
        owner_kind=kind,
        owner_id=owner_id,
        due=due,
    )


# -- campaigns and phases -------------------------------------------------------------------------------------


def test_the_plan_s_phases_fall_on_the_plan_s_own_dates(world):
    _small, _org, campaign = world
    got = [(p.name, p.starts, p.ends) for p in campaign.phases.all()]
    d = dt.date
    assert got == [
        ("动员培训", d(2026, 7, 1), d(2026, 7, 15)),
        ("对照实施", d(2026, 7, 15), d(2026, 7, 31)),
        ("评估验收", d(2026, 8, 1), d(2026, 8, 15)),
        ("总结提高", d(2026, 8, 15), d(2026, 8, 31)),
    ]
    assert Event.objects.filter(verb="campaign.created", object_id=str(campaign.pk)).exists()


@pytest.mark.parametrize(
    ("starts", "ends", "field", "code"),
    [
        (dt.date(2026, 6, 20), dt.date(2026, 7, 2), "starts", "phase_outside"),
        (dt.date(2026, 8, 20), dt.date(2026, 9, 5), "ends", "phase_outside"),
        (dt.date(2026, 7, 10), dt.date(2026, 7, 20), "starts", "phase_overlap"),
        (dt.date(2026, 7, 15), dt.date(2026, 7, 31), "starts", "phase_overlap"),
        (dt.date(2026, 7, 20), dt.date(2026, 7, 10), "ends", "ends_before_starts"),
    ],
)
def test_a_phase_outside_or_overlapping_the_wrong_way_is_refused_and_nothing_changes(world, starts, ends, field, code):
    small, _org, campaign = world
    events = Event.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.phase_add(user=leader(small), campaign=campaign, name="加一段", starts=starts, ends=ends)
    assert refused.value.code == code and field in refused.value.error_dict
    assert campaign.phases.count() == 4 and Event.objects.count() == events


def test_a_phase_may_not_leave_its_tasks_outside_and_the_campaign_not_its_phases(world):
    small, _org, campaign = world
    add_task(small, campaign, due=dt.date(2026, 7, 30))
    p = phase(campaign, "对照实施")
    with pytest.raises(ValidationError) as refused:
        services.phase_update(user=leader(small), phase=p, name=p.name, starts=p.starts, ends=dt.date(2026, 7, 25))
    assert refused.value.code == "task_outside"
    with pytest.raises(ValidationError) as refused:
        services.campaign_update(
            user=leader(small),
            campaign=campaign,
            title="x",
            goal="",
            content="",
            requirements="",
            starts=JUL1,
            ends=dt.date(2026, 8, 20),
        )
    assert refused.value.code == "phase_outside"
    campaign.refresh_from_db()
    assert campaign.ends == AUG31 and Phase.objects.get(pk=p.pk).ends == dt.date(2026, 7, 31)


# -- tasks ----------------------------------------------------------------------------------------------------


def test_a_task_due_outside_its_phase_is_refused_and_nothing_changes(world):
    small, _org, campaign = world
    with pytest.raises(ValidationError) as refused:
        add_task(small, campaign, due=dt.date(2026, 8, 5))
    assert refused.value.code == "due_outside_phase" and "due" in refused.value.error_dict
    assert "对照实施" in refused.value.messages[0]
    assert not campaign.tasks.exists()


def test_a_task_moved_outside_its_phase_or_to_another_campaigns_phase_is_refused(world, beta):
    small, _org, campaign = world
    task = add_task(small, campaign, due=dt.date(2026, 7, 25))
    other = make_campaign(small, title="下一轮专项工作")
    events = Event.objects.count()
    change = {"user": leader(small), "task": task, "title": task.title, "owner_kind": "zone",
              "owner_id": small.zones[0].pk}  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.task_change(phase=phase(campaign, "对照实施"), due=dt.date(2026, 8, 10), **change)
    assert refused.value.code == "due_outside_phase"
    with pytest.raises(ValidationError) as refused:  # the due date fits the other phase, not the one named
        services.task_change(phase=phase(campaign, "动员培训"), due=dt.date(2026, 7, 25), **change)
    assert refused.value.code == "due_outside_phase"
    with pytest.raises(ValidationError) as refused:
        services.task_change(phase=phase(other, "对照实施"), due=dt.date(2026, 7, 25), **change)
    assert "phase" in refused.value.error_dict
    task.refresh_from_db()
    assert (task.phase.name, task.due, task.campaign_id) == ("对照实施", dt.date(2026, 7, 25), campaign.pk)
    assert Event.objects.count() == events


def test_a_task_owned_by_another_hall_s_zone_is_refused(world, beta):
    small, _org, campaign = world
    with pytest.raises(ValidationError) as refused:
        add_task(small, campaign, owner=beta.zones[0].pk)
    assert refused.value.code == "owner" and not campaign.tasks.exists()


def test_only_the_managers_run_a_campaign(world):
    small, _org, campaign = world
    for role in (Role.SUPERVISION, Role.VIEWER, "lead1", "staff1"):
        with pytest.raises(PermissionDenied):
            services.phase_add(user=small.users[role], campaign=campaign, name="x", starts=JUL1, ends=JUL1)
    services.campaign_set_state(user=small.users[Role.ADMIN], campaign=campaign, state="active")


def test_the_annex_becomes_tasks_owned_by_its_people_or_groups(world):
    small, org, campaign = world
    made = services.tasks_from_annex(user=leader(small), campaign=campaign, phase=phase(campaign, "对照实施"))
    owners = {(t.title, t.owner) for t in made}
    assert owners == {
        ("负责全面组织领导、宣传发动。", org["leader"]),
        ("负责一区的窗口推进工作。", org["lead1"]),
        ("完成各责任区的工作任务，汇总收集意见和建议。", org["promotion"]),  # two members share one row
        ("负责工作推进、检查评价、督促整改。", org["supervision"]),  # a group without members
    }
    assert {t.due for t in made} == {dt.date(2026, 7, 31)}
    assert Event.objects.filter(verb="campaign.tasks_from_annex", data__tasks=4).exists()
    with pytest.raises(ValidationError) as again:
        services.tasks_from_annex(user=leader(small), campaign=campaign, phase=phase(campaign, "对照实施"))
    assert again.value.code == "annex_empty" and campaign.tasks.count() == 4


def test_an_owner_records_progress_with_a_note_and_a_photo(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    small, org, campaign = world
    task = add_task(small, campaign, kind="person", owner=org["lead1"].pk)
    photo = SimpleUploadedFile("done.png", png(), content_type="image/png")
    update = services.task_update(
        user=small.users["lead1"], task=task, status=TaskStatus.DONE, note="台面已整理", evidence=photo
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.done_on is not None
    assert update.evidence.name.endswith(".png") and update.note == "台面已整理"
    event = Event.objects.get(verb="campaign.task_updated")
    assert (event.from_state, event.to_state) == ("not_started", "done")


@pytest.mark.parametrize(
    ("kind", "owner_key", "who", "allowed"),
    [
        ("zone", "zone1", "lead1", True),  # leads the zone
        ("zone", "zone1", "lead2", False),
        ("group", "promotion", "lead2", True),  # sits in the group
        ("unit", "unit", "lead1", True),  # belongs to the unit
        ("unit", "unit", "staff1", False),
        ("person", "lead1", Role.SUPERVISION, False),
        ("person", "lead1", Role.LEADERSHIP, True),  # a manager
    ],
)
def test_who_records_progress(world, kind, owner_key, who, allowed):
    small, org, campaign = world
    owner = small.zones[0] if owner_key == "zone1" else org[owner_key]
    task = add_task(small, campaign, kind=kind, owner=owner.pk)
    call = lambda: services.task_update(user=small.users[who], task=task, status="in_progress", note="开始")  # noqa: E731
    if allowed:
        call()
        assert Task.objects.get(pk=task.pk).status == "in_progress"
    else:
        with pytest.raises(PermissionDenied):
            call()
        assert not TaskUpdate.objects.exists()


@pytest.mark.parametrize(
    ("status", "note", "evidence", "code"),
    [
        ("not_started", "", None, "empty_update"),
        ("finished", "x", None, "status"),
        ("done", "x", b"<svg onload=alert(1)></svg>", "markup"),
    ],
)
def test_bad_progress_is_refused_and_nothing_is_written(world, settings, tmp_path, status, note, evidence, code):
    settings.MEDIA_ROOT = tmp_path
    small, _org, campaign = world
    task = add_task(small, campaign)
    upload = SimpleUploadedFile("x.svg", evidence) if evidence else None
    with pytest.raises(ValidationError) as refused:
        services.task_update(user=leader(small), task=task, status=status, note=note, evidence=upload)
    assert refused.value.code == code
    assert not TaskUpdate.objects.exists() and Task.objects.get(pk=task.pk).status == "not_started"
    assert not any(tmp_path.rglob("*.*"))


def test_copy_shifts_dates_and_resets_statuses(world):
    small, _org, campaign = world
    task = add_task(small, campaign, due=dt.date(2026, 7, 25))
    services.task_update(user=leader(small), task=task, status="done", note="完成")
    copy = services.campaign_copy(user=leader(small), campaign=campaign, starts=dt.date(2027, 7, 1), title="")
    assert (copy.starts, copy.ends, copy.title, copy.copied_from) == (
        dt.date(2027, 7, 1),
        dt.date(2027, 8, 31),
        campaign.title,
        campaign,
    )
    assert [p.starts for p in copy.phases.all()] == [p.starts + dt.timedelta(days=365) for p in campaign.phases.all()]
    (new,) = copy.tasks.all()
    assert (new.due, new.status, new.owner_zone, new.phase.name) == (
        dt.date(2027, 7, 25),
        "not_started",
        small.zones[0],
        "对照实施",
    )
    assert not new.updates.exists()


def test_publicity_is_dated_within_the_campaign(world):
    small, _org, campaign = world
    services.publicity_add(
        user=leader(small), campaign=campaign, on=dt.date(2026, 6, 28), kind="meeting", description="动员大会"
    )
    with pytest.raises(ValidationError) as refused:
        services.publicity_add(
            user=leader(small), campaign=campaign, on=dt.date(2026, 9, 3), kind="notice", description="张贴通知"
        )
    assert refused.value.code == "on_outside" and PublicityItem.objects.count() == 1


# -- reads ----------------------------------------------------------------------------------------------------


def test_my_tasks_are_those_of_me_my_unit_my_groups_and_my_zones(world):
    small, org, campaign = world
    mine = {
        add_task(small, campaign, kind="person", owner=org["lead1"].pk, title="本人"),
        add_task(small, campaign, kind="unit", owner=org["unit"].pk, title="本单位"),
        add_task(small, campaign, kind="group", owner=org["promotion"].pk, title="本小组"),
        add_task(small, campaign, kind="zone", owner=small.zones[0].pk, title="本责任区"),
    }
    add_task(small, campaign, kind="zone", owner=small.zones[1].pk, title="别人的责任区")
    add_task(small, campaign, kind="group", owner=org["supervision"].pk, title="督查")
    assert set(my_tasks(small.users["lead1"], small.hall)) == mine
    assert not my_tasks(small.users["staff1"], small.hall).exists()


def test_timeline_rows_follow_phases_and_flag_the_overdue(world):
    small, _org, campaign = world
    task = add_task(small, campaign, due=dt.date(2026, 7, 20))
    drawing = timeline(campaign, list(campaign.phases.all()), [task], today=dt.date(2026, 7, 22))
    kinds = [(b.kind, b.label) for b in drawing.bars]
    assert kinds[:3] == [("phase", "动员培训"), ("phase", "对照实施"), ("task", "整理台面")]
    bar = drawing.bars[2]
    assert bar.overdue and bar.x == drawing.bars[1].x and drawing.today_x is not None
    card = campaign_progress(leader(small), small.hall, dt.date(2026, 7, 22))
    assert card.phase.name == "对照实施" and (card.progress.total, card.progress.overdue) == (1, 1)


# -- the daily digest -----------------------------------------------------------------------------------------


def test_overdue_tasks_remind_their_owners_and_escalate_to_the_leadership_once_a_day(world):
    small, org, campaign = world
    add_task(small, campaign, kind="zone", owner=small.zones[0].pk, due=dt.date(2026, 7, 20))
    add_task(small, campaign, kind="person", owner=org["lead1"].pk, due=dt.date(2026, 7, 31), title="将到期")
    sent = run_task_digest(small.hall, dt.date(2026, 7, 29))
    assert (sent["overdue"], sent["due_soon"]) == (1, 1)
    told = {n.recipient.username: n for n in Notification.objects.all()}
    assert set(told) == {"alpha-lead1", "alpha-leadership"}
    assert "整理台面" in told["alpha-lead1"].body and "将到期" in told["alpha-lead1"].body
    assert "整理台面" in told["alpha-leadership"].body
    assert run_task_digest(small.hall, dt.date(2026, 7, 29))["skipped"]
    assert Notification.objects.count() == 2


def test_the_daily_command_queues_the_campaign_digest(world, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    small, _org, campaign = world
    add_task(small, campaign, due=dt.date(2026, 7, 20))
    call_command("campaign_digest", "--hall", "alpha", "--date", "2026-07-29")
    assert "1 campaign digest(s) queued" in capsys.readouterr().out
    assert Notification.objects.filter(recipient=leader(small)).count() == 1
    with pytest.raises(CommandError):
        call_command("campaign_digest", "--date", "29.07.2026")


# -- the work plan --------------------------------------------------------------------------------------------


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs) + "\n".join(
        c.text for t in Document(io.BytesIO(content)).tables for r in t.rows for c in r.cells
    )


def test_the_work_plan_holds_goal_phases_groups_and_the_annex(world):
    small, _org, campaign = world
    services.tasks_from_annex(user=leader(small), campaign=campaign, phase=phase(campaign, "对照实施"))
    data = workplan.gather(campaign, leader(small))
    doc = workplan.build(data)
    assert doc.title == "现场管理标准化建设工作方案" and doc.attachments == ("现场管理标准化建设工作任务分解表",)
    text = docx_text(workplan.render_docx(doc))
    for expected in (
        "一、工作目标",
        "动员培训阶段（7月1日—7月15日）",
        "评估验收阶段（8月1日—8月15日）",
        "组长：边长青",
        "副组长：alpha责任人1",
        "工作要求",
        "负责一区的窗口推进工作。",
        "7月31日",
    ):
        assert expected in text, expected
    assert render_pdf(doc).startswith(b"%PDF")


def test_libreoffice_converts_the_work_plan(world, tmp_path):
    small, _org, campaign = world
    text = libreoffice_text(workplan.plan_docx(campaign, leader(small)), tmp_path, "plan")
    for name in ("动员培训", "对照实施", "评估验收", "总结提高", "工作方案"):
        assert name in text, name


# -- pages ----------------------------------------------------------------------------------------------------


def url(name, small, *args):
    return reverse(name, args=[small.hall.code, *args])


@pytest.mark.parametrize(
    ("who", "list_", "create", "foreign"),
    [
        (Role.ADMIN, 200, 200, 404),
        (Role.LEADERSHIP, 200, 200, 404),
        (Role.SUPERVISION, 200, 403, 404),
        (Role.VIEWER, 200, 403, 404),
        ("lead1", 200, 403, 404),
        ("staff1", 200, 403, 404),
        (Role.AUDIT_ADMIN, 403, 403, 403),
    ],
)
def test_who_reads_and_who_creates(client, world, beta, who, list_, create, foreign):
    small, _org, campaign = world
    client.force_login(small.users[who])
    assert client.get(url("campaign_list", small)).status_code == list_
    assert client.get(url("campaign_create", small)).status_code == create
    assert client.get(url("campaign_detail", small, campaign.pk)).status_code == list_
    other = make_campaign(beta)
    assert client.get(url("campaign_detail", small, other.pk)).status_code == foreign
    assert client.get(reverse("campaign_detail", args=[beta.hall.code, other.pk])).status_code == 404


def test_pages_render_the_timeline_my_tasks_and_the_downloads(client, world):
    small, org, campaign = world
    task = add_task(small, campaign, kind="person", owner=org["lead1"].pk, title="台面定置")
    client.force_login(small.users["lead1"])
    page = client.get(url("campaign_detail", small, campaign.pk)).content.decode()
    assert 'data-testid="timeline"' in page and "台面定置" in page and "annex-form" not in page
    assert "台面定置" in client.get(url("campaign_my_tasks", small)).content.decode()
    assert "0 / 1 (0%)" in client.get(url("campaign_list", small)).content.decode()
    assert 'data-testid="update-form"' in client.get(url("campaign_task", small, task.pk)).content.decode()
    docx = client.get(url("campaign_workplan_docx", small, campaign.pk))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert client.get(url("campaign_workplan_pdf", small, campaign.pk)).content.startswith(b"%PDF")
    client.force_login(leader(small))
    assert 'data-testid="campaign-card"' in client.get(reverse("hall_home", args=[small.hall.code])).content.decode()


def test_a_task_update_by_someone_else_is_a_403_and_its_evidence_a_404_elsewhere(
    client, world, beta, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    small, org, campaign = world
    task = add_task(small, campaign, kind="person", owner=org["lead1"].pk)
    client.force_login(small.users["staff1"])
    assert client.post(url("campaign_task", small, task.pk), {"status": "done", "note": "x"}).status_code == 403
    client.force_login(small.users["lead1"])
    photo = SimpleUploadedFile("a.png", png(), content_type="image/png")
    answer = client.post(url("campaign_task", small, task.pk), {"status": "done", "note": "完成", "evidence": photo})
    assert answer.status_code == 302
    update = TaskUpdate.objects.get()
    assert client.get(url("campaign_update_evidence", small, update.pk)).status_code == 200
    client.force_login(beta.users[Role.ADMIN])
    assert client.get(reverse("campaign_update_evidence", args=[beta.hall.code, update.pk])).status_code == 404
    assert client.get(reverse("campaign_task", args=[beta.hall.code, task.pk])).status_code == 404


def test_a_refused_phase_shows_its_message_and_changes_nothing(client, world):
    small, _org, campaign = world
    client.force_login(leader(small))
    answer = client.post(
        url("campaign_action", small, campaign.pk, "phase"),
        {"name": "重叠", "starts": "2026-07-10", "ends": "2026-07-20"},
    )
    assert answer.status_code == 400 and "field-error" in answer.content.decode()
    assert campaign.phases.count() == 4
    answer = client.post(
        url("campaign_action", small, campaign.pk, "task"),
        {
            "phase": phase(campaign, "对照实施").pk,
            "title": "x",
            "owner": f"zone:{small.zones[0].pk}",
            "due": "2026-08-20",
        },
    )
    assert answer.status_code == 400 and not campaign.tasks.exists()
    client.force_login(small.users[Role.SUPERVISION])
    answer = client.post(
        url("campaign_action", small, campaign.pk, "phase"), {"name": "x", "starts": "2026-07-01", "ends": "2026-07-01"}
    )
    assert answer.status_code == 403


def test_leadership_creates_a_campaign_from_the_form(client, alpha):
    client.force_login(leader(alpha))
    answer = client.post(
        url("campaign_create", alpha),
        {"title": "年度复查", "starts": "2027-03-01", "ends": "2027-04-30", "plan_phases": "on"},
    )
    campaign = Campaign.objects.get(title="年度复查")
    assert answer.status_code == 302 and campaign.phases.count() == 4


# -- the demo's campaign --------------------------------------------------------------------------------------


def test_the_demo_plays_the_plan_s_campaign_with_its_own_dates_once(alpha):
    from hallkeeper.demo.campaign import play_campaign

    add_groups(alpha)
    played = play_campaign(alpha.hall, today=dt.date(2026, 12, 3))
    campaign = played.campaign
    assert (campaign.starts, campaign.ends, campaign.state) == (JUL1, AUG31, "active")
    assert [(p.name, p.starts.day, p.ends.day) for p in campaign.phases.all()] == [
        ("动员培训", 1, 15), ("对照实施", 15, 31), ("评估验收", 1, 15), ("总结提高", 15, 31)]  # fmt: skip
    statuses = set(campaign.tasks.values_list("status", flat=True))
    assert {"done", "blocked"} <= statuses and campaign.publicity.count() == 3
    assert campaign.tasks.filter(title="负责全面组织领导、宣传发动。").exists()  # from the annex
    assert TaskUpdate.objects.filter(author=alpha.users["lead1"]).exists()  # the deputy reports his own row
    assert play_campaign(alpha.hall, today=dt.date(2026, 12, 3)).created is False
    assert Campaign.objects.filter(hall=alpha.hall).count() == 1
