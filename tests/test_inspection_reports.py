"""The read side of inspections: lists and exports, the report, the PDF, zone and window history."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from hallkeeper.inspections import services
from hallkeeper.inspections.choices import InspectionKind, ItemResult
from hallkeeper.inspections.models import Finding, Inspection
from hallkeeper.places.choices import PositionKind

from .factories import PositionFactory
from .inspection_data import answer, start, submitted
from .standards_data import install_tiny_handbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def url(name, small, **kw):
    return reverse(name, kwargs={"hall": small.hall.code, **kw})


@pytest.fixture
def hall(alpha, settings, tmp_path):
    """alpha with the tiny handbook and a drawer at each window, so two rules apply in each zone:
    seal-locked (major, 1 per occurrence, no cap) and exit-clear (veto, 2, capped at 2)."""
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    for zone, window in zip(alpha.zones, alpha.windows, strict=True):
        PositionFactory(hall=alpha.hall, zone=zone, window=window, kind=PositionKind.DRAWER, code=f"DR-{zone.code}")
    return alpha


def backdate(inspection, days: int):
    at = timezone.now() - timedelta(days=days)
    Inspection.objects.filter(pk=inspection.pk).update(started_at=at - timedelta(minutes=20), submitted_at=at)
    Finding.objects.filter(inspection=inspection).update(found_at=at)


def jpeg(colour="red") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (640, 480), colour).save(buffer, format="JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def rows(response, testid):
    return response.content.decode().count(f'data-testid="{testid}"')


# -- the inspection list -------------------------------------------------------------


def test_list_shows_inspections_and_filters_them(client, hall):
    patrol = submitted(hall, fails={"seal-locked": 3})
    submitted(hall, user_key="lead2", zone_index=1, kind=InspectionKind.SELF_CHECK)
    start(hall, zone_index=1)  # a draft of the supervision group
    client.force_login(hall.users["admin"])

    response = client.get(url("inspection_list", hall))
    assert response.status_code == 200
    assert rows(response, "inspection-row") == 3

    assert rows(client.get(url("inspection_list", hall), {"kind": "patrol"}), "inspection-row") == 2
    assert rows(client.get(url("inspection_list", hall), {"status": "draft"}), "inspection-row") == 1
    by_zone = client.get(url("inspection_list", hall), {"zone": hall.zones[0].pk})
    assert rows(by_zone, "inspection-row") == 1 and "97.0" in by_zone.content.decode()
    assert rows(client.get(url("inspection_list", hall), {"grade": "excellent"}), "inspection-row") == 2
    assert rows(client.get(url("inspection_list", hall), {"inspector": hall.users["lead2"].pk}), "inspection-row") == 1
    backdate(patrol, 10)
    recent = client.get(url("inspection_list", hall), {"date_from": (timezone.localdate() - timedelta(days=2))})
    assert rows(recent, "inspection-row") == 2
    old = client.get(url("inspection_list", hall), {"date_to": (timezone.localdate() - timedelta(days=5))})
    assert rows(old, "inspection-row") == 1


def test_empty_list_says_how_to_start(client, hall):
    client.force_login(hall.users["supervision"])
    response = client.get(url("inspection_list", hall))
    body = response.content.decode()
    assert 'data-testid="empty"' in body
    assert url("inspection_start", hall) in body and url("plan_list", hall) in body


def test_list_export_has_inspections_and_item_results(client, hall):
    first = submitted(hall, fails={"seal-locked": 2})
    submitted(hall, zone_index=1)
    client.force_login(hall.users["leadership"])

    response = client.get(url("inspection_list", hall), {"zone": hall.zones[0].pk, "export": "xlsx"})
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content))
    assert len(wb.sheetnames) == 2
    inspections, items = wb.worksheets
    assert inspections.max_row == 2  # the header and the one inspection of zone 1
    header = [c.value for c in inspections[1]]
    assert inspections.cell(row=2, column=header.index("Score") + 1).value == 98
    item_header = [c.value for c in items[1]]
    item_rows = [dict(zip(item_header, (c.value for c in row), strict=True)) for row in items.iter_rows(min_row=2)]
    assert {r["Inspection no."] for r in item_rows} == {first.pk}
    failed = [r for r in item_rows if r["Rule code"] == "1.1.2"]
    assert failed and failed[0]["Occurrences"] == 2 and failed[0]["Deduction"] == 2
    assert {r["Result"] for r in item_rows} == {"Fail", "Pass"}


def test_list_query_count_does_not_grow_with_rows(client, hall):
    client.force_login(hall.users["admin"])
    for _n in range(3):
        submitted(hall, fails={"seal-locked": 1})
    with CaptureQueriesContext(connection) as few:
        client.get(url("inspection_list", hall))
    for _n in range(9):
        submitted(hall, zone_index=1, windows=[hall.windows[1]])
    with CaptureQueriesContext(connection) as many:
        client.get(url("inspection_list", hall))
    assert len(many) == len(few)


def test_list_scoping(client, hall, beta):
    submitted(hall, zone_index=0)
    submitted(hall, zone_index=1)
    client.force_login(hall.users["lead1"])
    response = client.get(url("inspection_list", hall))
    assert rows(response, "inspection-row") == 1 and hall.zones[0].name in response.content.decode()

    client.force_login(hall.users["staff1"])  # staffs a window of zone 1: zone patrols are not theirs
    assert rows(client.get(url("inspection_list", hall)), "inspection-row") == 0
    submitted(hall, zone_index=0, windows=[hall.windows[0]])  # a check of their window
    response = client.get(url("inspection_list", hall))
    assert rows(response, "inspection-row") == 1 and hall.zones[1].name not in response.content.decode()

    client.force_login(beta.users["admin"])
    assert client.get(url("inspection_list", hall)).status_code == 404


# -- findings ----------------------------------------------------------------------


def test_finding_list_filters_photos_and_export(client, hall):
    draft = answer(start(hall))
    item = draft.items.get(rule__key="seal-locked")
    services.item_answer(
        user=draft.inspector, item=item, result=ItemResult.FAIL, occurrences=2, note="印章未锁", window=hall.windows[0]
    )
    photo = services.photo_add(user=draft.inspector, item=item, file=jpeg())
    services.inspection_submit(user=draft.inspector, inspection=draft)
    submitted(hall, zone_index=1, fails={"exit-clear": 1}, kind=InspectionKind.ACCEPTANCE)
    client.force_login(hall.users["viewer"])

    response = client.get(url("finding_list", hall))
    body = response.content.decode()
    assert rows(response, "finding-row") == 2
    assert url("inspection_photo_thumb", hall, pk=photo.pk) in body and "印章未锁" in body
    assert rows(client.get(url("finding_list", hall), {"severity": "veto"}), "finding-row") == 1
    assert rows(client.get(url("finding_list", hall), {"rule": "印章"}), "finding-row") == 1
    assert rows(client.get(url("finding_list", hall), {"window": hall.windows[0].pk}), "finding-row") == 1
    assert rows(client.get(url("finding_list", hall), {"kind": "acceptance"}), "finding-row") == 1

    export = client.get(url("finding_list", hall), {"export": "xlsx", "severity": "major"})
    sheet = load_workbook(BytesIO(export.content)).active
    assert sheet.max_row == 2 and "印章未锁" in [c.value for c in sheet[2]]

    client.force_login(hall.users["lead2"])
    response = client.get(url("finding_list", hall))
    assert rows(response, "finding-row") == 1 and "印章未锁" not in response.content.decode()


# -- the report ----------------------------------------------------------------------


def test_report_shows_score_grade_and_findings(client, hall):
    inspection = submitted(hall, fails={"seal-locked": 3})
    client.force_login(hall.users["lead1"])
    response = client.get(url("inspection_detail", hall, pk=inspection.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'data-testid="score">\s*97\.0', body)
    assert 'data-testid="grade"' in body and "Excellent" in body
    assert rows(response, "finding") == 1 and "1.1.2" in body and "印章离岗加锁" in body
    assert "3 × 1.0" in body and "−3.0" in body and "of 70.0 points" in body  # lost of the rule's own points
    assert rows(response, "item") == 2
    assert url("inspection_pdf", hall, pk=inspection.pk) in body
    assert url("zone_history", hall, pk=hall.zones[0].pk) in body
    assert 'data-testid="start-retake"' not in body
    assert "Submitted the inspection" in body  # the timeline


def test_draft_sends_its_inspector_to_capture_and_tells_others_it_is_in_progress(client, hall):
    draft = start(hall)
    client.force_login(hall.users["supervision"])
    response = client.get(url("inspection_detail", hall, pk=draft.pk))
    assert response.status_code == 302 and response["Location"] == url("inspection_capture", hall, pk=draft.pk)
    client.force_login(hall.users["leadership"])
    response = client.get(url("inspection_detail", hall, pk=draft.pk))
    assert response.status_code == 200 and 'data-testid="in-progress"' in response.content.decode()
    assert client.get(url("inspection_pdf", hall, pk=draft.pk)).status_code == 302


def test_failed_acceptance_offers_re_acceptance_and_links_the_chain(client, hall):
    first = submitted(hall, fails={"exit-clear": 1}, kind=InspectionKind.ACCEPTANCE)
    assert first.passed is False and first.veto_failed
    client.force_login(hall.users["leadership"])
    body = client.get(url("inspection_detail", hall, pk=first.pk)).content.decode()
    assert 'data-testid="start-retake"' in body and f"retake_of={first.pk}" in body
    client.force_login(hall.users["viewer"])  # may not inspect: no button
    assert 'data-testid="start-retake"' not in client.get(url("inspection_detail", hall, pk=first.pk)).content.decode()

    retake = submitted(hall, kind=InspectionKind.ACCEPTANCE, user_key="leadership", retake_of=first)
    client.force_login(hall.users["leadership"])
    body = client.get(url("inspection_detail", hall, pk=first.pk)).content.decode()
    assert 'data-testid="start-retake"' not in body and retake.get_absolute_url() in body
    assert first.get_absolute_url() in client.get(retake.get_absolute_url()).content.decode()


def test_report_scoping(client, hall, beta):
    inspection = submitted(hall, zone_index=0)
    client.force_login(hall.users["lead2"])
    assert client.get(url("inspection_detail", hall, pk=inspection.pk)).status_code == 404
    assert client.get(url("inspection_pdf", hall, pk=inspection.pk)).status_code == 404
    client.force_login(hall.users["staff1"])  # window staff: not a patrol of the whole zone, but of their window
    assert client.get(url("inspection_detail", hall, pk=inspection.pk)).status_code == 404
    of_window = submitted(hall, zone_index=0, windows=[hall.windows[0]])
    assert client.get(url("inspection_detail", hall, pk=of_window.pk)).status_code == 200
    client.force_login(beta.users["admin"])
    assert client.get(url("inspection_detail", hall, pk=inspection.pk)).status_code == 404


def test_pdf_is_valid_and_carries_chinese_text_and_photos(client, hall):
    draft = start(hall)
    item = draft.items.get(rule__key="seal-locked")
    answer(draft, fails={"seal-locked": 2})
    services.photo_add(user=draft.inspector, item=item, file=jpeg())
    inspection = services.inspection_submit(user=draft.inspector, inspection=draft)
    client.force_login(hall.users["admin"])

    response = client.get(url("inspection_pdf", hall, pk=inspection.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF")
    reader = PdfReader(BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert hall.zones[0].name in text and "印章离岗加锁" in text and "安全出口畅通" in text
    assert "98.0" in text
    assert any(page.images for page in reader.pages)  # the photo is embedded


# -- zone and window history ---------------------------------------------------------------


def trend_of(response):
    match = re.search(r'<script id="trend-data" type="application/json">(.*?)</script>', response.content.decode())
    return json.loads(match.group(1))


def test_zone_history_trend_and_top_failed_rules(client, hall):
    a = submitted(hall, fails={"seal-locked": 3})
    b = submitted(hall, fails={"seal-locked": 1, "exit-clear": 1})
    c = submitted(hall, user_key="lead1", kind=InspectionKind.SELF_CHECK, fails={"seal-locked": 2})
    old = submitted(hall, fails={"exit-clear": 1})
    backdate(a, 3)
    backdate(b, 2)
    backdate(c, 1)
    backdate(old, 200)  # outside the default 90 days
    submitted(hall, zone_index=1, fails={"exit-clear": 1})  # another zone
    client.force_login(hall.users["supervision"])

    response = client.get(url("zone_history", hall, pk=hall.zones[0].pk))
    assert response.status_code == 200
    trend = trend_of(response)
    series = {s["kind"]: s["points"] for s in trend["series"]}
    assert [p[1] for p in series["patrol"]] == [97.0, 97.0]
    assert [p[1] for p in series["self_check"]] == [98.0]
    assert trend["pass_line"] == 90.0
    assert rows(response, "history-row") == 3
    top = re.findall(r'data-testid="top-rule">.*?</tr>', response.content.decode(), re.S)
    assert "1.1.2" in top[0] and ">3<" in top[0] and "−6.0" in top[0]
    assert "2.1.1" in top[1] and ">1<" in top[1] and "−2.0" in top[1]
    assert 'data-testid="summary-total">3<' in response.content.decode()

    year = client.get(
        url("zone_history", hall, pk=hall.zones[0].pk),
        {"date_from": timezone.localdate() - timedelta(days=300), "kind": "patrol"},
    )
    assert [p[1] for p in trend_of(year)["series"][0]["points"]] == [98.0, 97.0, 97.0]
    assert rows(year, "history-row") == 3


def test_zone_history_shows_latest_acceptance(client, hall):
    submitted(hall, fails={"exit-clear": 1}, kind=InspectionKind.ACCEPTANCE)
    client.force_login(hall.users["lead1"])
    body = client.get(url("zone_history", hall, pk=hall.zones[0].pk)).content.decode()
    assert 'data-testid="latest-acceptance"' in body and "failed" in body


def test_zone_history_scoping(client, hall, beta):
    zone = hall.zones[0]
    client.force_login(hall.users["lead2"])
    assert client.get(url("zone_history", hall, pk=zone.pk)).status_code == 404
    client.force_login(hall.users["lead1"])
    assert client.get(url("zone_history", hall, pk=zone.pk)).status_code == 200
    client.force_login(hall.users["staff1"])  # window staff do not see zones
    assert client.get(url("zone_history", hall, pk=zone.pk)).status_code == 404
    client.force_login(beta.users["admin"])
    assert client.get(url("zone_history", hall, pk=zone.pk)).status_code == 404


def test_window_history_for_window_staff(client, hall):
    window = hall.windows[0]
    whole = submitted(hall, fails={"seal-locked": 1})
    draft = start(hall, windows=[window])
    item = draft.items.get(rule__key="seal-locked")
    answer(draft)
    services.item_answer(user=draft.inspector, item=item, result=ItemResult.FAIL, occurrences=2, window=window)
    at_window = services.inspection_submit(user=draft.inspector, inspection=draft)
    submitted(hall, zone_index=1)  # another zone
    client.force_login(hall.users["staff1"])

    response = client.get(url("window_history", hall, pk=window.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert rows(response, "history-row") == 1  # the zone patrol naming no window is the zone lead's business
    assert whole.get_absolute_url() not in body and at_window.get_absolute_url() in body
    top = re.findall(r'data-testid="top-rule">.*?</tr>', body, re.S)
    assert len(top) == 1 and ">1<" in top[0] and "−2.0" in top[0]  # only the finding at this window
    assert client.get(url("window_history", hall, pk=hall.windows[1].pk)).status_code == 404


def test_window_history_leaves_out_inspections_of_other_windows(client, hall):
    from .factories import WindowFactory

    other_window = WindowFactory(hall=hall.hall, zone=hall.zones[0], area=hall.area, number="09")
    submitted(hall, windows=[other_window])
    client.force_login(hall.users["admin"])
    response = client.get(url("window_history", hall, pk=hall.windows[0].pk))
    assert rows(response, "history-row") == 0
    assert rows(client.get(url("window_history", hall, pk=other_window.pk)), "history-row") == 1


def history_queries(client, small) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url("zone_history", small, pk=small.zones[0].pk))
    assert response.status_code == 200
    return len(ctx)


def test_zone_history_query_count_does_not_grow_with_history(client, hall):
    client.force_login(hall.users["supervision"])
    for n in range(5):
        backdate(submitted(hall, fails={"seal-locked": 1 + n % 3}), n)
    few = history_queries(client, hall)
    for n in range(45):
        kind = InspectionKind.SELF_CHECK if n % 5 == 0 else InspectionKind.PATROL
        user = "lead1" if kind == InspectionKind.SELF_CHECK else "supervision"
        backdate(submitted(hall, user_key=user, kind=kind, fails={"exit-clear": 1} if n % 7 == 0 else {}), 5 + n)
    many = history_queries(client, hall)
    assert many == few


def test_zone_and_window_pages_show_the_inspection_card(client, hall):
    first = submitted(hall, fails={"seal-locked": 5})
    backdate(first, 2)
    submitted(hall, fails={"seal-locked": 1})
    client.force_login(hall.users["admin"])
    body = client.get(hall.zones[0].get_absolute_url()).content.decode()
    assert 'data-testid="inspection-card"' in body and 'data-testid="latest-score">99.0<' in body
    assert url("zone_history", hall, pk=hall.zones[0].pk) in body and "<polyline" in body
    body = client.get(hall.windows[0].get_absolute_url()).content.decode()
    assert url("window_history", hall, pk=hall.windows[0].pk) in body and "99.0" in body
    body = client.get(hall.zones[1].get_absolute_url()).content.decode()
    assert "latest-score" not in body


def test_history_period_is_clamped_to_a_year_and_rejects_reversed_dates(client, hall):
    client.force_login(hall.users["admin"])
    zone_url = url("zone_history", hall, pk=hall.zones[0].pk)
    response = client.get(zone_url, {"date_from": "2000-01-01"})
    assert response.status_code == 200
    assert (Decimal(response.context["period"].end.toordinal() - response.context["period"].start.toordinal())) <= 366
    assert response.context["period"].clamped
    bad = client.get(zone_url, {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert bad.status_code == 200 and "The period must start before it ends." in bad.content.decode()


def test_finding_list_query_count_does_not_grow_with_rows(client, hall):
    def with_photo(colour):
        draft = answer(start(hall))
        item = draft.items.get(rule__key="seal-locked")
        services.item_answer(user=draft.inspector, item=item, result=ItemResult.FAIL, occurrences=1)
        services.photo_add(user=draft.inspector, item=item, file=jpeg(colour))
        services.inspection_submit(user=draft.inspector, inspection=draft)

    client.force_login(hall.users["admin"])
    with_photo("red")
    with CaptureQueriesContext(connection) as few:
        client.get(url("finding_list", hall))
    for colour in ("blue", "green", "yellow", "black"):
        with_photo(colour)
        submitted(hall, zone_index=1, fails={"exit-clear": 1})
    with CaptureQueriesContext(connection) as many:
        response = client.get(url("finding_list", hall))
    assert rows(response, "finding-row") == 9 and rows(response, "finding-thumb") == 5
    assert len(many) == len(few)


def test_a_check_with_nothing_applicable_shows_no_score(client, hall):
    """Not scored is neither 0 nor 100: the report, the PDF, the list and the zone's history show a dash."""
    draft = answer(start(hall), rest=ItemResult.NOT_APPLICABLE)
    inspection = services.inspection_submit(user=draft.inspector, inspection=draft)
    assert inspection.score is None
    client.force_login(hall.users["admin"])
    body = client.get(url("inspection_detail", hall, pk=inspection.pk)).content.decode()
    assert re.search(r'data-testid="score">\s*—', body) and "None" not in body
    response = client.get(url("inspection_pdf", hall, pk=inspection.pk))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200 and "None" not in "".join(
        p.extract_text() for p in PdfReader(BytesIO(content)).pages
    )
    history = client.get(url("zone_history", hall, pk=hall.zones[0].pk))
    assert history.status_code == 200 and trend_of(history)["series"] == []
    assert "None" not in history.content.decode()


def test_zone_history_pages_through_the_period_s_inspections(client, hall, settings):
    """The history's paginator takes its count from the summary: the same inspections, counted once."""
    settings.HALLKEEPER_PAGE_SIZE = 2
    for n in range(5):
        backdate(submitted(hall), n + 1)
    backdate(submitted(hall), 200)  # outside the default period
    submitted(hall, zone_index=1)  # another zone
    client.force_login(hall.users["supervision"])

    first = client.get(url("zone_history", hall, pk=hall.zones[0].pk))
    last = client.get(url("zone_history", hall, pk=hall.zones[0].pk), {"page": 3})
    assert first.context["paginator"].count == 5 and first.context["paginator"].num_pages == 3
    assert 'data-testid="summary-total">5<' in first.content.decode()
    assert rows(first, "history-row") == 2 and rows(last, "history-row") == 1
    assert last.context["page_obj"].number == 3
