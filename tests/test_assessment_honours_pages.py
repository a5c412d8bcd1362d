"""The honours in the database and on the pages: frozen at publication with an event (a later change of the
rules leaves them), a correction's honours shown in place of those it corrects (both kept), the previous holder
keeping a tied flag, the selectors other apps call, the rules page (who edits, refusals field by field, nothing
saved), the flag history, the flag card PDF (Chinese, names escaped) and who sees what."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.assessment import honours, services
from hallkeeper.assessment.choices import HonourKind, PeriodState
from hallkeeper.assessment.models import Honour, HonourRules
from hallkeeper.core.models import Event
from hallkeeper.halls.models import DocumentSettings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate()
THIS = TODAY.replace(day=1)
LAST = (THIS - dt.timedelta(days=1)).replace(day=1)
SUP, LEAD, ADMIN, VIEW = Role.SUPERVISION, Role.LEADERSHIP, Role.ADMIN, Role.VIEWER
HOSTILE = '<font name="x"><img src="/etc/passwd"/>甲区'


def scored(small, starts_on=THIS, zones=("96", "80"), windows=("95", "70"), staff=("90", "60"), bases=None):
    """A draft month whose results carry the given scores (zone 1, zone 2; window 1, 2; staff 1, 2)."""
    period = services.period_create(user=small.users[SUP], hall=small.hall, kind="month", starts_on=starts_on)
    set_scores(period, zones, windows, staff, bases)
    return period


def set_scores(period, zones, windows, staff, bases=None):
    for target_type, scores in (("zone", zones), ("window", windows), ("person", staff)):
        rows = sorted(period.results.filter(target_type=target_type), key=lambda r: r.name)
        assert len(rows) == len(scores), (target_type, [r.name for r in rows])
        for i, (row, score) in enumerate(zip(rows, scores, strict=True)):
            row.score = None if score is None else D(score)
            row.rank = None if score is None else 1 + sum(D(s) > D(score) for s in scores if s is not None)
            base = (bases or {}).get((target_type, i))
            row.breakdown = {**row.breakdown, "base": base, "capped": False}
            row.save()


def publish(small, period):
    period = services.period_open_appeal(
        user=small.users[SUP], period=period, deadline=TODAY + dt.timedelta(days=3), today=TODAY
    )
    period = services.period_approve(user=small.users[LEAD], period=period)
    return services.period_publish(user=small.users[LEAD], period=period)


def kinds(period) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for h in Honour.objects.filter(period=period).order_by("name"):
        found.setdefault(h.kind, []).append(h.name)
    return found


# -- services -------------------------------------------------------------------------------------------------


def test_publishing_freezes_the_honours_with_an_event(alpha):
    period = publish(alpha, scored(alpha))
    window = period.results.get(window=alpha.windows[0]).name
    assert kinds(period) == {
        HonourKind.RED_FLAG: ["Z01 alpha责任区1"],
        HonourKind.RED_LIST: ["Z01 alpha责任区1", "Z02 alpha责任区2"],
        HonourKind.RED_WINDOW: [window],
        HonourKind.SERVICE_STAR: ["alpha窗口人员1"],
    }
    event = Event.objects.get(verb="assessment.honours_frozen")
    assert event.data["flag"] == ["Z01 alpha责任区1"] and event.data["red_list"] == 2
    assert period.snapshot["honour_rules"]["red_size"] == "3"
    # later rules leave a published period's honours as they were
    services.honour_rules_save(user=alpha.users[SUP], instance=HonourRules(hall=alpha.hall, red_size=0))
    assert kinds(period)[HonourKind.RED_LIST] == ["Z01 alpha责任区1", "Z02 alpha责任区2"]
    shown = honours.shown_for(period, alpha.users[VIEW])
    assert not shown.provisional and [r.name for r in shown.red_list] == ["Z01 alpha责任区1", "Z02 alpha责任区2"]


def test_a_published_correction_replaces_the_honours_for_display_and_both_are_kept(alpha):
    first = publish(alpha, scored(alpha))
    revision = services.period_correct(user=alpha.users[SUP], period=first, reason="补录表扬信")
    set_scores(revision, ("80", "97"), ("95", "70"), ("90", "60"))
    # until the correction is published, the first revision's honours are shown
    assert honours.current_flag_holder(alpha.hall).name == "Z01 alpha责任区1"
    revision = publish(alpha, revision)
    assert honours.current_flag_holder(alpha.hall).name == "Z02 alpha责任区2"
    assert honours.current_flag_holder(alpha.hall).period == revision
    assert kinds(first)[HonourKind.RED_FLAG] == ["Z01 alpha责任区1"]  # kept on record
    assert honours.shown_for(first, alpha.users[VIEW]).replaced_by == revision
    assert honours.shown_for(revision, alpha.users[VIEW]).replaced_by is None
    assert {h.period_id for h in honours.latest_honours(alpha.hall)} == {revision.pk}
    months, tally = honours.flag_history(alpha.hall, alpha.users[VIEW])
    assert [(m.period, [h.name for h in m.holders]) for m in months] == [(revision, ["Z02 alpha责任区2"])]
    assert tally == [("Z02 alpha责任区2", 1)]


def test_the_previous_holder_keeps_a_tied_flag_and_counts_add_up(alpha):
    publish(alpha, scored(alpha, starts_on=LAST, zones=("90", "95")))  # zone 2 holds it
    period = publish(alpha, scored(alpha, zones=("96", "96")))
    assert kinds(period)[HonourKind.RED_FLAG] == ["Z02 alpha责任区2"]
    assert Event.objects.filter(verb="assessment.honours_frozen").last().data["flag_reason"] == "kept"
    months, tally = honours.flag_history(alpha.hall, alpha.users["lead1"])
    assert [m.period.starts_on for m in months] == [THIS, LAST]
    assert tally == [("Z02 alpha责任区2", 2)]
    assert [h.name for h in honours.current_flag_holders(alpha.hall)] == ["Z02 alpha责任区2"]


def test_a_higher_base_score_beats_the_previous_holder(alpha):
    publish(alpha, scored(alpha, starts_on=LAST, zones=("90", "95")))
    period = publish(alpha, scored(alpha, zones=("96", "96"), bases={("zone", 0): "95", ("zone", 1): "90"}))
    assert kinds(period)[HonourKind.RED_FLAG] == ["Z01 alpha责任区1"]


def test_nobody_assessed_nobody_honoured_and_no_holder(alpha):
    period = publish(alpha, scored(alpha, zones=(None, None), windows=(None, None), staff=(None, None)))
    assert kinds(period) == {}
    assert honours.current_flag_holder(alpha.hall) is None and honours.latest_honours(alpha.hall) == []


def test_provisional_honours_before_publication_only_for_the_hall_wide(alpha):
    period = scored(alpha)
    shown = honours.shown_for(period, alpha.users[SUP])
    assert shown.provisional and [r.name for r in shown.flag] == ["Z01 alpha责任区1"]
    assert not Honour.objects.exists()
    period = services.period_open_appeal(
        user=alpha.users[SUP], period=period, deadline=TODAY + dt.timedelta(days=3), today=TODAY
    )
    hidden = honours.shown_for(period, alpha.users["lead2"])  # sees part of the results: no honours at all
    assert hidden.hidden and hidden.rows == ()


@pytest.mark.parametrize("who", [SUP, ADMIN])
def test_the_supervision_group_and_admins_save_the_rules(alpha, who):
    rules = HonourRules(hall=alpha.hall, red_size=5, black_below=D("60"), flag_target="window")
    services.honour_rules_save(user=alpha.users[who], instance=rules)
    event = Event.objects.get(verb="honour_rules.saved")
    assert event.data["changes"]["red_size"][1] == 5 or event.data["changes"]["red_size"][1] == "5"
    assert honours.rules_of(honours.rules_row(alpha.hall)).flag_target == "window"


@pytest.mark.parametrize("who", [LEAD, VIEW, "lead1", "staff1", Role.SECURITY_ADMIN])
def test_anyone_else_is_refused_the_rules(alpha, who):
    with pytest.raises(PermissionDenied):
        services.honour_rules_save(user=alpha.users[who], instance=HonourRules(hall=alpha.hall, red_size=1))
    assert not HonourRules.objects.exists() and not Event.objects.filter(verb="honour_rules.saved").exists()


def test_overlapping_rules_are_refused_by_field_and_nothing_saved(alpha):
    rules = HonourRules(hall=alpha.hall, red_min=D("60"), black_below=D("65"), flag_min=D("65"))
    with pytest.raises(ValidationError) as refused:
        services.honour_rules_save(user=alpha.users[SUP], instance=rules)
    assert set(refused.value.message_dict) == {"red_min", "flag_min"}
    assert not HonourRules.objects.exists() and not Event.objects.filter(verb="honour_rules.saved").exists()


# -- pages ----------------------------------------------------------------------------------------------------


def url(name, small, **kwargs):
    return reverse(name, kwargs={"hall": small.hall.code, **kwargs})


@pytest.mark.parametrize(
    "who,status",
    [(ADMIN, 302), (SUP, 302), (LEAD, 403), (VIEW, 403), ("lead1", 403), ("staff1", 403)],
)
def test_the_rules_page_every_member_reads_and_the_preparers_edit(client, alpha, who, status):
    client.force_login(alpha.users[who])
    page = client.get(url("assessment_honour_rules", alpha))
    assert page.status_code == 200
    assert (b'data-testid="read-only"' in page.content) == (status == 403)
    form = {f: getattr(HonourRules(), f) for f in page.context["form"].fields}
    form.update(black_below="", red_size=2)
    answer = client.post(url("assessment_honour_rules", alpha), form)
    assert answer.status_code == status
    assert HonourRules.objects.filter(hall=alpha.hall, red_size=2).exists() == (status == 302)


@pytest.mark.parametrize(
    "bad,field",
    [({"red_min": "60", "black_below": "60"}, "red_min"), ({"red_size": "abc"}, "red_size"),
     ({"flag_target": "<script>"}, "flag_target"), ({"service_stars": "999"}, "service_stars")],
)  # fmt: skip
def test_bad_rules_come_back_on_the_form(client, alpha, bad, field):
    client.force_login(alpha.users[SUP])
    form = {f: getattr(HonourRules(), f) for f in honours.Rules.__dataclass_fields__}
    form.update({"black_below": "", **bad})
    answer = client.post(url("assessment_honour_rules", alpha), form)
    assert answer.status_code == 400
    assert field in answer.context["form"].errors
    assert not HonourRules.objects.exists()


def test_the_period_and_result_pages_show_the_honours(client, alpha):
    period = scored(alpha)
    client.force_login(alpha.users[VIEW])
    page = client.get(period.get_absolute_url())
    assert b'data-testid="honours-provisional"' in page.content and b'data-testid="flag-card"' not in page.content
    period = publish(alpha, period)
    page = client.get(period.get_absolute_url())
    assert b'data-testid="honours-provisional"' not in page.content and b'data-testid="flag-card"' in page.content
    result = period.results.get(zone=alpha.zones[0])
    page = client.get(url("assessment_result", alpha, pk=result.pk))
    assert page.context["result_honours"] == [HonourKind.RED_FLAG, HonourKind.RED_LIST]
    assert b'data-testid="result-honours"' in page.content
    # the zone lead sees the frozen honours on their own result's page
    client.force_login(alpha.users["lead1"])
    page = client.get(url("assessment_result", alpha, pk=result.pk))
    assert page.status_code == 200 and page.context["result_honours"] == [HonourKind.RED_FLAG, HonourKind.RED_LIST]


def test_a_zone_lead_sees_no_provisional_honours(client, alpha):
    period = scored(alpha)
    period = services.period_open_appeal(
        user=alpha.users[SUP], period=period, deadline=TODAY + dt.timedelta(days=3), today=TODAY
    )
    client.force_login(alpha.users["lead1"])
    page = client.get(period.get_absolute_url())
    assert page.status_code == 200 and b'data-testid="honours"' not in page.content


@pytest.mark.parametrize("who", [ADMIN, LEAD, SUP, VIEW, "lead1", "staff2"])
def test_the_flag_history_for_every_member(client, alpha, who):
    client.force_login(alpha.users[who])
    empty = client.get(url("assessment_flag_history", alpha))
    assert empty.status_code == 200 and b"No month has been published yet" in empty.content
    publish(alpha, scored(alpha))
    page = client.get(url("assessment_flag_history", alpha))
    assert page.status_code == 200
    current = page.content.split(b'data-testid="current-holder"')[1].split(b"</div></div>")[0]
    assert "Z01 alpha责任区1".encode() in current
    assert [m.holders[0].name for m in page.context["months"]] == ["Z01 alpha责任区1"]
    assert page.context["tally"] == [("Z01 alpha责任区1", 1)]


def test_the_flag_history_of_another_hall_is_a_404(client, alpha, beta):
    client.force_login(beta.users[VIEW])
    assert client.get(url("assessment_flag_history", alpha)).status_code == 404


def pdf_text(content: bytes):
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(BytesIO(content))
    return reader, re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def test_the_flag_card_prints_in_chinese_with_names_literal(client, alpha):
    DocumentSettings.objects.create(hall=alpha.hall, issuer_name="鞍山市行政审批局", issuer_code="鞍审批")
    period = scored(alpha, zones=("96", "96"), bases={("zone", 0): "90", ("zone", 1): "90"})  # shared: two pages
    period.results.filter(zone=alpha.zones[0]).update(name=HOSTILE)
    period = publish(alpha, period)
    client.force_login(alpha.users["staff1"])
    answer = client.get(url("assessment_flag_card", alpha, pk=period.pk) + "?download=1")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert (
        answer["Content-Disposition"].startswith("attachment;")
        and "%E6%B5%81%E5%8A%A8" in answer["Content-Disposition"]
    )
    reader, text = pdf_text(answer.content)
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    month = f"{THIS.year}年{THIS.month}月"
    for words in ("流动红旗", "alpha政务服务大厅", month, "鞍山市行政审批局", "Z02alpha责任区2", "96.0"):
        assert words in text, words
    assert re.sub(r"\s+", "", HOSTILE) in text  # the markup printed as text


def test_the_flag_card_only_for_a_published_flag(client, alpha, beta):
    draft = scored(alpha)
    client.force_login(alpha.users[VIEW])
    assert client.get(url("assessment_flag_card", alpha, pk=draft.pk)).status_code == 404
    none = publish(alpha, scored(alpha, starts_on=LAST, zones=("50", "40")))
    assert client.get(url("assessment_flag_card", alpha, pk=none.pk)).status_code == 404
    client.force_login(beta.users[VIEW])
    assert client.get(url("assessment_flag_card", alpha, pk=none.pk)).status_code == 404
    assert client.get(f"/h/{alpha.hall.code}/assessment/99999999999999/flag.pdf").status_code == 404
    assert none.state == PeriodState.PUBLISHED
