"""Six months of published assessments for the demo hall, made through the assessment services.

:func:`load_assessment_history` runs after :mod:`hallkeeper.demo.history` and :mod:`hallkeeper.demo.notices`
and gives the demo hall what a hall half a year into its monthly assessment has: one published monthly
assessment for each of :data:`PUBLISHED_MONTHS` whole months (:func:`published_months`, oldest first; the
inspection history starts with the first of them). A month is published on the :data:`PUBLISH_DAY`-th
working day of the next, so early in a month the last month is still being assessed: it is open for appeal
(from the :data:`CREATE_DAY`-th working day on) or has no period yet, and the six published months are the
six before it. The current month, not over yet, has no period.

Each month is worked the way the supervision group and the leadership group work it, one service call a step:

* during the month, bonus and penalty items (加分/扣分事项) are entered with their reasons (``adjustment_add``):
  a letter of thanks, a complaint, a bad 好差评 review, a media report;
* on the first working day of the next month the appraisal office's sheet of the month's 按时办结率 and
  好评率 of every window is imported (``indicators_import``, an .xlsx made here with the import's own headers);
* on the second working day the supervision group creates (computes) the period and opens it for appeal with
  the fourth working day as the deadline (``period_create``, ``period_open_appeal``);
* in :data:`APPEAL_MONTH` the lead of :data:`APPEAL_ZONE` appeals against a deduction with a reason
  (``appeal_submit``) and the supervision group upholds it with points (``appeal_answer``), which computes
  the period again;
* on the fifth working day the leadership group approves and publishes the period and the bulletin
  takes its number (``period_approve``, ``period_publish``, ``bulletin_number``: 鞍审考〔2026〕N号 style);
* :data:`CORRECTED_MONTH` is corrected after its publication: the appraisal office re-sent the month's
  好评率 of some windows (the first sheet counted a broken evaluator's blank ratings as bad ones), so the
  supervision group corrects the period with a reason (``period_correct``: revision 2, the published
  revision 1 kept), imports the corrected sheet, computes, opens, and the leadership approves and publishes
  it again with a new bulletin number.

Only *time* is moved, as in the inspection and notice histories: the events are recorded at the moment the
story gives each step (``recorded_at``), and the timestamps the services stamp with ``timezone.now()`` are
set back with ``QuerySet.update()`` right after the step.

:func:`published_periods` lists the result: the latest published revision of each month, oldest first (what
the honours and the commendation of the summary phase build on).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from hallkeeper.assessment import services
from hallkeeper.assessment.choices import AdjustmentKind, PeriodKind, PeriodState, TargetType
from hallkeeper.assessment.models import (
    AdjustmentItem,
    Appeal,
    AssessmentPeriod,
    Commendation,
    ImportedIndicator,
    IndicatorWeights,
)
from hallkeeper.core.events import recorded_at
from hallkeeper.core.hall_settings import settings_for
from hallkeeper.places.models import Window, Zone
from hallkeeper.rectification.deadlines import add_working_days

from .anshan import campaign_phases
from .commendation import play_commendation

SEED = 9704  # GB/T 9704
PUBLISHED_MONTHS = 6
#: Working days of the next month: the period is created and opened for appeal, the appeal deadline, published.
CREATE_DAY, DEADLINE_DAY, PUBLISH_DAY = 2, 4, 5
SUPERVISION, LEADERSHIP, ADMIN = "inspector", "leader", "admin"
#: The hall's weights and penalty rules, set by its administrator before the first month: the inspection score
#: weighs 50 and the rectification 10 (one notice closed late takes a zone's rectification to 0, which at the
#: default 20 put an otherwise good month near the pass line), the penalties gentler than the defaults, which
#: took most zones' rectification score to 0 in the campaign's first month (a habitual problem repeats often),
#: and a failed acceptance or veto rule caps the month at 75 rather than failing it outright.
HALL_WEIGHTS = {
    "patrol": 50,
    "rectification": 10,
    "overdue_points": Decimal("3"),
    "rejected_points": Decimal("1"),
    "repeat_points": Decimal("1"),
    "veto_cap": Decimal("75"),
}

#: The month (index into the six, oldest first) whose result a zone lead appeals, and the zone.
APPEAL_MONTH = 3
APPEAL_ZONE = "Z05"
APPEAL_REASON = (
    "本月第二周巡查扣分的“通道堆放纸箱”，系大厅统一配送的新办件柜包装临时放置，当日已报备综合科并于下午清运，"
    "不属于本责任区管理不到位，申请核减该项扣分。"
)
APPEAL_ANSWER = "经核实，纸箱为大厅统一配送物资的包装，已向综合科报备并于当日清运，申诉成立，加回1.5分。"
APPEAL_POINTS = Decimal("1.5")

#: The month (index) corrected by a second revision, and why.
CORRECTED_MONTH = 3
CORRECTION_REASON = (
    "市绩效考核办重新报送本月好评率：原报数据将评价器故障期间的空白评价计为差评，涉及部分窗口，"
    "按更正后的数据重新计算并重新发布。"
)

#: The bonus and penalty items of the six months: (month index, day, target zone or window number, kind,
#: points, reason).
ADJUSTMENTS: tuple[tuple[int, int, str, str, str, str], ...] = (
    (0, 18, "Z05", AdjustmentKind.COMPLAINT, "-3", "群众投诉窗口工作人员答复不耐烦，经核实属实。"),
    (1, 9, "Z03", AdjustmentKind.THANKS, "2", "企业送来感谢信，感谢窗口帮办代办、延时服务。"),
    (1, 23, "Z11", AdjustmentKind.BAD_REVIEW, "-2", "“好差评”系统收到差评一条：等候区秩序混乱，经核实属实。"),
    (2, 14, "Z12", AdjustmentKind.MEDIA, "3", "市电视台《民生直通车》栏目报道窗口“一次办好”经验做法。"),
    (3, 10, "Z08", AdjustmentKind.COMPLAINT, "-5", "群众投诉窗口人员离岗未放暂停服务牌，致群众久等，经核实属实。"),
    (3, 25, "Z07", AdjustmentKind.THANKS, "2", "企业送来锦旗，感谢窗口主动上门指导投资项目备案。"),
    (4, 17, "Z15", AdjustmentKind.THANKS, "3", "企业送来感谢信，感谢不动产窗口在中秋假期前加班办结首次登记。"),
    (4, 16, "Z16", AdjustmentKind.THANKS, "1", "收到表扬信一封，表扬窗口人员耐心细致。"),
    (5, 12, "Z16", AdjustmentKind.BAD_REVIEW, "-2", "“好差评”系统收到差评两条：窗口台面杂乱、材料未及时归档。"),
    (5, 15, "Z11", AdjustmentKind.THANKS, "2", "收到群众表扬信一封，表扬窗口人员耐心解答社会事务办理流程。"),
    (5, 20, "Z13", AdjustmentKind.COMPLAINT, "-3", "12345热线转办投诉一件：窗口一次性告知不到位，经核实属实。"),
    (5, 26, "Z03", AdjustmentKind.OTHER, "1", "承担省政务服务现场管理观摩接待任务，表现良好。"),
)


#: Headers of the appraisal office's sheet (the import's Chinese aliases).
SHEET_HEADER = ("月份", "窗口编号", "指标", "数值")


@dataclass
class AssessmentSummary:
    """What :func:`load_assessment_history` wrote (empty when the hall had assessments already)."""

    published: list[AssessmentPeriod] = field(default_factory=list)
    corrected: AssessmentPeriod | None = None
    pending: AssessmentPeriod | None = None  # the last month, open for appeal, while it is being assessed
    appeal: Appeal | None = None
    commendation: Commendation | None = None  # the summary phase's 表彰决定, of the published months
    adjustments: int = 0
    indicators: int = 0

    def line(self) -> str:
        if not self.published:
            return "月度考核：已有，未重复生成。"
        first, last = self.published[0].starts_on, self.published[-1].starts_on
        numbers = "、".join(p.bulletin_number for p in self.published)
        return (
            f"月度考核：{first:%Y年%-m月}至{last:%Y年%-m月}已发布 {len(self.published)} 期（通报 {numbers}），"
            f"申诉 1 件已答复，更正 1 次，加减分事项 {self.adjustments} 项，导入指标 {self.indicators} 项"
            + (f"；表彰决定 {self.commendation.decision_number}" if self.commendation is not None else "")
            + "。"
        )


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _working_day(month: date, n: int) -> date:
    """The ``n``-th working day (1-based) of ``month``."""
    day = month
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return add_working_days(day, n - 1)


def _month_before(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def published_months(today: date) -> list[date]:
    """The first days of the months published by ``today``, oldest first: the :data:`PUBLISHED_MONTHS` whole
    months before the current one, or before the last one while that is still being assessed."""
    last = _month_before(today.replace(day=1))
    if today <= _working_day(today.replace(day=1), PUBLISH_DAY):
        last = _month_before(last)
    months = [last]
    while len(months) < PUBLISHED_MONTHS:
        months.insert(0, _month_before(months[0]))
    return months


def published_periods(hall) -> list[AssessmentPeriod]:
    """The latest published revision of each month of ``hall``, oldest month first."""
    latest: dict[date, AssessmentPeriod] = {}
    for period in AssessmentPeriod.objects.filter(
        hall=hall, kind=PeriodKind.MONTH, state=PeriodState.PUBLISHED
    ).order_by("starts_on", "revision"):
        latest[period.starts_on] = period
    return list(latest.values())


class _Assessments:
    def __init__(self, hall, today: date):
        self.hall = hall
        self.today = today
        self.rng = random.Random(SEED)
        names = [SUPERVISION, LEADERSHIP, ADMIN]
        users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
        self.supervision, self.leadership, self.admin = users[SUPERVISION], users[LEADERSHIP], users[ADMIN]
        self.zones = {z.code: z for z in Zone.objects.filter(hall=hall).select_related("lead__user")}
        self.windows = list(Window.objects.filter(hall=hall).select_related("zone").order_by("number"))
        # each window's usual level: the tidy zones' windows serve a little better, the weak ones' worse
        self.level = {w.pk: self.rng.uniform(-0.6, 0.6) for w in self.windows}
        self.summary = AssessmentSummary()

    # -- the month's inputs ------------------------------------------------------------------------------

    def adjustments(self, index: int, month: date) -> None:
        for n, day, target, kind, points, reason in ADJUSTMENTS:
            if n != index:
                continue
            on = month.replace(day=day)
            zone = self.zones.get(target)
            at = _at(on, 16, 30)
            with recorded_at(at):
                item = services.adjustment_add(
                    user=self.supervision,
                    hall=self.hall,
                    target_type=TargetType.ZONE,
                    target_id=zone.pk,
                    on=on,
                    kind=kind,
                    points=points,
                    reason=reason,
                )
            AdjustmentItem.objects.filter(pk=item.pk).update(created_at=at, updated_at=at)
            self.summary.adjustments += 1

    def sheet(self, month: date, *, corrected: bool = False) -> SimpleUploadedFile:
        """The appraisal office's sheet of the month's rates for every window (.xlsx)."""
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(SHEET_HEADER)
        rng = random.Random(f"{SEED}-{month:%Y-%m}")
        for window in self.windows:
            level = self.level[window.pk]
            on_time = min(100.0, 98.6 + level + rng.uniform(-0.8, 1.0))
            praise = min(100.0, 98.8 + level + rng.uniform(-0.9, 1.0))
            if not corrected and rng.random() < 0.15:
                praise -= rng.uniform(6, 12)  # the broken evaluator's blanks counted as bad reviews
            sheet.append((f"{month:%Y-%m}", window.number, "按时办结率", round(on_time, 1)))
            sheet.append((f"{month:%Y-%m}", window.number, "好评率", round(max(praise, 80.0), 1)))
        out = io.BytesIO()
        book.save(out)
        name = f"{month:%Y年%m月}窗口服务指标{'（更正）' if corrected else ''}.xlsx"
        return SimpleUploadedFile(name, out.getvalue())

    def indicators(self, month: date, at: datetime, *, corrected: bool = False) -> None:
        with recorded_at(at):
            result = services.indicators_import(
                user=self.supervision, hall=self.hall, file=self.sheet(month, corrected=corrected)
            )
        if not result.ok:  # the demo's own sheet; the import's rules changed?
            raise RuntimeError(f"demo indicators for {month:%Y-%m} refused: {result.errors[:3]}")
        ImportedIndicator.objects.filter(hall=self.hall, month=month).update(imported_at=at)
        self.summary.indicators += result.created

    # -- the period's steps ------------------------------------------------------------------------------

    def stamp(self, period: AssessmentPeriod, **moments: datetime) -> None:
        AssessmentPeriod.objects.filter(pk=period.pk).update(updated_at=max(moments.values()), **moments)

    def appeal(self, period: AssessmentPeriod, opened: date) -> None:
        zone = self.zones[APPEAL_ZONE]
        lead = zone.lead.user
        result = period.results.get(target_type=TargetType.ZONE, zone=zone)
        day = add_working_days(opened, 1)
        with recorded_at(_at(day, 9, 40)):
            appeal = services.appeal_submit(user=lead, result=result, reason=APPEAL_REASON, today=day)
        answered = _at(add_working_days(day, 1), 14, 20)
        with recorded_at(answered):
            appeal = services.appeal_answer(
                user=self.supervision, appeal=appeal, upheld=True, answer=APPEAL_ANSWER, points=APPEAL_POINTS
            )
        Appeal.objects.filter(pk=appeal.pk).update(created_at=_at(day, 9, 40), answered_at=answered)
        AdjustmentItem.objects.filter(hall=self.hall, kind=AdjustmentKind.APPEAL, zone=zone).update(
            created_at=answered, updated_at=answered
        )
        self.stamp(period, computed_at=answered)
        self.summary.appeal = appeal

    def open(self, period: AssessmentPeriod, day: date, deadline: date) -> AssessmentPeriod:
        with recorded_at(_at(day, 15)):
            period = services.period_open_appeal(user=self.supervision, period=period, deadline=deadline, today=day)
        self.stamp(period, opened_at=_at(day, 15))
        return period

    def through(
        self, period: AssessmentPeriod, day: date, deadline: date, decided: date, *, appeal: bool = False
    ) -> AssessmentPeriod:
        """Open ``period`` (a computed draft) for appeal on ``day`` until ``deadline`` and take it to published
        with its number on ``decided``."""
        period = self.open(period, day, deadline)
        if appeal:
            self.appeal(period, day)
        with recorded_at(_at(decided, 10)):
            period = services.period_approve(user=self.leadership, period=period)
        with recorded_at(_at(decided, 11)):
            period = services.period_publish(user=self.leadership, period=period)
        self.stamp(period, approved_at=_at(decided, 10), published_at=_at(decided, 11))
        period.refresh_from_db()
        with recorded_at(_at(decided, 11, 5)):
            period = services.bulletin_number(user=self.leadership, period=period)
        return period

    def create(self, month: date) -> tuple[AssessmentPeriod, date]:
        after = _next_month(month)
        self.indicators(month, _at(_working_day(after, 1), 9, 30))
        day = _working_day(after, CREATE_DAY)
        with recorded_at(_at(day, 10)):
            period = services.period_create(
                user=self.supervision, hall=self.hall, kind=PeriodKind.MONTH, starts_on=month
            )
        self.stamp(period, created_at=_at(day, 10), computed_at=_at(day, 10))
        return period, day

    def month(self, index: int, month: date) -> AssessmentPeriod:
        self.adjustments(index, month)
        period, day = self.create(month)
        after = _next_month(month)
        deadline, decided = _working_day(after, DEADLINE_DAY), _working_day(after, PUBLISH_DAY)
        return self.through(period, day, deadline, decided, appeal=index == APPEAL_MONTH)

    def pending(self, month: date) -> AssessmentPeriod | None:
        """The last whole month while it is being assessed: open for appeal once created, else no period."""
        after = _next_month(month)
        if month >= self.today.replace(day=1) or self.today <= _working_day(after, CREATE_DAY):
            return None
        period, day = self.create(month)
        return self.open(period, day, _working_day(after, DEADLINE_DAY))

    def correct(self, period: AssessmentPeriod) -> AssessmentPeriod:
        """A second revision of the published ``period`` with the re-sent sheet, published again."""
        day = add_working_days(timezone.localdate(period.published_at), 5)
        with recorded_at(_at(day, 9)):
            revision = services.period_correct(user=self.supervision, period=period, reason=CORRECTION_REASON)
        self.stamp(revision, created_at=_at(day, 9), computed_at=_at(day, 9))
        self.indicators(period.starts_on, _at(day, 9, 30), corrected=True)
        with recorded_at(_at(day, 10)):
            revision = services.period_compute(user=self.supervision, period=revision)
        self.stamp(revision, computed_at=_at(day, 10))
        return self.through(revision, day, add_working_days(day, 2), add_working_days(day, 3))

    def weights(self, day: date) -> None:
        row = settings_for(IndicatorWeights, self.hall, fresh=True)
        for name, value in HALL_WEIGHTS.items():
            setattr(row, name, value)
        with recorded_at(_at(day, 9)):
            services.weights_save(user=self.admin, instance=row)

    def run(self) -> AssessmentSummary:
        months = published_months(self.today)
        self.weights(months[0])
        for index, month in enumerate(months):
            period = self.month(index, month)
            if index == CORRECTED_MONTH:
                self.summary.corrected = self.correct(period)
        self.summary.pending = self.pending(_next_month(months[-1]))
        self.summary.published = published_periods(self.hall)
        self.summary.commendation = self.commend()
        return self.summary

    def commend(self) -> Commendation | None:
        """The summary phase (总结提高阶段, 表彰先进典型窗口): on its last working day, the model windows of the months
        published by then are commended, dated that day; None when no month was published by then."""
        day = campaign_phases(self.today)[-1][2]
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        published = [p for p in self.summary.published if timezone.localdate(p.published_at) <= day]
        if not published:
            return None
        return play_commendation(
            self.hall, supervisor=self.supervision, leader=self.leadership, on=published[-1].starts_on, day=day
        )


def load_assessment_history(hall, *, today: date | None = None) -> AssessmentSummary:
    """Give ``hall`` (the demo hall, with its inspection and notice history) its published monthly assessments.

    Skipped (an empty summary returned) when the hall has assessment periods already."""
    if AssessmentPeriod.objects.filter(hall=hall).exists():
        return AssessmentSummary()
    with transaction.atomic():
        return _Assessments(hall, today or timezone.localdate()).run()


def remove_assessment_history(hall) -> None:
    """Delete the hall's assessment periods (latest revision first: a revision protects what it corrects),
    results, appeals, bonus and penalty items and imported indicators; their events stay."""
    with transaction.atomic():
        Commendation.objects.filter(hall=hall).delete()  # its nominations name zones, windows and people
        for period in AssessmentPeriod.objects.filter(hall=hall).order_by("-revision", "-pk"):
            period.delete()
        AdjustmentItem.objects.filter(hall=hall).delete()
        ImportedIndicator.objects.filter(hall=hall).delete()
