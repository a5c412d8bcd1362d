"""The summary report (总结报告) of a campaign as an official document (GB/T 9704, Word and PDF), in the work
plan's style: the title 《关于……工作的总结报告》, 主送, the body by section with the figures and tables of
:mod:`.summary`, 落款 and 成文日期, and the report's 发文字号 once taken.

:func:`build` is pure (reads nothing but a :class:`~.summary.SummaryData`); every text in it is plain text,
escaped by the renderers (a lesson or a zone name holding ``<script>`` or ``<para>`` prints as written).
"""

from __future__ import annotations

from decimal import Decimal

from hallkeeper.core.official import Heading, OfficialDocument, Paragraph, Table, render_docx, render_pdf

from .summary import Acceptance, Budget, SummaryData, Training, gather
from .workplan import NUMERALS, campaign_document, day_text, span_text


def summary_title(title: str) -> str:
    """《关于……工作的总结报告》: ``现场管理标准化建设`` → ``关于现场管理标准化建设工作的总结报告``."""
    title = title.strip()
    if title.endswith("总结报告"):
        return title
    return f"关于{title}的总结报告" if title.endswith("工作") else f"关于{title}工作的总结报告"


def _score(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}分"


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(line.strip()) for line in text.splitlines() if line.strip()]


def _work_blocks(data: SummaryData) -> list:
    blocks: list = []
    for i, phase in enumerate(data.phases):
        blocks.append(
            Heading(
                f"（{NUMERALS[i] if i < 10 else i + 1}）{phase.name}阶段（{span_text(phase.starts, phase.ends)}）", 2
            )
        )
        text = f"本阶段安排工作任务{phase.total}项，已完成{phase.done}项"
        if phase.overdue:
            text += f"，逾期未完成{phase.overdue}项"
        if phase.open:
            text += f"，正在推进{phase.open}项"
        blocks.append(Paragraph(text + "。"))
        if phase.publicity:
            blocks.append(Paragraph("宣传发动：" + "；".join(phase.publicity) + "。"))
    if data.phases:
        rows = tuple((p.name, str(p.total), str(p.done), str(p.overdue), str(p.open)) for p in data.phases)
        total = sum(p.total for p in data.phases), sum(p.done for p in data.phases)
        rows += (("合计", str(total[0]), str(total[1]), str(sum(p.overdue for p in data.phases)),
                  str(sum(p.open for p in data.phases))),)  # fmt: skip
        blocks.append(Table(("阶段", "任务数", "已完成", "逾期", "推进中"), rows, caption="各阶段任务完成情况"))
    return blocks or [Paragraph("本次工作未分解阶段任务。")]


def _training_blocks(t: Training) -> list:
    blocks = [
        Paragraph(
            f"组织集中培训{t.sessions}场（含补训{t.make_ups}场），应到{t.expected}人次，实到{t.present}人次，"
            f"缺席{t.absent}人次，其中{t.made_up}人次已参加补训。"
        ),
        Paragraph(
            f"组织示范窗口参观学习{t.visits}场，应参加的窗口负责人{t.visit_expected}人次，实到{t.visit_present}人次。"
        ),
    ]
    if t.whole and t.people:
        blocks.append(
            Paragraph(f"全局应培训{t.people}人，已培训{t.trained}人，覆盖率{round(t.trained * 100 / t.people)}%。")
        )
        rows = tuple(
            (unit, str(people), str(trained), f"{round(trained * 100 / people)}%")
            for unit, people, trained in t.by_unit
        )
        if rows:
            blocks.append(Table(("部门", "应培训", "已培训", "覆盖率"), rows, caption="各部门培训覆盖情况"))
    return blocks


def _budget_blocks(b: Budget) -> list:
    if not b.surveys:
        return [Paragraph("本次工作未进行经费预算。")]
    rest = b.approved - b.spent
    return [
        Paragraph(
            f"经调查摸底，审批通过预算{b.surveys}份，金额合计{b.approved}元；已采购{b.purchases}笔，支出{b.spent}元，"
            + (f"结余{rest}元。" if rest >= 0 else f"超出预算{-rest}元。")
        )
    ]


def _acceptance_blocks(a: Acceptance) -> list:
    if not a.checked:
        return [Paragraph("本次工作期间未开展评估验收。")]
    text = (
        f"领导小组对{a.checked}个责任区进行评估验收，首次验收达标{a.passed_first}个，未达标{a.failed_first}个；"
        f"未达标责任区经整改再行验收，达标{a.passed_retake}个"
    )
    if a.still_failing:
        text += f"，仍未达标{len(a.still_failing)}个（{'、'.join(a.still_failing)}）"
    rows = tuple(
        (
            o.zone,
            _score(o.first_score),
            "达标" if o.first_passed else "未达标",
            "—" if o.retake_passed is None else ("达标" if o.retake_passed else "未达标"),
        )
        for o in a.outcomes
    )
    return [
        Paragraph(text + "。"),
        Table(("责任区", "首次验收得分", "首次验收", "再行验收"), rows, caption="评估验收结果"),
    ]


def _results_blocks(data: SummaryData) -> list:
    t, n = data.trend, data.notices
    blocks = [
        Paragraph(f"督查巡查平均得分：开展前{_score(t.before)}，开展期间{_score(t.during)}，结束后{_score(t.after)}。"),
        Paragraph(
            f"工作期间下发整改通知书{n.issued}份，办结{n.closed}份，尚在整改{n.open}份"
            + (f"（其中逾期{n.overdue_open}份）" if n.overdue_open else "")
            + "。"
        ),
    ]
    if data.zone_trends:
        rows = tuple(
            (z.zone, _score(z.trend.before), _score(z.trend.during), _score(z.trend.after)) for z in data.zone_trends
        )
        blocks.append(Table(("责任区", "开展前", "开展期间", "结束后"), rows, caption="各责任区巡查得分变化"))
    if data.commended:
        by_honour: dict[str, list[str]] = {}
        for honour, name in data.commended:
            by_honour.setdefault(honour, []).append(name)
        blocks.append(
            Paragraph("受到表彰：" + "；".join(f"{h}：{'、'.join(names)}" for h, names in by_honour.items()) + "。")
        )
    return blocks


def _lessons_blocks(data: SummaryData) -> list:
    blocks = _paragraphs(data.lessons) or [Paragraph("（经验体会由领导小组填写。）")]
    if data.rules_failed:
        blocks.append(
            Paragraph(
                "工作期间问题较多的条款："
                + "；".join(f"{r.code}{r.title}（{r.count}次）" for r in data.rules_failed[:5])
                + "。"
            )
        )
        rows = tuple((str(i), r.code, r.title, str(r.count)) for i, r in enumerate(data.rules_failed, start=1))
        blocks.append(
            Table(("序号", "条款", "内容", "发现问题"), rows, widths_mm=(15, 25, 91, 25), caption="问题较多的条款")
        )
    return blocks


def _next_blocks(data: SummaryData) -> list:
    text = f"共收集意见建议{data.suggestions_total}条，采纳{len(data.adopted)}条。"
    blocks = [Paragraph(text)]
    on_handbook = [a for a in data.adopted if a.subject == "handbook"]
    if data.rules_failed or on_handbook:
        blocks.append(
            Paragraph(
                "下一步，将针对问题较多的条款和采纳的意见建议，进一步修订健全《手册》，实行闭环管理，形成长效机制。"
            )
        )
    for item in on_handbook:
        blocks.append(Paragraph(f"{item.rule + '：' if item.rule else ''}{item.text}"))
    return blocks


def build(data: SummaryData) -> OfficialDocument:
    """The 总结报告 (pure)."""
    sections = (
        ("工作开展情况", _work_blocks(data)),
        ("培训和参观学习", _training_blocks(data.training)),
        ("经费预算和采购", _budget_blocks(data.budget)),
        ("评估验收", _acceptance_blocks(data.acceptance)),
        ("工作成效", _results_blocks(data)),
        ("经验和不足", _lessons_blocks(data)),
        ("意见建议和《手册》修订", _next_blocks(data)),
    )
    blocks: list = [
        Paragraph(
            f"{day_text(data.starts)}至{day_text(data.ends)}，{data.hall_name}按照工作方案开展{data.title}工作。"
            "现将有关情况报告如下。"
        )
    ]
    return campaign_document(
        issuer_name=data.issuer_name,
        number=data.number,
        title=summary_title(data.title),
        dated=data.dated,
        opening=blocks,
        sections=sections,
    )


def summary_docx(campaign, user) -> bytes:
    return render_docx(build(gather(campaign, user)))


def summary_pdf(campaign, user) -> bytes:
    return render_pdf(build(gather(campaign, user)))
