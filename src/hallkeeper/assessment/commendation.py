"""Commending the hall's model windows, zones and staff (表彰先进典型): the ranking by average score over
published months, and the 表彰决定 (commendation decision) as an official document.

Pure parts (no database): :func:`standings` ranks targets by their average published score, :func:`top` takes
the first N (ties at the cut-off included), :func:`span_text` writes the months covered, :func:`build` lays out
the decision from a :class:`DecisionData` (GB/T 9704-2012 through ``hallkeeper.core.official``). :func:`gather`
reads a commendation into that data.

**The ranking.** A target's average is the mean of its scores in the months of the span whose month period is
published (each month's latest published revision), over the months it was assessed in; a month in which it
was not assessed does not count against it. Averages are rounded to one decimal (half up) before ranking, so
two targets printed with the same average share a rank (1, 2, 2, 4).

**The decision's number.** Decisions take their running numbers from a series of their own (a
``DecisionCounter`` per hall and year, apart from the bulletin's), so they need a 机关代字 of their own too —
otherwise 鞍审批〔2026〕1号 would name both the first bulletin and the first decision. The hall's document
settings hold it (``decision_code``); without one, a bureau numbers its formal decisions in its 发 series: the
hall's 机关代字 followed by 发 (``halls.documents.derived_decision_code``: ``鞍审批`` → ``鞍审批发``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from hallkeeper.core.official import Heading, OfficialDocument, Paragraph, render_docx, render_pdf

from .models import HONOUR_CN, HonourTitle

TENTH = Decimal("0.1")
ADDRESSEE = "各科室、各派驻窗口单位"
NUMERALS = "一二三四五六七八九十"
QUARTERS = "一二三四"


@dataclass(frozen=True)
class MonthScore:
    """One target's score in one published month (``score`` None = not assessed)."""

    target_type: str
    target_id: int
    name: str
    month: dt.date
    score: Decimal | None


@dataclass(frozen=True)
class Standing:
    """A target's average over the span's published months and its rank by that average."""

    target_type: str
    target_id: int
    name: str
    average: Decimal
    months: int
    rank: int


def standings(scores: Iterable[MonthScore], target_type: str) -> list[Standing]:
    """The targets of ``target_type`` by average score, best first (ties share a rank, by name within it)."""
    sums: dict[int, list] = {}
    for s in sorted(scores, key=lambda s: s.month):
        if s.target_type != target_type or s.score is None:
            continue
        entry = sums.setdefault(s.target_id, [Decimal(0), 0, s.name])
        entry[0] += Decimal(s.score)
        entry[1] += 1
        entry[2] = s.name  # the latest month's name
    averaged = [
        (tid, name, (total / count).quantize(TENTH, rounding=ROUND_HALF_UP), count)
        for tid, (total, count, name) in sums.items()
    ]
    averaged.sort(key=lambda a: (-a[2], a[1], a[0]))
    result = []
    for tid, name, average, count in averaged:
        rank = 1 + sum(1 for other in averaged if other[2] > average)
        result.append(Standing(target_type, tid, name, average, count, rank))
    return result


def top(ranked: list[Standing], n: int) -> list[Standing]:
    """The first ``n`` by rank, and whoever ties with the last of them."""
    return [s for s in ranked if s.rank <= n]


def month_text(month: dt.date) -> str:
    return f"{month.year}年{month.month}月"


def span_text(from_month: dt.date, to_month: dt.date) -> str:
    """``2026年度``, ``2026年第一季度``, ``2026年7月``, ``2026年1月至6月`` or ``2025年11月至2026年2月``."""
    if from_month.year == to_month.year:
        if (from_month.month, to_month.month) == (1, 12):
            return f"{from_month.year}年度"
        if from_month.month == to_month.month:
            return month_text(from_month)
        if from_month.month % 3 == 1 and to_month.month == from_month.month + 2:
            return f"{from_month.year}年第{QUARTERS[(from_month.month - 1) // 3]}季度"
        return f"{month_text(from_month)}至{to_month.month}月"
    return f"{month_text(from_month)}至{month_text(to_month)}"


def suggested_title(hall_name: str, from_month: dt.date, to_month: dt.date) -> str:
    """``关于表彰2026年度{大厅}现场管理先进典型的决定``."""
    return f"关于表彰{span_text(from_month, to_month)}{hall_name}现场管理先进典型的决定"


def ranking_reason(from_month: dt.date, to_month: dt.date, standing: Standing) -> str:
    """A ranking nomination's reason, prefilled: the average score and the rank over the span."""
    return (
        f"在{span_text(from_month, to_month)}现场管理考核中，{standing.months}个月平均得分{standing.average}分，"
        f"排名位列第{standing.rank}名"
    )


@dataclass(frozen=True)
class Commended:
    """One commended zone, window or person in the decision, with the short reason."""

    honour: str
    name: str
    reason: str


@dataclass(frozen=True)
class DecisionData:
    hall_name: str
    issuer_name: str
    title: str
    number: str
    from_month: dt.date
    to_month: dt.date
    dated: dt.date
    commended: tuple[Commended, ...]
    printed: dt.date | None = None


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in "。！；.!;" else text + "。"


def grouped(commended: Iterable[Commended]) -> list[tuple[str, list[Commended]]]:
    """The commended by honour in the order of :data:`HONOUR_CN`, each group in the given order."""
    groups = []
    for honour in HonourTitle.values:
        rows = [c for c in commended if c.honour == honour]
        if rows:
            groups.append((honour, rows))
    return groups


def build(data: DecisionData) -> OfficialDocument:
    """The 表彰决定 as an official document (pure: reads nothing but ``data``)."""
    span = span_text(data.from_month, data.to_month)
    groups = grouped(data.commended)
    honours = "、".join(f"“{HONOUR_CN[h]}”" for h, _rows in groups) or "先进典型"
    counts = "、".join(f"{HONOUR_CN[h]}{len(rows)}个" for h, rows in groups) or "无"
    blocks: list = [
        Paragraph(
            f"{span}，{data.hall_name}各科室、各派驻窗口单位和全体窗口工作人员认真落实现场管理标准化要求，"
            "立足岗位、规范服务、持续整改，大厅现场秩序和服务质量不断提升，涌现出一批管理规范、服务优质、"
            "群众满意的先进典型。"
        ),
        Paragraph(
            f"为表彰先进、树立标杆，根据{span}现场管理考核结果，经{data.issuer_name}研究，决定授予"
            f"{len(data.commended)}个单位和个人{honours}称号（{counts}），予以通报表彰。"
        ),
    ]
    for i, (honour, rows) in enumerate(groups):
        blocks.append(Heading(f"{NUMERALS[i] if i < len(NUMERALS) else i + 1}、{HONOUR_CN[honour]}（{len(rows)}个）"))
        for j, row in enumerate(rows, start=1):
            blocks.append(Paragraph(_sentence(row.reason), lead=f"{j}.{row.name}："))
    blocks += [
        Paragraph("希望受到表彰的单位和个人珍惜荣誉、戒骄戒躁，继续保持标准、发挥示范带动作用，再创佳绩。"),
        Paragraph(
            "各科室、各派驻窗口单位和全体工作人员要以先进典型为榜样，对标先进、查找差距，严格落实现场管理标准，"
            f"不断提升政务服务水平，为推动{data.hall_name}现场管理标准化建设作出新的贡献。"
        ),
    ]
    return OfficialDocument(
        issuer_mark=f"{data.issuer_name}文件",
        number=data.number,
        title=data.title,
        addressee=ADDRESSEE,
        blocks=tuple(blocks),
        signature=data.issuer_name,
        date=data.dated,
        printer=data.issuer_name,
        printed=data.printed or data.dated,
        author=data.issuer_name,
    )


def decision_date(commendation) -> dt.date:
    """The decision's 成文日期: its stored date once published, else the approval day (or today)."""
    from django.utils import timezone

    if commendation.decision_date:
        return commendation.decision_date
    return timezone.localdate(commendation.approved_at or timezone.now())


def gather(commendation, user) -> DecisionData:
    """Read the commendation (as published: its frozen nominations) for :func:`build`, within ``user``'s scope."""
    from django.utils import timezone

    from hallkeeper.halls.documents import issuer_for

    from .models import Commendation, Nomination

    commendation = Commendation.objects.visible_to(user).select_related("hall").get(pk=commendation.pk)
    if commendation.snapshot:
        rows = [Commended(n["honour"], n["name"], n["reason"]) for n in commendation.snapshot]
    else:
        nominations = Nomination.objects.visible_to(user).filter(commendation=commendation)
        rows = [Commended(n.honour, n.name, n.reason) for n in nominations]
    hall = commendation.hall
    return DecisionData(
        hall_name=hall.name,
        issuer_name=issuer_for(hall).name,
        title=commendation.title,
        number=commendation.decision_number,
        from_month=commendation.from_month,
        to_month=commendation.to_month,
        dated=decision_date(commendation),
        printed=timezone.localdate(commendation.published_at) if commendation.published_at else None,
        commended=tuple(rows),
    )


def decision_docx(commendation, user) -> bytes:
    return render_docx(build(gather(commendation, user)))


def decision_pdf(commendation, user) -> bytes:
    return render_pdf(build(gather(commendation, user)))
