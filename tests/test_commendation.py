"""Commending the model windows (表彰先进典型): the ranking by average published score (ties at the cut-off,
months not published or not assessed), nominations from the ranking and by hand, the states (who may take
which step from which state, rejection with a reason, nothing editable after submission), the decision's own
number series, events, the pure 表彰决定 (number, grouping, names printed literally, Chinese in the PDF,
LibreOffice), and the demo's summary phase."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from decimal import Decimal as D
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from docx.oxml.ns import qn

from hallkeeper.accounts.choices import Role
from hallkeeper.assessment import commendation as cm
from hallkeeper.assessment import services
from hallkeeper.assessment.models import (
    AssessmentResult,
    CommendationState,
    DecisionCounter,
    HonourTitle,
    Nomination,
    NominationSource,
)
from hallkeeper.core import official as gw
from hallkeeper.core.models import Event
from hallkeeper.demo.commendation import play_commendation
from hallkeeper.halls.documents import derived_decision_code
from hallkeeper.halls.models import DocumentCounter, DocumentSettings

from .factories import RoleFactory, UserFactory, make_hall
from .standards_data import install_tiny_handbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SUP, LEAD = Role.SUPERVISION, Role.LEADERSHIP
JAN, FEB, MAR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)
HOSTILE = "<script>alert(1)</script><para>x</para>&amp;"


@pytest.fixture
def small():
    small = make_hall("alpha")
    install_tiny_handbook(small.hall)
    return small


def month_period(small, month, scores, *, publish=True):
    """A month period whose results get ``scores`` ({zone/window/person: score}), published unless told."""
    period = services.period_create(user=small.users[SUP], hall=small.hall, kind="month", starts_on=month)
    for target, score in scores.items():
        field = type(target).__name__.lower()
        AssessmentResult.objects.filter(period=period, **{field: target}).update(score=score)
    if not publish:
        return period
    period = services.period_open_appeal(
        user=small.users[SUP], period=period, deadline=month + dt.timedelta(days=40), today=month
    )
    period = services.period_approve(user=small.users[LEAD], period=period)
    return services.period_publish(user=small.users[LEAD], period=period)


def two_months(small):
    w1, w2 = small.windows
    month_period(small, JAN, {w1: D("90"), w2: D("80")})
    month_period(small, FEB, {w1: D("80"), w2: None})  # w2 not assessed in February: its average is January's
    return w1, w2


def create(small, **kwargs):
    values = {"title": "", "from_month": JAN, "to_month": MAR, **kwargs}
    return services.commendation_create(user=small.users[SUP], hall=small.hall, **values)


def field_of(error: ValidationError) -> set[str]:
    return set(error.error_dict)


# -- the pure ranking ---------------------------------------------------------------------------------------


def ms(tid, month, score, name=None):
    return cm.MonthScore("window", tid, name or f"W{tid}", month, None if score is None else D(score))


def test_standings_average_the_assessed_months_and_share_ranks():
    scores = [ms(1, JAN, "90"), ms(1, FEB, "80"), ms(2, JAN, "85"), ms(2, FEB, None), ms(3, JAN, "85"),
              ms(4, JAN, "70"), ms(5, JAN, None), cm.MonthScore("zone", 9, "Z", JAN, D("99"))]  # fmt: skip
    ranked = cm.standings(scores, "window")
    assert [(s.target_id, s.average, s.months, s.rank) for s in ranked] == [
        (1, D("85.0"), 2, 1),
        (2, D("85.0"), 1, 1),
        (3, D("85.0"), 1, 1),
        (4, D("70.0"), 1, 4),
    ]
    assert 5 not in {s.target_id for s in ranked}  # never assessed: not ranked
    assert [s.target_id for s in cm.top(ranked, 1)] == [s.target_id for s in ranked[:3]]  # ties at the cut-off


def test_standings_round_half_up_before_ranking_and_take_the_latest_name():
    ranked = cm.standings([ms(1, JAN, "90.1", "旧名"), ms(1, FEB, "90.0", "新名"), ms(2, JAN, "90.1")], "window")
    assert ranked[0].target_id == 2 and ranked[0].average == D("90.1")
    assert ranked[1].average == D("90.1") and ranked[1].rank == 1 and ranked[1].name == "新名"  # 90.05 → 90.1
    assert cm.top(ranked, 5) == ranked and cm.top([], 3) == []


@pytest.mark.parametrize(
    ("first", "last", "text"),
    [
        (JAN, dt.date(2026, 12, 1), "2026年度"),
        (JAN, MAR, "2026年第一季度"),
        (dt.date(2026, 7, 1), dt.date(2026, 7, 1), "2026年7月"),
        (JAN, dt.date(2026, 6, 1), "2026年1月至6月"),
        (dt.date(2025, 11, 1), FEB, "2025年11月至2026年2月"),
    ],
)
def test_span_text(first, last, text):
    assert cm.span_text(first, last) == text


@pytest.mark.parametrize(("code", "decision"), [("鞍审批", "鞍审批发"), ("鞍审批发", "鞍审批决"), ("", "")])
def test_decision_code_is_a_series_of_its_own(code, decision):
    assert derived_decision_code(code) == decision


# -- the pure decision --------------------------------------------------------------------------------------


def data(**kwargs):
    values = {
        "hall_name": "鞍山市政务服务大厅",
        "issuer_name": "鞍山市行政审批局",
        "title": cm.suggested_title("鞍山市政务服务大厅", JAN, dt.date(2026, 12, 1)),
        "number": gw.doc_number("鞍审批发", 2026, 7),
        "from_month": JAN,
        "to_month": dt.date(2026, 12, 1),
        "dated": dt.date(2026, 12, 28),
        "commended": (
            cm.Commended(HonourTitle.SERVICE_STAR, "张三", "服务热情，零差评"),
            cm.Commended(HonourTitle.MODEL_WINDOW, "01号窗口", "全年平均得分96.5分"),
            cm.Commended(HonourTitle.MODEL_WINDOW, "02号窗口", "全年平均得分95.0分。"),
        ),
    }
    return cm.DecisionData(**{**values, **kwargs})


def texts(doc):
    return [getattr(b, "lead", "") + b.text for b in doc.blocks if hasattr(b, "text")]


def test_build_lays_out_the_decision():
    doc = cm.build(data())
    assert doc.number == "鞍审批发〔2026〕7号" and "第" not in doc.number and "〔2026〕07" not in doc.number
    assert doc.title == "关于表彰2026年度鞍山市政务服务大厅现场管理先进典型的决定"
    assert doc.issuer_mark == "鞍山市行政审批局文件" and doc.signature == "鞍山市行政审批局"
    assert doc.addressee == cm.ADDRESSEE and doc.date_text == "2026年12月28日"
    assert doc.printed == dt.date(2026, 12, 28)
    lines = texts(doc)
    # grouped by honour in the honours' order (model windows before the service star), with their reasons
    assert lines.index("一、先进典型窗口（2个）") < lines.index("二、服务之星（1个）")
    assert "1.01号窗口：全年平均得分96.5分。" in lines and "2.02号窗口：全年平均得分95.0分。" in lines
    assert "1.张三：服务热情，零差评。" in lines
    assert any("授予3个单位和个人“先进典型窗口”、“服务之星”称号" in line for line in lines)
    assert any(line.startswith("希望受到表彰") for line in lines)


def test_build_without_nominations_still_reads():
    lines = texts(cm.build(data(commended=())))
    assert any("授予0个" in line and "先进典型" in line for line in lines)


def pdf_text(content: bytes) -> str:
    pypdf = pytest.importorskip("pypdf")
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(content)).pages))


def docx_text(content: bytes) -> str:
    return "".join(t.text or "" for t in Document(BytesIO(content)).element.body.iter(qn("w:t")))


def test_hostile_names_print_literally_in_word_and_pdf():
    doc = cm.build(data(commended=(cm.Commended(HonourTitle.RED_FLAG, HOSTILE, HOSTILE),)))
    assert HOSTILE in docx_text(gw.render_docx(doc))
    text = pdf_text(gw.render_pdf(doc))
    assert "<script>alert(1)</script>" in text and "红旗窗口" in text


def test_the_pdf_renders_chinese():
    text = pdf_text(gw.render_pdf(cm.build(data())))
    for expected in ("鞍审批发〔2026〕7号", "关于表彰2026年度", "先进典型窗口", "01号窗口", "2026年12月28日"):
        assert expected in text


def test_libreoffice_converts_the_decision(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the .docx was not converted to PDF")
    path = tmp_path / "decision.docx"
    path.write_bytes(gw.render_docx(cm.build(data())))
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    text = pdf_text((tmp_path / "decision.pdf").read_bytes())
    assert "关于表彰2026年度" in text and "先进典型窗口" in text


# -- creating -----------------------------------------------------------------------------------------------


def test_create_takes_the_usual_title_and_the_months_first_days(small):
    item = create(small, from_month=dt.date(2026, 1, 15), to_month=dt.date(2026, 3, 31))
    assert (item.from_month, item.to_month, item.state) == (JAN, MAR, CommendationState.DRAFT)
    assert item.title == f"关于表彰2026年第一季度{small.hall.name}现场管理先进典型的决定"
    assert Event.objects.filter(verb="commendation.created", object_id=str(item.pk)).exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"from_month": None}, "from_month"),
        ({"to_month": None}, "to_month"),
        ({"from_month": MAR, "to_month": JAN}, "to_month"),
        ({"from_month": dt.date(2023, 1, 1), "to_month": MAR}, "to_month"),
        ({"title": "x" * 201}, "title"),
    ],
)
def test_create_refuses_bad_input_by_field(small, kwargs, field):
    with pytest.raises(ValidationError) as caught:
        create(small, **kwargs)
    assert field_of(caught.value) == {field}
    assert not Event.objects.filter(verb="commendation.created").exists()


@pytest.mark.parametrize("who", [LEAD, Role.VIEWER, "lead1", "staff1", Role.SECURITY_ADMIN])
def test_only_the_supervision_group_creates(small, who):
    with pytest.raises(PermissionDenied):
        services.commendation_create(user=small.users[who], hall=small.hall, title="", from_month=JAN, to_month=MAR)


# -- nominating ---------------------------------------------------------------------------------------------


def test_ranking_nominates_by_average_over_published_months_only(small):
    w1, w2 = two_months(small)
    month_period(small, MAR, {w1: D("10"), w2: D("100")}, publish=False)  # a draft month does not count
    item = create(small)
    added = services.nominate_from_ranking(
        user=small.users[SUP], commendation=item, honour=HonourTitle.MODEL_WINDOW, top=1
    )
    assert [(n.window, n.score, n.rank, n.source) for n in added] == [(w1, D("85.0"), 1, NominationSource.RANKING)]
    assert added[0].reason == "在2026年第一季度现场管理考核中，2个月平均得分85.0分，排名位列第1名"
    event = Event.objects.get(verb="commendation.nominated")
    assert event.data["added"] == [added[0].name] and event.data["top"] == 1


def test_ties_at_the_cut_off_are_included_and_nominated_ones_skipped(small):
    w1, w2 = small.windows
    month_period(small, JAN, {w1: D("88"), w2: D("88")})
    item = create(small)
    added = services.nominate_from_ranking(user=small.users[SUP], commendation=item, honour=HonourTitle.RED_FLAG, top=1)
    assert {n.window for n in added} == {w1, w2} and {n.rank for n in added} == {1}
    again = services.nominate_from_ranking(
        user=small.users[SUP], commendation=item, honour=HonourTitle.MODEL_WINDOW, top=5
    )
    assert again == [] and item.nominations.count() == 2
    assert Event.objects.filter(verb="commendation.nominated").last().data["skipped"] == 2


def test_ranking_is_refused_without_a_published_month(small):
    month_period(small, JAN, {}, publish=False)
    item = create(small)
    with pytest.raises(ValidationError) as caught:
        services.nominate_from_ranking(user=small.users[SUP], commendation=item, honour=HonourTitle.MODEL_WINDOW, top=3)
    assert field_of(caught.value) == {"top"} and "published" in str(caught.value)
    assert not Nomination.objects.exists()


WINDOW = HonourTitle.MODEL_WINDOW


@pytest.mark.parametrize(("honour", "top"), [("gold", 3), (WINDOW, 0), (WINDOW, "x"), (WINDOW, 51), (WINDOW, None)])
def test_ranking_refuses_bad_input(small, honour, top):
    two_months(small)
    item = create(small)
    with pytest.raises(ValidationError) as caught:
        services.nominate_from_ranking(user=small.users[SUP], commendation=item, honour=honour, top=top)
    assert field_of(caught.value) <= {"honour", "top"}
    assert not Nomination.objects.exists()


def test_zones_and_staff_are_ranked_for_their_honours(small):
    staff = small.windows[0].staff.first()
    month_period(small, JAN, {small.zones[1]: D("95"), small.zones[0]: D("90"), staff: D("99")})
    item = create(small)
    zones = services.nominate_from_ranking(
        user=small.users[SUP], commendation=item, honour=HonourTitle.MODEL_ZONE, top=1
    )
    stars = services.nominate_from_ranking(
        user=small.users[SUP], commendation=item, honour=HonourTitle.SERVICE_STAR, top=1
    )
    assert [n.zone for n in zones] == [small.zones[1]] and [n.person for n in stars] == [staff]


def test_by_hand_needs_a_reason_and_keeps_the_average(small):
    w1, w2 = two_months(small)
    item = create(small)
    sup = small.users[SUP]
    with pytest.raises(ValidationError) as caught:
        services.nomination_add(user=sup, commendation=item, honour=HonourTitle.RED_FLAG, target_type="window",
                                target_id=w2.pk, reason="  ")  # fmt: skip
    assert field_of(caught.value) == {"reason"}
    n = services.nomination_add(
        user=sup,
        commendation=item,
        honour=HonourTitle.RED_FLAG,
        target_type="window",
        target_id=w2.pk,
        reason="群众点赞",
    )
    assert (n.source, n.score, n.rank, n.reason) == (NominationSource.HAND, D("80.0"), 2, "群众点赞")
    with pytest.raises(ValidationError) as caught:  # one target once per commendation, whatever the honour
        services.nomination_add(user=sup, commendation=item, honour=HonourTitle.MODEL_WINDOW, target_type="window",
                                target_id=w2.pk, reason="再次")  # fmt: skip
    assert field_of(caught.value) == {"target"}
    assert item.nominations.count() == 1


@pytest.mark.parametrize(
    ("honour", "target_type", "which", "field"),
    [
        (HonourTitle.SERVICE_STAR, "window", "own", "honour"),  # a service star is a person
        (HonourTitle.RED_FLAG, "window", "other hall", "target"),
        (HonourTitle.RED_FLAG, "window", "missing", "target"),
        (HonourTitle.RED_FLAG, "planet", "own", "target_type"),
        ("gold", "window", "own", "honour"),
    ],
)
def test_by_hand_refuses_bad_targets(small, beta, honour, target_type, which, field):
    item = create(small)
    target_id = {"own": small.windows[0].pk, "other hall": beta.windows[0].pk, "missing": 999999}[which]
    with pytest.raises(ValidationError) as caught:
        services.nomination_add(user=small.users[SUP], commendation=item, honour=honour, target_type=target_type,
                                target_id=target_id, reason="好")  # fmt: skip
    assert field_of(caught.value) == {field}
    assert not Nomination.objects.exists()


def test_remove_and_rewrite_the_reason(small):
    two_months(small)
    item = create(small)
    n1, n2 = services.nominate_from_ranking(
        user=small.users[SUP], commendation=item, honour=HonourTitle.MODEL_WINDOW, top=2
    )
    services.nomination_reason(user=small.users[SUP], nomination=n1, reason="全年零投诉")
    n1.refresh_from_db()
    assert n1.reason == "全年零投诉"
    with pytest.raises(ValidationError):
        services.nomination_reason(user=small.users[SUP], nomination=n1, reason="")
    services.nomination_remove(user=small.users[SUP], nomination=n2)
    assert list(item.nominations.all()) == [n1]
    with pytest.raises(ValidationError):
        services.nomination_remove(user=small.users[SUP], nomination=n2)
    with pytest.raises(PermissionDenied):
        services.nomination_remove(user=small.users[LEAD], nomination=n1)
    assert {"commendation.reason_edited", "commendation.nomination_removed"} <= set(
        Event.objects.values_list("verb", flat=True)
    )


# -- the states ---------------------------------------------------------------------------------------------


def nominated(small):
    two_months(small)
    item = create(small)
    services.nominate_from_ranking(user=small.users[SUP], commendation=item, honour=HonourTitle.MODEL_WINDOW, top=1)
    return item


def test_the_whole_way_to_a_published_decision(small):
    DocumentSettings.objects.create(hall=small.hall, issuer_name="鞍山市行政审批局", issuer_code="鞍审批")
    item = nominated(small)
    sup, lead = small.users[SUP], small.users[LEAD]
    item = services.commendation_submit(user=sup, commendation=item)
    assert (item.state, item.submitted_by) == (CommendationState.SUBMITTED, sup)
    item = services.commendation_approve(user=lead, commendation=item)
    assert (item.state, item.approved_by) == (CommendationState.APPROVED, lead)
    item = services.commendation_publish(user=lead, commendation=item)
    year = item.decision_date.year
    assert item.state == CommendationState.PUBLISHED and item.published_by == lead
    assert item.decision_number == f"鞍审批发〔{year}〕1号" and item.decision_seq == 1
    assert item.snapshot[0]["honour_cn"] == "先进典型窗口" and item.snapshot[0]["score"] == "85.0"
    assert DecisionCounter.objects.get(hall=small.hall, year=year).last == 1
    assert not DocumentCounter.objects.exists()  # a series of its own, under its own 机关代字
    verbs = list(Event.objects.filter(object_id=str(item.pk), verb__startswith="commendation.").values_list(
        "verb", flat=True).order_by("pk"))  # fmt: skip
    assert verbs == ["commendation.created", "commendation.nominated", "commendation.submitted",
                     "commendation.approved", "commendation.published"]  # fmt: skip
    # frozen: nothing changes after submission
    n = item.nominations.first()
    for step in (
        lambda: services.nomination_reason(user=sup, nomination=n, reason="改"),
        lambda: services.nomination_remove(user=sup, nomination=n),
        lambda: services.nominate_from_ranking(user=sup, commendation=item, honour=HonourTitle.RED_FLAG, top=3),
        lambda: services.commendation_reject(user=lead, commendation=item, reason="重来"),
        lambda: services.commendation_publish(user=lead, commendation=item),
    ):
        with pytest.raises(ValidationError) as caught:
            step()
        assert caught.value.code == "stale_state"
    # the next decision takes the next number
    second = nominated_again(small)
    assert second.decision_number == f"鞍审批发〔{year}〕2号"


def test_a_saved_decision_code_numbers_the_decision(small):
    DocumentSettings.objects.create(hall=small.hall, issuer_code="鞍审批", decision_code="鞍审批表")
    item = services.commendation_submit(user=small.users[SUP], commendation=nominated(small))
    item = services.commendation_approve(user=small.users[LEAD], commendation=item)
    item = services.commendation_publish(user=small.users[LEAD], commendation=item)
    assert item.decision_number == f"鞍审批表〔{item.decision_date.year}〕1号"


def nominated_again(small):
    item = create(small, from_month=FEB, to_month=FEB)
    services.nominate_from_ranking(user=small.users[SUP], commendation=item, honour=HonourTitle.MODEL_WINDOW, top=1)
    item = services.commendation_submit(user=small.users[SUP], commendation=item)
    item = services.commendation_approve(user=small.users[LEAD], commendation=item)
    return services.commendation_publish(user=small.users[LEAD], commendation=item)


def test_an_empty_draft_is_not_submitted(small):
    item = create(small)
    with pytest.raises(ValidationError) as caught:
        services.commendation_submit(user=small.users[SUP], commendation=item)
    assert caught.value.code == "empty"


def test_rejection_goes_back_to_draft_with_the_reason(small):
    item = services.commendation_submit(user=small.users[SUP], commendation=nominated(small))
    with pytest.raises(ValidationError) as caught:
        services.commendation_reject(user=small.users[LEAD], commendation=item, reason="")
    assert field_of(caught.value) == {"reason"}
    item = services.commendation_reject(user=small.users[LEAD], commendation=item, reason="补充服务之星")
    assert (item.state, item.rejection_reason, item.rejected_by) == (
        CommendationState.DRAFT, "补充服务之星", small.users[LEAD])  # fmt: skip
    assert Event.objects.get(verb="commendation.rejected").comment == "补充服务之星"
    services.nomination_reason(user=small.users[SUP], nomination=item.nominations.first(), reason="editable again")


@pytest.mark.parametrize(
    ("step", "state", "allowed"),
    [
        ("submit", CommendationState.DRAFT, {SUP, Role.ADMIN}),
        ("approve", CommendationState.SUBMITTED, {LEAD}),
        ("reject", CommendationState.SUBMITTED, {LEAD}),
        ("publish", CommendationState.APPROVED, {LEAD}),
    ],
)
def test_who_takes_which_step(small, step, state, allowed):
    item = nominated(small)
    if state != CommendationState.DRAFT:
        item = services.commendation_submit(user=small.users[SUP], commendation=item)
    if state == CommendationState.APPROVED:
        item = services.commendation_approve(user=small.users[LEAD], commendation=item)
    calls = {
        "submit": lambda u: services.commendation_submit(user=u, commendation=item),
        "approve": lambda u: services.commendation_approve(user=u, commendation=item),
        "reject": lambda u: services.commendation_reject(user=u, commendation=item, reason="不"),
        "publish": lambda u: services.commendation_publish(user=u, commendation=item),
    }
    for who in (SUP, LEAD, Role.ADMIN, Role.VIEWER, "lead1", "staff1", Role.AUDIT_ADMIN):
        if who in allowed:
            continue
        with pytest.raises(PermissionDenied):
            calls[step](small.users[who])
    calls[step](small.users[sorted(allowed)[0]])


def test_a_second_approval_with_a_stale_copy_is_refused(small):
    item = services.commendation_submit(user=small.users[SUP], commendation=nominated(small))
    other = UserFactory(username="alpha-leader2")
    RoleFactory(user=other, hall=small.hall, role=LEAD)
    services.commendation_approve(user=small.users[LEAD], commendation=item)
    with pytest.raises(ValidationError) as caught:
        services.commendation_approve(user=other, commendation=item)  # their page still says "submitted"
    assert caught.value.code == "stale_state" and "Reload" in str(caught.value)
    assert Event.objects.filter(verb="commendation.approved").count() == 1


def test_another_halls_leader_cannot_approve(small, beta):
    item = services.commendation_submit(user=small.users[SUP], commendation=nominated(small))
    with pytest.raises(PermissionDenied):
        services.commendation_approve(user=beta.users[LEAD], commendation=item)


# -- the demo's summary phase -------------------------------------------------------------------------------


def test_play_commendation_commends_the_published_months(small):
    w1, w2 = small.windows
    staff = w1.staff.first()
    month_period(small, JAN, {w1: D("96"), w2: D("90"), staff: D("98")})
    month_period(small, FEB, {w1: D("94"), w2: D("91")})
    item = play_commendation(small.hall, supervisor=small.users[SUP], leader=small.users[LEAD],
                             on=dt.date(2026, 12, 20))  # fmt: skip
    assert item.state == CommendationState.PUBLISHED and item.decision_number.endswith("〔2026〕1号")
    assert (item.from_month, item.to_month) == (JAN, FEB)
    honours = {(n.honour, n.source) for n in item.nominations.all()}
    assert (HonourTitle.MODEL_WINDOW, NominationSource.RANKING) in honours
    assert (HonourTitle.SERVICE_STAR, NominationSource.RANKING) in honours
    assert item.nominations.filter(honour=HonourTitle.MODEL_WINDOW, window=w1, rank=1).exists()
    assert len(cm.gather(item, small.users["staff1"]).commended) == item.nominations.count()


def test_play_commendation_on_a_day_of_the_story_dates_the_decision_then(small):
    from django.utils import timezone

    w1, w2 = small.windows
    month_period(small, JAN, {w1: D("96"), w2: D("90")})
    day = dt.date(2025, 3, 4)  # another year than today's: the number follows the decision's date
    item = play_commendation(small.hall, supervisor=small.users[SUP], leader=small.users[LEAD], on=JAN, day=day)
    assert item.decision_date == day and item.decision_number.endswith("〔2025〕1号")
    for at in (item.created_at, item.submitted_at, item.approved_at, item.published_at):
        assert timezone.localdate(at) == day
    events = Event.objects.filter(verb__startswith="commendation.", object_id=item.pk)
    assert {timezone.localdate(e.created_at) for e in events} == {day}


def test_play_commendation_without_published_months_writes_nothing(small):
    month_period(small, JAN, {}, publish=False)
    assert play_commendation(small.hall, supervisor=small.users[SUP], leader=small.users[LEAD],
                             on=dt.date(2026, 12, 20)) is None  # fmt: skip
    assert not Event.objects.filter(verb__startswith="commendation.").exists()


def test_play_commendation_nominates_one_window_by_hand(small, beta):
    other = make_hall("gamma")
    install_tiny_handbook(other.hall)
    w1, w2 = other.windows
    month_period(other, JAN, {w1: D("96")})  # only w1 assessed: w2 comes by hand
    item = play_commendation(other.hall, supervisor=other.users[SUP], leader=other.users[LEAD], on=MAR)
    by_hand = item.nominations.get(source=NominationSource.HAND)
    assert (by_hand.window, by_hand.honour) == (w2, HonourTitle.RED_FLAG) and by_hand.reason


# -- the Django admin ---------------------------------------------------------------------------------------


def test_the_admin_shows_honours_and_commendations_read_only_to_their_halls_admins(client, small):
    from django.urls import reverse

    from hallkeeper.assessment.models import Commendation, Honour, Nomination

    item = services.commendation_submit(user=small.users[SUP], commendation=nominated(small))
    item = services.commendation_approve(user=small.users[LEAD], commendation=item)
    item = services.commendation_publish(user=small.users[LEAD], commendation=item)
    draft = create(small, title="草稿表彰")
    honour, nomination = Honour.objects.first(), Nomination.objects.first()
    assert honour is not None and nomination is not None
    rows = {"honour": honour, "commendation": item, "nomination": nomination}

    def staff(user):
        user.is_staff = True
        user.save()
        return user

    client.force_login(staff(small.users[Role.ADMIN]))
    for name, row in rows.items():
        assert client.get(reverse(f"admin:assessment_{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:assessment_{name}_add")).status_code == 403
        page = client.get(reverse(f"admin:assessment_{name}_change", args=[row.pk]))
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
        deleted = client.post(reverse(f"admin:assessment_{name}_delete", args=[row.pk]), {"post": "yes"})
        assert deleted.status_code == 403
    listed = client.get(reverse("admin:assessment_commendation_changelist")).context["cl"].result_count
    assert listed == 2 and Commendation.objects.filter(pk=draft.pk).exists()
    page = client.get(reverse("admin:assessment_commendation_change", args=[item.pk])).content.decode()
    assert nomination.name in page  # the nominations inline, read-only
    other = make_hall("beta")
    client.force_login(staff(other.users[Role.ADMIN]))
    for name, row in rows.items():
        assert client.get(reverse(f"admin:assessment_{name}_changelist")).context["cl"].result_count == 0
        assert client.get(reverse(f"admin:assessment_{name}_change", args=[row.pk])).status_code == 302
