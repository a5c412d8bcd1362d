"""Reads of the budget pages, each starting from ``visible_to``."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hallkeeper.core.access import get_access
from hallkeeper.core.capabilities import reads_whole_budget

from . import survey as arithmetic
from .models import HandOut, PriceItem, Purchase, Survey, SurveyLine


def surveys_for(user, hall):
    return Survey.objects.visible_to(user).filter(hall=hall)


def lines_for(user, survey: Survey):
    return (
        SurveyLine.objects.visible_to(user)
        .filter(survey=survey)
        .select_related("zone__lead", "item", "confirmed_by")
        .order_by("zone__order", "zone__code", "item__order", "name")
    )


def survey_items(survey: Survey) -> list[PriceItem]:
    ids = survey.lines.values("item_id")
    return list(PriceItem.objects.filter(pk__in=ids).order_by("order", "name"))


@dataclass
class SurveyView:
    """What the survey page and the workbook show of a survey to one user."""

    lines: list[SurveyLine]
    by_zone: list[arithmetic.Total]
    by_department: list[arithmetic.Total]
    by_item: list[arithmetic.Total]
    total: object
    whole: bool
    progress: list[arithmetic.Progress] = field(default_factory=list)
    purchases: list[Purchase] = field(default_factory=list)
    handouts: list[HandOut] = field(default_factory=list)
    received: dict = field(default_factory=dict)


def survey_view(user, survey: Survey) -> SurveyView:
    lines = list(lines_for(user, survey))
    whole = reads_whole_budget(get_access(user), survey.hall_id)
    handouts = list(
        HandOut.objects.visible_to(user).filter(survey=survey).select_related("zone", "item", "recorded_by")
    )
    purchases = (
        list(Purchase.objects.visible_to(user).filter(survey=survey).select_related("item", "recorded_by"))
        if whole
        else []
    )
    received: dict[tuple[int, int], int] = {}
    for handout in handouts:
        key = (handout.zone_id, handout.item_id)
        received[key] = received.get(key, 0) + handout.quantity
    for line in lines:
        line.received = received.get((line.zone_id, line.item_id), 0)
        line.remaining = max(0, line.need - line.received)
    no_department = _("(no department)")
    return SurveyView(
        lines=lines,
        by_zone=arithmetic.totals(lines, lambda x: str(x.zone_id), lambda x: str(x.zone)),
        by_department=arithmetic.totals(
            lines, lambda x: x.department or no_department, lambda x: x.department or no_department
        ),
        by_item=arithmetic.totals(lines, lambda x: str(x.item_id), lambda x: x.name),
        total=arithmetic.grand_total(lines),
        whole=whole,
        progress=arithmetic.progress(lines, purchases, handouts) if whole and survey.is_approved else [],
        purchases=purchases,
        handouts=handouts,
        received=received,
    )
