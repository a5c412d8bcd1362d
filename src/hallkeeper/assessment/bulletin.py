"""The monthly assessment bulletin (考核通报) of an approved or published period, as an official document.

:func:`gather` reads a period once into plain :class:`BulletinData` (its results, the findings of the
period's dates with their rules, up to four before-photos, the hall's issuer and grade bands);
:func:`build` is pure — the same data always gives the same :class:`~hallkeeper.core.official.OfficialDocument`,
laid out by GB/T 9704-2012 and rendered by :func:`bulletin_docx` / :func:`bulletin_pdf`.

The bulletin is written in Chinese (an official document of a Chinese authority) and holds:

* 版头: the issuer's mark (``{发文机关}文件``) and the period's bulletin number (发文字号, taken once by
  ``services.bulletin_number`` and kept on the period);
* the title ``关于2026年7月{大厅}现场管理考核情况的通报``, the addressees 各科室、各派驻窗口单位, an opening
  paragraph (the period, how many zones, windows and staff were assessed, the zones' mean score) and, for a
  corrected revision, a 更正 paragraph naming the bulletin it replaces;
* 一、总体情况 (checks, findings, grades of the zones); 二、考核排名 (every zone with rank, score and grade; the
  windows up to rank 10; every window staff member — ties share a rank, a target not assessed is 未参评);
* 三、红黑榜与评优 — by the hall's honour rules (``HonourRules``, applied by the pure ``honours.select``): the red
  list (红榜: the zones placed 1..n scoring at least the red list's minimum, ties at the cut-off included) and
  the black list (黑榜: the n lowest zones and/or those below the hall's line, never a zone on the red list);
  for a month also the 流动红旗 (its holder, or 空缺), the 红旗窗口 and the 服务之星. A published period prints the
  honours frozen at its publication, an approved one those computed from its results now;
* 四、存在的主要问题 — the Pareto table of the most failed rules (the findings of the period's dates: rule,
  count, cumulative share of all findings) and the typical problems: one before-photo each for up to four of
  the most failed rules, scaled and captioned with the zone and the rule;
* 五、下一步要求 (a standard closing), 落款 the issuer, 成文日期 the approval date, 版记
  (印发机关 the issuer, 印发日期 the publication date, or the approval date while not yet published).

All texts are plain text: the renderers escape them, so a zone or rule named like markup prints literally.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

from django.db.models import Prefetch

from hallkeeper.core.official import Heading, OfficialDocument, Paragraph, Picture, Table, render_docx, render_pdf
from hallkeeper.halls.documents import issuer_for
from hallkeeper.inspections.models import Finding, Inspection, ItemPhoto
from hallkeeper.inspections.scoring import DEFAULT_BANDS, Bands, grade_for
from hallkeeper.inspections.services import policy_for

from .choices import FlagTarget, PeriodKind, PeriodState, TargetType
from .honours import Honours, Rules, Unit, compute_for, rules_for_period, rules_from_json, select
from .models import AssessmentPeriod, AssessmentResult

#: How many rows the Pareto table shows, how many windows the ranking lists (by rank), and the photos shown.
PARETO_ROWS = 10
WINDOW_RANKS = 10
TYPICAL_PHOTOS = 4
NOT_ASSESSED = "未参评"
ADDRESSEE = "各科室、各派驻窗口单位"
GRADE_CN = {"excellent": "优秀", "good": "良好", "qualified": "合格", "unqualified": "不合格"}
QUARTERS = "一二三四"
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Ranked:
    """One zone's, window's or staff member's line in the ranking (``score`` None = not assessed)."""

    name: str
    score: Decimal | None
    rank: int | None


@dataclass(frozen=True)
class RuleCount:
    """How often one rule failed in the period."""

    code: str
    title: str
    count: int


@dataclass(frozen=True)
class ParetoRow:
    code: str
    title: str
    count: int
    cumulative: Decimal  # percent of all the period's findings, one decimal


@dataclass(frozen=True)
class Typical:
    """A typical problem: a failed item's before-photo, with its zone and rule."""

    zone: str
    rule_code: str
    rule_title: str
    data: bytes
    width: int
    height: int


@dataclass(frozen=True)
class BulletinData:
    hall_name: str
    issuer_name: str
    number: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    dated: dt.date
    zones: tuple[Ranked, ...]
    windows: tuple[Ranked, ...]
    staff: tuple[Ranked, ...]
    rule_counts: tuple[RuleCount, ...] = ()
    typical: tuple[Typical, ...] = ()
    inspections: int = 0
    bands: Bands = DEFAULT_BANDS
    revision: int = 1
    revision_reason: str = ""
    corrects_number: str = ""
    printed: dt.date | None = None  # 印发日期; the 成文日期 when None
    rules: Rules = Rules()
    honours: Honours | None = None  # None: selected from the rows above under ``rules`` (see ``honours_of``)


# -- pure parts ---------------------------------------------------------------------------------------------


def q(value: Decimal) -> Decimal:
    return Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP)


def period_text(kind: str, starts_on: dt.date) -> str:
    """``2026年7月``, ``2026年第三季度`` or ``2026年度``."""
    if kind == PeriodKind.MONTH:
        return f"{starts_on.year}年{starts_on.month}月"
    if kind == PeriodKind.QUARTER:
        return f"{starts_on.year}年第{QUARTERS[(starts_on.month - 1) // 3]}季度"
    return f"{starts_on.year}年度"


def bulletin_title(hall_name: str, kind: str, starts_on: dt.date) -> str:
    return f"关于{period_text(kind, starts_on)}{hall_name}现场管理考核情况的通报"


def ordered(rows) -> list[Ranked]:
    """By rank (ties by name), those not assessed last."""
    return sorted(rows, key=lambda r: (r.score is None, r.rank or 0, r.name))


def mean_score(rows) -> Decimal | None:
    scores = [r.score for r in rows if r.score is not None]
    return q(sum(scores, Decimal(0)) / len(scores)) if scores else None


def honours_of(data: BulletinData) -> Honours:
    """The bulletin's honours: those given (frozen or computed from the period's results), else selected from
    its ranked rows under its rules (without a previous flag holder); a quarter or a year: the lists only."""
    if data.honours is not None:
        return data.honours
    rules = data.rules if data.kind == PeriodKind.MONTH else data.rules.lists_only()
    units = [
        Unit(target_type, i, r.name, r.score, r.rank)
        for target_type, rows in (
            (TargetType.ZONE, data.zones),
            (TargetType.WINDOW, data.windows),
            (TargetType.PERSON, data.staff),
        )
        for i, r in enumerate(rows)
    ]
    return select(units, rules)


def _red_text(rules: Rules) -> str:
    return f"得分位列前{rules.red_size}名且不低于{rules.red_min}分的责任区列入红榜，予以通报表扬"


def _black_text(rules: Rules) -> str:
    parts = []
    if rules.black_size:
        parts.append(f"得分位列后{rules.black_size}名")
    if rules.black_below is not None:
        parts.append(f"得分低于{rules.black_below}分")
    return f"{'或'.join(parts)}的责任区列入黑榜（已列入红榜的除外），予以通报批评，限期整改"


def honour_blocks(data: BulletinData) -> list:
    """三、红黑榜与评优: the red and black lists; for a month the 流动红旗, 红旗窗口 and 服务之星."""
    chosen = honours_of(data)
    rules = chosen.rules
    blocks: list = [Heading("三、红黑榜与评优")]
    if rules.red_size:
        blocks.append(Paragraph(f"{_red_text(rules)}：{_names(chosen.red_list)}。", lead="（一）红榜。"))
    else:
        blocks.append(Paragraph("本期不设红榜。", lead="（一）红榜。"))
    if rules.black_size or rules.black_below is not None:
        blocks.append(Paragraph(f"{_black_text(rules)}：{_names(chosen.black_list)}。", lead="（二）黑榜。"))
    else:
        blocks.append(Paragraph("本期不设黑榜。", lead="（二）黑榜。"))
    if data.kind != PeriodKind.MONTH:
        return blocks
    target = "窗口" if rules.flag_target == FlagTarget.WINDOW else "责任区"
    if chosen.flag:
        shared = "共同" if len(chosen.flag) > 1 else ""
        flag = f"本月流动红旗由{_names(chosen.flag)}{shared}获得，予以通报表扬并授旗。"
    else:
        flag = f"本月无{target}得分达到{rules.flag_min}分以上且符合条件，流动红旗空缺。"
    blocks.append(Paragraph(flag, lead="（三）流动红旗。"))
    if rules.red_windows:
        windows = (
            f"得分位列前{rules.red_windows}名且不低于{rules.red_window_min}分的窗口评为红旗窗口："
            f"{_names(chosen.red_windows)}。"
        )
        blocks.append(Paragraph(windows, lead="（四）红旗窗口。"))
    if rules.service_stars:
        stars = (
            f"得分位列前{rules.service_stars}名且不低于{rules.service_star_min}分的窗口工作人员评为服务之星："
            f"{_names(chosen.service_stars)}。"
        )
        blocks.append(Paragraph(stars, lead="（五）服务之星。"))
    return blocks


def pareto(counts, limit: int = PARETO_ROWS) -> list[ParetoRow]:
    """The most failed rules, most first (ties by code and title), with the cumulative share of all findings."""
    rows = sorted(counts, key=lambda c: (-c.count, c.code, c.title))
    total = sum(c.count for c in rows)
    result, running = [], 0
    for c in rows[:limit]:
        running += c.count
        result.append(ParetoRow(c.code, c.title, c.count, q(Decimal(running) * 100 / total)))
    return result


def _score(value: Decimal | None) -> str:
    return NOT_ASSESSED if value is None else f"{value}"


def _rank(row: Ranked) -> str:
    return "—" if row.rank is None or row.score is None else str(row.rank)


def zone_grade(row: Ranked, bands: Bands) -> str:
    return GRADE_CN.get(grade_for(row.score, False, bands), "—") if row.score is not None else "—"


def _names(rows) -> str:
    return "、".join(f"{r.name}（{r.score}分）" for r in rows) if rows else "本期无"


def build(data: BulletinData) -> OfficialDocument:
    """The bulletin as an official document (pure: reads nothing but ``data``)."""
    title = bulletin_title(data.hall_name, data.kind, data.starts_on)
    zones, staff = ordered(data.zones), ordered(data.staff)
    windows = ordered(data.windows)
    assessed = [z for z in zones if z.score is not None]
    mean = mean_score(zones)
    blocks: list = []
    if data.revision > 1:
        replaced = f"（{data.corrects_number}）" if data.corrects_number else ""
        reason = f"更正原因：{data.revision_reason}。" if data.revision_reason else ""
        blocks.append(
            Paragraph(
                f"本通报为{period_text(data.kind, data.starts_on)}考核情况通报{replaced}的更正（第{data.revision}版），"
                f"{reason}原通报同时作废，以本通报为准。",
                lead="【更正】",
            )
        )
    mean_text = f"责任区平均得分{mean}分" if mean is not None else "本期无责任区参评"
    blocks.append(
        Paragraph(
            f"为进一步加强{data.hall_name}现场管理标准化工作，根据现场管理考核工作安排，"
            f"{data.issuer_name}对{data.starts_on.year}年{data.starts_on.month}月{data.starts_on.day}日至"
            f"{data.ends_on.year}年{data.ends_on.month}月{data.ends_on.day}日大厅现场管理情况进行了考核，"
            f"共考核责任区{len(zones)}个、窗口{len(windows)}个、窗口工作人员{len(staff)}名，{mean_text}。"
            "现将有关情况通报如下："
        )
    )
    # 一、总体情况
    grades = Counter(zone_grade(z, data.bands) for z in assessed)
    grade_text = "、".join(f"{name}{grades.get(name, 0)}个" for name in GRADE_CN.values())
    not_assessed = len(zones) - len(assessed)
    rules = len(data.rule_counts)
    findings = sum(c.count for c in data.rule_counts)
    blocks += [
        Heading("一、总体情况"),
        Paragraph(
            f"本期共开展现场检查{data.inspections}次，发现问题{findings}个，涉及标准条款{rules}条。"
            f"参评责任区{len(assessed)}个，其中{grade_text}"
            + (f"，另有{not_assessed}个责任区{NOT_ASSESSED}" if not_assessed else "")
            + "。"
        ),
    ]
    # 二、考核排名
    blocks += [
        Heading("二、考核排名"),
        Heading("（一）责任区考核排名", level=2),
        Table(
            header=("排名", "责任区", "得分", "等级"),
            rows=tuple((_rank(z), z.name, _score(z.score), zone_grade(z, data.bands)) for z in zones)
            or (("—", "本期无", "—", "—"),),
            widths_mm=(20, 80, 28, 28),
        ),
    ]
    shown = [w for w in windows if w.score is not None and w.rank is not None and w.rank <= WINDOW_RANKS]
    blocks += [
        Heading(f"（二）窗口考核排名（前{WINDOW_RANKS}名）", level=2),
        Table(
            header=("排名", "窗口", "得分"),
            rows=tuple((_rank(w), w.name, _score(w.score)) for w in shown) or (("—", "本期无", "—"),),
            widths_mm=(20, 100, 36),
        ),
    ]
    rest = len(windows) - len(shown)
    if rest:
        blocks.append(Paragraph(f"其余{rest}个窗口的考核结果见考核系统。"))
    blocks += [
        Heading("（三）窗口工作人员考核排名", level=2),
        Table(
            header=("排名", "姓名", "得分"),
            rows=tuple((_rank(p), p.name, _score(p.score)) for p in staff) or (("—", "本期无", "—"),),
            widths_mm=(20, 100, 36),
        ),
    ]
    # 三、红黑榜与评优
    blocks += honour_blocks(data)
    # 四、存在的主要问题
    rows = pareto(data.rule_counts)
    blocks.append(Heading("四、存在的主要问题"))
    if rows:
        blocks += [
            Paragraph(f"本期发现问题{findings}个，按标准条款统计，问题最多的条款如下："),
            Table(
                header=("序号", "条款", "内容", "问题数", "累计占比"),
                rows=tuple(
                    (str(i), r.code, r.title, str(r.count), f"{r.cumulative}%") for i, r in enumerate(rows, start=1)
                ),
                widths_mm=(14, 24, 74, 20, 24),
                caption="问题条款统计表",
            ),
        ]
    else:
        blocks.append(Paragraph("本期检查未发现问题。"))
    if data.typical:
        blocks.append(Paragraph("本期典型问题如下：", lead="典型问题。"))
        for i, t in enumerate(data.typical[:TYPICAL_PHOTOS], start=1):
            blocks.append(
                Picture(
                    data=t.data,
                    width=t.width,
                    height=t.height,
                    caption=f"图{i} {t.zone}：{t.rule_code} {t.rule_title}",
                    max_width_mm=120,
                    max_height_mm=80,
                )
            )
    # 五、下一步要求
    blocks += [
        Heading("五、下一步要求"),
        Paragraph(
            "各科室、各派驻窗口单位要对照本通报指出的问题，举一反三，认真查找不足，"
            "对存在的问题立即整改，并按期报送整改情况。"
        ),
        Paragraph(
            "列入黑榜的责任区要深入分析原因，制定整改措施，责任区负责人要切实履行管理责任；"
            "列入红榜的责任区要保持标准，发挥示范带动作用。"
        ),
        Paragraph("大厅监督考核组将持续开展日常巡查和专项检查，对整改情况进行复查，复查结果纳入下期考核。"),
    ]
    return OfficialDocument(
        issuer_mark=f"{data.issuer_name}文件",
        number=data.number,
        title=title,
        addressee=ADDRESSEE,
        blocks=tuple(blocks),
        signature=data.issuer_name,
        date=data.dated,
        printer=data.issuer_name,
        printed=data.printed or data.dated,
        author=data.issuer_name,
    )


# -- reading a period ---------------------------------------------------------------------------------------


def _read_photo(photo) -> tuple[bytes, int, int] | None:
    """The stored thumbnail (or else the photo) and its size; None when the file cannot be read."""
    from PIL import Image, UnidentifiedImageError

    for stored in (photo.thumbnail, photo.image):
        if not stored:
            continue
        try:
            with stored.open("rb") as fh:
                content = fh.read()
            with Image.open(BytesIO(content)) as image:
                width, height = image.size
        except (OSError, ValueError, UnidentifiedImageError):  # a missing or broken file must not stop the bulletin
            continue
        return content, width or 1, height or 1
    return None


def _typical(findings: list[Finding], rows: list[ParetoRow]) -> list[Typical]:
    """One before-photo each for up to four of the most failed rules (in the Pareto order)."""
    by_rule: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        by_rule.setdefault((f.rule.code, f.rule.title), []).append(f)
    chosen = []
    for row in rows:
        for f in sorted(by_rule.get((row.code, row.title), []), key=lambda f: (-f.deduction, f.found_at, f.pk)):
            read = next((r for r in map(_read_photo, f.item.photo_list) if r is not None), None)
            if read is not None:
                chosen.append(Typical(f.zone.name, f.rule.code, f.rule.title, *read))
                break
        if len(chosen) >= TYPICAL_PHOTOS:
            break
    return chosen


def _ranked(results, target_type: str) -> tuple[Ranked, ...]:
    return tuple(Ranked(r.name, r.score, r.rank) for r in results if r.target_type == target_type)


def gather(period: AssessmentPeriod, user) -> BulletinData:
    """Read the period (with its bulletin number taken) for :func:`build`; every read within ``user``'s scope."""
    from .services import bulletin_date, bulletin_printed

    hall = period.hall
    results = list(AssessmentResult.objects.visible_to(user).filter(period=period))
    dates = (period.starts_on, period.ends_on)
    photos = ItemPhoto.objects.visible_to(user).order_by("created_at", "pk")
    findings = list(
        Finding.objects.visible_to(user)
        .filter(hall=hall, found_at__date__range=dates)
        .select_related("rule", "zone", "item")
        .prefetch_related(Prefetch("item__photos", queryset=photos, to_attr="photo_list"))
    )
    counts = Counter((f.rule.code, f.rule.title) for f in findings)
    rule_counts = tuple(RuleCount(code, title, n) for (code, title), n in counts.items())
    inspections = Inspection.objects.visible_to(user).filter(hall=hall, submitted_at__date__range=dates).count()
    corrects = period.corrects
    return BulletinData(
        hall_name=hall.name,
        issuer_name=issuer_for(hall).name,
        number=period.bulletin_number,
        kind=period.kind,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        dated=bulletin_date(period),
        printed=bulletin_printed(period),
        zones=_ranked(results, TargetType.ZONE),
        windows=_ranked(results, TargetType.WINDOW),
        staff=_ranked(results, TargetType.PERSON),
        rule_counts=rule_counts,
        typical=tuple(_typical(findings, pareto(rule_counts))),
        inspections=inspections,
        bands=policy_for(hall).bands,
        revision=period.revision,
        revision_reason=period.revision_reason,
        corrects_number=corrects.bulletin_number if corrects is not None else "",
        rules=rules_for_period(period),
        honours=_period_honours(period, results),
    )


def _period_honours(period: AssessmentPeriod, results) -> Honours:
    """A published period's frozen honours; an approved one's computed from its results now."""
    if period.state != PeriodState.PUBLISHED:
        return compute_for(period, results)
    from .models import Honour

    found: dict[str, list[Unit]] = {}
    for h in Honour.objects.filter(period=period).order_by("pk"):
        found.setdefault(h.kind, []).append(Unit(h.target_type, h.target_key[1], h.name, h.score, h.rank))
    frozen = period.snapshot.get("honour_rules")
    rules = rules_from_json(frozen) if frozen else rules_for_period(period)
    return Honours(
        red_list=tuple(found.get("red_list", ())),
        black_list=tuple(found.get("black_list", ())),
        flag=tuple(found.get("red_flag", ())),
        red_windows=tuple(found.get("red_window", ())),
        service_stars=tuple(found.get("service_star", ())),
        rules=rules,
    )


def bulletin_docx(period: AssessmentPeriod, user) -> bytes:
    return render_docx(build(gather(period, user)))


def bulletin_pdf(period: AssessmentPeriod, user) -> bytes:
    return render_pdf(build(gather(period, user)))
