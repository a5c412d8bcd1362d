"""Excel exports: a title, columns, and rows streamed into a real .xlsx file (openpyxl write-only)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from os import PathLike
from typing import Any, BinaryIO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
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


#: How often (in rows) ``write_workbook`` reports progress.
PROGRESS_EVERY = 2000


def _header_cells(ws, columns: Sequence[Column]) -> list[WriteOnlyCell]:
    font, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    alignment = Alignment(vertical="center", wrap_text=True)
    cells = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=str(column.header))
        cell.font, cell.fill, cell.alignment = font, fill, alignment
        cells.append(cell)
    return cells


def write_workbook(
    sheets: Iterable[tuple[str, Sequence[Column], Iterable[Any]]],
    target: str | PathLike | BinaryIO,
    *,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write one sheet per (title, columns, rows) to ``target`` (a path or a binary file); the number of rows.

    openpyxl's write-only mode: each row goes to a temporary file as it is appended and only the current
    row is in memory, so the rows may come straight from ``QuerySet.values().iterator()``. A sheet's rows
    are read when the sheet is written (a generator is fine). ``progress(rows_so_far)`` is called every
    ``PROGRESS_EVERY`` rows."""
    wb = Workbook(write_only=True)
    written = 0
    for title, columns, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        for i, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = column.width
        ws.freeze_panes = "A2"
        ws.append(_header_cells(ws, columns))
        values = [column.value for column in columns]
        for row in rows:
            cells = [_cell(value(row)) for value in values]
            for i, cell in enumerate(cells):
                if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES):
                    # Text typed by users is never run as a formula when the file is opened.
                    cells[i] = safe = WriteOnlyCell(ws, value=cell)
                    safe.data_type = "s"
            ws.append(cells)
            written += 1
            if progress is not None and written % PROGRESS_EVERY == 0:
                progress(written)
    if not wb.worksheets:
        wb.create_sheet()
    wb.save(target)
    return written


def build_workbook(sheets: Sequence[tuple[str, Sequence[Column], Iterable[Any]]]) -> bytes:
    """Write one sheet per (title, columns, objects) and return the .xlsx bytes (streamed: see
    ``write_workbook``; for a bounded number of rows — large exports go to a file in the background)."""
    buffer = BytesIO()
    write_workbook(sheets, buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def export_filename(*parts: str) -> str:
    stamp = timezone.localdate().strftime("%Y%m%d")
    return "-".join([*(p for p in parts if p), stamp]) + ".xlsx"
