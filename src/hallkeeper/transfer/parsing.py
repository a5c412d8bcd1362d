"""From sheet cells to typed row values: the header row, then every cell of every row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .columns import CellError, CellReader, Col, as_text, in_every_language, normalize
from .results import ImportResult
from .specs import EntitySpec


@dataclass
class Row:
    number: int  # as Excel shows it
    values: dict[str, Any]  # column key → value (None when empty); a cell that failed to read is left out
    valid: bool = True


def _quoted(texts: Sequence[str]) -> str:
    return "、".join(f"“{t}”" for t in texts)


def match_header(spec: EntitySpec, header: Sequence[Any], result: ImportResult) -> dict[int, Col]:
    """Which column of the sheet holds which :class:`Col`; header problems go to ``result``.

    Headers are recognised in any language of the site, with or without the ``*`` mark,
    so a file exported in English imports while the interface is in Chinese.
    """
    known: dict[str, Col] = {}
    for col in spec.columns:
        for text in in_every_language(col.label):
            known[normalize(text)] = col
    found: dict[int, Col] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for index, cell in enumerate(header):
        text = as_text(cell)
        if not text:
            continue
        col = known.get(normalize(text))
        if col is None:
            unknown.append(text)
        elif col in found.values():
            repeated.append(text)
        else:
            found[index] = col
    missing = [col.header for col in spec.columns if col.required and col not in found.values()]
    expected = _quoted([col.header for col in spec.columns])
    if missing:
        result.add_error(1, "", _("Required columns are missing: %(columns)s. The header row must be: %(expected)s.")
                         % {"columns": _quoted(missing), "expected": expected})
    if unknown:
        result.add_error(1, "", _("Unknown columns: %(columns)s. The accepted columns are: %(expected)s.")
                         % {"columns": _quoted(unknown), "expected": expected})
    if repeated:
        result.add_error(1, "", _("These columns appear more than once: %(columns)s.") % {"columns": _quoted(repeated)})
    return found


def parse_rows(
    columns: dict[int, Col], rows: Sequence[tuple[int, tuple[Any, ...]]], result: ImportResult
) -> list[Row]:
    """Read every cell of every row; unreadable and missing required cells go to ``result``."""
    reader = CellReader(list(columns.values()))
    parsed: list[Row] = []
    for number, cells in rows:
        row = Row(number=number, values={})
        for index, col in columns.items():
            raw = cells[index] if index < len(cells) else None
            try:
                value = reader.read(col, raw)
            except CellError as exc:
                result.add_error(number, col.label, str(exc))
                row.valid = False
                continue
            if value is None and col.required:
                result.add_error(number, col.label, _("This cell is required."))
                row.valid = False
            row.values[col.key] = value
        parsed.append(row)
    return parsed


#: The row where a downloaded template has its example (just below the header).
EXAMPLE_ROW = 2
_UNREADABLE = object()


def is_template_example(spec: EntitySpec, columns: dict[int, Col], number: int, cells: tuple[Any, ...]) -> bool:
    """Whether row ``number`` is the template's own example row, left as it was (every column of the template,
    each cell as the example has it): it is skipped, not imported.

    Compared as read values, so the example matches in whichever language the template was downloaded."""
    if number != EXAMPLE_ROW or len(columns) != len(spec.columns):
        return False
    reader = CellReader(list(columns.values()))

    def read(col: Col, raw: Any) -> Any:
        try:
            return reader.read(col, raw)
        except CellError:
            return _UNREADABLE

    return all(
        read(col, cells[index] if index < len(cells) else None) == read(col, col.example)
        for index, col in columns.items()
    )
