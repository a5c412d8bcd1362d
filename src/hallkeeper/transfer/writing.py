"""Writing a checked plan with bulk operations; the caller holds the transaction."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from .planning import Planned
from .specs import EntitySpec

BATCH_SIZE = 500


def write_plan(spec: EntitySpec, items: list[Planned]) -> tuple[int, int, int]:
    """Create and update the planned records; returns (created, updated, unchanged)."""
    by_code = {item.code: item for item in items}
    new = [item for item in items if item.is_new]
    _create(spec, new, by_code)
    now = timezone.now()
    updates: list[Planned] = []
    for item in items:
        if item.is_new:
            continue
        for attr, code in item.pending.items():
            setattr(item.obj, attr, by_code[code].obj)
            item.changed.add(attr)
        if item.changed or item.links:
            item.obj.updated_at = now
            updates.append(item)
    if updates:
        fields = sorted({attr for item in updates for attr in item.changed} | {"updated_at"})
        spec.model.objects.bulk_update([item.obj for item in updates], fields, batch_size=BATCH_SIZE)
    _write_links(spec.model, items)
    return len(new), len(updates), len(items) - len(new) - len(updates)


def _create(spec: EntitySpec, new: list[Planned], by_code: dict[str, Planned]) -> None:
    """Create new rows level by level, so a row inside another new row gets its id."""
    remaining = new
    while remaining:
        ready = [i for i in remaining if all(by_code[c].obj.pk is not None for c in i.pending.values())]
        if not ready:
            raise RuntimeError("rows refer to each other in a loop")  # planning reports loops first
        for item in ready:
            for attr, code in item.pending.items():
                setattr(item.obj, attr, by_code[code].obj)
        spec.model.objects.bulk_create([item.obj for item in ready], batch_size=BATCH_SIZE)
        _ensure_ids(spec, ready)
        remaining = [item for item in remaining if item.obj.pk is None]


def _ensure_ids(spec: EntitySpec, created: list[Planned]) -> None:
    """Databases that do not return ids from bulk inserts: read them back by code."""
    missing = [item for item in created if item.obj.pk is None]
    if not missing:
        return
    hall_id = missing[0].obj.hall_id
    for start in range(0, len(missing), BATCH_SIZE):
        chunk = missing[start : start + BATCH_SIZE]
        ids = dict(
            spec.model.objects.filter(hall_id=hall_id, **{f"{spec.code_attr}__in": [i.code for i in chunk]})
            .values_list(spec.code_attr, "pk")
        )
        for item in chunk:
            item.obj.pk = ids[item.code]


def _write_links(model: type[models.Model], items: list[Planned]) -> None:
    """Replace the many-to-many lists that changed: delete the old links, insert the new ones."""
    for attr in sorted({attr for item in items for attr in item.links}):
        m2m = model._meta.get_field(attr)
        through = m2m.remote_field.through
        source, target = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
        changed = [item for item in items if attr in item.links]
        ids = [item.obj.pk for item in changed]
        for start in range(0, len(ids), BATCH_SIZE):
            through.objects.filter(**{f"{source}__in": ids[start : start + BATCH_SIZE]}).delete()
        through.objects.bulk_create(
            [through(**{source: item.obj.pk, target: pk}) for item in changed for pk in sorted(item.links[attr])],
            batch_size=BATCH_SIZE,
        )
