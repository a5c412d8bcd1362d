"""The plan's summary phase (总结提高阶段): commending the model windows (表彰先进典型窗口) of the published months.

:func:`play_commendation` acts through the assessment's services, as the supervision and leadership groups
would: a commendation of the months of ``on``'s year that are published (up to ``on``'s month), the top
windows from the ranking as 先进典型窗口, the best window staff member as 服务之星, one window by hand as
红旗窗口 with its reason, then submitted, approved and published with its decision number. The demo loader
calls it after the demo's months are published (:mod:`hallkeeper.demo.assessment`), dated the summary phase's last
working day, over the months published by then.
"""

from __future__ import annotations

import datetime as dt

from hallkeeper.assessment import services
from hallkeeper.assessment.choices import PeriodKind, PeriodState, TargetType
from hallkeeper.assessment.models import AssessmentPeriod, Commendation, HonourTitle, Nomination
from hallkeeper.places.models import Window

#: How many windows the demo nominates from the ranking (ties at the cut-off included).
TOP_WINDOWS = 3
HAND_REASON = "该窗口主动推行“一次告知、一窗受理”，群众来信表扬多次，现场秩序和台面管理始终保持规范"


def play_commendation(hall, *, supervisor, leader, on: dt.date) -> Commendation | None:
    """Commend the model windows of the published months of ``on``'s year up to ``on``; None when no month of
    that year is published yet (nothing is written then)."""
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
    commendation = services.commendation_create(
        user=supervisor, hall=hall, title="", from_month=first.starts_on, to_month=last.starts_on
    )
    services.nominate_from_ranking(
        user=supervisor, commendation=commendation, honour=HonourTitle.MODEL_WINDOW, top=TOP_WINDOWS
    )
    if services.commendation_ranking(hall, first.starts_on, last.starts_on, TargetType.PERSON):
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
    if not commendation.nominations.exists():
        return commendation  # nothing assessed in those months: the draft stays for the supervision group
    services.commendation_submit(user=supervisor, commendation=commendation)
    services.commendation_approve(user=leader, commendation=commendation)
    return services.commendation_publish(user=leader, commendation=commendation)
