"""Opinions and suggestions (意见建议) from zone leads and staff, collected and answered by the promotion group.

A suggestion is about the handbook (optionally one rule), the layout of a place, the process or anything else,
optionally on a zone the submitter sees, with its text and an optional photo. The answer (accepted, not adopted,
noted) comes with a reply; an accepted suggestion for the handbook links to the rule of the draft revision that
answers it, and shows when that version is published.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.models import TimeStampedModel
from hallkeeper.standards.choices import VersionStatus

from .choices import STATE_COLOURS, Subject, SuggestionState
from .querysets import SuggestionQuerySet, TagQuerySet

#: The longest suggestion or reply accepted.
TEXT_MAX = 2000
TAG_MAX = 20


def suggestion_photo_path(instance: Suggestion, filename: str) -> str:
    return f"suggestions/{instance.hall_id}/{filename}"


class SuggestionTag(TimeStampedModel):
    """A word the promotion group files suggestions under (e.g. 台面, 标识, 流程)."""

    hall = models.ForeignKey(
        "halls.Hall", on_delete=models.CASCADE, related_name="suggestion_tags", verbose_name=_("hall")
    )
    name = models.CharField(_("name"), max_length=TAG_MAX)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "name"]
        verbose_name = _("suggestion tag")
        verbose_name_plural = _("suggestion tags")
        constraints = [models.UniqueConstraint(fields=["hall", "name"], name="unique_suggestion_tag_per_hall")]

    def __str__(self) -> str:
        return self.name


class Suggestion(TimeStampedModel):
    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("hall"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="suggestions",
        verbose_name=_("submitted by"),
    )
    submitter_name = models.CharField(_("submitter"), max_length=150, blank=True)
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    rule = models.ForeignKey(
        "standards.Rule",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("rule"),
    )
    zone = models.ForeignKey(
        "places.Zone",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("zone"),
    )
    text = models.TextField(_("opinion or suggestion"), max_length=TEXT_MAX)
    image = models.ImageField(_("photo"), upload_to=suggestion_photo_path, blank=True)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=suggestion_photo_path, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=SuggestionState.choices, default=SuggestionState.OPEN)
    tags = models.ManyToManyField(SuggestionTag, blank=True, related_name="suggestions", verbose_name=_("tags"))
    reply = models.TextField(_("reply"), blank=True, max_length=TEXT_MAX)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answerer_name = models.CharField(_("answered by"), max_length=150, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    revision = models.ForeignKey(
        "standards.HandbookVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("handbook revision"),
    )
    revised_rule = models.ForeignKey(
        "standards.Rule",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revised rule"),
    )

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "-created_at", "-pk"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        indexes = [models.Index(fields=["hall", "state"], name="suggestion_hall_state")]
        constraints = [
            models.CheckConstraint(condition=models.Q(subject__in=Subject.values), name="suggestion_subject_valid"),
            models.CheckConstraint(condition=models.Q(state__in=SuggestionState.values), name="suggestion_state_valid"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.text[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("suggestion_detail", kwargs={"hall": self.hall.code, "pk": self.pk})

    @property
    def is_answered(self) -> bool:
        return self.state != SuggestionState.OPEN

    @property
    def state_colour(self) -> str:
        return STATE_COLOURS.get(self.state, "secondary")

    @property
    def revision_published(self) -> bool:
        """The linked revision is published (or already superseded by a later one)."""
        return self.revision is not None and self.revision.status != VersionStatus.DRAFT
