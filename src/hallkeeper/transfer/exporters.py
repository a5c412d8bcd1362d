"""The import template and the export of a hall's rows, in the same column layout.

An export can be edited and imported again: headers, choice labels, yes/no values and
code lists are written exactly as the importer reads them.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from hallkeeper.core.exports import Column, build_workbook

from .columns import Col, Kind
from .parsing import EXAMPLE_ROW
from .specs import TARGETS, EntitySpec

#: Title of the second sheet of a template (Excel forbids "/" in sheet titles).
NOTES_SHEET = "说明 Notes"


def cell_value(col: Col, obj: models.Model) -> Any:
    """The value of ``col`` for ``obj``, as the importer reads it back."""
    if col.kind == Kind.CHOICE:
        return getattr(obj, f"get_{col.attr}_display")()
    if col.kind == Kind.REF:
        ref = getattr(obj, col.attr)
        return getattr(ref, TARGETS[col.target].code) if ref is not None else ""
    if col.kind == Kind.REFS:
        code = TARGETS[col.target].code
        return "、".join(getattr(ref, code) for ref in getattr(obj, col.attr).all())
    return getattr(obj, col.attr)


def _columns(spec: EntitySpec) -> list[Column]:
    return [Column(col.header, lambda obj, col=col: cell_value(col, obj), col.width) for col in spec.columns]


def export_queryset(spec: EntitySpec, *, user, hall) -> models.QuerySet:
    """Every row of the hall the user may see, with what the columns need in a fixed number of queries."""
    qs = spec.model.objects.visible_to(user, "view").filter(hall=hall)
    if spec.select_related:
        qs = qs.select_related(*spec.select_related)
    for col in spec.columns:
        if col.kind == Kind.REFS:
            target = TARGETS[col.target]
            qs = qs.prefetch_related(
                Prefetch(col.attr, queryset=target.model.objects.only("pk", target.code).order_by(target.code))
            )
    return qs.order_by(spec.code_attr)


def export_workbook(spec: EntitySpec, *, user, hall) -> bytes:
    rows = export_queryset(spec, user=user, hall=hall).iterator(chunk_size=2000)
    return build_workbook([(str(spec.label), _columns(spec), rows)])


def _accepted(col: Col) -> str:
    if col.kind == Kind.CHOICE and col.choices is not None:
        return "、".join(str(label) for label in col.choices.labels)
    if col.kind == Kind.BOOL:
        return _("是 / 否 (also yes/no, 1/0, true/false)")
    if col.kind == Kind.INT:
        return _("A whole number, 0 or more")
    if col.kind == Kind.REF:
        return _("One code")
    if col.kind == Kind.REFS:
        return _("Codes separated by 、 , or ;")
    return _("Text")


def _note_columns() -> list[Column]:
    return [
        Column(_("Column"), lambda r: r[0], 24),
        Column(_("Required"), lambda r: r[1], 10),
        Column(_("Accepted values"), lambda r: r[2], 36),
        Column(_("Description"), lambda r: r[3], 60),
    ]


def _notes(spec: EntitySpec) -> list[tuple[str, str, str, str]]:
    yes, no = _("Yes"), _("No")
    rows = [(col.header, yes if col.required else no, _accepted(col), str(col.help)) for col in spec.columns]
    rows += [("", "", "", ""), (_("How importing works"), "", "", str(spec.help))]
    rows += [
        ("", "", "", _("Keep the header row (row 1) as it is; columns marked * are required.")),
        ("", "", "", _("Row 2 is an example: left as it is, it is not imported. Overwrite it or add your rows "
                       "below it.")),
        ("", "", "", _("All or nothing: if any row has an error, nothing is written and every error is "
                       "listed with its row number.")),
        ("", "", "", _("Rows are matched by code: importing again updates records instead of duplicating "
                       "them, and lists of codes replace the old lists. Records not in the file are left as "
                       "they are.")),
        ("", "", "", _("References must be codes of records already in the hall (import units, then people, "
                       "zones, windows and positions).")),
    ]
    return rows


def template_workbook(spec: EntitySpec) -> bytes:
    """The header row, one example row (greyed, with a comment: the import skips it while it is left as it
    is), and a notes sheet describing every column."""
    example = {col.key: col.example for col in spec.columns}
    columns = [Column(col.header, lambda row, col=col: row[col.key], col.width) for col in spec.columns]
    content = build_workbook([(str(spec.label), columns, [example]), (NOTES_SHEET, _note_columns(), _notes(spec))])
    return _mark_example_row(content)


EXAMPLE_FILL = PatternFill("solid", fgColor="F2F2F2")
EXAMPLE_FONT = Font(italic=True, color="6C757D")


def _mark_example_row(content: bytes) -> bytes:
    workbook = load_workbook(BytesIO(content))
    sheet = workbook.worksheets[0]
    for cell in sheet[EXAMPLE_ROW]:
        cell.fill = EXAMPLE_FILL
        cell.font = EXAMPLE_FONT
    note = _("Example row: it is not imported while it is left as it is. Fill in your own rows below it, or "
             "overwrite it.")
    sheet.cell(row=EXAMPLE_ROW, column=1).comment = Comment(note, "Hallkeeper")
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
