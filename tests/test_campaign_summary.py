"""The campaign's summary report (总结报告): its figures from real data, the Word and PDF documents (LibreOffice
converts them; user text stays text), the shared 发文字号 counter, and the handbook revision opened from it."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.campaign import services, summary, summary_report
from hallkeeper.campaign.choices import CampaignState, TaskStatus
from hallkeeper.campaign.summary import AcceptanceCheck, RuleFailed, ScoreRow, TaskRow
from hallkeeper.core.models import Event
from hallkeeper.halls.models import DocumentCounter, DocumentSettings
from hallkeeper.halls.numbering import issue_doc_number, next_doc_seq
from hallkeeper.inspections.choices import InspectionKind
from hallkeeper.inspections.models import Finding, Inspection
from hallkeeper.standards.choices import VersionStatus
from hallkeeper.standards.models import HandbookVersion
from hallkeeper.suggestions.choices import Subject, SuggestionState
from hallkeeper.suggestions.models import Suggestion

from .campaign_data import AUG31, JUL1, add_groups, libreoffice_text, make_campaign
from .inspection_data import submitted
from .standards_data import install_tiny_handbook

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script><para>x</para>&amp;"
TODAY = dt.date(2026, 12, 3)


def leader(small):
    return small.users[Role.LEADERSHIP]


def url(name, small, *args):
    return reverse(name, args=[small.hall.code, *args])


def pdf_text(content: bytes) -> str:
    pypdf = pytest.importorskip("pypdf")
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages))


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def moved(inspection, day: dt.date):
    """The inspection (and its findings) as if submitted on ``day``."""
    Inspection.objects.filter(pk=inspection.pk).update(submitted_at=at(day))
    Finding.objects.filter(inspection=inspection).update(found_at=at(day))
    inspection.refresh_from_db()
    return inspection


# -- pure figures ---------------------------------------------------------------------------------------------


def test_acceptance_outcomes_count_first_passes_failures_and_re_acceptances():
    checks = [
        AcceptanceCheck(1, "Z01", True, D("92.0")),
        AcceptanceCheck(2, "Z02", False, D("61.0")),
        AcceptanceCheck(3, "Z03", False, D("55.0")),
        AcceptanceCheck(4, "Z02", True, D("88.0"), retake_of=2),
        AcceptanceCheck(5, "Z03", False, D("65.0"), retake_of=3),
        AcceptanceCheck(6, "Z04", False, D("50.0")),
    ]
    result = summary.acceptance_outcomes(checks)
    assert (result.checked, result.passed_first, result.failed_first, result.passed_retake) == (4, 1, 3, 1)
    assert result.still_failing == ("Z03", "Z04")
    assert [o.retake_passed for o in result.outcomes] == [None, True, False, None]


def test_score_trend_compares_the_span_before_the_campaign_during_and_after():
    rows = [
        ScoreRow("Z01", dt.date(2026, 6, 1), D("70")),
        ScoreRow("Z01", dt.date(2026, 4, 29), D("10")),  # before the span before (from 30 April): not counted
        ScoreRow("Z02", dt.date(2026, 6, 20), D("80")),
        ScoreRow("Z01", dt.date(2026, 7, 10), D("85")),
        ScoreRow("Z01", dt.date(2026, 9, 15), D("95")),
    ]
    trend = summary.score_trend(rows, JUL1, AUG31, TODAY)
    assert (trend.before, trend.during, trend.after) == (D("75.0"), D("85.0"), D("95.0"))
    assert summary.score_trend(rows, JUL1, AUG31, AUG31).after is None  # the span after has not come
    by_zone = summary.zone_trends(rows, JUL1, AUG31, TODAY)
    assert [(z.zone, z.trend.during) for z in by_zone] == [("Z01", D("85.0")), ("Z02", None)]


def test_phase_work_counts_done_overdue_and_open_tasks_and_places_publicity():
    phases = [(2, "对照实施", dt.date(2026, 7, 16), dt.date(2026, 7, 31)), (1, "动员培训", JUL1, dt.date(2026, 7, 15))]
    tasks = [
        TaskRow(1, True, dt.date(2026, 7, 10)),
        TaskRow(1, False, dt.date(2026, 7, 12)),
        TaskRow(2, False, dt.date(2026, 12, 31)),
    ]
    items = [(dt.date(2026, 6, 25), "meeting", "动员大会"), (dt.date(2026, 7, 20), "notice", "张贴标语")]
    first, second = summary.phase_work(phases, tasks, items, TODAY)
    assert (first.name, first.total, first.done, first.overdue, first.open) == ("动员培训", 2, 1, 1, 0)
    assert (second.done, second.overdue, second.open) == (0, 0, 1)
    assert first.publicity == ("召开会议：动员大会",) and second.publicity == ("张贴通知：张贴标语",)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("现场管理标准化建设", "关于现场管理标准化建设工作的总结报告"),
        ("标准化建设工作", "关于标准化建设工作的总结报告"),
        ("2026年专项工作总结报告", "2026年专项工作总结报告"),
    ],
)
def test_the_report_s_title(title, expected):
    assert summary_report.summary_title(title) == expected


def test_top_rules_most_first_then_by_code():
    counts = [RuleFailed("A2", "台面", 3), RuleFailed("A1", "地面", 3), RuleFailed("B1", "标识", 5)]
    assert [r.code for r in summary.top_rules(counts, limit=2)] == ["B1", "A1"]


# -- gathered from the data -----------------------------------------------------------------------------------


@pytest.fixture
def world(alpha):
    org = add_groups(alpha)
    install_tiny_handbook(alpha.hall)
    DocumentSettings.objects.create(hall=alpha.hall, issuer_name="鞍山市行政审批局", issuer_code="鞍审批")
    campaign = make_campaign(alpha)
    return alpha, org, campaign


def test_gather_reads_tasks_acceptance_scores_findings_notices_and_suggestions(world):
    small, _org, campaign = world
    lead = leader(small)
    phase = campaign.phases.get(name="对照实施")
    done = services.task_add(user=lead, campaign=campaign, phase=phase, title="整理台面", owner_kind="zone",
                             owner_id=small.zones[0].pk, due=phase.ends)  # fmt: skip
    services.task_update(user=lead, task=done, status=TaskStatus.DONE, note="完成")
    services.task_add(user=lead, campaign=campaign, phase=phase, title="张贴标识", owner_kind="zone",
                      owner_id=small.zones[1].pk, due=phase.ends)  # fmt: skip
    patrol_before = moved(submitted(small), dt.date(2026, 6, 10))
    failing = moved(submitted(small, fails={"exit-clear": 1}, zone_index=1), dt.date(2026, 7, 20))
    accept1 = moved(submitted(small, kind=InspectionKind.ACCEPTANCE), dt.date(2026, 8, 5))
    accept2 = moved(submitted(small, kind=InspectionKind.ACCEPTANCE, zone_index=1, fails={"exit-clear": 3}),
                    dt.date(2026, 8, 6))  # fmt: skip
    Suggestion.objects.create(hall=small.hall, subject=Subject.HANDBOOK, text="台面物品定置图再细化",
                              state=SuggestionState.ACCEPTED, answered_at=at(dt.date(2026, 8, 20)))  # fmt: skip
    data = summary.gather(campaign, lead, today=TODAY)
    work = {p.name: p for p in data.phases}
    assert (work["对照实施"].total, work["对照实施"].done, work["对照实施"].overdue) == (2, 1, 1)
    assert data.acceptance.checked == 2
    assert data.acceptance.passed_first == int(bool(accept1.passed)) + int(bool(accept2.passed))
    assert data.trend.before == patrol_before.score.quantize(D("0.1"))
    assert data.trend.during == failing.score.quantize(D("0.1"))
    assert data.rules_failed and data.rules_failed[0].count == 2  # the patrol's and the acceptance's
    assert [a.text for a in data.adopted] == ["台面物品定置图再细化"]
    doc = summary_report.build(data)
    assert doc.title == "关于现场管理标准化建设工作的总结报告" and doc.number == ""
    assert summary_report.render_pdf(doc).startswith(b"%PDF")


def test_a_campaign_of_another_hall_is_not_gathered(world, beta):
    small, _org, _campaign = world
    other = make_campaign(beta)
    with pytest.raises(other.DoesNotExist):
        summary.gather(other, leader(small))


# -- numbers --------------------------------------------------------------------------------------------------


def test_the_shared_counter_never_gives_two_kinds_the_same_number(world):
    small, _org, campaign = world
    with transaction.atomic():
        first = issue_doc_number(small.hall, 2026)  # as an assessment bulletin would
    plan = services.campaign_plan_number(user=leader(small), campaign=campaign)
    assert first == (1, "鞍审批〔2026〕1号")
    code = "鞍审批"
    assert plan.plan_number == "鞍审批〔2026〕2号"
    again = services.campaign_plan_number(user=leader(small), campaign=plan)
    assert again.plan_number == plan.plan_number
    assert DocumentCounter.objects.get(hall=small.hall, code=code, year=2026).last == 2
    assert Event.objects.filter(verb="campaign.plan_numbered").count() == 1


@pytest.mark.parametrize(("code", "year"), [("鞍审批", 12), ("鞍审批", 3000), ("很" * 13, 2026)])
def test_no_number_for_a_bad_year_or_code_and_no_counter_made(alpha, code, year):
    with transaction.atomic(), pytest.raises(ValueError):
        next_doc_seq(alpha.hall.pk, code, year)
    assert not DocumentCounter.objects.exists()


def test_the_summary_is_numbered_once_the_campaign_is_closed_and_keeps_its_number(world):
    small, _org, campaign = world
    with pytest.raises(ValidationError):
        services.campaign_summary_number(user=leader(small), campaign=campaign)
    campaign = services.campaign_set_state(user=leader(small), campaign=campaign, state=CampaignState.CLOSED)
    numbered = services.campaign_summary_number(user=leader(small), campaign=campaign)
    assert numbered.summary_number == "鞍审批〔2026〕1号" and numbered.summary_dated == timezone.localdate()
    assert services.campaign_summary_number(user=leader(small), campaign=numbered).summary_number == (
        numbered.summary_number
    )
    with pytest.raises(PermissionDenied):
        services.campaign_summary_number(user=small.users[Role.SUPERVISION], campaign=numbered)


# -- pages and documents --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [(Role.ADMIN, 200), (Role.LEADERSHIP, 200), (Role.SUPERVISION, 403), (Role.VIEWER, 403), ("lead1", 403)],
)
def test_who_reads_the_summary(client, world, who, status):
    small, _org, campaign = world
    client.force_login(small.users[who])
    assert client.get(url("campaign_summary", small, campaign.pk)).status_code == status
    assert client.get(url("campaign_summary_pdf", small, campaign.pk)).status_code == status


def test_another_hall_s_campaign_is_a_404(client, world, beta):
    small, _org, _campaign = world
    other = make_campaign(beta)
    client.force_login(leader(small))
    assert client.get(url("campaign_summary", small, other.pk)).status_code == 404
    assert client.get(url("campaign_summary_docx", small, other.pk)).status_code == 404
    assert client.post(url("campaign_lessons", small, other.pk), {"lessons": "x"}).status_code == 404


def test_lessons_with_markup_stay_text_in_the_page_and_the_pdf(client, world):
    small, _org, campaign = world
    client.force_login(leader(small))
    response = client.post(url("campaign_lessons", small, campaign.pk), {"lessons": f"经验{HOSTILE}"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.lessons == f"经验{HOSTILE}"
    page = client.get(url("campaign_summary", small, campaign.pk)).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    services.campaign_update(user=leader(small), campaign=campaign, title=f"标准化{HOSTILE}", starts=campaign.starts,
                             ends=campaign.ends, goal="", content="", requirements="")  # fmt: skip
    text = pdf_text(client.get(url("campaign_summary_pdf", small, campaign.pk)).content)
    assert "经验<script>alert(1)</script><para>x</para>&amp;" in text
    assert "<para>x</para>" in text and "总结报告" in text


def test_too_long_lessons_are_refused_and_nothing_changes(client, world):
    small, _org, campaign = world
    client.force_login(leader(small))
    response = client.post(url("campaign_lessons", small, campaign.pk), {"lessons": "长" * 5001})
    assert response.status_code == 400
    campaign.refresh_from_db()
    assert campaign.lessons == "" and not Event.objects.filter(verb="campaign.lessons_saved").exists()


def test_downloads_of_a_closed_campaign_print_the_same_number(client, world):
    small, _org, campaign = world
    client.force_login(leader(small))
    draft = client.get(url("campaign_summary_docx", small, campaign.pk))
    assert draft.status_code == 200 and draft.content[:2] == b"PK"
    campaign.refresh_from_db()
    assert campaign.summary_number == ""  # not closed: a draft without a number
    services.campaign_set_state(user=leader(small), campaign=campaign, state=CampaignState.CLOSED)
    first = pdf_text(client.get(url("campaign_summary_pdf", small, campaign.pk)).content)
    campaign.refresh_from_db()
    number = campaign.summary_number
    assert number and number in first
    client.get(url("campaign_summary_docx", small, campaign.pk))
    campaign.refresh_from_db()
    assert campaign.summary_number == number
    assert Event.objects.filter(verb="campaign.summary_numbered").count() == 1


def test_the_work_plan_is_numbered_by_a_manager_s_download_only(client, world):
    small, _org, campaign = world
    client.force_login(small.users["lead1"])
    client.get(url("campaign_workplan_pdf", small, campaign.pk))
    campaign.refresh_from_db()
    assert campaign.plan_number == ""
    client.force_login(leader(small))
    text = pdf_text(client.get(url("campaign_workplan_pdf", small, campaign.pk)).content)
    campaign.refresh_from_db()
    assert campaign.plan_number == "鞍审批〔2026〕1号" and campaign.plan_number in text


def test_libreoffice_converts_the_summary_report(world, tmp_path):
    small, _org, campaign = world
    services.campaign_lessons_save(user=leader(small), campaign=campaign, lessons="领导重视是关键。")
    text = libreoffice_text(summary_report.summary_docx(campaign, leader(small)), tmp_path, "summary")
    for expected in ("关于现场管理标准化建设工作的总结报告", "工作开展情况", "评估验收", "领导重视是关键"):
        assert expected in text, expected


# -- the handbook revision ------------------------------------------------------------------------------------


def test_the_revision_opens_a_draft_once_and_then_reuses_it(client, world):
    small, _org, campaign = world
    client.force_login(leader(small))
    response = client.post(url("campaign_revise_handbook", small, campaign.pk))
    draft = HandbookVersion.objects.get(handbook__hall=small.hall, status=VersionStatus.DRAFT)
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    again = client.post(url("campaign_revise_handbook", small, campaign.pk))
    assert again["Location"] == draft.get_absolute_url()
    assert HandbookVersion.objects.filter(handbook__hall=small.hall).count() == 2  # V1 and the one draft
    events = Event.objects.filter(verb="campaign.handbook_revision_opened").order_by("pk")
    assert [e.data["created"] for e in events] == [True, False]
    page = client.get(url("campaign_summary", small, campaign.pk)).content.decode()
    assert 'data-testid="draft-link"' in page and draft.get_absolute_url() in page


@pytest.mark.parametrize("who", [Role.SUPERVISION, Role.VIEWER, "lead1", "staff1"])
def test_the_revision_is_refused_to_those_who_do_not_edit_the_handbook(client, world, who):
    small, _org, campaign = world
    client.force_login(small.users[who])
    assert client.post(url("campaign_revise_handbook", small, campaign.pk)).status_code == 403
    assert not HandbookVersion.objects.filter(status=VersionStatus.DRAFT).exists()
    with pytest.raises(PermissionDenied):
        services.campaign_handbook_draft(user=small.users[who], campaign=campaign)


def test_a_hall_without_a_handbook_gets_a_message_and_nothing_changes(alpha):
    campaign = make_campaign(alpha)
    with pytest.raises(ValidationError):
        services.campaign_handbook_draft(user=leader(alpha), campaign=campaign)
    assert not Event.objects.filter(verb="campaign.handbook_revision_opened").exists()


def test_the_migration_seeds_the_shared_counter_from_the_bulletins(alpha):
    import importlib

    from django.apps import apps

    from hallkeeper.assessment.models import BulletinCounter

    migration = importlib.import_module("hallkeeper.assessment.migrations.0005_bulletin_shares_document_counter")
    DocumentSettings.objects.create(hall=alpha.hall, issuer_code="鞍审批")
    BulletinCounter.objects.create(hall=alpha.hall, year=2026, last=5)
    BulletinCounter.objects.create(hall=alpha.hall, year=2025, last=0)
    migration.seed_document_counters(apps, None)
    assert list(DocumentCounter.objects.values_list("code", "year", "last")) == [("鞍审批", 2026, 5)]
    with transaction.atomic():
        assert issue_doc_number(alpha.hall, 2026) == (6, "鞍审批〔2026〕6号")


def test_gather_reads_training_visits_make_ups_and_the_budget(world):
    from hallkeeper.budget.choices import SurveyState
    from hallkeeper.budget.models import PriceItem, Purchase, Survey, SurveyLine
    from hallkeeper.training.choices import SessionKind
    from hallkeeper.training.models import Attendance, Session

    small, org, campaign = world
    hall = small.hall

    def session(kind, day, makes_up=None):
        return Session.objects.create(hall=hall, kind=kind, topic="学习《手册》", starts_at=at(day),
                                      ends_at=at(day) + dt.timedelta(hours=2), makes_up=makes_up)  # fmt: skip

    lesson = session(SessionKind.TRAINING, dt.date(2026, 7, 5))
    Attendance.objects.create(session=lesson, person=org["leader"], present=True)
    Attendance.objects.create(session=lesson, person=org["lead1"], present=False)
    Attendance.objects.create(session=lesson, person=org["lead2"], present=False)
    make_up = session(SessionKind.TRAINING, dt.date(2026, 7, 9), makes_up=lesson)
    Attendance.objects.create(session=make_up, person=org["lead1"], present=True)
    visit = session(SessionKind.VISIT, dt.date(2026, 7, 12))
    Attendance.objects.create(session=visit, person=org["lead2"], present=True)
    session(SessionKind.TRAINING, dt.date(2026, 9, 20))  # after the campaign: not counted
    item = PriceItem.objects.create(hall=hall, name="文具整理盒", unit="个", unit_price=D("12.50"))
    survey = Survey.objects.create(hall=hall, title="预算", surveyed_on=dt.date(2026, 7, 6), state=SurveyState.APPROVED)
    SurveyLine.objects.create(survey=survey, zone=small.zones[0], item=item, name=item.name, unit="个",
                              unit_price=item.unit_price, required=10, has=2)  # fmt: skip
    Purchase.objects.create(survey=survey, item=item, quantity=6, amount=D("75.00"), bought_on=dt.date(2026, 7, 10))
    Survey.objects.create(hall=hall, title="草稿", surveyed_on=dt.date(2026, 7, 6))  # a draft: not counted
    data = summary.gather(campaign, leader(small), today=TODAY)
    t = data.training
    assert (t.sessions, t.make_ups, t.expected, t.present, t.absent, t.made_up) == (2, 1, 3, 1, 2, 1)
    assert (t.visits, t.visit_expected, t.visit_present) == (1, 1, 1)
    assert t.whole and t.trained == 2  # the leader at the session, lead1 at its make-up
    assert (data.budget.surveys, data.budget.approved, data.budget.spent) == (1, D("100.00"), D("75.00"))
    text = pdf_text(summary_report.render_pdf(summary_report.build(data)))
    assert "缺席2人次，其中1人次已参加补训" in text and "金额合计100.00元" in text and "结余25.00元" in text
