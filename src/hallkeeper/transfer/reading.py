"""Reading an uploaded workbook safely: size, type and row limits come before anything else."""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_from_string

#: Blank rows tolerated beyond the row limit (formatting often leaves some at the end).
BLANK_ROW_ALLOWANCE = 1000
#: How many times the byte limit the workbook may weigh once unpacked (guards zip bombs).
UNPACKED_RATIO = 20
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc) format
#: How much one part of the workbook may shrink when packed (a zip bomb shrinks by thousands), above a megabyte.
MAX_PART_RATIO = 100
RATIO_FREE_BYTES = 1024 * 1024
#: The most characters a cell may hold: Excel's own limit.
MAX_CELL_CHARS = 32767
_CELL_PARTS = re.compile(r"xl/(sharedStrings|worksheets/[^/]+)\.xml")
_CHUNK = 64 * 1024


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
        _(
            "The file could not be read: it is damaged or not an Excel workbook. "
            "Open it in Excel or WPS, save it as .xlsx and upload it again."
        )
    )


def _not_xlsx() -> FileRejected:
    return FileRejected(
        _(
            "This is not an Excel .xlsx workbook. Start from the template, or save your sheet "
            "as “Excel Workbook (*.xlsx)” and upload it again."
        )
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
    if sum(info.file_size for info in infos) > max_bytes * UNPACKED_RATIO or any(
        info.file_size > RATIO_FREE_BYTES and info.file_size > MAX_PART_RATIO * max(info.compress_size, 1)
        for info in infos
    ):
        raise _too_large_unpacked()


def _too_large_unpacked() -> FileRejected:
    return FileRejected(_("The workbook is too large once unpacked; split it into smaller files."))


class _CellScan:
    """Streams the XML parts of the workbook (never holding a cell's text) and notes overlong cells: shared
    strings by index first, then the worksheet cells showing them or holding long text themselves.
    A document type declaration (entity expansion) is refused."""

    def __init__(self) -> None:
        self.long_strings: set[int] = set()
        self.long_cells: list[str] = []
        self._string_index = -1
        self._cell: str | None = None
        self._cell_is_shared = False
        self._chars = 0
        self._index = ""
        self._in_value = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(":", 1)[-1]
        if local == "si":
            self._string_index += 1
            self._chars = 0
        elif local == "c":
            self._cell, self._cell_is_shared, self._chars, self._index = attrs.get("r"), attrs.get("t") == "s", 0, ""
        elif local in {"t", "v"}:
            self._in_value = True

    def end(self, name: str) -> None:
        local = name.rsplit(":", 1)[-1]
        if local in {"t", "v"}:
            self._in_value = False
        elif local == "si" and self._chars > MAX_CELL_CHARS:
            self.long_strings.add(self._string_index)
        elif local == "c":
            shared_long = (
                self._cell_is_shared and self._index.strip().isdigit() and int(self._index) in self.long_strings
            )
            if shared_long or (self._chars > MAX_CELL_CHARS and not self._cell_is_shared):
                self.long_cells.append(self._cell or "?")
            self._cell = None

    def text(self, data: str) -> None:
        if not self._in_value:
            return
        if self._cell is not None and self._cell_is_shared:
            if len(self._index) < 12:
                self._index += data
            return
        self._chars += len(data)

    def doctype(self, *args) -> None:
        raise _damaged()

    def feed(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> int:
        """Parse the part; returns the bytes it unpacked to, refusing it past ``budget``."""
        from xml.parsers import expat

        parser = expat.ParserCreate()
        parser.buffer_text = False
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        parser.StartDoctypeDeclHandler = self.doctype
        read = 0
        try:
            with archive.open(info) as fh:
                while chunk := fh.read(_CHUNK):
                    read += len(chunk)
                    if read > budget:
                        raise _too_large_unpacked()
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except (expat.ExpatError, zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError) as exc:
            raise _damaged() from exc
        return read


def _cell_name(reference: str) -> str:
    try:
        column, row = coordinate_from_string(reference)
    except ValueError:
        return reference[:12]
    return _("row %(row)s, cell %(cell)s") % {"row": row, "cell": f"{column}{row}"}


def _check_cells(file: IO[bytes], max_bytes: int) -> None:
    """Before openpyxl reads the workbook: no cell longer than Excel allows, no part unpacking past the limit.

    openpyxl keeps every shared string in memory, so a small file with one enormous cell would otherwise
    grow the process by hundreds of megabytes."""
    file.seek(0)
    budget = max_bytes * UNPACKED_RATIO
    scan = _CellScan()
    with zipfile.ZipFile(file) as archive:
        parts = [info for info in archive.infolist() if _CELL_PARTS.fullmatch(info.filename)]
        parts.sort(key=lambda info: not info.filename.endswith("sharedStrings.xml"))  # strings first
        for info in parts:
            budget -= scan.feed(archive, info, budget)
    if scan.long_cells or scan.long_strings:
        where = _cell_name(scan.long_cells[0]) if scan.long_cells else _("a cell")
        raise FileRejected(
            _("The text in %(where)s is longer than %(max)s characters, the most a cell may hold; shorten it.")
            % {"where": where, "max": f"{MAX_CELL_CHARS:,}"}
        )


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
    _check_cells(file, max_bytes)
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


def read_upload(file: IO[bytes], result) -> Sheet | None:
    """Read an .xlsx upload within the import limits of the settings (``HALLKEEPER_IMPORT_MAX_BYTES`` and
    ``_MAX_ROWS``), for every import: the sheet, or None with the refusal written on ``result`` (an
    ``ImportResult``)."""
    try:
        return read_sheet(
            file, max_bytes=settings.HALLKEEPER_IMPORT_MAX_BYTES, max_rows=settings.HALLKEEPER_IMPORT_MAX_ROWS
        )
    except FileRejected as exc:
        result.add_error(None, "", exc.message)
        return None
