"""A hall's campaigns (标准化建设专项工作): the goal and dates, the phases, the task breakdown with owners,
progress updates with evidence photos, and the publicity (宣传发动)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.models import TimeStampedModel

from .choices import STATUS_COLOURS, CampaignState, PublicityKind, TaskStatus
from .querysets import CampaignPartQuerySet, CampaignQuerySet, TaskUpdateQuerySet

_user = {"on_delete": models.SET_NULL, "null": True, "blank": True, "related_name": "+"}


class Campaign(TimeStampedModel):
    """A campaign of the hall: a standardization drive, a yearly re-check."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    title = models.CharField(_("title"), max_length=200)
    goal = models.TextField(_("goal"), blank=True)
    content = models.TextField(_("main content"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    state = models.CharField(_("state"), max_length=10, choices=CampaignState.choices, default=CampaignState.PLANNED)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", verbose_name=_("copied from")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), **_user)
    # What the leadership group learned (经验和不足), written at the end for the summary report (总结报告).
    lessons = models.TextField(_("lessons"), blank=True)
    # The 发文字号 of the work plan and of the summary report, each taken once from the hall's shared document
    # counter (``halls.numbering``) and kept, so a document downloaded again prints the same number.
    plan_number = models.CharField(_("work plan number"), max_length=60, blank=True)
    summary_number = models.CharField(_("summary report number"), max_length=60, blank=True)
    summary_dated = models.DateField(_("summary report date"), null=True, blank=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "-starts", "-pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(condition=models.Q(state__in=CampaignState.values), name="campaign_state_valid"),
            models.CheckConstraint(condition=models.Q(starts__lte=models.F("ends")), name="campaign_dates"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaign_detail", kwargs={"hall": self.hall.code, "pk": self.pk})


class Phase(TimeStampedModel):
    """A phase of a campaign (阶段), with its dates inside the campaign's."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases", verbose_name=_("campaign"))
    name = models.CharField(_("name"), max_length=60)
    description = models.TextField(_("work in this phase"), blank=True)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))

    objects = CampaignPartQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "starts", "ends", "pk"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [models.CheckConstraint(condition=models.Q(starts__lte=models.F("ends")), name="phase_dates")]

    def __str__(self) -> str:
        return self.name


class Task(TimeStampedModel):
    """A task of the breakdown: its phase, one owner (a work group, a unit, a person or a zone), a due date
    inside its phase, and its status."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("campaign"))
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("phase"))
    title = models.CharField(_("task"), max_length=300)
    owner_group = models.ForeignKey(
        "org.WorkGroup", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("group")
    )
    owner_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    owner_person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    owner_zone = models.ForeignKey(
        "places.Zone", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("zone")
    )
    due = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = CampaignPartQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "phase__starts", "order", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=TaskStatus.values), name="task_status_valid"),
            models.CheckConstraint(
                condition=(
                    models.Q(owner_group__isnull=False, owner_unit=None, owner_person=None, owner_zone=None)
                    | models.Q(owner_group=None, owner_unit__isnull=False, owner_person=None, owner_zone=None)
                    | models.Q(owner_group=None, owner_unit=None, owner_person__isnull=False, owner_zone=None)
                    | models.Q(owner_group=None, owner_unit=None, owner_person=None, owner_zone__isnull=False)
                ),
                name="task_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def hall(self):
        return self.campaign.hall

    @property
    def owner(self):
        return self.owner_group or self.owner_unit or self.owner_person or self.owner_zone

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS[self.status]

    @property
    def owner_kind(self) -> str:
        for kind in ("group", "unit", "person", "zone"):
            if getattr(self, f"owner_{kind}_id"):
                return kind
        return ""

    def get_absolute_url(self) -> str:
        return reverse("campaign_task", kwargs={"hall": self.campaign.hall.code, "pk": self.pk})


def evidence_path(instance, filename: str) -> str:
    return f"campaign/{uuid.uuid4().hex[:2]}/{filename}"


class TaskUpdate(models.Model):
    """One progress update of a task: the status it moved to, a note and an optional evidence photo."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates", verbose_name=_("task"))
    at = models.DateTimeField(_("at"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), **_user)
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices)
    note = models.TextField(_("progress note"), blank=True)
    evidence = models.ImageField(_("evidence"), upload_to=evidence_path, blank=True)

    objects = TaskUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["task", "-at", "-pk"]
        verbose_name = _("task update")
        verbose_name_plural = _("task updates")

    def __str__(self) -> str:
        return f"{self.task} · {self.get_status_display()}"

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS[self.status]

    @property
    def hall(self):
        return self.task.campaign.hall


class PublicityItem(TimeStampedModel):
    """A piece of the publicity (宣传发动): a notice posted, a meeting held, an article — with its evidence."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="publicity", verbose_name=_("campaign")
    )
    on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=PublicityKind.choices)
    description = models.TextField(_("description"))
    evidence = models.ImageField(_("evidence"), upload_to=evidence_path, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), **_user)

    objects = CampaignPartQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "on", "pk"]
        verbose_name = _("publicity item")
        verbose_name_plural = _("publicity items")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=PublicityKind.values), name="publicity_kind_valid")
        ]

    def __str__(self) -> str:
        return self.description[:40]

    @property
    def hall(self):
        return self.campaign.hall


class TaskDigestRun(models.Model):
    """The campaign digest of (hall, day) was sent: never twice the same day."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    overdue = models.PositiveIntegerField(default=0)
    due_soon = models.PositiveIntegerField(default=0)
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hall", "day"], name="unique_task_digest_per_day")]

    def __str__(self) -> str:
        return f"{self.hall_id} · {self.day}"
