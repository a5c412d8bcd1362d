"""A background export: who asked for what (the list and its filters), how far it got, and the file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hallkeeper.core.models import TimeStampedModel


class ExportStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("Export", "Waiting")
    RUNNING = "running", pgettext_lazy("Export", "Being written")
    DONE = "done", pgettext_lazy("Export", "Ready")
    FAILED = "failed", pgettext_lazy("Export", "Failed")


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view") -> models.QuerySet:
        """Only the requester's own exports, whatever their roles: the file holds what *they* could see."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(requested_by_id=user.pk)


def export_path(job: ExportJob, filename: str) -> str:
    return f"exports/{job.hall_id}/{job.token}.xlsx"


class ExportJob(TimeStampedModel):
    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=120)
    params = models.TextField(_("filters"), blank=True)  # the list's query string
    language = models.CharField(_("language"), max_length=10, blank=True)  # of the column headers
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    token = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=export_path, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=ExportStatus.values), name="export_status_valid")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("export_status", kwargs={"hall": self.hall.code, "pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return min(99, round(100 * self.rows_written / self.total_rows)) if self.total_rows else 0
