"""The plan's summary phase (总结提高阶段): commending the model windows (表彰先进典型窗口) of the published months.

:func:`play_commendation` acts through the assessment's services, as the supervision and leadership groups
would: a commendation of the months of ``on``'s year that are published (up to ``on``'s month), the top
windows from the ranking as 先进典型窗口, the best window staff member as 服务之星, one window by hand as
红旗窗口 with its reason, then submitted, approved and published with its decision number. The demo loader
calls it after the demo's months are published (:mod:`hallkeeper.demo.assessment`), with the ``day`` of the
story (the summary phase's last working day): as in the rest of the demo only time is moved — each step's events
are recorded at its hour of that day (``recorded_at``) and the timestamps the services stamp with
``timezone.now()`` are set back right after the step, so the decision is dated (成文日期, and numbered in the year
of) ``day``, not the day the demo is loaded.
"""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext

from django.utils import timezone

from hallkeeper.assessment import services
from hallkeeper.assessment.choices import PeriodKind, PeriodState, TargetType
from hallkeeper.assessment.models import AssessmentPeriod, Commendation, HonourTitle, Nomination
from hallkeeper.core.events import recorded_at
from hallkeeper.places.models import Window

#: How many windows the demo nominates from the ranking (ties at the cut-off included).
TOP_WINDOWS = 3
HAND_REASON = "该窗口主动推行“一次告知、一窗受理”，群众来信表扬多次，现场秩序和台面管理始终保持规范"


class _Clock:
    """The moments of the story's ``day`` (or the real time without one): ``at(hour, minute)`` records a step's
    events then, ``set_back(...)`` moves the timestamps the step stamped."""

    def __init__(self, day: dt.date | None):
        self.day = day

    def moment(self, hour: int, minute: int = 0) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.day, dt.time(hour, minute)))

    def at(self, hour: int, minute: int = 0):
        return recorded_at(self.moment(hour, minute)) if self.day else nullcontext()

    def set_back(self, commendation: Commendation, hour: int, minute: int = 0, *fields: str) -> None:
        if self.day:
            moment = self.moment(hour, minute)
            Commendation.objects.filter(pk=commendation.pk).update(updated_at=moment, **dict.fromkeys(fields, moment))
            commendation.refresh_from_db()


def play_commendation(hall, *, supervisor, leader, on: dt.date, day: dt.date | None = None) -> Commendation | None:
    """Commend the model windows of the published months of ``on``'s year up to ``on``, on ``day`` (the real
    time without one); None when no month of that year is published yet (nothing is written then)."""
    published = AssessmentPeriod.objects.filter(
        hall=hall,
        kind=PeriodKind.MONTH,
        state=PeriodState.PUBLISHED,
        starts_on__gte=dt.date(on.year, 1, 1),
        starts_on__lte=on.replace(day=1),
    ).order_by("starts_on")
    first, last = published.first(), published.last()
    if first is None:
        return None
    clock = _Clock(day)
    with clock.at(9, 30):
        commendation = services.commendation_create(
            user=supervisor, hall=hall, title="", from_month=first.starts_on, to_month=last.starts_on
        )
        _nominate(hall, supervisor, commendation, first.starts_on, last.starts_on)
    if clock.day:
        Nomination.objects.filter(commendation=commendation).update(added_at=clock.moment(9, 30))
    clock.set_back(commendation, 9, 30, "created_at")
    if not commendation.nominations.exists():
        return commendation  # nothing assessed in those months: the draft stays for the supervision group
    with clock.at(10):
        commendation = services.commendation_submit(user=supervisor, commendation=commendation)
    clock.set_back(commendation, 10, 0, "submitted_at")
    with clock.at(14):
        commendation = services.commendation_approve(user=leader, commendation=commendation)
    clock.set_back(commendation, 14, 0, "approved_at")  # the decision is dated the approval day
    with clock.at(15):
        commendation = services.commendation_publish(user=leader, commendation=commendation)
    clock.set_back(commendation, 15, 0, "published_at")
    return commendation


def _nominate(hall, supervisor, commendation: Commendation, first: dt.date, last: dt.date) -> None:
    services.nominate_from_ranking(
        user=supervisor, commendation=commendation, honour=HonourTitle.MODEL_WINDOW, top=TOP_WINDOWS
    )
    if services.commendation_ranking(hall, first, last, TargetType.PERSON):
        services.nominate_from_ranking(
            user=supervisor, commendation=commendation, honour=HonourTitle.SERVICE_STAR, top=1
        )
    taken = Nomination.objects.filter(commendation=commendation, window__isnull=False).values("window_id")
    by_hand = Window.objects.filter(hall=hall).exclude(pk__in=taken).order_by("zone__order", "number").first()
    if by_hand is not None:
        services.nomination_add(
            user=supervisor,
            commendation=commendation,
            honour=HonourTitle.RED_FLAG,
            target_type=TargetType.WINDOW,
            target_id=by_hand.pk,
            reason=HAND_REASON,
        )
