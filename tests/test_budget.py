"""The budget (做预算): the need computed from positions and the handbook against what zones have, priced from
the price list; totals per zone, department and item; the states (draft → submitted → approved, sent back with a
reason) and every refusal changing nothing — above all any change after approval; purchases and hand-outs; the
price list's import; who reaches which page (200/403/404); the finance workbook's totals, opened by openpyxl and
converted by LibreOffice."""

from __future__ import annotations

import io
import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from PIL import Image

from hallkeeper.accounts.choices import Role
from hallkeeper.budget import services
from hallkeeper.budget import survey as arithmetic
from hallkeeper.budget.exports import capitals
from hallkeeper.budget.models import HandOut, PriceItem, Purchase, Survey, SurveyLine
from hallkeeper.core.models import Event

from .budget_data import DAY, ZONE1_TOTAL, ZONE2_TOTAL, item, price_list, survey_in
from .factories import make_hall
from .inspection_data import add_service_window
from .standards_data import install_tiny_handbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ADMIN, LEAD, SUP, VIEWER = Role.ADMIN, Role.LEADERSHIP, Role.SUPERVISION, Role.VIEWER


@pytest.fixture
def small():
    small = make_hall("alpha")
    install_tiny_handbook(small.hall)
    add_service_window(small, 0)
    return small


def lines_of(survey) -> dict[tuple[str, str], SurveyLine]:
    return {(line.zone.code, line.name): line for line in survey.lines.select_related("zone")}


def state_of(survey):
    """Everything a refusal must leave as it was."""
    survey.refresh_from_db()
    return (
        survey.state,
        sorted(survey.lines.values_list("pk", "required", "has", "unit_price")),
        Purchase.objects.count(),
        HandOut.objects.count(),
    )


# -- the arithmetic -----------------------------------------------------------------------------------------


def test_the_requirement_reads_standards_then_layouts_then_the_items_own_rule():
    rules = [
        arithmetic.ItemRule(1, "评价器"),
        arithmetic.ItemRule(2, "暂停服务牌"),
        arithmetic.ItemRule(3, "文具整理盒", "drawer", 1),
    ]
    standards = {("counter", "评价器"): 1}
    layouts = {("counter", "评价器"): 5, ("counter", "暂停服务牌"): 2}
    positions = [(10, "counter"), (10, "counter"), (10, "drawer"), (11, "desk")]
    assert arithmetic.required_by_zone(positions, rules, standards, layouts) == {
        (10, 1): 2,  # the standard quantity wins over the layout
        (10, 2): 4,  # no standard: the layout's slots
        (10, 3): 1,  # the item's own rule: one per drawer
    }
    assert arithmetic.need(3, 5) == 0 and arithmetic.need(5, 3) == 2


@pytest.mark.parametrize(
    "amount, words",
    [
        ("0", "零元整"),
        ("1234.50", "壹仟贰佰叁拾肆元伍角整"),
        ("10005", "壹万零伍元整"),
        ("1001.07", "壹仟零壹元零柒分"),
    ],
)
def test_amounts_in_capitals(amount, words):
    assert capitals(D(amount)) == words


# -- the survey ---------------------------------------------------------------------------------------------


def test_a_survey_computes_each_zones_need_and_prices_it(small):
    survey = survey_in(small)
    lines = lines_of(survey)
    assert {k: (v.required, v.need, v.amount) for k, v in lines.items()} == {
        ("Z01", "文具整理盒"): (1, 1, D("18.50")),
        ("Z01", "抽屉隔板"): (3, 3, D("12.60")),
        ("Z01", "暂停服务牌"): (1, 1, D("35.00")),  # from the handbook's standard quantity of a counter
        ("Z01", "定位标签"): (2, 2, D("3.00")),
        ("Z02", "定位标签"): (1 * 2, 2, D("3.00")),
    }
    assert survey.version is not None and survey.state == "draft"
    assert Event.objects.filter(verb="budget_survey.created", object_id=survey.pk).exists()


def test_totals_per_zone_department_and_item(small, client):
    from hallkeeper.org.models import Unit

    unit = Unit.objects.create(hall=small.hall, code="U1", name="市场准入科")
    small.zones[0].units.add(unit)
    survey = survey_in(small)
    client.force_login(small.users[ADMIN])
    page = client.get(survey.get_absolute_url())
    view = page.context["view"]
    assert {g.label: g.amount for g in view.by_zone} == {
        str(small.zones[0]): ZONE1_TOTAL,
        str(small.zones[1]): ZONE2_TOTAL,
    }
    assert {g.label: g.amount for g in view.by_department}["市场准入科"] == ZONE1_TOTAL
    assert {g.label: g.need for g in view.by_item}["定位标签"] == 4
    assert view.total == ZONE1_TOTAL + ZONE2_TOTAL


def test_the_zone_lead_counts_their_own_zone_and_the_need_drops(small):
    survey = survey_in(small)
    lines = lines_of(survey)
    label, box = lines[("Z01", "定位标签")], lines[("Z01", "文具整理盒")]
    services.counts_save(
        user=small.users["lead1"], survey=survey, zone=small.zones[0], counts={label.pk: 5, box.pk: "0"}
    )
    label.refresh_from_db()
    assert (label.has, label.need, label.amount, label.confirmed_by) == (5, 0, D("0.00"), small.users["lead1"])
    before = state_of(survey)
    with pytest.raises(PermissionDenied):
        services.counts_save(user=small.users["lead2"], survey=survey, zone=small.zones[0], counts={label.pk: 1})
    with pytest.raises(ValidationError) as refused:  # a line of another zone smuggled in
        services.counts_save(
            user=small.users["lead1"], survey=survey, zone=small.zones[0], counts={lines[("Z02", "定位标签")].pk: 1}
        )
    assert refused.value.code == "line"
    assert state_of(survey) == before


@pytest.mark.parametrize("value, code", [(-1, "negative"), ("-3", "negative"), ("x", "invalid"), (10**9, "too_large")])
def test_a_bad_count_is_refused_and_nothing_changes(small, value, code):
    survey = survey_in(small)
    lines = lines_of(survey)
    label, box = lines[("Z01", "定位标签")], lines[("Z01", "文具整理盒")]
    before = state_of(survey)
    with pytest.raises(ValidationError) as refused:
        services.counts_save(
            user=small.users["lead1"], survey=survey, zone=small.zones[0], counts={box.pk: 1, label.pk: value}
        )
    assert refused.value.code == code and f"has_{label.pk}" in refused.value.error_dict
    assert state_of(survey) == before


@pytest.mark.parametrize(
    "data, field, code",
    [
        ({"unit_price": "-1"}, "unit_price", "negative"),
        ({"unit_price": "abc"}, "unit_price", "invalid"),
        ({"unit_price": "1.005"}, "unit_price", "precision"),
        ({"name": " "}, "name", "required"),
        ({"name": "文具整理盒"}, "name", "duplicate"),
        ({"per_position": -2, "position_kind": "drawer"}, "per_position", "negative"),
        ({"position_kind": "drawer", "per_position": 0}, "per_position", "pair"),
    ],
)
def test_a_bad_price_list_row_is_refused(small, data, field, code):
    price_list(small)
    before = list(PriceItem.objects.values_list("pk", "name", "unit_price"))
    row = {"name": "新物品", "unit": "个", "unit_price": "2.00", **data}
    with pytest.raises(ValidationError) as refused:
        services.price_item_save(user=small.users[ADMIN], hall=small.hall, data=row)
    assert refused.value.code == code and field in refused.value.error_dict
    assert list(PriceItem.objects.values_list("pk", "name", "unit_price")) == before


def test_only_the_keepers_change_the_price_list(small):
    for role in (SUP, VIEWER, "lead1"):
        with pytest.raises(PermissionDenied):
            services.price_item_save(user=small.users[role], hall=small.hall, data={"name": "x", "unit": "个",
                                                                                    "unit_price": "1"})  # fmt: skip
    assert not PriceItem.objects.exists()


def test_a_survey_needs_a_price_list(small):
    with pytest.raises(ValidationError) as refused:
        services.survey_create(user=small.users[ADMIN], hall=small.hall, title="预算", surveyed_on=DAY)
    assert refused.value.code == "prices" and not Survey.objects.exists()


def test_approval_freezes_the_survey(small):
    survey = survey_in(small, "submitted")
    with pytest.raises(PermissionDenied):
        services.survey_approve(user=small.users[ADMIN], survey=survey)
    survey = services.survey_approve(user=small.users[LEAD], survey=survey)
    assert survey.state == "approved" and survey.approved_by == small.users[LEAD]
    price = item(small, "文具整理盒")
    services.price_item_save(
        user=small.users[ADMIN],
        hall=small.hall,
        item=price,
        data={"name": price.name, "unit": "个", "unit_price": "99"},
    )
    before = state_of(survey)
    line = lines_of(survey)[("Z01", "定位标签")]
    attempts = [
        lambda: services.counts_save(
            user=small.users["lead1"], survey=survey, zone=small.zones[0], counts={line.pk: 1}
        ),
        lambda: services.survey_recompute(user=small.users[ADMIN], survey=survey),
        lambda: services.survey_submit(user=small.users[ADMIN], survey=survey),
        lambda: services.survey_reject(user=small.users[LEAD], survey=survey, reason="再议"),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert refused.value.code == "approved"
        assert "approved: its lines are frozen" in refused.value.messages[0]
    assert state_of(survey) == before  # the new price did not reach the approved lines either


def test_sent_back_with_a_reason_then_recomputed_keeping_the_counts(small):
    survey = survey_in(small, "submitted")
    before = state_of(survey)
    with pytest.raises(ValidationError) as refused:
        services.survey_reject(user=small.users[LEAD], survey=survey, reason="  ")
    assert "reason" in refused.value.error_dict and state_of(survey) == before
    with pytest.raises(ValidationError):  # a submitted survey takes no counts
        services.counts_save(user=small.users["lead1"], survey=survey, zone=small.zones[0], counts={})
    survey = services.survey_reject(user=small.users[LEAD], survey=survey, reason="隔板单价偏高")
    assert (survey.state, survey.rejection_reason) == ("draft", "隔板单价偏高")
    label = lines_of(survey)[("Z01", "定位标签")]
    services.counts_save(user=small.users["lead1"], survey=survey, zone=small.zones[0], counts={label.pk: 1})
    divider = item(small, "抽屉隔板")
    services.price_item_save(
        user=small.users[ADMIN], hall=small.hall, item=divider,
        data={"name": divider.name, "unit": "块", "unit_price": "3.80", "position_kind": "drawer", "per_position": 3},
    )  # fmt: skip
    services.survey_recompute(user=small.users[ADMIN], survey=survey)
    lines = lines_of(survey)
    assert lines[("Z01", "抽屉隔板")].amount == D("11.40") and lines[("Z01", "定位标签")].has == 1


def test_purchases_and_hand_outs_track_the_approved_survey(small):
    draft = survey_in(small)
    box = item(small, "文具整理盒")
    with pytest.raises(ValidationError) as refused:
        services.purchase_record(user=small.users[ADMIN], survey=draft, item=box, quantity=1, amount=1, bought_on=DAY)
    assert refused.value.code == "not_approved"
    survey = services.survey_approve(user=small.users[LEAD], survey=services.survey_submit(user=small.users[ADMIN],
                                                                                            survey=draft))  # fmt: skip
    for bad, field in (({"quantity": 0}, "quantity"), ({"amount": "-5"}, "amount"), ({"quantity": -1}, "quantity")):
        values = {"quantity": 2, "amount": "37.00", **bad}
        with pytest.raises(ValidationError) as refused:
            services.purchase_record(user=small.users[ADMIN], survey=survey, item=box, bought_on=DAY, **values)
        assert field in refused.value.error_dict
    assert not Purchase.objects.exists()
    with pytest.raises(PermissionDenied):
        services.purchase_record(user=small.users["lead1"], survey=survey, item=box, quantity=1, amount=1,
                                 bought_on=DAY)  # fmt: skip
    services.purchase_record(
        user=small.users[ADMIN], survey=survey, item=box, quantity=2, amount="37.00", bought_on=DAY
    )
    zone = small.zones[0]
    hand = {"user": small.users[ADMIN], "survey": survey, "zone": zone, "item": box, "handed_on": DAY}
    with pytest.raises(ValidationError) as refused:
        services.handout_record(quantity=3, received_by="责任人", **hand)
    assert refused.value.code == "stock" and "Only 2 in stock" in refused.value.messages[0]
    with pytest.raises(ValidationError) as refused:
        services.handout_record(quantity=1, received_by=" ", **hand)
    assert "received_by" in refused.value.error_dict
    services.handout_record(quantity=1, received_by="alpha责任人1", **hand)
    assert HandOut.objects.count() == 1
    progress = {p.name: p for p in arithmetic.progress(survey.lines.all(), survey.purchases.select_related("item"),
                                                        survey.handouts.select_related("item"))}  # fmt: skip
    row = progress["文具整理盒"]
    assert (row.needed, row.bought, row.spent, row.handed_out, row.to_buy, row.in_stock) == (1, 2, D("37.00"), 1, 0, 1)
    assert progress["抽屉隔板"].to_buy == 3


@pytest.mark.parametrize(
    ("quantity", "code"), [(0, "too_small"), (-2, "negative"), ("-1", "negative"), ("两个", "invalid")]
)
def test_a_hand_out_of_no_or_a_negative_quantity_is_refused(small, quantity, code):
    survey = survey_in(small, "approved")
    box = item(small, "文具整理盒")
    services.purchase_record(user=small.users[ADMIN], survey=survey, item=box, quantity=2, amount="37.00",
                             bought_on=DAY)  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.handout_record(user=small.users[ADMIN], survey=survey, zone=small.zones[0], item=box,
                                quantity=quantity, received_by="责任人", handed_on=DAY)  # fmt: skip
    assert "quantity" in refused.value.error_dict and refused.value.code == code
    assert not HandOut.objects.exists()


def test_the_purchase_page_refuses_a_negative_amount_or_quantity_on_its_field(small, client):
    survey = survey_in(small, "approved")
    box = item(small, "文具整理盒")
    client.force_login(small.users[ADMIN])
    for bad, field in (({"amount": "-18.50"}, "amount"), ({"quantity": "-1"}, "quantity"), ({"quantity": "0"},
                                                                                            "quantity")):  # fmt: skip
        values = {"item": box.pk, "quantity": 1, "amount": "18.50", "bought_on": "2026-07-05", **bad}
        response = client.post(url(small, "budget_purchase_new", survey.pk), values)
        assert response.status_code == 400 and response.context["form"].errors[field]
    assert not Purchase.objects.exists()


def test_the_has_counts_start_from_the_latest_inspection(small):
    from hallkeeper.inspections import services as inspections
    from hallkeeper.standards.models import QuantityStandard

    from .inspection_data import answer, start

    counter = small.zones[0].positions.get(kind="counter")
    inspection = start(small)
    standard = QuantityStandard.objects.get(version=inspection.version, position_kind="counter", item="暂停服务牌")
    inspections.count_record(
        user=inspection.inspector, inspection=inspection, position=counter, standard=standard, counted=1
    )
    answer(inspection)
    inspections.inspection_submit(user=inspection.inspector, inspection=inspection)
    line = lines_of(survey_in(small))[("Z01", "暂停服务牌")]
    assert (line.has, line.need, line.has_from_inspection) == (1, 0, True)


# -- the import ---------------------------------------------------------------------------------------------


def xlsx(rows) -> SimpleUploadedFile:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("prices.xlsx", out.getvalue())


def test_the_price_list_imports_all_or_nothing(small):
    price_list(small)
    header = ["品名", "规格", "单位", "单价", "供应商", "备注"]
    bad = xlsx(
        [header, ["文具整理盒", "四格", "个", 19.8, "", ""], ["桌牌", "", "个", -2, "", ""], ["", "", "", 1, "", ""]]
    )
    result = services.price_list_import(user=small.users[ADMIN], hall=small.hall, file=bad)
    assert not result.ok and {e.row for e in result.errors} == {3, 4}
    assert item(small, "文具整理盒").unit_price == D("18.50") and not PriceItem.objects.filter(name="桌牌").exists()
    good = xlsx([header, ["文具整理盒", "四格", "个", 19.8, "", ""], ["桌牌", "", "个", 12, "", "双面"]])
    result = services.price_list_import(user=small.users[ADMIN], hall=small.hall, file=good)
    assert (result.ok, result.created, result.updated) == (True, 1, 1)
    box = item(small, "文具整理盒")
    assert (box.unit_price, box.per_position, box.position_kind) == (D("19.80"), 1, "drawer")  # its rule kept


# -- pages ----------------------------------------------------------------------------------------------------


def url(small, name, *args):
    return reverse(name, args=[small.hall.code, *args])


def test_who_reaches_which_page(small, client):
    survey = survey_in(small)
    z1, z2 = small.zones
    expected = {
        # role: (list, prices, new survey, survey, counts zone 1, counts zone 2, export)
        ADMIN: (200, 200, 200, 200, 200, 200, 200),
        LEAD: (200, 200, 200, 200, 200, 200, 200),
        SUP: (200, 200, 403, 200, 403, 403, 200),
        VIEWER: (200, 200, 403, 200, 403, 403, 200),
        "lead1": (200, 200, 403, 200, 200, 404, 403),
        "staff1": (200, 200, 403, 404, 404, 404, 404),
    }
    for role, codes in expected.items():
        client.force_login(small.users[role])
        got = tuple(
            client.get(u).status_code
            for u in (
                url(small, "budget_home"),
                url(small, "budget_prices"),
                url(small, "budget_survey_new"),
                url(small, "budget_survey", survey.pk),
                url(small, "budget_counts", survey.pk, z1.pk),
                url(small, "budget_counts", survey.pk, z2.pk),
                url(small, "budget_export", survey.pk),
            )
        )
        assert got == codes, role
    beta = make_hall("beta")
    client.force_login(beta.users[ADMIN])
    assert client.get(url(small, "budget_survey", survey.pk)).status_code == 404
    assert client.get(reverse("budget_survey", args=[beta.hall.code, survey.pk])).status_code == 404
    assert client.get(reverse("budget_survey", args=[beta.hall.code, 2**63])).status_code == 404


def test_a_zone_lead_sees_only_their_zones_lines(small, client):
    survey = survey_in(small)
    client.force_login(small.users["lead1"])
    page = client.get(url(small, "budget_survey", survey.pk))
    assert {line.zone_id for line in page.context["view"].lines} == {small.zones[0].pk}
    assert page.context["view"].total == ZONE1_TOTAL
    assert "approve" not in page.content.decode().lower() or not page.context["can_review"]


def test_the_counts_form_refuses_a_negative_count_on_the_field(small, client):
    survey = survey_in(small)
    line = lines_of(survey)[("Z01", "定位标签")]
    client.force_login(small.users["lead1"])
    counts_url = url(small, "budget_counts", survey.pk, small.zones[0].pk)
    fields = {f"has_{pk}": 0 for pk in survey.lines.filter(zone=small.zones[0]).values_list("pk", flat=True)}
    response = client.post(counts_url, {**fields, f"has_{line.pk}": -4})
    assert response.status_code == 400
    assert "cannot be negative" in str(response.context["form"].errors[f"has_{line.pk}"])
    line.refresh_from_db()
    assert line.has == 0 and line.confirmed_at is None
    response = client.post(counts_url, {**fields, f"has_{line.pk}": 2})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.has == 2


def test_steps_through_the_pages_and_refusals_as_messages(small, client):
    survey = survey_in(small)
    action = lambda name: url(small, "budget_survey_action", survey.pk, name)  # noqa: E731
    client.force_login(small.users[VIEWER])
    assert client.post(action("submit")).status_code == 403
    client.force_login(small.users[ADMIN])
    assert client.post(action("submit")).status_code == 302
    assert client.post(action("approve")).status_code == 403
    client.force_login(small.users[LEAD])
    client.post(action("approve"))
    survey.refresh_from_db()
    assert survey.state == "approved"
    page = client.post(action("recompute"), follow=True)
    assert "lines are frozen" in page.content.decode()
    assert client.post(action("nonsense")).status_code == 404


def test_a_purchase_with_its_invoice_photo(small, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    survey = survey_in(small, "approved")
    box = item(small, "文具整理盒")
    photo = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(photo, "PNG")
    client.force_login(small.users[ADMIN])
    response = client.post(
        url(small, "budget_purchase_new", survey.pk),
        {"item": box.pk, "quantity": 1, "amount": "18.50", "bought_on": "2026-07-05", "supplier": "鞍山文具商行",
         "evidence": SimpleUploadedFile("invoice.png", photo.getvalue())},
    )  # fmt: skip
    assert response.status_code == 302
    purchase = Purchase.objects.get()
    assert purchase.evidence.name
    assert client.get(url(small, "budget_evidence", purchase.pk)).status_code == 200
    response = client.post(
        url(small, "budget_purchase_new", survey.pk),
        {"item": box.pk, "quantity": 1, "amount": "1", "bought_on": "2026-07-05",
         "evidence": SimpleUploadedFile("invoice.png", b"not a picture")},
    )  # fmt: skip
    assert response.status_code == 400 and Purchase.objects.count() == 1
    assert response.context["form"].errors["evidence"]
    client.force_login(small.users["lead1"])
    assert client.get(url(small, "budget_evidence", purchase.pk)).status_code == 404


# -- the workbook ---------------------------------------------------------------------------------------------


def workbook_of(client, small, survey):
    client.force_login(small.users[LEAD])
    response = client.get(url(small, "budget_export", survey.pk))
    assert response.status_code == 200
    return response.content


def totals_row(sheet):
    return next(row for row in sheet.iter_rows(values_only=True) if row[0] == "合计")


def test_the_finance_workbook_adds_up(small, client):
    survey = survey_in(small, "approved")
    book = load_workbook(io.BytesIO(workbook_of(client, small, survey)))
    assert len(book.sheetnames) == 3
    total = ZONE1_TOTAL + ZONE2_TOTAL
    for sheet in book.worksheets:
        assert sheet["A1"].value == f"{small.hall.display_name}文具整理盒、隔板购置预算"
        assert [c.value for c in sheet[3]] == ["序号", "品名", "规格", "单位", "数量", "单价", "金额", "备注"]
        assert D(str(totals_row(sheet)[6])).quantize(D("0.01")) == total
        assert totals_row(sheet)[7] == capitals(total)
        rows = list(sheet.iter_rows(values_only=True))
        assert ("经办人：", None, None, "审核人：", None, None, "审批人：", None) in rows
    by_item = book.worksheets[0]
    items = {row[1]: row for row in by_item.iter_rows(min_row=4, values_only=True) if isinstance(row[0], int)}
    assert items["定位标签"][4:7] == (4, 1.5, 6)
    assert sum(D(str(row[6])) for row in items.values()) == total
    by_zone = book.worksheets[1]
    subtotals = [D(str(row[6])).quantize(D("0.01")) for row in by_zone.iter_rows(values_only=True) if row[0] == "小计"]
    assert subtotals == [ZONE1_TOTAL, ZONE2_TOTAL]


def test_libreoffice_opens_the_workbook(small, client, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the workbook was not converted")
    if not (Path(soffice).resolve().parent / "libsclo.so").exists():
        pytest.skip("LibreOffice Calc is not installed (Debian: libreoffice-calc-nogui): nothing converted")
    path = tmp_path / "budget.xlsx"
    path.write_bytes(workbook_of(client, small, survey_in(small, "approved")))
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    assert (tmp_path / "budget.pdf").read_bytes().startswith(b"%PDF")


# -- the demo ------------------------------------------------------------------------------------------------


def test_the_demo_plays_the_plans_budget_through_the_services(small):
    import datetime as dt

    from hallkeeper.demo.budget import play_budget

    line = play_budget(small.hall, today=dt.date(2026, 12, 3))
    survey = Survey.objects.get(hall=small.hall)
    assert survey.state == "approved" and survey.approved_at.date() == dt.date(2026, 7, 8)
    assert survey.surveyed_on == dt.date(2026, 7, 3) and "2026年7月8日" in line
    assert Event.objects.filter(verb="budget_survey.approved", object_id=survey.pk).get().created_at.month == 7
    assert Purchase.objects.filter(survey=survey).exists() and HandOut.objects.filter(survey=survey).exists()
    assert play_budget(small.hall) == "预算：已有调查摸底，保持不变。"
