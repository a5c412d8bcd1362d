"""Hostile text planted in every user-editable text field, for the injection tests.

The payload runs script if anything takes it as HTML (an attribute break-out, an ``<img onerror>``, a
``<script>``, an ``<svg onload>``), shows ``49`` if anything evaluates it as a template, and makes reportlab
embed a file from the server's disk if a document takes it as Paragraph markup (``<img src="/path"/>``).
"""

from __future__ import annotations

import io
from pathlib import Path

from django.apps import apps
from django.db import models
from django.utils import timezone

#: What a page sets when a payload runs.
FLAG = "__xss"
HTML = f'"><img src=x onerror="window.{FLAG}=1"><script>window.{FLAG}=1</script><svg onload=window.{FLAG}=1>{{{{7*7}}}}'
#: Shorter variants for short fields, longest first; the first that fits (with a row number) is used.
SHORT = (
    f"<img src=x onerror={FLAG}=1>{{{{7*7}}}}",
    f"<img src=x onerror={FLAG}=1>",
    '"><b>{{7*7}}</b>',
    "<b>x</b>",
    "<i>",
)
#: A picture of a size nothing else has: a document that embeds it has read a file a user named.
SECRET_SIZE = (123, 77)

#: Text fields no user types (hashes, keys in URLs, machine states, secrets, addresses checked elsewhere).
NOT_USER_TEXT = {
    "accounts.User": {"password", "username", "email"},
    "halls.Hall": {"code"},
    "standards.Rule": {"key"},
    "standards.LayoutSlot": {"colour"},
    "inspections.Finding": {"rule_key", "severity"},
    "inspections.ItemPhoto": {"sha256"},
    "rectification.ResponsePhoto": {"sha256"},
    "rectification.RectificationPolicy": {"number_format"},
    "core.Event": {"verb", "from_state", "to_state"},
    "notifications.Notification": {"link"},
    "notifications.HallNotificationSettings": {"webhook_url", "dingtalk_secret"},
}


def secret_picture(folder: Path) -> Path:
    """A JPEG of :data:`SECRET_SIZE` on disk (the file a hostile name points reportlab at)."""
    from PIL import Image

    path = folder / "secret-after-photo.jpg"
    out = io.BytesIO()
    Image.new("RGB", SECRET_SIZE, "purple").save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return path


def hostile(max_length: int | None, n: int, picture: Path | None = None) -> str:
    """The payload that fits ``max_length``, made unique by the row number ``n``."""
    suffix = f"~{n}"
    if max_length is None:
        image = f'<img src="{picture}" width="40" height="40"/>' if picture else ""
        return f"{HTML}{image}{suffix}"
    for text in (HTML, *SHORT):
        if len(text) + len(suffix) <= max_length:
            return text + suffix
    return SHORT[-1][:max_length]


#: The audit trail is never rewritten (a PostgreSQL trigger refuses it); events copy text users typed elsewhere.
APPEND_ONLY = {"core.Event", "core.AuditChain"}


def user_text_fields() -> dict[type[models.Model], list[models.Field]]:
    """Every free-text field of the product's models (no choices, not in :data:`NOT_USER_TEXT`)."""
    fields = {}
    for model in apps.get_models():
        if not model.__module__.startswith("hallkeeper.") or model._meta.label in APPEND_ONLY:
            continue
        skip = NOT_USER_TEXT.get(model._meta.label, set())
        found = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices and f.editable
            if f.name not in skip
        ]
        if found:
            fields[model] = found
    return fields


def plant(picture: Path) -> dict[str, int]:
    """Write the payload into every user text field of every row; returns ``{"app.Model.field": rows}``.

    Rows get ``updated_at`` bumped too, so documents kept in the store are built again from the planted text.
    """
    planted: dict[str, int] = {}
    now = timezone.now()
    for model, fields in user_text_fields().items():
        stamp = {"updated_at": now} if any(f.name == "updated_at" for f in model._meta.concrete_fields) else {}
        pks = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
        for n, pk in enumerate(pks, start=1):
            values = {f.name: hostile(getattr(f, "max_length", None), n, picture) for f in fields}
            model._base_manager.filter(pk=pk).update(**values, **stamp)
        for f in fields:
            planted[f"{model._meta.label}.{f.name}"] = len(pks)
    planted.update(_append_hostile_events(picture))
    return planted


def _append_hostile_events(picture: Path) -> dict[str, int]:
    """The audit trail only grows: every event gets a twin appended the way services append, its text hostile."""
    from hallkeeper.core.events import record_event
    from hallkeeper.core.models import Event

    events = list(Event.objects.select_related("content_type", "hall", "actor").order_by("pk"))
    appended = 0
    for n, event in enumerate(events, start=1):
        model = event.content_type.model_class()
        target = model._base_manager.filter(pk=event.object_id).first() if model else None
        if target is None:
            continue
        record_event(
            target=target,
            verb=event.verb,
            actor=event.actor,
            hall=event.hall,
            from_state=event.from_state,
            to_state=event.to_state,
            comment=hostile(None, n, picture),
            data=event.data,
            username=hostile(150, n),
        )
        appended += 1
    return {"core.Event.comment": appended}
