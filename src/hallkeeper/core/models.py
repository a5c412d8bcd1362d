"""Abstract base models shared by every domain app, and the shared event log."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class EventQuerySet(models.QuerySet):
    """Events are appended, never changed: bulk updates and deletes are refused."""

    def update(self, **kwargs):
        raise AppendOnlyError(_("Events are never changed."))

    def delete(self):
        raise AppendOnlyError(_("Events are never deleted; old events leave only through the retention command."))


class AppendOnlyError(PermissionError):
    """An attempt to change or delete a recorded event."""


class Event(models.Model):
    """One recorded change of state: who did what to which record, when, from which state to which.

    Written only through :func:`hallkeeper.core.events.record_event`; never edited. The actor's name,
    username and roles are copied onto the row, so deleting the user (which empties ``actor``) loses
    nothing; deleting a hall or a content type leaves its events in place (no database constraint).
    Each row carries the hash of the previous row and its own (:mod:`hallkeeper.core.chain`).
    """

    hall = models.ForeignKey(
        "halls.Hall",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hall"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_name = models.CharField(_("name"), max_length=150, blank=True)
    actor_username = models.CharField(_("username"), max_length=150, blank=True, db_index=True)
    actor_roles = models.CharField(_("roles"), max_length=200, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    verb = models.CharField(_("action"), max_length=60, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    from_state = models.CharField(_("from"), max_length=30, blank=True)
    to_state = models.CharField(_("to"), max_length=30, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"], name="event_target_idx")]

    def __str__(self) -> str:
        return f"{self.verb} {self.content_type_id}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("Events are never changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("Events are never deleted; old events leave only through the retention command."))


class AuditChain(models.Model):
    """The one row that ties the event chain together.

    ``head_hash`` is the hash of the last appended event (appends lock this row, so the chain stays
    linear); ``anchor_id``/``anchor_hash`` are the last event removed by the retention command after
    it was archived: verification of what remains starts from that hash.
    """

    head_hash = models.CharField(max_length=64, blank=True)
    appends = models.PositiveBigIntegerField(default=0)
    anchor_id = models.PositiveBigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, blank=True)
    anchor_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit chain")
        verbose_name_plural = _("audit chain")

    def __str__(self) -> str:
        return self.head_hash[:12]
