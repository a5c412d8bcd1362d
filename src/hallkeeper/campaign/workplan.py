"""The work plan (工作方案) of a campaign as an official document (GB/T 9704, Word and PDF), from its data:
the goal, the main content, the phases with their dates and work, the organization (the work groups with
their leaders and members), the requirements, and the task breakdown as the annex (附件) table.

:func:`build` is pure (reads nothing but a :class:`PlanData`); :func:`gather` reads a campaign within a
user's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hallkeeper.core.official import Annex, Heading, OfficialDocument, Paragraph, Table, render_docx, render_pdf

ADDRESSEE = "各科室、各派驻窗口单位"
NUMERALS = "一二三四五六七八九十"
ANNEX_TITLE = "现场管理标准化建设工作任务分解表"


@dataclass(frozen=True)
class PlanPhase:
    name: str
    starts: dt.date
    ends: dt.date
    description: str
    tasks: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanGroup:
    name: str
    composition: str
    duty: str
    heads: tuple[tuple[str, str], ...]  # (组长 / 副组长, name)
    members: tuple[str, ...]


@dataclass(frozen=True)
class PlanTask:
    phase: str
    title: str
    owner: str
    due: dt.date


@dataclass(frozen=True)
class PlanData:
    hall_name: str
    issuer_name: str
    title: str
    goal: str
    content: str
    requirements: str
    starts: dt.date
    ends: dt.date
    dated: dt.date
    phases: tuple[PlanPhase, ...]
    groups: tuple[PlanGroup, ...]
    tasks: tuple[PlanTask, ...]
    number: str = ""


def day_text(day: dt.date, year: int | None = None) -> str:
    """``7月1日``, with the year when it differs from ``year``."""
    return f"{day.month}月{day.day}日" if day.year == year else f"{day.year}年{day.month}月{day.day}日"


def span_text(starts: dt.date, ends: dt.date) -> str:
    return f"{day_text(starts, starts.year)}—{day_text(ends, starts.year)}"


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(line.strip()) for line in text.splitlines() if line.strip()]


def plan_title(title: str) -> str:
    return title if title.endswith("方案") else f"{title}工作方案"


def build(data: PlanData) -> OfficialDocument:
    """The 工作方案 (pure)."""
    sections: list[tuple[str, list]] = []
    sections.append(
        ("工作目标", _paragraphs(data.goal) or [Paragraph("按照现场管理标准化要求，全面提升政务大厅现场管理水平。")])
    )
    if data.content:
        sections.append(("主要内容", _paragraphs(data.content)))
    steps: list = []
    for i, phase in enumerate(data.phases):
        steps.append(
            Heading(
                f"（{NUMERALS[i] if i < 10 else i + 1}）{phase.name}阶段（{span_text(phase.starts, phase.ends)}）",
                level=2,
            )
        )
        steps += _paragraphs(phase.description)
        if phase.tasks:
            steps.append(Paragraph("主要任务：" + "；".join(phase.tasks) + "。"))
    sections.append(("实施步骤", steps or [Paragraph("实施步骤另行安排。")]))
    organization: list = (
        [Paragraph(f"为强化组织领导，增强工作实效，{data.issuer_name}成立以下工作机构。")] if data.groups else []
    )
    for i, group in enumerate(data.groups):
        organization.append(Heading(f"（{NUMERALS[i] if i < 10 else i + 1}）{group.name}", level=2))
        by_role: dict[str, list[str]] = {}
        for role, name in group.heads:
            by_role.setdefault(role, []).append(name)
        people = [f"{role}：{'、'.join(names)}" for role, names in by_role.items()]
        if group.members:
            people.append("成员：" + "、".join(group.members))
        elif group.composition and not people:
            people.append(group.composition.rstrip("。"))
        if people:
            organization.append(Paragraph("；".join(people) + "。"))
        if group.duty:
            organization.append(Paragraph(group.duty))
    if organization:
        sections.append(("组织领导", organization))
    if data.requirements:
        sections.append(("工作要求", _paragraphs(data.requirements)))
    blocks: list = [
        Paragraph(
            f"为扎实推进{data.hall_name}现场管理标准化建设，按照《政务服务中心服务现场管理规范》（GB/T 36112-2018），"
            f"结合工作实际，制定本方案。工作时间为{day_text(data.starts)}至{day_text(data.ends)}。"
        )
    ]
    annexes: tuple[Annex, ...] = ()
    if data.tasks:
        rows = tuple(
            (str(n), t.phase, t.title, t.owner, day_text(t.due, data.starts.year))
            for n, t in enumerate(data.tasks, start=1)
        )
        table = Table(("序号", "阶段", "工作任务", "责任主体", "完成时限"), rows, widths_mm=(15, 23, 61, 33, 24))
        annexes = (Annex(ANNEX_TITLE, (table,)),)
    return campaign_document(
        issuer_name=data.issuer_name,
        number=data.number,
        title=plan_title(data.title),
        dated=data.dated,
        opening=blocks,
        sections=sections,
        annexes=annexes,
    )


def campaign_document(
    *,
    issuer_name: str,
    number: str,
    title: str,
    dated: dt.date,
    opening: list,
    sections: list[tuple[str, list]] | tuple[tuple[str, list], ...],
    annexes: tuple[Annex, ...] = (),
) -> OfficialDocument:
    """A campaign's document in the work plan's layout (pure): issued by ``issuer_name`` to the units
    (:data:`ADDRESSEE`), the ``opening`` blocks, then each section under 一、二、…, signed and dated ``dated``;
    the annexes listed under the body (附件说明) and printed after the 落款. The work plan and the summary report
    are both written this way."""
    blocks = list(opening)
    for i, (heading, body) in enumerate(sections):
        blocks.append(Heading(f"{NUMERALS[i]}、{heading}"))
        blocks += body
    return OfficialDocument(
        issuer_mark=f"{issuer_name}文件",
        number=number,
        title=title,
        addressee=ADDRESSEE,
        blocks=tuple(blocks),
        attachments=tuple(a.title for a in annexes),
        annexes=annexes,
        signature=issuer_name,
        date=dated,
        printer=issuer_name,
        printed=dated,
        author=issuer_name,
    )


def plan_dated(campaign) -> dt.date:
    """The plan's 成文日期: written before the work begins."""
    return min(campaign.starts, campaign.created_at.date())


def owner_text(task) -> str:
    owner = task.owner
    return getattr(owner, "display_name", None) or str(owner)


def gather(campaign, user) -> PlanData:
    """Read ``campaign`` (within ``user``'s scope) for :func:`build`."""
    from hallkeeper.halls.documents import issuer_for
    from hallkeeper.org.choices import MemberRole
    from hallkeeper.org.selectors import groups_with_members

    from .models import Campaign, Phase, Task

    campaign = Campaign.objects.visible_to(user).select_related("hall").get(pk=campaign.pk)
    hall = campaign.hall
    tasks = list(
        Task.objects.visible_to(user)
        .filter(campaign=campaign)
        .select_related("phase", "owner_group", "owner_unit", "owner_person", "owner_zone")
    )
    phases = []
    for phase in Phase.objects.visible_to(user).filter(campaign=campaign):
        phases.append(PlanPhase(phase.name, phase.starts, phase.ends, phase.description))
    groups = []
    for group in groups_with_members(user, hall):
        memberships = list(group.memberships.all())
        chinese = {MemberRole.LEADER: "组长", MemberRole.DEPUTY: "副组长"}  # the document is Chinese in any language
        heads = tuple((chinese[m.role], m.person.name) for m in memberships if m.role in chinese)
        members = tuple(m.person.name for m in memberships if m.role == MemberRole.MEMBER)
        groups.append(PlanGroup(group.name, group.composition, group.duty, heads, members))
    return PlanData(
        hall_name=hall.name,
        issuer_name=issuer_for(hall).name,
        title=campaign.title,
        goal=campaign.goal,
        content=campaign.content,
        requirements=campaign.requirements,
        starts=campaign.starts,
        ends=campaign.ends,
        dated=plan_dated(campaign),
        number=campaign.plan_number,
        phases=tuple(phases),
        groups=tuple(groups),
        tasks=tuple(PlanTask(t.phase.name, t.title, owner_text(t), t.due) for t in tasks),
    )


def plan_docx(campaign, user) -> bytes:
    return render_docx(build(gather(campaign, user)))


def plan_pdf(campaign, user) -> bytes:
    return render_pdf(build(gather(campaign, user)))
