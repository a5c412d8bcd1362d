"""Before/after values of a record's fields, for the event log: ``snapshot`` → change → ``diff``."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

#: Fields never copied into the log (bookkeeping).
SKIPPED = frozenset({"password", "created_at", "updated_at", "last_login"})
#: Fields whose value is a secret: the log says only whether one is set.
SECRET_WORDS = ("password", "secret", "token", "otp")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 95.0 and 95 are the same value
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "storage"):  # a file field
        return value.name or ""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(obj: models.Model | None, fields: list[str] | None = None) -> dict[str, Any]:
    """The record's concrete field values as plain JSON (foreign keys as ids); ``{}`` for ``None``."""
    if obj is None:
        return {}
    values = {}
    for field in obj._meta.concrete_fields:
        if field.name in SKIPPED or (fields is not None and field.name not in fields):
            continue
        value = getattr(obj, field.attname)
        if any(word in field.name for word in SECRET_WORDS):
            value = "******" if value else ""
        values[field.name] = _plain(value)
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for every field whose value changed (a missing side is ``None``)."""
    names = list(dict.fromkeys([*before, *after]))
    return {n: [before.get(n), after.get(n)] for n in names if before.get(n) != after.get(n)}


def stored_snapshot(obj: models.Model) -> dict[str, Any] | None:
    """The snapshot of ``obj`` as the database holds it (row locked inside a transaction); ``None`` if new."""
    if obj.pk is None:
        return None
    stored = type(obj)._base_manager.select_for_update().filter(pk=obj.pk).first()
    return snapshot(stored) if stored is not None else None


def cascade_counts(obj: models.Model) -> dict[str, int]:
    """What deleting ``obj`` takes with it: ``{"app_label.model": count}`` of every other record the database
    deletes in the same go (Django's deletion collector, the one ``obj.delete()`` uses); ``{}`` when nothing
    goes with it. Records only detached (``SET_NULL``) are not counted."""
    from django.db import router
    from django.db.models.deletion import Collector

    collector = Collector(using=router.db_for_write(type(obj), instance=obj))
    collector.collect([obj])
    counts: dict[str, int] = {}
    for model, instances in collector.data.items():
        for instance in instances:
            if type(instance) is type(obj) and instance.pk == obj.pk:
                continue
            label = model._meta.label_lower
            counts[label] = counts.get(label, 0) + 1
    for queryset in collector.fast_deletes:
        number = queryset.count()
        if number:
            label = queryset.model._meta.label_lower
            counts[label] = counts.get(label, 0) + number
    return dict(sorted(counts.items()))
