from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Under way")
    CLOSED = "closed", _("Closed")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Blocked")


class PublicityKind(models.TextChoices):
    NOTICE = "notice", _("Notice posted")
    MEETING = "meeting", _("Meeting held")
    ARTICLE = "article", _("Article")
    OTHER = "other", _("Other")


#: A Bootstrap colour per task status, for badges and the timeline's bars.
STATUS_COLOURS = {
    TaskStatus.NOT_STARTED: "secondary",
    TaskStatus.IN_PROGRESS: "primary",
    TaskStatus.DONE: "success",
    TaskStatus.BLOCKED: "danger",
}

#: The four phases of the plan (实施步骤) and the share of the campaign's days each ends at: for a campaign of
#: 1 July – 31 August they fall on the plan's own dates (7月中旬, 7月末, 8月15日).
PLAN_PHASES = (
    (
        "动员培训",
        "制订《手册》，成立领导小组、推进小组、督查小组，制订工作方案，进行宣传发动；设立示范窗口并组织参观学习；做预算；集中学习。",
    ),
    ("对照实施", "各责任区对照标准自我梳理、整理并组织实施，开展对标建设；督查考核科督促检查。"),
    ("评估验收", "领导小组对各责任区进行评估验收，对未达标责任区下发整改通知并再行验收。"),
    ("总结提高", "总结成效，表彰先进典型窗口，修订健全《手册》，实行闭环管理，形成长效机制。"),
)
