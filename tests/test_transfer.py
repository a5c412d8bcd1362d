"""Excel import and export of units, people, zones, windows and positions."""

from __future__ import annotations

import time
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from hallkeeper.accounts.choices import Role
from hallkeeper.org.choices import UnitKind
from hallkeeper.org.models import Person, Unit
from hallkeeper.places.choices import PositionKind
from hallkeeper.places.models import Position, Window, Zone
from hallkeeper.transfer.exporters import NOTES_SHEET
from hallkeeper.transfer.results import MAX_ERRORS
from hallkeeper.transfer.services import import_rows
from hallkeeper.transfer.specs import SPECS

from .factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db

NON_ADMIN_ROLES = (Role.LEADERSHIP, Role.SUPERVISION, Role.VIEWER, "lead1", "staff1")


@pytest.fixture(autouse=True)
def english(client):
    """Assert on the English source strings, whatever the catalogue says."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


# -- helpers ------------------------------------------------------------------------
def headers(entity: str) -> list[str]:
    return [col.header for col in SPECS[entity].columns]


def xlsx(rows, *, header: list | None = None, entity: str | None = None) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(header if header is not None else headers(entity))
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "data.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def run(hall, entity: str, rows=None, *, content: bytes | None = None, header=None, name="data.xlsx"):
    if content is None:
        content = xlsx(rows, header=header, entity=entity)
    return import_rows(hall=hall.hall, entity=entity, file=upload(content, name), user=hall.users[Role.ADMIN])


def url(name: str, hall, **kw) -> str:
    return reverse(name, kwargs={"hall": hall.hall.code, **kw})


def sheet_rows(content: bytes, index: int = 0) -> list[tuple]:
    wb = load_workbook(BytesIO(content), read_only=True)
    rows = [tuple(r) for r in wb.worksheets[index].iter_rows(values_only=True)]
    wb.close()
    return rows


def messages(result) -> str:
    return "\n".join(result.messages())


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Unit, Person, Zone, Window, Position))


@pytest.fixture
def refs(alpha):
    """Units and people the examples below refer to."""
    qydj = UnitFactory(hall=alpha.hall, code="QYDJ", name="企业登记科")
    UnitFactory(hall=alpha.hall, code="SWDJ", name="税务登记窗口", kind=UnitKind.STATIONED)
    PersonFactory(hall=alpha.hall, code="QY001", name="张敏", unit=qydj)
    PersonFactory(hall=alpha.hall, code="QY002", name="李强", unit=qydj)
    return alpha


def example_rows(alpha) -> dict[str, list[list]]:
    area = alpha.area.code
    return {
        "units": [
            ["QYDJ", "企业登记科", "企业登记", "科室", "", 1],
            ["SWDJ", "税务登记窗口", "", "派驻单位", "市税务局", 2],
            ["ZX", "政务服务中心", None, "Service centre", None, "3"],
        ],
        "people": [
            ["QY101", "王芳", "QYDJ", "综合受理岗", "0412-5551234", "负责企业设立登记的受理。", ""],
            ["QY102", "赵磊", "", "", "", "", "alpha-viewer"],
        ],
        "zones": [
            ["Z10", "企业开办责任区", "QYDJ、SWDJ", "QY001", area, "企业开办窗口及周边", 1],
            ["Z11", "税务责任区", "SWDJ", "", "", "", None],
        ],
        "windows": [
            ["10", "企业开办综合窗口", "Z01", area, "QYDJ", "QY001、QY002", "是"],
            ["11", "税务窗口", "Z02", "", "SWDJ", "QY002", "否"],
        ],
        "positions": [
            # the drawer comes before the desk it is inside: references may point forward
            ["D10-1", "左侧抽屉", "抽屉", "Z01", "01", "D10", "存放空白申请表"],
            ["D10", "01号窗口桌面", "Window desk", "Z01", "01", "", ""],
            ["C20", "文件柜", "cabinet", "Z02", "", "", ""],
        ],
    }


def edit(rows: list[list]) -> list[list]:
    """Change the name of the first row."""
    changed = [list(r) for r in rows]
    changed[0][1] = f"{changed[0][1]}（改）"
    return changed


# -- round trips ----------------------------------------------------------------------
@pytest.mark.parametrize("entity", list(SPECS))
def test_round_trip(client, refs, entity):
    alpha = refs
    client.force_login(alpha.users[Role.ADMIN])
    model = SPECS[entity].model

    # the template opens, has the importer's headers, an example row and the notes sheet
    response = client.get(url("transfer_template", alpha, entity=entity))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = sheet_rows(response.content)
    assert list(rows[0]) == headers(entity) and any(h.endswith("*") for h in rows[0])
    assert len(rows) == 2 and any(rows[1])
    assert load_workbook(BytesIO(response.content)).sheetnames[1] == NOTES_SHEET

    data = example_rows(alpha)[entity]
    before = model.objects.count()
    response = client.post(url("transfer_import", alpha, entity=entity), {"file": upload(xlsx(data, entity=entity))})
    assert response.status_code == 302, response.content.decode()[-3000:]
    created = model.objects.count() - before
    if entity == "units":  # QYDJ and SWDJ exist already: they are updated, not duplicated
        assert created == 1
    else:
        assert created == len(data)

    # importing again with one change updates that row only
    result = run(alpha, entity, edit(data))
    assert result.ok, messages(result)
    assert (result.created, result.updated, result.unchanged) == (0, 1, len(data) - 1)
    assert model.objects.count() == before + created

    # the export has the template's layout and imports again unchanged
    response = client.get(url("transfer_export", alpha, entity=entity))
    assert response.status_code == 200
    exported = sheet_rows(response.content)
    assert list(exported[0]) == headers(entity)
    assert len(exported) - 1 == model.objects.filter(hall=alpha.hall).count()
    result = run(alpha, entity, content=response.content)
    assert result.ok, messages(result)
    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged == model.objects.filter(hall=alpha.hall).count()


def test_import_maps_every_column(refs):
    alpha = refs
    for entity in ("people", "zones", "windows", "positions"):
        result = run(alpha, entity, example_rows(alpha)[entity])
        assert result.ok, messages(result)
    person = Person.objects.get(hall=alpha.hall, code="QY102")
    assert person.user == alpha.users[Role.VIEWER] and person.unit is None
    zone = Zone.objects.get(hall=alpha.hall, code="Z10")
    assert {u.code for u in zone.units.all()} == {"QYDJ", "SWDJ"}
    assert zone.lead.code == "QY001" and list(zone.areas.all()) == [alpha.area] and zone.order == 1
    window = Window.objects.get(hall=alpha.hall, number="10")
    assert window.is_model and window.zone.code == "Z01" and window.unit.code == "QYDJ"
    assert {p.code for p in window.staff.all()} == {"QY001", "QY002"}
    assert not Window.objects.get(hall=alpha.hall, number="11").is_model
    drawer = Position.objects.get(hall=alpha.hall, code="D10-1")
    assert drawer.kind == PositionKind.DRAWER and drawer.parent.code == "D10" and drawer.window.number == "01"
    assert Position.objects.get(hall=alpha.hall, code="C20").kind == PositionKind.CABINET
    assert Unit.objects.get(hall=alpha.hall, code="SWDJ").kind == UnitKind.STATIONED


def test_reimport_replaces_lists(refs):
    alpha = refs
    run(alpha, "zones", example_rows(alpha)["zones"])
    result = run(alpha, "zones", [["Z10", "企业开办责任区", "SWDJ", "QY001", "", "", 1]],
                 header=headers("zones"))
    assert result.ok and result.updated == 1
    zone = Zone.objects.get(hall=alpha.hall, code="Z10")
    assert [u.code for u in zone.units.all()] == ["SWDJ"] and not zone.areas.exists()


def test_optional_columns_may_be_left_out_and_are_then_kept(alpha):
    UnitFactory(hall=alpha.hall, code="QYDJ", name="旧名", short_name="简称", order=7)
    result = run(alpha, "units", [["QYDJ", "企业登记科", "科室"]], header=["Code*", "Name", "kind"])
    assert result.ok, messages(result)
    unit = Unit.objects.get(hall=alpha.hall, code="QYDJ")
    assert (unit.name, unit.short_name, unit.order) == ("企业登记科", "简称", 7)


def test_moving_an_existing_position_into_a_new_one(alpha):
    rows = [[alpha.positions[0].code, "桌面", "desk", "Z01", "01", "BOX-1", ""],
            ["BOX-1", "文件盒", "文件盒", "Z01", "", "", ""]]
    result = run(alpha, "positions", rows)
    assert result.ok, messages(result)
    assert (result.created, result.updated) == (1, 1)
    alpha.positions[0].refresh_from_db()
    assert alpha.positions[0].parent.code == "BOX-1"


# -- bad input --------------------------------------------------------------------------
def test_wrong_headers_name_the_missing_and_unknown_columns(alpha):
    result = run(alpha, "units", [["QYDJ", "企业登记科"]], header=["Code*", "Title", "Colour"])
    text = messages(result)
    assert not result.ok and not Unit.objects.filter(code="QYDJ").exists()
    assert "Row 1" in text
    assert "“Name*”" in text and "“Kind*”" in text  # missing
    assert "“Title”" in text and "“Colour”" in text  # unknown


def test_headers_and_labels_in_any_language(alpha):
    with translation.override("zh-hans"):
        chinese = headers("units")
        kind = str(UnitKind.STATIONED.label)
    assert chinese != headers("units")  # Django's catalogue already translates some labels
    result = run(alpha, "units", [["QYDJ", "企业登记科", "", kind, "", 1]], header=chinese)
    assert result.ok, messages(result)
    assert Unit.objects.get(hall=alpha.hall, code="QYDJ").kind == UnitKind.STATIONED


def test_translated_labels_win_over_aliases(alpha, monkeypatch):
    # if the catalogue ever calls a cabinet 储物柜 (an alias of locker), an export must still round-trip
    from hallkeeper.transfer import columns

    real = columns.in_every_language
    monkeypatch.setattr(columns, "in_every_language",
                        lambda text: real(text) | ({"储物柜"} if str(text) == "Cabinet" else set()))
    result = run(alpha, "positions", [["X1", "柜子", "储物柜", "Z01", "", "", ""]])
    assert result.ok, messages(result)
    assert Position.objects.get(hall=alpha.hall, code="X1").kind == PositionKind.CABINET


def test_repeated_header(alpha):
    result = run(alpha, "units", [], header=[*headers("units"), "Name"])
    assert "more than once" in messages(result) and "“Name”" in messages(result)


def test_empty_required_cells_are_reported_by_row(alpha):
    rows = [["QYDJ", "企业登记科", "", "科室"], ["", "无编码", "", "科室"], ["ZX", "", "", ""]]
    result = run(alpha, "units", rows, header=headers("units")[:4])
    assert not result.ok
    assert {(e.row, e.column) for e in result.errors} == {(3, "Code"), (4, "Name"), (4, "Kind")}
    assert all("required" in e.message for e in result.errors)
    assert not Unit.objects.filter(code="QYDJ").exists()


def test_unknown_unit_and_zone_codes(refs):
    alpha = refs
    before = counts()
    result = run(alpha, "people", [["QY201", "甲", "QYDJ", "", "", "", ""], ["QY202", "乙", "NOPE", "", "", "", ""]])
    assert [(e.row, e.column) for e in result.errors] == [(3, "Unit code")]
    assert "“NOPE”" in result.errors[0].message
    result = run(alpha, "windows", [["20", "", "Z99", "", "QYDJ", "QY001、XX9", ""]])
    assert {(e.row, e.column) for e in result.errors} == {(2, "Zone code"), (2, "Staff numbers")}
    assert "“Z99”" in messages(result) and "“XX9”" in messages(result)
    assert counts() == before


def test_codes_of_another_hall_are_unknown(alpha, beta):
    result = run(alpha, "windows", [["20", "", "Z01", "", beta.windows[0].unit.code, "", ""]])
    assert [(e.row, e.column) for e in result.errors] == [(2, "Unit code")]
    result = run(alpha, "positions", [["X1", "桌面", "desk", "Z01", "", beta.positions[0].code, ""]])
    assert [(e.row, e.column) for e in result.errors] == [(2, "Inside (position code)")]


def test_duplicate_codes_within_the_file(alpha):
    rows = [["QYDJ", "企业登记科", "", "科室"], ["SWDJ", "税务", "", "科室"], ["QYDJ", "又一个", "", "科室"]]
    result = run(alpha, "units", rows, header=headers("units")[:4])
    assert [(e.row, e.column) for e in result.errors] == [(4, "Code")]
    assert "row 2" in result.errors[0].message
    assert not Unit.objects.filter(code__in=["QYDJ", "SWDJ"]).exists()


def test_wrong_types(refs):
    alpha = refs
    result = run(alpha, "units", [["A1", "甲", "", "科室", "", "abc"], ["A2", "乙", "", "科室", "", -1],
                                  ["A3", "丙", "", "人事科", "", 1], ["A 4", "丁", "", "科室", "", 1]])
    assert [(e.row, e.column) for e in result.errors] == [(2, "Order"), (3, "Order"), (4, "Kind"), (5, "Code")]
    assert "“abc”" in result.errors[0].message and "“人事科”" in result.errors[2].message
    result = run(alpha, "windows", [["20", "", "Z01", "", "QYDJ", "", "maybe"]])
    assert [(e.row, e.column) for e in result.errors] == [(2, "Model window")]
    assert "“maybe”" in result.errors[0].message
    assert not Unit.objects.filter(code__in=["A1", "A2", "A3"]).exists()


def test_model_rules_are_checked(alpha):
    # the window 02 is in zone Z02, not Z01 (Position.clean)
    result = run(alpha, "positions", [["X1", "桌面", "desk", "Z01", "02", "", ""]])
    assert [(e.row, e.column) for e in result.errors] == [(2, "Window number")]
    assert "not in this zone" in result.errors[0].message


def test_positions_inside_each_other(alpha):
    rows = [["X1", "甲", "desk", "Z01", "", "X2", ""], ["X2", "乙", "desk", "Z01", "", "X1", ""],
            ["X3", "丙", "desk", "Z01", "", "X3", ""]]
    result = run(alpha, "positions", rows)
    assert sorted(e.row for e in result.errors) == [2, 3, 4]
    assert "loop" in result.errors[0].message
    assert not Position.objects.filter(code__in=["X1", "X2", "X3"]).exists()


def test_logins(alpha):
    result = run(alpha, "people", [["N1", "甲", "", "", "", "", "nobody"]])
    assert [(e.row, e.column) for e in result.errors] == [(2, "Login username")]
    # alpha-lead1 is already linked to a person of the hall
    result = run(alpha, "people", [["N1", "甲", "", "", "", "", "alpha-lead1"]])
    assert [(e.row, e.column) for e in result.errors] == [(2, "Login username")]
    assert "alpha-lead1" in result.errors[0].message
    assert not Person.objects.filter(code="N1").exists()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("notes.txt", "编号,名称\nQYDJ,企业登记科\n".encode(), "not an Excel .xlsx workbook"),
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "not an Excel .xlsx workbook"),
        ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200, ".xls"),
        ("empty.xlsx", b"", "not an Excel .xlsx workbook"),
    ],
)
def test_files_that_are_not_xlsx(alpha, name, content, expected):
    before = counts()
    result = run(alpha, "units", content=content, name=name)
    assert len(result.errors) == 1 and result.errors[0].row is None
    assert expected in result.errors[0].message
    assert counts() == before


def test_damaged_files(alpha):
    good = xlsx([["QYDJ", "企业登记科", "", "科室", "", 1]], entity="units")
    truncated = good[: len(good) // 2]
    scrambled = bytearray(good)
    with zipfile.ZipFile(BytesIO(good)) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    scrambled[start : start + 40] = b"\xff" * 40
    docx = BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    for content in (truncated, bytes(scrambled), docx.getvalue()):
        result = run(alpha, "units", content=content)
        assert len(result.errors) == 1 and result.errors[0].row is None, messages(result)
        assert "damaged" in result.errors[0].message or "not an Excel" in result.errors[0].message
    assert not Unit.objects.filter(code="QYDJ").exists()


def test_header_only_file(alpha):
    result = run(alpha, "units", [])
    assert "nothing to import" in messages(result)


def test_blank_rows_keep_excel_row_numbers(alpha):
    rows = [["QYDJ", "企业登记科", "", "科室"], [None, None, None, None], ["", "无编码", "", "科室"]]
    result = run(alpha, "units", rows, header=headers("units")[:4])
    assert [(e.row, e.column) for e in result.errors] == [(4, "Code")]


def test_too_many_rows(alpha, settings):
    settings.HALLKEEPER_IMPORT_MAX_ROWS = 5
    rows = [[f"U{i}", f"科室{i}", "", "科室"] for i in range(6)]
    result = run(alpha, "units", rows, header=headers("units")[:4])
    assert "more than 5 rows" in messages(result)
    assert not Unit.objects.filter(code="U0").exists()
    assert run(alpha, "units", rows[:5], header=headers("units")[:4]).created == 5


def test_file_too_large_is_refused_before_reading(client, alpha, settings, monkeypatch):
    settings.HALLKEEPER_IMPORT_MAX_BYTES = 1000
    client.force_login(alpha.users[Role.ADMIN])
    content = xlsx([["QYDJ", "企业登记科", "", "科室", "", 1]], entity="units")
    assert len(content) > 1000

    def must_not_parse(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr("hallkeeper.transfer.reading.load_workbook", must_not_parse)
    response = client.post(url("transfer_import", alpha, entity="units"), {"file": upload(content)})
    assert response.status_code == 200
    assert "files of up to 1000\xa0bytes can be imported" in response.content.decode().replace("&nbsp;", "\xa0")
    result = run(alpha, "units", content=content)  # the service checks too
    assert result.errors[0].row is None and "1000" in result.errors[0].message
    assert not Unit.objects.filter(code="QYDJ").exists()


def test_error_list_is_capped(alpha):
    rows = [[f"U{i}", "", "", "科室"] for i in range(MAX_ERRORS + 50)]
    result = run(alpha, "units", rows, header=headers("units")[:4])
    assert result.error_count == MAX_ERRORS + 50 and len(result.errors) == MAX_ERRORS
    assert "50 more errors" in result.messages()[-1]


def test_failed_import_page_lists_errors_by_row(client, refs):
    alpha = refs
    client.force_login(alpha.users[Role.ADMIN])
    content = xlsx([["20", "", "Z99", "", "QYDJ", "", ""]], entity="windows")
    response = client.post(url("transfer_import", alpha, entity="windows"), {"file": upload(content)})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="import-errors"' in body and 'data-testid="import-failed"' in body
    assert "<td class=\"text-nowrap\">2</td>" in body and "Z99" in body
    assert not Window.objects.filter(number="20").exists()


def test_successful_import_says_what_happened(client, alpha):
    client.force_login(alpha.users[Role.ADMIN])
    content = xlsx([["QYDJ", "企业登记科", "", "科室", "", 1]], entity="units")
    response = client.post(url("transfer_import", alpha, entity="units"), {"file": upload(content)}, follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == url("transfer_index", alpha)
    assert "1 created, 0 updated, 0 unchanged" in body


# -- size and speed -------------------------------------------------------------------------
def _positions(n: int) -> list[list]:
    rows = []
    for i in range(n):
        if i % 4 == 0:
            rows.append([f"D{i:05d}", f"桌面{i}", "桌面", "Z01", "01", "", ""])
        else:
            rows.append([f"D{i:05d}", f"抽屉{i}", "抽屉", "Z01", "01", f"D{i - i % 4:05d}", ""])
    return rows


def test_ten_thousand_rows_with_one_bad_row_write_nothing(alpha):
    rows = _positions(10_000)
    rows[9_990][3] = "Z99"  # row 9992 in Excel
    before = counts()
    result = run(alpha, "positions", rows)
    assert [(e.row, e.column) for e in result.errors] == [(9_992, "Zone code")]
    assert "Row 9992" in messages(result)
    assert counts() == before


def test_ten_thousand_rows_import_in_a_few_seconds(alpha):
    # CPU time, not wall time: the budget must hold on a busy machine too
    content = xlsx(_positions(10_000), entity="positions")
    started = time.process_time()
    result = run(alpha, "positions", content=content)
    assert result.ok, messages(result)
    assert result.created == 10_000
    assert time.process_time() - started < 8
    assert Position.objects.filter(hall=alpha.hall, parent__code="D00000").count() == 3
    started = time.process_time()
    again = run(alpha, "positions", content=content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 10_000)
    assert time.process_time() - started < 8


def test_export_query_count_does_not_grow_with_rows(client, refs, django_assert_max_num_queries):
    alpha = refs
    client.force_login(alpha.users[Role.ADMIN])
    for entity in ("zones", "windows", "positions"):
        run(alpha, entity, example_rows(alpha)[entity])
    for entity in SPECS:
        with django_assert_max_num_queries(12):
            assert client.get(url("transfer_export", alpha, entity=entity)).status_code == 200
    run(alpha, "positions", _positions(500))
    with django_assert_max_num_queries(12):
        assert client.get(url("transfer_export", alpha, entity="positions")).status_code == 200


# -- who may ------------------------------------------------------------------------------
def test_index_lists_the_entities_for_admins(client, alpha):
    client.force_login(alpha.users[Role.ADMIN])
    response = client.get(url("transfer_index", alpha))
    body = response.content.decode()
    assert response.status_code == 200
    for entity in SPECS:
        assert url("transfer_template", alpha, entity=entity) in body
        assert url("transfer_export", alpha, entity=entity) in body
        assert url("transfer_import", alpha, entity=entity) in body
    assert 'accept=".xlsx' in body and 'data-testid="transfer-help"' in body


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_only_hall_admins(client, alpha, role):
    client.force_login(alpha.users[role])
    content = xlsx([["QYDJ", "企业登记科", "", "科室", "", 1]], entity="units")
    assert client.get(url("transfer_index", alpha)).status_code == 403
    assert client.get(url("transfer_template", alpha, entity="units")).status_code == 403
    assert client.get(url("transfer_export", alpha, entity="units")).status_code == 403
    response = client.post(url("transfer_import", alpha, entity="units"), {"file": upload(content)})
    assert response.status_code == 403
    assert not Unit.objects.filter(code="QYDJ").exists()


def test_service_refuses_non_admins(alpha):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_rows(hall=alpha.hall, entity="units", file=upload(b""), user=alpha.users[Role.VIEWER])


def test_admin_of_another_hall_gets_404(client, alpha, beta):
    client.force_login(alpha.users[Role.ADMIN])
    content = xlsx([["QYDJ", "企业登记科", "", "科室", "", 1]], entity="units")
    response = client.post(url("transfer_import", beta, entity="units"), {"file": upload(content)})
    assert response.status_code == 404
    assert client.get(url("transfer_export", beta, entity="units")).status_code == 404
    assert not Unit.objects.filter(code="QYDJ").exists()


def test_anonymous_users_are_sent_to_login(client, alpha):
    for name in ("transfer_index", "transfer_template", "transfer_export"):
        kwargs = {} if name == "transfer_index" else {"entity": "units"}
        response = client.get(url(name, alpha, **kwargs))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    response = client.post(url("transfer_import", alpha, entity="units"), {"file": upload(b"")})
    assert response.status_code == 302


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_headers_are_distinct_in_every_language(language):
    with translation.override(language):
        for spec in SPECS.values():
            labels = [str(col.label).casefold() for col in spec.columns]
            assert len(set(labels)) == len(labels), spec.key


def test_unknown_entity_and_get_on_import(client, alpha):
    client.force_login(alpha.users[Role.ADMIN])
    assert client.get(url("transfer_template", alpha, entity="floors")).status_code == 404
    assert client.get(url("transfer_import", alpha, entity="units")).status_code == 405


# -- hostile workbooks: refused with a message before openpyxl reads them -----------------------------


def _with_part(content: bytes, name: str, data: bytes) -> bytes:
    """The workbook with one of its XML parts replaced (or added)."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info.filename, src.read(info.filename))
        dst.writestr(name, data)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
SST = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>{}</t></si></sst>'


def _unit_workbook_with_row(cells: str) -> bytes:
    """A units workbook with one good row and, as row 9, the raw cell XML ``cells``."""
    good = xlsx([["QYDJ", "企业登记科", "", "科室"]], header=headers("units")[:4])
    with zipfile.ZipFile(BytesIO(good)) as archive:
        sheet = archive.read(SHEET).decode()
    return _with_part(good, SHEET, sheet.replace("</sheetData>", f'<row r="9">{cells}</row></sheetData>').encode())


@pytest.fixture
def never_loaded(monkeypatch):
    loaded = []
    monkeypatch.setattr("hallkeeper.transfer.reading.load_workbook", lambda *a, **k: loaded.append(a))
    yield
    assert loaded == [], "the workbook was opened"


@pytest.mark.usefixtures("never_loaded")
def test_a_cell_longer_than_excel_allows_is_refused_by_row(alpha):
    inline = _unit_workbook_with_row('<c r="B9" t="inlineStr"><is><t>' + "长" * 32_768 + "</t></is></c>")
    shared = _with_part(
        _unit_workbook_with_row('<c r="A9" t="s"><v>1</v></c><c r="C9" t="s"><v>0</v></c>'),
        STRINGS,
        SST.format("x" * 40_000).replace("</si></sst>", "</si><si><t>短</t></si></sst>").encode(),
    )
    for content, cell in ((inline, "row 9, cell B9"), (shared, "row 9, cell C9")):
        result = run(alpha, "units", content=content)
        assert cell in messages(result) and "32,767" in messages(result), messages(result)
    assert not Unit.objects.filter(code="QYDJ").exists()


@pytest.mark.usefixtures("never_loaded")
def test_a_huge_cell_in_a_small_file_is_refused_before_reading(alpha):
    """A 60 MB cell packs into some sixty kilobytes; the packing ratio refuses it, unread."""
    good = xlsx([["QYDJ", "企业登记科", "", "科室"]], header=headers("units")[:4])
    bomb = _with_part(good, STRINGS, SST.format("A" * (60 * 1024 * 1024)).encode())
    assert len(bomb) < 200_000
    assert "too large once unpacked" in messages(run(alpha, "units", content=bomb))


@pytest.mark.usefixtures("never_loaded")
def test_entity_declarations_are_refused(alpha):
    good = xlsx([["QYDJ", "企业登记科", "", "科室"]], header=headers("units")[:4])
    with zipfile.ZipFile(BytesIO(good)) as archive:
        sheet = archive.read(SHEET).decode()
    laughs = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + sheet
    result = run(alpha, "units", content=_with_part(good, SHEET, laughs.encode()))
    assert "damaged" in messages(result)
    assert not Unit.objects.filter(code="QYDJ").exists()
