"""Display links: revocable, read-only keys that open a hall's big screen without a login."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.models import TimeStampedModel

from .querysets import DisplayLinkQuerySet

_user = {"on_delete": models.SET_NULL, "null": True, "blank": True, "related_name": "+"}


class DisplayLink(TimeStampedModel):
    """A link an administrator issues for the hall's display. Only the SHA-256 of its random token is stored:
    the full link is shown once, when it is issued. A revoked link opens nothing (404) from then on."""

    hall = models.ForeignKey(
        "halls.Hall", on_delete=models.CASCADE, related_name="display_links", verbose_name=_("hall")
    )
    label = models.CharField(_("label"), max_length=80, help_text=_("Where the display is, e.g. 1F entrance screen."))
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), **_user)
    issued_at = models.DateTimeField(_("issued at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), **_user)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)

    objects = DisplayLinkQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "revoked_at", "-issued_at", "-pk"]
        verbose_name = _("display link")
        verbose_name_plural = _("display links")

    def __str__(self) -> str:
        return self.label

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None

    def get_absolute_url(self) -> str:
        return reverse("display_links", kwargs={"hall": self.hall.code})
