"""Excel exports: a title, columns, and rows streamed into a real .xlsx file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    width: int = 16


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, str)):
        return value
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return str(value)


def build_workbook(sheets: Sequence[tuple[str, Sequence[Column], Iterable[Any]]]) -> bytes:
    """Write one sheet per (title, columns, objects) and return the .xlsx bytes."""
    wb = Workbook()
    wb.remove(wb.active)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for title, columns, objects in sheets:
        ws = wb.create_sheet(title=title[:31])
        ws.append([str(c.header) for c in columns])
        for i, c in enumerate(columns, start=1):
            cell = ws.cell(row=1, column=i)
            cell.font = header_font
            cell.fill = header_fill
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            ws.column_dimensions[get_column_letter(i)].width = c.width
        ws.freeze_panes = "A2"
        for obj in objects:
            values = [_cell(c.value(obj)) for c in columns]
            ws.append(values)
            for i, value in enumerate(values, start=1):
                if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
                    # Text typed by users is never run as a formula when the file is opened.
                    ws.cell(row=ws.max_row, column=i).data_type = "s"
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def export_filename(*parts: str) -> str:
    stamp = timezone.localdate().strftime("%Y%m%d")
    return "-".join([*(p for p in parts if p), stamp]) + ".xlsx"
