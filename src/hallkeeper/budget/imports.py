"""The price list from an Excel sheet: one header row (品名, 规格, 单位, 单价, 供应商, 备注, in any language of the
site) and one row per item. Every row is checked first with row-numbered messages (``transfer/results.py``);
``services.price_list_import`` writes nothing unless every row is good. An item already on the list (same name)
is updated, the others added."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hallkeeper.core.exports import Column, build_workbook
from hallkeeper.transfer.columns import as_text, in_every_language, normalize
from hallkeeper.transfer.results import ImportResult

NAME, SPEC, UNIT, PRICE, SUPPLIER, REMARK = "name", "spec", "unit", "unit_price", "supplier", "remark"
COLUMNS = {
    NAME: gettext_lazy("Item"),
    SPEC: gettext_lazy("Specification"),
    UNIT: gettext_lazy("Unit of measure"),
    PRICE: gettext_lazy("Unit price (yuan)"),
    SUPPLIER: gettext_lazy("Supplier"),
    REMARK: gettext_lazy("Remark"),
}
REQUIRED = (NAME, UNIT, PRICE)
#: The headers a finance office's sheet uses, whatever the site's language.
HEADER_ALIASES = {"品名": NAME, "名称": NAME, "规格": SPEC, "单位": UNIT, "单价": PRICE, "供应商": SUPPLIER,
                  "备注": REMARK}  # fmt: skip


def template_workbook() -> bytes:
    columns = [Column(str(label), lambda row, key=key: row[key], 18) for key, label in COLUMNS.items()]
    example = [{NAME: "文具整理盒", SPEC: "四格 300×200mm", UNIT: "个", PRICE: 18.5, SUPPLIER: "", REMARK: ""}]
    return build_workbook([(_("Price list"), columns, example)])


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
    return found


def parse_rows(hall, header_index: dict[str, int], rows, result: ImportResult, clean) -> list[tuple[int, dict]]:
    """Every row checked by ``clean(hall, data)`` (the price-list service's own checks); errors go to
    ``result`` with the row number and the column."""
    parsed: list[tuple[int, dict]] = []
    seen: dict[str, int] = {}
    for number, cells in rows:
        data = {}
        for key, index in header_index.items():
            value = cells[index] if index < len(cells) else None
            data[key] = value if key == PRICE and isinstance(value, (int, float)) else as_text(value)
        if isinstance(data.get(PRICE), float):
            data[PRICE] = repr(round(data[PRICE], 6))
        try:
            cleaned = clean(hall, data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                result.add_error(number, COLUMNS.get(field, ""), " ".join(messages))
            continue
        if cleaned[NAME] in seen:
            result.add_error(number, COLUMNS[NAME], _("The same item as row %(row)s.") % {"row": seen[cleaned[NAME]]})
            continue
        seen[cleaned[NAME]] = number
        parsed.append((number, cleaned))
    return parsed
