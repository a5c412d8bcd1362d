from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionKind(models.TextChoices):
    SELF_CHECK = "self_check", _("Self-check")
    PATROL = "patrol", _("Patrol")
    SPECIAL = "special", _("Special check")
    ACCEPTANCE = "acceptance", _("Acceptance")


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class ItemResult(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    NOT_APPLICABLE = "na", _("Not applicable")


RESULT_COLOURS = {ItemResult.PASS: "success", ItemResult.FAIL: "danger", ItemResult.NOT_APPLICABLE: "secondary"}


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    QUALIFIED = "qualified", _("Qualified")
    UNQUALIFIED = "unqualified", _("Unqualified")


GRADE_COLOURS = {
    Grade.EXCELLENT: "success",
    Grade.GOOD: "primary",
    Grade.QUALIFIED: "warning",
    Grade.UNQUALIFIED: "danger",
}


class Frequency(models.TextChoices):
    DAILY = "daily", _("Every working day")
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")


class AssignTo(models.TextChoices):
    NAMED = "named", _("Named people, zones shared out in turn")
    ZONE_LEADS = "zone_leads", _("Each zone's lead")


class DueState(models.TextChoices):
    DONE = "done", _("Done")
    IN_PROGRESS = "in_progress", _("In progress")
    DUE = "due", _("Due")
    OVERDUE = "overdue", _("Overdue")
    UPCOMING = "upcoming", _("Upcoming")


DUE_STATE_COLOURS = {
    DueState.DONE: "success",
    DueState.IN_PROGRESS: "info",
    DueState.DUE: "warning",
    DueState.OVERDUE: "danger",
    DueState.UPCOMING: "secondary",
}

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]

#: The most occurrences one failed item may record (a typo guard: "100" for "1" is refused).
MAX_OCCURRENCES = 99
#: The largest counted quantity accepted for one item at one position.
MAX_COUNTED = 9999
