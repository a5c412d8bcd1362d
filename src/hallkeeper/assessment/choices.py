"""The choices of the assessment: period kinds and states, targets, bonus and penalty kinds, appeals."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class PeriodState(models.TextChoices):
    """draft → open for appeal → approved → published (frozen; a correction is a new revision)."""

    DRAFT = "draft", _("Draft")
    APPEAL = "appeal", _("Open for appeal")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


PERIOD_STATE_COLOURS = {
    PeriodState.DRAFT: "secondary",
    PeriodState.APPEAL: "warning",
    PeriodState.APPROVED: "info",
    PeriodState.PUBLISHED: "success",
}
#: States in which a period's inputs may no longer change (bonus and penalty items, imported indicators).
LOCKED_STATES = (PeriodState.APPROVED, PeriodState.PUBLISHED)


class TargetType(models.TextChoices):
    ZONE = "zone", _("Zone")
    WINDOW = "window", _("Window")
    PERSON = "person", _("Window staff member")


class AdjustmentKind(models.TextChoices):
    THANKS = "thanks", _("Letter of thanks")
    COMPLAINT = "complaint", _("Complaint")
    BAD_REVIEW = "bad_review", _("Bad review (好差评)")
    MEDIA = "media", _("Media report")
    APPEAL = "appeal", _("Upheld appeal")
    OTHER = "other", _("Other")


class Indicator(models.TextChoices):
    """Indicators other systems hold, imported from Excel once a month."""

    HANDLED = "handled", _("Cases handled (办件量)")
    ON_TIME = "on_time", _("Finished on time, % (按时办结率)")
    PRAISE = "praise", _("Good reviews, % (好评率)")


#: The largest value accepted per indicator (the rates are percentages).
INDICATOR_MAX = {Indicator.HANDLED: 1_000_000, Indicator.ON_TIME: 100, Indicator.PRAISE: 100}


class AppealState(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class HonourKind(models.TextChoices):
    """The honours of a month (see ``honours.py``): the lists of zones, the flag, windows and staff."""

    RED_FLAG = "red_flag", _("Red flag (流动红旗)")
    RED_LIST = "red_list", _("Red list (红榜)")
    BLACK_LIST = "black_list", _("Black list (黑榜)")
    RED_WINDOW = "red_window", _("Red-flag window (红旗窗口)")
    SERVICE_STAR = "service_star", _("Service star (服务之星)")


class FlagTarget(models.TextChoices):
    """Who the red flag goes to."""

    ZONE = "zone", _("Zone")
    WINDOW = "window", _("Window")
