"""The rules of a handbook version as a paper scoring sheet (检查评分表), A4 landscape.

Header rows for the hall, the handbook version, the zone, the inspector and the date; one row per
rule grouped by part with a subtotal per part; then the total deduction, the score (100 less the
deductions, never below zero) and the count of failed veto items, all as formulas, so the sheet
also works as a spreadsheet: type × and the number of findings, and the deductions follow.
"""

from __future__ import annotations

import math
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from hallkeeper.core.exports import FORMULA_PREFIXES

from .data import HandbookDoc, RuleDoc, collect

FONT_NAME = "宋体"
#: (header, width in characters)
COLUMNS = (
    ("序号", 5),
    ("编码", 8),
    ("细则", 46),
    ("检查方法", 9),
    ("扣分标准\n（分/处）", 9),
    ("上限\n（分）", 7),
    ("否决项", 7),
    ("检查结果\n（√×）", 9),
    ("次数", 6),
    ("扣分", 7),
    ("备注", 24),
)
HEADER_ROW = 4
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
PART_FILL = PatternFill("solid", fgColor="F2F2F2")
TOTAL_FILL = PatternFill("solid", fgColor="FFF2CC")
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
POINTS = "0.0#;-0.0#;;@"  # zero shows as an empty cell on paper
LINE_HEIGHT = 14.5  # points per line of 10-point text


def _text_units(text: str) -> int:
    """Width of text in column-width units: a CJK character takes about two."""
    return sum(1 if ord(ch) < 0x2E80 else 2 for ch in text)


def _lines(text: str, width: int) -> int:
    usable = max(1, width - 1)
    return sum(max(1, math.ceil(_text_units(line) / usable)) for line in (text or "").split("\n"))


class ScoringSheet:
    def __init__(self, doc: HandbookDoc):
        self.doc = doc
        self.wb = Workbook()
        self.ws = self.wb.active
        self.ws.title = "检查评分表"
        self.row = 1

    # -- cells ----------------------------------------------------------------

    def cell(self, column: int, value, *, align=WRAP, font: Font | None = None, fmt: str | None = None):
        cell = self.ws.cell(row=self.row, column=column, value=value)
        cell.alignment = align
        cell.font = font or Font(name=FONT_NAME, size=10)
        if fmt:
            cell.number_format = fmt
        return cell

    def text(self, column: int, value: str, **kwargs):
        """Text typed by people: never run as a formula."""
        cell = self.cell(column, value, **kwargs)
        if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
            cell.data_type = "s"
        return cell

    def merged(self, value: str, *, first: int = 1, last: int = len(COLUMNS), font=None, align=WRAP, height=None):
        self.text(first, value, font=font, align=align)
        self.ws.merge_cells(start_row=self.row, start_column=first, end_row=self.row, end_column=last)
        if height:
            self.ws.row_dimensions[self.row].height = height

    def borders(self, first_row: int, last_row: int) -> None:
        for row in self.ws.iter_rows(min_row=first_row, max_row=last_row, min_col=1, max_col=len(COLUMNS)):
            for cell in row:
                cell.border = BORDER

    # -- the sheet -------------------------------------------------------------

    def build(self) -> bytes:
        doc, ws = self.doc, self.ws
        for i, (_header, width) in enumerate(COLUMNS, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        self.merged(
            f"{doc.hall_name}现场管理检查评分表", font=Font(name="黑体", size=16, bold=True), align=CENTER, height=30
        )
        self.row += 1
        self.merged(
            f"依据：《{doc.title}》{doc.label}（{doc.published_text}）　满分 100 分，按细则逐处扣分，"
            "同一细则不超过上限，扣完为止",
            font=Font(name=FONT_NAME, size=10),
            height=20,
        )
        self.row += 1
        self.merged(
            "责任区：＿＿＿＿＿＿＿＿　　检查人：＿＿＿＿＿＿＿＿　　检查日期：＿＿＿＿年＿＿月＿＿日",
            font=Font(name=FONT_NAME, size=11),
            height=24,
        )
        self.row = HEADER_ROW
        head_font = Font(name="黑体", size=10, bold=True)
        for i, (header, _width) in enumerate(COLUMNS, start=1):
            self.cell(i, header, align=CENTER, font=head_font).fill = HEAD_FILL
        ws.row_dimensions[self.row].height = 32
        result = DataValidation(type="list", formula1='"√,×"', allow_blank=True)
        result.prompt, result.promptTitle = "符合填 √，不符合填 ×", "检查结果"
        count = DataValidation(type="whole", operator="between", formula1="0", formula2="999", allow_blank=True)
        count.error = "次数填 0 或正整数"
        ws.add_data_validation(result)
        ws.add_data_validation(count)

        number, subtotals, first_rule_row = 0, [], self.row + 1
        for part in doc.parts:
            self.row += 1
            self.merged(part.heading, font=Font(name="黑体", size=11, bold=True), height=20)
            ws.cell(row=self.row, column=1).fill = PART_FILL
            first = self.row + 1
            for section in part.sections:
                for rule in section.rules:
                    number += 1
                    self.row += 1
                    self.rule_row(number, rule)
                    result.add(f"H{self.row}")
                    count.add(f"I{self.row}")
            last = self.row
            self.row += 1
            self.merged(f"{part.heading}　小计", last=9, font=Font(name="黑体", size=10, bold=True), height=20)
            self.cell(10, f"=SUM(J{first}:J{last})", align=CENTER, fmt=POINTS)
            for column in range(1, len(COLUMNS) + 1):
                ws.cell(row=self.row, column=column).fill = PART_FILL
            subtotals.append(f"J{self.row}")
        last_rule_row = self.row
        bold = Font(name="黑体", size=11, bold=True)
        self.row += 1
        self.merged("扣分合计", last=9, font=bold, height=22)
        self.cell(10, "=" + ("+".join(subtotals) or "0"), align=CENTER, font=bold, fmt=POINTS)
        total = f"J{self.row}"
        self.row += 1
        self.merged("得分 = 100 − 扣分合计（不计负分）", last=9, font=bold, height=22)
        self.cell(10, f"=MAX(0,100-{total})", align=CENTER, font=bold, fmt="0.0#")
        score_row = self.row
        self.row += 1
        self.merged("否决项不符合（×）条数：出现否决项的，本次评估验收判定为不合格", last=9, font=bold, height=22)
        self.cell(
            10,
            f'=COUNTIFS(G{first_rule_row}:G{last_rule_row},"是",H{first_rule_row}:H{last_rule_row},"×")',
            align=CENTER,
            font=bold,
            fmt="0",
        )
        for row in range(score_row - 1, self.row + 1):
            for column in range(1, len(COLUMNS) + 1):
                ws.cell(row=row, column=column).fill = TOTAL_FILL
        self.borders(HEADER_ROW, self.row)
        self.row += 2
        self.merged(
            "检查人（签字）：＿＿＿＿＿＿＿＿　　责任区负责人（签字）：＿＿＿＿＿＿＿＿　　"
            "整改期限：＿＿＿＿年＿＿月＿＿日",
            height=24,
        )
        self.page_setup()
        out = BytesIO()
        self.wb.save(out)
        return out.getvalue()

    def rule_row(self, number: int, rule: RuleDoc) -> None:
        text = f"{rule.title}：{rule.requirement}" if rule.requirement else rule.title
        self.cell(1, number, align=CENTER)
        self.text(2, rule.code, align=CENTER)
        self.text(3, text)
        self.text(4, rule.check_method, align=CENTER)
        self.cell(5, float(rule.deduction) if rule.deduction is not None else None, align=CENTER, fmt="0.0#")
        self.cell(6, float(rule.cap) if rule.cap is not None else None, align=CENTER, fmt="0.0#")
        self.cell(7, "是" if rule.is_veto else "", align=CENTER)
        self.cell(8, None, align=CENTER)
        self.cell(9, None, align=CENTER, fmt="0")
        r = self.row
        # Deduction: per occurrence × occurrences (one when only × is marked), at most the cap.
        occurrences = f'IF(N(I{r})>0,I{r},IF(H{r}="×",1,0))'
        self.cell(10, f'=IF(F{r}="",E{r}*{occurrences},MIN(E{r}*{occurrences},F{r}))', align=CENTER, fmt=POINTS)
        self.cell(11, None)
        lines = max(_lines(text, COLUMNS[2][1]), _lines(rule.check_method, COLUMNS[3][1]))
        self.ws.row_dimensions[r].height = max(2, lines) * LINE_HEIGHT + 4

    def page_setup(self) -> None:
        ws = self.ws
        ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top, ws.page_margins.bottom = 0.5, 0.6
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        ws.oddFooter.center.size = 9
        ws.oddHeader.right.text = f"{self.doc.title} {self.doc.label}"
        ws.oddHeader.right.size = 8


def scoring_sheet_xlsx(version) -> bytes:
    """The scoring sheet of a handbook version as .xlsx bytes."""
    return render_scoring_sheet(collect(version, pictures=False))


def render_scoring_sheet(doc: HandbookDoc) -> bytes:
    return ScoringSheet(doc).build()
