"""Importing the indicators other systems hold: a good file is written whole, a bad one not at all with every
error by row; the template's headers import; a locked month refuses; the figures reach the computation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from hallkeeper.accounts.choices import Role
from hallkeeper.assessment import services
from hallkeeper.assessment.models import AssessmentPeriod, ImportedIndicator
from hallkeeper.core.models import Event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = ["月份", "窗口编号", "人员编号", "指标", "数值"]


def xlsx(rows, header=HEADER, name="indicators.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def run(small, rows, **kwargs):
    return services.indicators_import(user=small.users[Role.SUPERVISION], hall=small.hall, file=xlsx(rows, **kwargs))


def staff_code(small, i=0):
    return small.windows[i].staff.get().code


def test_a_good_file_is_written_and_importing_again_replaces(alpha):
    w1, w2 = alpha.windows[0].number, alpha.windows[1].number
    rows = [
        ["2026-01", w1, None, "办件量", 300],
        ["2026-01", w2, None, "Cases handled (办件量)", 150],
        ["2026/1", w1, None, "好评率", "99.5%"],
        [dt.datetime(2026, 1, 15), None, staff_code(alpha), "按时办结率", 100],
    ]
    result = run(alpha, rows)
    assert result.ok, result.messages()
    assert (result.created, result.updated) == (4, 0)
    assert ImportedIndicator.objects.get(window=alpha.windows[0], indicator="praise").value == D("99.50")
    assert Event.objects.filter(verb="assessment.indicators_imported").count() == 1
    result = run(alpha, [["2026-01", w1, None, "好评率", 97]])
    assert (result.created, result.updated) == (0, 1)
    assert ImportedIndicator.objects.get(window=alpha.windows[0], indicator="praise").value == D("97.00")


BAD_ROWS = [
    ("unknown window", ["2026-01", "99", None, "好评率", 90], "No window 99"),
    ("unknown person", ["2026-01", None, "NOBODY", "好评率", 90], "No staff member NOBODY"),
    ("both window and person", ["2026-01", "W", "P", "好评率", 90], "either a window number or a staff number"),
    ("neither", ["2026-01", None, None, "好评率", 90], "either a window number or a staff number"),
    ("rate above 100", ["2026-01", "W", None, "好评率", 101], "between 0 and 100"),
    ("negative volume", ["2026-01", "W", None, "办件量", -1], "between 0 and 1,000,000"),
    ("not a number", ["2026-01", "W", None, "办件量", "many"], "Not a number"),
    ("bad month", ["2026-13", "W", None, "办件量", 1], "Write the month as 2026-11"),
    ("unknown indicator", ["2026-01", "W", None, "满意度", 1], "Unknown indicator"),
]


@pytest.mark.parametrize(("what", "row", "message"), BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_a_bad_row_stops_the_whole_file(alpha, what, row, message):
    row = [alpha.windows[0].number if c == "W" else staff_code(alpha) if c == "P" else c for c in row]
    good = ["2026-01", alpha.windows[1].number, None, "好评率", 90]
    result = run(alpha, [good, row])
    assert not result.ok
    assert [e.row for e in result.errors] == [3]
    assert message in str(result.errors[0])
    assert not ImportedIndicator.objects.exists()
    assert not Event.objects.filter(verb="assessment.indicators_imported").exists()


def test_a_repeated_figure_and_bad_headers(alpha):
    w = alpha.windows[0].number
    result = run(alpha, [["2026-01", w, None, "好评率", 90], ["2026-01", w, None, "好评率", 91]])
    assert "same figure as row 2" in str(result.errors[0])
    result = run(alpha, [["2026-01", w, 1]], header=["月份", "窗口编号", "颜色"])
    assert not result.ok and {e.row for e in result.errors} == {1}
    assert not ImportedIndicator.objects.exists()


def test_a_locked_month_and_other_halls_refuse(alpha, beta):
    period = services.period_create(
        user=alpha.users[Role.SUPERVISION], hall=alpha.hall, kind="month", starts_on=dt.date(2026, 1, 1)
    )
    AssessmentPeriod.objects.filter(pk=period.pk).update(state="published")
    result = run(alpha, [["2026-01", alpha.windows[0].number, None, "好评率", 90]])
    assert "approved or published" in str(result.errors[0])
    result = run(alpha, [["2026-02", beta.windows[0].number + "x", None, "好评率", 90]])
    assert not result.ok
    with pytest.raises(PermissionDenied):
        services.indicators_import(user=alpha.users["lead1"], hall=alpha.hall, file=xlsx([]))
    assert not ImportedIndicator.objects.exists()


def test_not_a_workbook_is_refused(alpha):
    upload = SimpleUploadedFile("x.xlsx", b"not a zip at all")
    result = services.indicators_import(user=alpha.users[Role.SUPERVISION], hall=alpha.hall, file=upload)
    assert not result.ok and result.errors[0].row is None


def test_the_template_imports_and_figures_reach_the_computation(client, alpha):
    client.force_login(alpha.users[Role.SUPERVISION])
    template = client.get(reverse("assessment_indicator_template", kwargs={"hall": alpha.hall.code}))
    workbook = load_workbook(BytesIO(template.content))
    header = [c.value for c in workbook.worksheets[0][1]]
    assert header == ["Month", "Window number", "Staff number", "Indicator", "Value"]
    upload = xlsx([["2026-03", alpha.windows[0].number, None, "on_time", 80]], header=header)
    response = client.post(reverse("assessment_indicators", kwargs={"hall": alpha.hall.code}), {"file": upload})
    assert response.status_code == 302
    period = services.period_create(
        user=alpha.users[Role.SUPERVISION], hall=alpha.hall, kind="month", starts_on=dt.date(2026, 3, 1)
    )
    window = period.results.get(window=alpha.windows[0])
    assert window.score == D("80.0")
    zone = period.results.get(zone=alpha.zones[0])
    assert zone.score == D("80.0")  # the zone's service figure is its windows' mean
    staff = period.results.get(person=alpha.windows[0].staff.get())
    assert staff.score == D("80.0")


def test_the_page_lists_row_errors(client, alpha):
    client.force_login(alpha.users[Role.SUPERVISION])
    upload = xlsx([["2026-03", "nope", None, "好评率", 80]])
    response = client.post(reverse("assessment_indicators", kwargs={"hall": alpha.hall.code}), {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="import-errors"' in page and "No window nope" in page
