"""Indicators other systems hold (办件量, 按时办结率, 好评率), read from an Excel sheet row by row.

The sheet has one header row with the columns of :data:`COLUMNS` (in any language of the site) and one row per
month, window or staff member, and indicator. Every row is checked first (row-numbered messages, as the other
imports: ``transfer/results.py``); :func:`services.indicators_import` writes nothing unless every row is good.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from hallkeeper.core.exports import Column, build_workbook
from hallkeeper.org.models import Person
from hallkeeper.places.models import Window
from hallkeeper.transfer.columns import as_text, in_every_language, normalize
from hallkeeper.transfer.results import ImportResult

from .choices import INDICATOR_MAX, Indicator

MONTH, WINDOW, PERSON, INDICATOR, VALUE = "month", "window", "person", "indicator", "value"
COLUMNS = {
    MONTH: pgettext_lazy("indicator import column", "Month"),
    WINDOW: gettext_lazy("Window number"),
    PERSON: gettext_lazy("Staff number"),
    INDICATOR: gettext_lazy("Indicator"),
    VALUE: gettext_lazy("Value"),
}
REQUIRED = (MONTH, INDICATOR, VALUE)
#: The Chinese headers the appraisal office's sheets use, whatever the site's language.
HEADER_ALIASES = {
    "月份": MONTH,
    "窗口编号": WINDOW,
    "窗口号": WINDOW,
    "人员编号": PERSON,
    "工号": PERSON,
    "指标": INDICATOR,
    "数值": VALUE,
}
#: Short names other systems use for the indicators, besides their labels in every language.
ALIASES = {"办件量": Indicator.HANDLED, "按时办结率": Indicator.ON_TIME, "好评率": Indicator.PRAISE}
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})(\s*[-/.月]\s*(\d{1,2})?\s*日?)?$")


@dataclass(frozen=True)
class IndicatorRow:
    number: int
    month: dt.date
    window: Window | None
    person: Person | None
    indicator: str
    value: Decimal


def template_workbook() -> bytes:
    columns = [Column(str(label), lambda row, key=key: row[key], 18) for key, label in COLUMNS.items()]
    notes = [
        {MONTH: "2026-11", WINDOW: "01", PERSON: "", INDICATOR: _("Cases handled (办件量)"), VALUE: 320},
        {MONTH: "2026-11", WINDOW: "", PERSON: "P0001", INDICATOR: _("Good reviews, % (好评率)"), VALUE: 98.5},
    ]
    explain = [
        Column(_("Column"), lambda r: r[0], 18),
        Column(_("What to enter"), lambda r: r[1], 90),
    ]
    rows = [
        (str(COLUMNS[MONTH]), _("The month, as 2026-11.")),
        (str(COLUMNS[WINDOW]), _("The window's number, for a window's figure (leave empty for a staff member).")),
        (str(COLUMNS[PERSON]), _("The staff member's number, for a person's figure (leave empty for a window).")),
        (str(COLUMNS[INDICATOR]), "、".join(str(label) for label in Indicator.labels)),
        (str(COLUMNS[VALUE]), _("Cases handled: 0–1,000,000; the rates: a percentage, 0–100.")),
    ]
    return build_workbook(
        [(_("Indicators"), columns, []), (_("Examples"), columns, notes), (_("Notes"), explain, rows)]
    )


def _indicator_names() -> dict[str, str]:
    names = {normalize(k): v for k, v in ALIASES.items()}
    for value, label in Indicator.choices:
        names[normalize(value)] = value
        for text in in_every_language(label):
            names[normalize(text)] = value
    return names


def match_header(header: tuple[Any, ...], result: ImportResult) -> dict[str, int]:
    known = {normalize(text): key for key, label in COLUMNS.items() for text in in_every_language(label)}
    known.update({normalize(text): key for text, key in HEADER_ALIASES.items()})
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        text = as_text(cell)
        if not text:
            continue
        key = known.get(normalize(text))
        if key is None:
            result.add_error(1, text, _("Unknown column."))
        elif key in found:
            result.add_error(1, text, _("This column appears more than once."))
        else:
            found[key] = index
    for key in REQUIRED:
        if key not in found:
            result.add_error(1, COLUMNS[key], _("This column is missing."))
    if WINDOW not in found and PERSON not in found:
        result.add_error(1, "", _("A window number or a staff number column is needed."))
    return found


def _month(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime | dt.date):
        day = raw.date() if isinstance(raw, dt.datetime) else raw
        return day.replace(day=1)
    match = _MONTH.match(as_text(raw))
    if not match:
        raise ValueError(_("Write the month as 2026-11."))
    year, month = int(match.group(1)), int(match.group(2))
    if not (2000 <= year <= 2099 and 1 <= month <= 12):
        raise ValueError(_("Write the month as 2026-11."))
    return dt.date(year, month, 1)


def _value(raw: Any, indicator: str) -> Decimal:
    try:
        value = Decimal(as_text(raw).replace(",", "").rstrip("%").strip())
    except InvalidOperation:
        raise ValueError(_("Not a number.")) from None
    top = INDICATOR_MAX[Indicator(indicator)]
    if not value.is_finite() or value < 0 or value > top:
        raise ValueError(_("The value must lie between 0 and %(max)s.") % {"max": f"{top:,}"})
    return value.quantize(Decimal("0.01"))


def parse_rows(hall, header_index: dict[str, int], rows, result: ImportResult) -> list[IndicatorRow]:
    """Every row checked; errors go to ``result`` with the row number."""
    windows = {w.number: w for w in Window.objects.filter(hall=hall)}
    persons = {p.code: p for p in Person.objects.filter(hall=hall)}
    indicators = _indicator_names()
    parsed: list[IndicatorRow] = []
    seen: dict[tuple, int] = {}

    def cell(cells, key):
        index = header_index.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    for number, cells in rows:
        errors_before = result.error_count
        month = indicator = value = window = person = None
        try:
            month = _month(cell(cells, MONTH))
        except ValueError as exc:
            result.add_error(number, COLUMNS[MONTH], exc)
        indicator = indicators.get(normalize(as_text(cell(cells, INDICATOR))))
        if indicator is None:
            result.add_error(
                number,
                COLUMNS[INDICATOR],
                _("Unknown indicator; use one of: %(names)s.") % {"names": "、".join(ALIASES)},
            )
        window_code, person_code = as_text(cell(cells, WINDOW)), as_text(cell(cells, PERSON))
        if bool(window_code) == bool(person_code):
            result.add_error(number, "", _("Give either a window number or a staff number."))
        elif window_code:
            window = windows.get(window_code)
            if window is None:
                result.add_error(number, COLUMNS[WINDOW], _("No window %(code)s in this hall.") % {"code": window_code})
        else:
            person = persons.get(person_code)
            if person is None:
                result.add_error(
                    number, COLUMNS[PERSON], _("No staff member %(code)s in this hall.") % {"code": person_code}
                )
        if indicator is not None:
            try:
                value = _value(cell(cells, VALUE), indicator)
            except ValueError as exc:
                result.add_error(number, COLUMNS[VALUE], exc)
        if result.error_count > errors_before:
            continue
        key = (month, window and window.pk, person and person.pk, indicator)
        if key in seen:
            result.add_error(number, "", _("The same figure as row %(row)s.") % {"row": seen[key]})
            continue
        seen[key] = number
        parsed.append(IndicatorRow(number, month, window, person, indicator, value))
    return parsed
