"""Streaming Excel exports: the same workbook as the instance-based writer, the row limit of a direct download,
and the background export — its progress page and a file only its requester can fetch."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from hallkeeper.core.events import events_for
from hallkeeper.core.exports import Column, write_workbook
from hallkeeper.exports.models import ExportJob, ExportStatus
from hallkeeper.exports.services import purge_expired, run_export
from hallkeeper.inspections.models import Inspection
from hallkeeper.places.choices import PositionKind

from .factories import PositionFactory
from .inspection_data import answer, start, submitted
from .standards_data import install_tiny_handbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def hall(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    for zone, window in zip(alpha.zones, alpha.windows, strict=True):
        PositionFactory(hall=alpha.hall, zone=zone, window=window, kind=PositionKind.DRAWER, code=f"DR-{zone.code}")
    return alpha


def url(name, small, **kw):
    return reverse(name, kwargs={"hall": small.hall.code, **kw})


def sheets_of(content: bytes) -> dict[str, list[list]]:
    wb = load_workbook(BytesIO(content))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}


# -- the reference: the instance-based writer the streaming export replaced ---------------------------


def _when(i):
    return i.submitted_at or i.started_at


REFERENCE_INSPECTIONS = (
    lambda i: _when(i),
    lambda i: i.get_kind_display(),
    lambda i: i.zone.code,
    lambda i: i.zone.name,
    lambda i: "、".join(w.number for w in i.windows.all()) or "Whole zone",
    lambda i: i.inspector.display_name,
    lambda i: i.get_status_display(),
    lambda i: float(i.score) if i.score is not None else None,
    lambda i: float(i.deduction_total) if i.deduction_total is not None else None,
    lambda i: i.get_grade_display() if i.grade else "",
    lambda i: i.passed,
    lambda i: i.veto_failed,
    lambda i: i.item_count,
    lambda i: i.failed_count,
    lambda i: i.na_count,
    lambda i: i.version.label,
    lambda i: i.round.name if i.round_id else "",
    lambda i: i.started_at,
    lambda i: i.submitted_at,
    lambda i: i.note,
    lambda i: i.pk,
)
REFERENCE_ITEMS = (
    lambda c: c.inspection_id,
    lambda c: _when(c.inspection),
    lambda c: c.inspection.get_kind_display(),
    lambda c: str(c.inspection.zone),
    lambda c: c.inspection.inspector.display_name,
    lambda c: c.rule.code,
    lambda c: c.rule.title,
    lambda c: str(c.rule.section),
    lambda c: c.rule.get_severity_display(),
    lambda c: c.get_result_display() if c.result else "",
    lambda c: c.occurrences,
    lambda c: float(c.deduction) if c.deduction is not None else None,
    lambda c: c.note,
    lambda c: c.window.number if c.window_id else "",
    lambda c: c.position.code if c.position_id else "",
)


def reference_rows(functions, objects) -> list[list]:
    """Rows as the old writer stored them (a regular workbook, saved and read back)."""
    from hallkeeper.core.exports import _cell

    wb = Workbook()
    ws = wb.active
    for obj in objects:
        ws.append([_cell(f(obj)) for f in functions])
    buffer = BytesIO()
    wb.save(buffer)
    return [[c.value for c in row] for row in load_workbook(buffer).active.iter_rows()]


def test_streaming_export_has_the_same_contents_as_the_instance_based_one(client, hall):
    first = submitted(hall, fails={"seal-locked": 2}, windows=[hall.windows[0]])
    Inspection.objects.filter(pk=first.pk).update(note='=HYPERLINK("http://x")')  # user text, never a formula
    submitted(hall, zone_index=1, kind="self_check", user_key="lead2")
    draft = start(hall, zone_index=1)
    answer(draft, {"exit-clear": 1})
    client.force_login(hall.users["admin"])

    response = client.get(url("inspection_list", hall), {"export": "xlsx"})

    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    sheets = sheets_of(response.content)
    assert list(sheets) == ["Inspections", "Item results"]
    inspections = list(Inspection.objects.filter(hall=hall.hall).order_by("-started_at", "-pk"))
    assert sheets["Inspections"][1:] == reference_rows(REFERENCE_INSPECTIONS, inspections)
    assert sheets["Inspections"][0][:3] == ["Date", "Kind", "Zone code"]
    items = [
        item
        for i in sorted(inspections, key=lambda i: (-i.started_at.timestamp(), i.pk))
        for item in i.items.order_by("order", "pk")
    ]
    assert sheets["Item results"][1:] == reference_rows(REFERENCE_ITEMS, items)
    assert len(sheets["Item results"]) == 1 + len(items) > 4
    wb = load_workbook(BytesIO(response.content))
    note = wb["Inspections"].cell(row=1 + inspections.index(first) + 1, column=20)
    assert note.data_type == "s" and note.value.startswith("=HYPERLINK")  # stored as text
    assert wb["Inspections"].freeze_panes == "A2" and wb["Inspections"]["A1"].font.bold


def test_write_workbook_reports_progress_and_keeps_formulas_as_text(tmp_path, monkeypatch):
    monkeypatch.setattr("hallkeeper.core.exports.PROGRESS_EVERY", 2)
    seen = []
    target = tmp_path / "out.xlsx"

    rows = write_workbook(
        [
            (
                "Rows",
                [Column("Text", lambda r: r["t"]), Column("N", lambda r: r["n"])],
                ({"t": f"+{n}", "n": n} for n in range(5)),
            )
        ],
        target,
        progress=seen.append,
    )

    assert rows == 5 and seen == [2, 4]
    ws = load_workbook(target).active
    assert [c.value for c in ws["A"]] == ["Text", "+0", "+1", "+2", "+3", "+4"]
    assert all(c.data_type == "s" for c in ws["A"])


# -- the limit of a direct download ------------------------------------------------------------------


def test_a_direct_export_over_the_limit_is_refused_with_the_background_offer(client, hall, settings):
    settings.HALLKEEPER_EXPORT_DIRECT_MAX_ROWS = 2
    submitted(hall)  # one inspection and its two items: more than 2 rows
    client.force_login(hall.users["admin"])

    response = client.get(url("inspection_list", hall), {"export": "xlsx", "kind": "patrol"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert 'data-testid="export-refused"' in body and 'data-testid="export-background"' in body
    assert 'name="kind" value="inspections"' in body and 'name="params" value="kind=patrol"' in body
    assert not ExportJob.objects.exists()

    settings.HALLKEEPER_EXPORT_DIRECT_MAX_ROWS = 1000
    assert client.get(url("inspection_list", hall), {"export": "xlsx"})["Content-Type"].startswith(
        "application/vnd.openxml"
    )


# -- the background export ---------------------------------------------------------------------------


def start_background(client, hall, django_capture_on_commit_callbacks, params="", kind="inspections"):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url("export_start", hall), {"kind": kind, "params": params})


def test_background_export_writes_the_file_and_only_its_requester_fetches_it(
    client, hall, settings, django_capture_on_commit_callbacks
):
    settings.HALLKEEPER_EXPORT_DIRECT_MAX_ROWS = 1
    submitted(hall, fails={"seal-locked": 1})
    submitted(hall, zone_index=1)
    leadership = hall.users["leadership"]
    client.force_login(leadership)

    response = start_background(client, hall, django_capture_on_commit_callbacks, params=f"zone={hall.zones[0].pk}")

    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == url("export_status", hall, pk=job.pk)
    assert (job.requested_by, job.status, job.kind) == (leadership, ExportStatus.DONE, "inspections")
    assert job.total_rows == job.rows_written == 1 + Inspection.objects.get(zone=hall.zones[0]).items.count()
    page = client.get(response["Location"])
    assert 'data-testid="export-download"' in page.content.decode()
    download = client.get(url("export_download", hall, pk=job.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    assert download["Content-Disposition"].endswith(".xlsx") and "private" in download["Cache-Control"]
    sheets = sheets_of(b"".join(download.streaming_content))
    assert [row[2] for row in sheets["Inspections"][1:]] == [hall.zones[0].code]  # the filters were kept
    assert [e.verb for e in events_for(job)] == ["export.requested", "export.done"]

    client.force_login(hall.users["admin"])  # another user of the same hall, who sees everything
    assert client.get(url("export_status", hall, pk=job.pk)).status_code == 404
    assert client.get(url("export_download", hall, pk=job.pk)).status_code == 404


def test_hostile_export_ids_and_kinds_are_refused_without_an_error(client, hall, django_capture_on_commit_callbacks):
    client.force_login(hall.users["admin"])
    base = url("export_status", hall, pk=1).rsplit("/1/", 1)[0]
    for path in ("/999999/", "/99999999999999999999999999/", "/-1/", "/abc/", "/1%27%20OR%201=1/"):
        assert client.get(base + path).status_code in (400, 404), path
        assert client.get(base + path + "download/").status_code in (400, 404), path
    assert client.post(url("export_start", hall), {"kind": "../../etc"}).status_code == 400
    assert client.post(url("export_start", hall), {"kind": "inspections", "params": "x" * 5000}).status_code == 400
    assert client.get(url("export_start", hall)).status_code == 405
    # filters that make no sense are ignored, as on the list: the export runs with none
    response = start_background(client, hall, django_capture_on_commit_callbacks, params="zone=abc&date_from=99999")
    assert response.status_code == 302 and ExportJob.objects.get().status == ExportStatus.DONE


def test_background_export_holds_only_the_requesters_rows(client, hall, beta, django_capture_on_commit_callbacks):
    submitted(hall, zone_index=0)
    submitted(hall, zone_index=1)
    lead = hall.users["lead1"]  # leads zone 1 only
    client.force_login(lead)

    start_background(client, hall, django_capture_on_commit_callbacks)

    job = ExportJob.objects.get(requested_by=lead)
    with job.file.open("rb") as handle:
        sheets = sheets_of(handle.read())
    assert [row[2] for row in sheets["Inspections"][1:]] == [hall.zones[0].code]
    # another hall's URL never reaches the job
    client.force_login(beta.users["admin"])
    assert client.get(reverse("export_status", kwargs={"hall": beta.hall.code, "pk": job.pk})).status_code == 404


def test_a_second_request_reuses_the_pending_export_and_old_files_are_purged(hall):
    user = hall.users["admin"]
    from hallkeeper.exports.services import request_export

    first = request_export(user=user, hall=hall.hall, kind="inspections", params=QueryDict("kind=patrol&page=3"))
    again = request_export(user=user, hall=hall.hall, kind="inspections", params=QueryDict("kind=patrol"))
    assert again.pk == first.pk and first.params == "kind=patrol" and first.status == ExportStatus.QUEUED

    assert run_export(first.pk) == ExportStatus.DONE
    assert run_export(first.pk) == "skipped"  # a job is written once
    first.refresh_from_db()
    path = first.file.path
    assert purge_expired(timezone.now() + timezone.timedelta(hours=25)) == 1
    assert not ExportJob.objects.exists()
    import os

    assert not os.path.exists(path)


def test_findings_export_goes_through_the_same_limit(client, hall, settings):
    inspection = submitted(hall, fails={"seal-locked": 1, "exit-clear": 1})
    assert inspection.findings.count() == 2
    client.force_login(hall.users["admin"])
    settings.HALLKEEPER_EXPORT_DIRECT_MAX_ROWS = 1
    assert 'data-testid="export-refused"' in client.get(url("finding_list", hall), {"export": "xlsx"}).content.decode()
    settings.HALLKEEPER_EXPORT_DIRECT_MAX_ROWS = 2
    response = client.get(url("finding_list", hall), {"export": "xlsx"})
    assert len(sheets_of(response.content)["Findings"]) == 3


# -- queries of the rewritten reads -------------------------------------------------------------------


def test_export_reads_rows_as_values_in_a_fixed_number_of_queries(client, hall):
    client.force_login(hall.users["admin"])
    for _n in range(2):
        submitted(hall, fails={"seal-locked": 1})
    with CaptureQueriesContext(connection) as few:
        client.get(url("inspection_list", hall), {"export": "xlsx"})
    for _n in range(6):
        submitted(hall, zone_index=1, windows=[hall.windows[1]])
    with CaptureQueriesContext(connection) as many:
        client.get(url("inspection_list", hall), {"export": "xlsx"})
    assert len(many) == len(few)


def test_inspector_choices_and_date_filters_use_no_per_row_cast(client, hall):
    submitted(hall)
    client.force_login(hall.users["admin"])
    today = timezone.localdate().isoformat()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url("inspection_list", hall), {"date_from": today, "date_to": today})
    assert response.status_code == 200
    sql = "\n".join(q["sql"] for q in captured.captured_queries)
    assert "django_datetime_cast_date" not in sql and "AT TIME ZONE" not in sql
    choices = [
        q["sql"] for q in captured.captured_queries if 'FROM "accounts_user"' in q["sql"] and "EXISTS" in q["sql"]
    ]
    assert choices, "the inspector choices are read with EXISTS"
    assert hall.users["supervision"].display_name in response.content.decode()


def test_the_progress_page_polls_until_the_file_is_ready(client, hall):
    from hallkeeper.exports.services import request_export

    user = hall.users["admin"]
    job = request_export(user=user, hall=hall.hall, kind="inspections", params=QueryDict(""))
    client.force_login(user)
    status_url = url("export_status", hall, pk=job.pk)

    page = client.get(status_url).content.decode()
    assert 'hx-trigger="every 2s"' in page and 'data-status="queued"' in page and "<html" in page
    card = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert card.lstrip().startswith('<div class="card" id="export-status"') and "<html" not in card
    assert client.get(url("export_download", hall, pk=job.pk)).status_code == 404  # not written yet

    run_export(job.pk)
    done = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-status="done"' in done and "hx-trigger" not in done
