"""Reading an uploaded workbook safely: size, type and row limits come before anything else."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook

#: Blank rows tolerated beyond the row limit (formatting often leaves some at the end).
BLANK_ROW_ALLOWANCE = 1000
#: How many times the byte limit the workbook may weigh once unpacked (guards zip bombs).
UNPACKED_RATIO = 20
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc) format


class FileRejected(Exception):
    """The file as a whole cannot be imported; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Sheet:
    header: tuple[Any, ...]
    rows: list[tuple[int, tuple[Any, ...]]]  # (row number as Excel shows it, cell values), blank rows left out


def file_size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        file.seek(0, 2)
        size = file.tell()
        file.seek(position)
    return size


def check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise FileRejected(
            _("The file is %(size)s; files of up to %(limit)s can be imported.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)}
        )


def _damaged() -> FileRejected:
    return FileRejected(
        _("The file could not be read: it is damaged or not an Excel workbook. "
          "Open it in Excel or WPS, save it as .xlsx and upload it again.")
    )


def _not_xlsx() -> FileRejected:
    return FileRejected(
        _("This is not an Excel .xlsx workbook. Start from the template, or save your sheet "
          "as “Excel Workbook (*.xlsx)” and upload it again.")
    )


def _check_archive(file: IO[bytes], max_bytes: int) -> None:
    head = file.read(8)
    file.seek(0)
    if not zipfile.is_zipfile(file):
        if head.startswith(OLE_MAGIC):
            raise FileRejected(
                _("This is an old-format Excel file (.xls). Save it as “Excel Workbook (*.xlsx)” and upload it again.")
            )
        raise _damaged() if head.startswith(b"PK") else _not_xlsx()
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _damaged() from exc
    if not any(info.filename.endswith("workbook.xml") for info in infos):
        raise _not_xlsx()
    if sum(info.file_size for info in infos) > max_bytes * UNPACKED_RATIO:
        raise FileRejected(_("The workbook is too large once unpacked; split it into smaller files."))


def _too_many_rows(max_rows: int) -> FileRejected:
    return FileRejected(
        _("The file has more than %(max)s rows; split it into files of at most %(max)s rows.") % {"max": max_rows}
    )


def _is_blank(values: tuple[Any, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def read_sheet(file: IO[bytes], *, max_bytes: int, max_rows: int) -> Sheet:
    """The first worksheet's header row and non-blank rows; raises :class:`FileRejected`."""
    check_size(file_size(file), max_bytes)
    file.seek(0)
    _check_archive(file, max_bytes)
    file.seek(0)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on malformed input
        raise _damaged() from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the stored dimensions may be wrong; read every row
        rows = sheet.iter_rows(values_only=True)
        header = tuple(next(rows, ()))
        data: list[tuple[int, tuple[Any, ...]]] = []
        for number, values in enumerate(rows, start=2):
            if number > max_rows + BLANK_ROW_ALLOWANCE + 1:
                raise _too_many_rows(max_rows)
            if _is_blank(values):
                continue
            if len(data) >= max_rows:
                raise _too_many_rows(max_rows)
            data.append((number, tuple(values)))
        return Sheet(header=header, rows=data)
    except FileRejected:
        raise
    except Exception as exc:  # damaged XML inside a valid zip surfaces only while reading
        raise _damaged() from exc
    finally:
        workbook.close()
