"""Every write to the handbook: revise, edit (drafts only) and publish.

Published versions are immutable; each function that edits takes the version and refuses
anything that is not a draft (:func:`ensure_draft`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallkeeper.accounts.access import get_access
from hallkeeper.core.capabilities import edits_handbook
from hallkeeper.core.changes import stored_snapshot
from hallkeeper.core.events import record_delete, record_event, record_save
from hallkeeper.core.uploads import files_for_transaction
from hallkeeper.core.validation import field_error
from hallkeeper.places.choices import AreaKind, PositionKind

from .choices import CheckMethod, Severity, VersionStatus
from .clauses import CLAUSE_CODES
from .models import Handbook, HandbookVersion, Layout, LayoutSlot, Part, QuantityStandard, Rule, RuleImage, Section


def can_edit_handbook(user, hall) -> bool:
    return edits_handbook(get_access(user), hall.pk)


def ensure_editor(user, hall) -> None:
    if not can_edit_handbook(user, hall):
        raise PermissionDenied(_("Only administrators and the leadership group revise the handbook."))


def ensure_draft(version: HandbookVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            _("Version %(label)s is published or superseded and cannot be changed.") % {"label": version.label}
        )


# -- revising -----------------------------------------------------------------


@transaction.atomic
def handbook_version_revise(*, handbook: Handbook, user) -> HandbookVersion:
    """Start a draft: a copy of the latest version, numbered one higher."""
    ensure_editor(user, handbook.hall)
    Handbook.objects.select_for_update().get(pk=handbook.pk)
    if handbook.versions.filter(status=VersionStatus.DRAFT).exists():
        raise ValidationError(_("A draft revision already exists; finish or discard it first."))
    latest = handbook.versions.order_by("-number").first()
    if latest is None:
        raise ValidationError(_("The handbook has no version to revise."))
    draft = HandbookVersion.objects.create(
        handbook=handbook,
        number=latest.number + 1,
        status=VersionStatus.DRAFT,
        title=latest.title,
        preface=latest.preface,
        based_on=latest,
        created_by=user,
    )
    copy_version_content(latest, draft)
    record_event(
        target=draft,
        hall=handbook.hall,
        actor=user,
        verb="handbook_version.revised",
        to_state=VersionStatus.DRAFT,
        data={"based_on": latest.number, "number": draft.number},
    )
    return draft


def copy_version_content(source: HandbookVersion, target: HandbookVersion) -> None:
    """Copy parts, sections, rules (with their pictures), layouts and quantities into ``target``."""
    part_map: dict[int, Part] = {}
    for part in source.parts.all():
        part_map[part.pk] = Part.objects.create(
            version=target, code=part.code, title=part.title, intro=part.intro, order=part.order
        )
    section_map: dict[int, Section] = {}
    for section in source.sections.all():
        section_map[section.pk] = Section.objects.create(
            version=target, part=part_map[section.part_id], code=section.code, title=section.title, order=section.order
        )
    rules = list(source.rules.prefetch_related("images"))
    new_rules = Rule.objects.bulk_create(
        [
            Rule(
                version=target,
                section=section_map[r.section_id],
                **{f: getattr(r, f) for f in RULE_FIELDS},
            )
            for r in rules
        ]
    )
    RuleImage.objects.bulk_create(
        [
            # Pictures are shared files: a file is never changed in place, only replaced by a new one.
            RuleImage(
                rule=new,
                kind=img.kind,
                image=img.image.name,
                width=img.width,
                height=img.height,
                caption=img.caption,
                order=img.order,
            )
            for old, new in zip(rules, new_rules, strict=True)
            for img in old.images.all()
        ]
    )
    for layout in source.layouts.prefetch_related("slots"):
        copy = Layout.objects.create(
            version=target,
            position_kind=layout.position_kind,
            name=layout.name,
            width=layout.width,
            depth=layout.depth,
            note=layout.note,
            order=layout.order,
        )
        LayoutSlot.objects.bulk_create(
            [
                LayoutSlot(
                    layout=copy,
                    item=s.item,
                    x=s.x,
                    y=s.y,
                    width=s.width,
                    depth=s.depth,
                    quantity=s.quantity,
                    colour=s.colour,
                    order=s.order,
                )
                for s in layout.slots.all()
            ]
        )
    QuantityStandard.objects.bulk_create(
        [
            QuantityStandard(
                version=target,
                item=q.item,
                position_kind=q.position_kind,
                quantity=q.quantity,
                unit=q.unit,
                note=q.note,
                order=q.order,
            )
            for q in source.quantities.all()
        ]
    )


RULE_FIELDS = (
    "key",
    "code",
    "title",
    "requirement",
    "check_method",
    "points",
    "deduction",
    "cap",
    "severity",
    "area_kinds",
    "position_kinds",
    "clauses",
    "example",
    "counter_example",
    "order",
)


@transaction.atomic
def handbook_version_discard(*, version: HandbookVersion, user) -> None:
    ensure_editor(user, version.handbook.hall)
    ensure_draft(version)
    record_delete(target=version, actor=user, hall=version.handbook.hall, data={"number": version.number})
    version.delete()


# -- publishing ---------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


def rule_problems(rule: Rule) -> list[str]:
    """What keeps a rule from being published (an empty list when it is complete)."""
    problems = []
    if not rule.requirement.strip():
        problems.append(_("no requirement"))
    if rule.check_method not in CheckMethod.values:
        problems.append(_("no check method"))
    if rule.deduction is None or rule.deduction <= 0:
        problems.append(_("no deduction"))
    if rule.cap is not None and rule.deduction is not None and rule.cap < rule.deduction:
        problems.append(_("the cap is lower than one deduction"))
    if not rule.area_kinds and not rule.position_kinds:
        problems.append(_("no applicability (area kinds or position kinds)"))
    if any(k not in AreaKind.values for k in rule.area_kinds) or any(
        k not in PositionKind.values for k in rule.position_kinds
    ):
        problems.append(_("an unknown area or position kind"))
    if not rule.clauses:
        problems.append(_("no GB/T 36112 clause"))
    elif any(c not in CLAUSE_CODES for c in rule.clauses):
        problems.append(_("an unknown GB/T 36112 clause"))
    if rule.severity not in Severity.values:
        problems.append(_("no severity"))
    return problems


def version_problems(version: HandbookVersion) -> list[Problem]:
    problems = []
    if not version.parts.exists():
        problems.append(Problem("", _("The version has no parts.")))
    if not version.rules.exists():
        problems.append(Problem("", _("The version has no rules.")))
    for rule in version.rules.all():
        missing = rule_problems(rule)
        if missing:
            problems.append(
                Problem(
                    rule.code,
                    _("Rule %(code)s %(title)s: %(missing)s.")
                    % {"code": rule.code, "title": rule.title, "missing": "、".join(missing)},
                )
            )
    return problems


def handbook_version_publish(*, version: HandbookVersion, user, note: str) -> HandbookVersion:
    """Publish a draft: the previous published version becomes superseded."""
    ensure_editor(user, version.handbook.hall)
    return publish_version(version=version, user=user, note=note)


@transaction.atomic
def publish_version(*, version: HandbookVersion, user, note: str) -> HandbookVersion:
    """Publish without the role check (used by the default handbook installer and by the service above)."""
    Handbook.objects.select_for_update().get(pk=version.handbook_id)
    version = HandbookVersion.objects.select_for_update().get(pk=version.pk)
    ensure_draft(version)
    if not note.strip() and version.based_on_id:
        raise field_error("note", _("Describe what this revision changes."), "note_required")
    problems = version_problems(version)
    if problems:
        raise ValidationError({"rules": [ValidationError(p.message, code="incomplete_rule") for p in problems]})
    superseded = list(version.handbook.versions.filter(status=VersionStatus.PUBLISHED))
    version.handbook.versions.filter(status=VersionStatus.PUBLISHED).update(status=VersionStatus.SUPERSEDED)
    for old in superseded:
        record_event(
            target=old,
            hall=version.handbook.hall,
            actor=user,
            verb="handbook_version.superseded",
            from_state=VersionStatus.PUBLISHED,
            to_state=VersionStatus.SUPERSEDED,
            data={"number": old.number, "by": version.number},
        )
    version.status = VersionStatus.PUBLISHED
    version.revision_note = note.strip()
    version.published_at = timezone.now()
    version.published_by = user
    version.save(update_fields=["status", "revision_note", "published_at", "published_by", "updated_at"])
    record_event(
        target=version,
        hall=version.handbook.hall,
        actor=user,
        verb="handbook_version.published",
        from_state=VersionStatus.DRAFT,
        to_state=VersionStatus.PUBLISHED,
        comment=version.revision_note,
        data={"number": version.number},
    )
    return version


# -- editing drafts -----------------------------------------------------------


def _lock_draft(version: HandbookVersion) -> HandbookVersion:
    """Lock the version's row and refuse it unless it is (still) a draft."""
    locked = HandbookVersion.objects.select_for_update().get(pk=version.pk)
    ensure_draft(locked)
    return locked


@transaction.atomic
def rule_save(*, rule: Rule, user) -> Rule:
    """Create or update a rule of a draft (the form has validated its fields)."""
    ensure_editor(user, rule.version.handbook.hall)
    _lock_draft(rule.version)
    if rule.section.version_id != rule.version_id:
        raise ValidationError(_("The section belongs to another version."))
    rule.full_clean()
    before = stored_snapshot(rule)
    rule.save()
    record_save(target=rule, actor=user, before=before, hall=rule.version.handbook.hall)
    return rule


@transaction.atomic
def rule_delete(*, rule: Rule, user) -> None:
    ensure_editor(user, rule.version.handbook.hall)
    _lock_draft(rule.version)
    record_delete(target=rule, actor=user, hall=rule.version.handbook.hall)
    rule.delete()


# -- the editor: installing, and editing the rest of a draft --------------------


@transaction.atomic
def handbook_install(*, hall, user) -> HandbookVersion:
    """Give a hall without a handbook the default one, published as version 1."""
    ensure_editor(user, hall)
    if HandbookVersion.objects.filter(handbook__hall=hall).exists():
        raise ValidationError(_("This hall already has a handbook."))
    from .defaults import install_default_handbook  # the default content is large: load it only when needed

    return install_default_handbook(hall, user=user)


@transaction.atomic
def handbook_version_save(*, version: HandbookVersion, user) -> HandbookVersion:
    """Save a draft's title and preface."""
    ensure_editor(user, version.handbook.hall)
    _lock_draft(version)
    version.full_clean(exclude=["handbook", "status", "based_on", "created_by", "published_by"])
    before = stored_snapshot(version)
    version.save(update_fields=["title", "preface", "updated_at"])
    record_save(target=version, actor=user, before=before, hall=version.handbook.hall)
    return version


@transaction.atomic
def part_save(*, part: Part, user) -> Part:
    ensure_editor(user, part.version.handbook.hall)
    _lock_draft(part.version)
    part.full_clean()
    before = stored_snapshot(part)
    part.save()
    record_save(target=part, actor=user, before=before, hall=part.version.handbook.hall)
    return part


@transaction.atomic
def section_save(*, section: Section, user) -> Section:
    ensure_editor(user, section.version.handbook.hall)
    _lock_draft(section.version)
    if section.part.version_id != section.version_id:
        raise ValidationError(_("The part belongs to another version."))
    section.full_clean()
    before = stored_snapshot(section)
    section.save()
    record_save(target=section, actor=user, before=before, hall=section.version.handbook.hall)
    return section


@transaction.atomic
def rule_image_add(*, rule: Rule, user, kind: str, image, caption: str = "") -> RuleImage:
    """Attach a picture to a rule of a draft; ``image`` is the clean copy from ``uploads.validate_image``."""
    ensure_editor(user, rule.version.handbook.hall)
    _lock_draft(rule.version)
    last = rule.images.filter(kind=kind).order_by("-order").first()
    picture = RuleImage(rule=rule, kind=kind, caption=caption.strip(), order=(last.order + 1) if last else 0)
    picture.full_clean(exclude=["image"])
    with files_for_transaction() as files:
        files.save(picture.image, image.name, image)
        picture.save()
    record_save(target=picture, actor=user, before=None, hall=rule.version.handbook.hall)
    return picture


@transaction.atomic
def rule_image_delete(*, image: RuleImage, user) -> None:
    """Remove a picture from a rule of a draft. The file stays: earlier versions may show it too."""
    version = image.rule.version
    ensure_editor(user, version.handbook.hall)
    _lock_draft(version)
    record_delete(target=image, actor=user, hall=version.handbook.hall)
    image.delete()


@transaction.atomic
def layout_save(*, layout: Layout, slots, user) -> Layout:
    """Create or update a layout standard of a draft with its slots (``layouts.SlotBox`` rows, in order).

    Slots outside the surface or overlapping another are refused with messages naming the items.
    """
    from .layouts import slot_problems

    ensure_editor(user, layout.version.handbook.hall)
    _lock_draft(layout.version)
    slots = list(slots)
    layout.full_clean()
    problems = slot_problems(layout.width, layout.depth, slots)
    if problems:
        raise ValidationError(problems)
    before = stored_snapshot(layout)
    slots_before = layout.slots.count() if layout.pk else 0
    layout.save()
    record_save(
        target=layout,
        actor=user,
        before=before,
        hall=layout.version.handbook.hall,
        data={"slots": [slots_before, len(slots)]},
    )
    layout.slots.all().delete()
    new_slots = [
        LayoutSlot(
            layout=layout,
            item=s.item,
            x=s.x,
            y=s.y,
            width=s.width,
            depth=s.depth,
            quantity=s.quantity,
            colour=s.colour,
            order=i,
        )
        for i, s in enumerate(slots)
    ]
    for slot in new_slots:
        slot.full_clean(exclude=["layout"])
    LayoutSlot.objects.bulk_create(new_slots)
    return layout


def quantity_duplicates(rows) -> list[str]:
    """Messages for rows naming an item twice for one position kind (``rows``: dicts or QuantityStandard)."""
    seen: set[tuple[str, str]] = set()
    problems = []
    for row in rows:
        kind, item = _get(row, "position_kind"), _get(row, "item").strip()
        if (kind, item) in seen:
            label = PositionKind(kind).label if kind in PositionKind.values else kind
            problems.append(_("“%(item)s” is listed more than once for %(kind)s.") % {"item": item, "kind": label})
        seen.add((kind, item))
    return problems


def _get(row, name: str):
    return row[name] if isinstance(row, dict) else getattr(row, name)


@transaction.atomic
def quantity_table_save(*, version: HandbookVersion, rows, user) -> list[QuantityStandard]:
    """Replace a draft's standard quantity table with ``rows`` (dicts with item, position_kind, quantity,
    unit, note), in order. An item listed twice for one position kind is refused."""
    ensure_editor(user, version.handbook.hall)
    _lock_draft(version)
    rows = list(rows)
    problems = quantity_duplicates(rows)
    if problems:
        raise ValidationError(problems)
    new_rows = [
        QuantityStandard(
            version=version,
            item=row["item"].strip(),
            position_kind=row["position_kind"],
            quantity=row["quantity"],
            unit=(row.get("unit") or "").strip(),
            note=(row.get("note") or "").strip(),
            order=i,
        )
        for i, row in enumerate(rows)
    ]
    for row in new_rows:
        row.full_clean(exclude=["version"], validate_constraints=False)
    record_event(
        target=version,
        hall=version.handbook.hall,
        actor=user,
        verb="quantity_table.saved",
        data={"rows": [version.quantities.count(), len(new_rows)]},
    )
    version.quantities.all().delete()
    return QuantityStandard.objects.bulk_create(new_rows)
