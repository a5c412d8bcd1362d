"""The budget as a finance office keeps it (预算表): a workbook with the hall and the survey's title on top, one
sheet by item, one by zone and one by department, each with 序号, 品名, 规格, 单位, 数量, 单价, 金额, 备注, the
totals (with the amount in capitals, 大写) and the signature row 经办人 / 审核人 / 审批人."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from . import survey as arithmetic

HEADERS = ("序号", "品名", "规格", "单位", "数量", "单价", "金额", "备注")
WIDTHS = (6, 20, 22, 6, 8, 10, 12, 24)
MONEY = "#,##0.00"
_thin = Side(style="thin")
_box = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL = ("", "拾", "佰", "仟")
_BIG = ("", "万", "亿", "兆")


def _integer(number: int) -> str:
    digits = str(number)
    words, zero = "", False
    for k, char in enumerate(digits):
        place = len(digits) - 1 - k
        if char == "0":
            zero = True
        else:
            words += ("零" if zero else "") + _DIGITS[int(char)] + _SMALL[place % 4]
            zero = False
        if place % 4 == 0 and place and int(digits[max(0, k - 3) : k + 1]):
            words += _BIG[place // 4]
    return words


def capitals(amount: Decimal) -> str:
    """An amount in yuan in the capitals of Chinese finance (大写): 1234.50 → 壹仟贰佰叁拾肆元伍角整."""
    fen_total = int((amount * 100).quantize(Decimal("1")))
    if fen_total == 0:
        return "零元整"
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    words = f"{_integer(yuan)}元" if yuan else ""
    if jiao:
        words += _DIGITS[jiao] + "角"
    elif yuan and fen:
        words += "零"
    return words + (_DIGITS[fen] + "分" if fen else "整")


class _Sheet:
    def __init__(self, sheet, hall, survey, subtitle: str):
        self.ws = sheet
        for i, width in enumerate(WIDTHS, 1):
            sheet.column_dimensions[chr(64 + i)].width = width
        sheet.append([f"{hall.display_name}{survey.title}"])
        sheet.merge_cells("A1:H1")
        sheet["A1"].font = Font(bold=True, size=16)
        sheet["A1"].alignment = Alignment(horizontal="center")
        date = f"{survey.surveyed_on.year}年{survey.surveyed_on.month}月{survey.surveyed_on.day}日"
        sheet.append([f"{subtitle}　调查日期：{date}　状态：{survey.get_state_display()}　单位：元"])
        sheet.merge_cells("A2:H2")
        self.row(HEADERS, bold=True)

    def row(self, values, *, bold: bool = False, merge_label: bool = False):
        self.ws.append(list(values))
        number = self.ws.max_row
        for cell in self.ws[number]:
            cell.border = _box
            if bold:
                cell.font = Font(bold=True)
            if cell.column in (6, 7) and isinstance(cell.value, (int, float, Decimal)):
                cell.number_format = MONEY
        if merge_label:
            self.ws.merge_cells(f"A{number}:D{number}")
        return number

    def total(self, label: str, amount: Decimal):
        self.row((label, "", "", "", "", "", amount, capitals(amount)), bold=True, merge_label=True)

    def signatures(self):
        self.ws.append([])
        self.ws.append(["经办人：", "", "", "审核人：", "", "", "审批人：", ""])
        for cell in self.ws[self.ws.max_row]:
            cell.font = Font(bold=True)


def _item_rows(sheet: _Sheet, groups: Iterable[arithmetic.Total], remarks: dict[int, str]) -> None:
    for number, group in enumerate(groups, 1):
        first = group.lines[0]
        sheet.row(
            (number, first.name, first.spec, first.unit, group.need, first.unit_price, group.amount,
             remarks.get(first.item_id, ""))
        )  # fmt: skip


def _sections(sheet: _Sheet, groups: Iterable[arithmetic.Total], remarks: dict[int, str]) -> None:
    for group in groups:
        number = sheet.row((group.label, "", "", "", "", "", "", ""), bold=True, merge_label=True)
        sheet.ws.merge_cells(f"E{number}:H{number}")
        by_item = arithmetic.totals(group.lines, lambda x: str(x.item_id), lambda x: x.name)
        _item_rows(sheet, by_item, remarks)
        sheet.total("小计", group.amount)


def workbook(hall, survey, view) -> bytes:
    """The survey's workbook from a :class:`~hallkeeper.budget.selectors.SurveyView` of the whole survey."""
    lines = [line for line in view.lines if line.need > 0]
    remarks = {}
    for line in lines:
        item = line.item
        remarks.setdefault(line.item_id, "；".join(p for p in (item.supplier, item.remark) if p))
    total = arithmetic.grand_total(lines)
    book = Workbook()
    by_item = arithmetic.totals(lines, lambda x: str(x.item_id), lambda x: x.name)
    by_zone = arithmetic.totals(lines, lambda x: str(x.zone_id), lambda x: str(x.zone))
    by_department = arithmetic.totals(lines, lambda x: x.department or "—", lambda x: x.department or "—")
    sheets = (
        (_("By item"), "按品名汇总", lambda s: _item_rows(s, by_item, remarks)),
        (_("By zone"), "按责任区", lambda s: _sections(s, by_zone, remarks)),
        (_("By department"), "按部门", lambda s: _sections(s, by_department, remarks)),
    )
    for index, (title, subtitle, fill) in enumerate(sheets):
        ws = book.active if index == 0 else book.create_sheet()
        ws.title = title[:31]
        sheet = _Sheet(ws, hall, survey, subtitle)
        fill(sheet)
        sheet.total("合计", total)
        sheet.signatures()
    out = BytesIO()
    book.save(out)
    return out.getvalue()
