"""The model window (示范窗口, "由政务服务中心按《手册》要求设计实施"): one window of the hall set up to the handbook,
with a reference photo per layout standard (定置图) and per rule that applies there, who built it and when.

A rule's photo can be adopted as the handbook's reference picture of that rule (into the draft revision), so the
handbook is illustrated from the real model window.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.models import TimeStampedModel

from .querysets import ModelWindowQuerySet, SetupPhotoQuerySet


class ModelWindow(TimeStampedModel):
    hall = models.ForeignKey(
        "halls.Hall", on_delete=models.CASCADE, related_name="model_windows", verbose_name=_("hall")
    )
    window = models.ForeignKey(
        "places.Window", on_delete=models.CASCADE, related_name="model_window_records", verbose_name=_("window")
    )
    is_current = models.BooleanField(_("current model window"), default=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("designated by"),
    )

    objects = ModelWindowQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "-is_current", "-updated_at"]
        verbose_name = _("model window")
        verbose_name_plural = _("model windows")
        constraints = [
            models.UniqueConstraint(fields=["hall", "window"], name="unique_model_window_per_hall"),
            models.UniqueConstraint(
                fields=["hall"], condition=models.Q(is_current=True), name="one_current_model_window"
            ),
        ]

    def __str__(self) -> str:
        return str(self.window)


class SetupKind(models.TextChoices):
    LAYOUT = "layout", _("Layout standard")
    RULE = "rule", _("Rule")


def setup_photo_path(instance: SetupPhoto, filename: str) -> str:
    return f"model-window/{instance.model_window.hall_id}/{filename}"


class SetupPhoto(TimeStampedModel):
    """A reference photo of the model window for one layout standard or one rule, kept across revisions by the
    layout's name or the rule's key."""

    model_window = models.ForeignKey(
        ModelWindow, on_delete=models.CASCADE, related_name="photos", verbose_name=_("model window")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SetupKind.choices)
    target_key = models.CharField(_("rule key or layout name"), max_length=120)
    target_label = models.CharField(_("for"), max_length=200)
    image = models.ImageField(_("photo"), upload_to=setup_photo_path)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=setup_photo_path, blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    built_by = models.ForeignKey(
        "org.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="model_window_photos",
        verbose_name=_("built by"),
    )
    built_on = models.DateField(_("built on"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by")
    )
    adopted_as = models.ForeignKey(
        "standards.RuleImage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handbook picture"),
    )

    objects = SetupPhotoQuerySet.as_manager()

    class Meta:
        ordering = ["model_window", "kind", "target_key", "-created_at", "-pk"]
        verbose_name = _("model window photo")
        verbose_name_plural = _("model window photos")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=SetupKind.values), name="setup_photo_kind_valid")
        ]

    def __str__(self) -> str:
        return self.target_label
