"""The import templates' example row: marked in the workbook, never imported while it is left as it is."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from hallkeeper.accounts.choices import Role
from hallkeeper.org.models import Person, Unit
from hallkeeper.places.models import Position, Window, Zone
from hallkeeper.transfer.services import import_rows
from hallkeeper.transfer.specs import SPECS

pytestmark = pytest.mark.django_db


def _template(client, alpha, entity: str, language: str) -> bytes:
    client.force_login(alpha.users[Role.ADMIN])
    response = client.get(
        reverse("transfer_template", kwargs={"hall": alpha.hall.code, "entity": entity}),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    return response.content


def _import(alpha, entity: str, content: bytes, language: str = "zh-hans"):
    with translation.override(language):
        return import_rows(
            hall=alpha.hall, entity=entity, file=SimpleUploadedFile("t.xlsx", content), user=alpha.users[Role.ADMIN]
        )


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Unit, Person, Zone, Window, Position))


@pytest.mark.parametrize("entity", list(SPECS))
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_template_imported_as_downloaded_writes_nothing_and_says_why(client, alpha, entity, language):
    content = _template(client, alpha, entity, language)
    before = _counts()
    result = _import(alpha, entity, content, language="en")  # read in another language than written
    assert _counts() == before
    assert result.skipped_example == 2
    assert [e.row for e in result.errors] == [None]
    assert "example" in result.errors[0].message


@pytest.mark.parametrize("entity", list(SPECS))
def test_the_example_row_is_marked_in_the_template(client, alpha, entity):
    sheet = load_workbook(BytesIO(_template(client, alpha, entity, "zh-hans"))).worksheets[0]
    assert sheet.cell(row=2, column=1).comment is not None
    assert "示例" in sheet.cell(row=2, column=1).comment.text
    assert all(cell.font.italic for cell in sheet[2])


def test_rows_below_the_example_are_imported_and_the_example_is_skipped(client, alpha):
    content = _template(client, alpha, "units", "zh-hans")
    workbook = load_workbook(BytesIO(content))
    workbook.worksheets[0].append(["BJ01", "办公室", "办公室", "科室", "", 3])
    out = BytesIO()
    workbook.save(out)
    result = _import(alpha, "units", out.getvalue())
    assert result.ok, result.messages()
    assert result.created == 1 and result.skipped_example == 2
    assert Unit.objects.filter(hall=alpha.hall, code="BJ01").exists()
    assert not Unit.objects.filter(hall=alpha.hall, code="QYDJ").exists()


def test_an_overwritten_example_row_is_imported(client, alpha):
    workbook = load_workbook(BytesIO(_template(client, alpha, "units", "zh-hans")))
    workbook.worksheets[0].cell(row=2, column=2).value = "企业登记处"  # the name changed: real data now
    out = BytesIO()
    workbook.save(out)
    result = _import(alpha, "units", out.getvalue())
    assert result.ok and result.created == 1 and result.skipped_example is None
    assert Unit.objects.get(hall=alpha.hall, code="QYDJ").name == "企业登记处"


def test_the_success_message_names_the_skipped_row(client, alpha):
    workbook = load_workbook(BytesIO(_template(client, alpha, "units", "en")))
    workbook.worksheets[0].append(["BJ01", "Office", "", "Department", "", 3])
    out = BytesIO()
    workbook.save(out)
    client.force_login(alpha.users[Role.ADMIN])
    url = reverse("transfer_import", kwargs={"hall": alpha.hall.code, "entity": "units"})
    response = client.post(
        url, {"file": SimpleUploadedFile("t.xlsx", out.getvalue())}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    text = response.content.decode()
    assert "1 created" in text and "Row 2 is the template&#x27;s example and was not imported." in text
