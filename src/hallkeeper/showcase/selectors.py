"""Reads of the model window: the current one, and its set-up sheet against the published handbook."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse

from hallkeeper.core.access import get_access
from hallkeeper.core.capabilities import records_model_window
from hallkeeper.org.selectors import leads_promotion_group
from hallkeeper.places.models import Window
from hallkeeper.standards.choices import VersionStatus
from hallkeeper.standards.models import HandbookVersion, Rule
from hallkeeper.standards.reading import layouts_of
from hallkeeper.standards.selectors import current_version, rule_applies, rules_for_window, window_kinds

from .models import ModelWindow, SetupKind, SetupPhoto


def can_record(user, hall) -> bool:
    access = get_access(user)
    if records_model_window(access, hall.pk):
        return True
    return records_model_window(access, hall.pk, leads_promotion_group=leads_promotion_group(user, hall))


def current_model_window(user, hall) -> ModelWindow | None:
    return (
        ModelWindow.objects.visible_to(user)
        .filter(hall=hall, is_current=True)
        .select_related("window__zone", "window__area__parent", "hall")
        .first()
    )


def windows_to_designate(hall) -> QuerySet[Window]:
    return Window.objects.filter(hall=hall).select_related("zone").order_by("zone__order", "number")


@dataclass
class SheetRow:
    """One layout standard or rule of the model window, with its photos (newest first)."""

    kind: str
    key: str
    label: str
    detail: str
    url: str
    photos: list[SetupPhoto] = field(default_factory=list)

    @property
    def latest(self) -> SetupPhoto | None:
        return self.photos[0] if self.photos else None


@dataclass
class SetupSheet:
    version: HandbookVersion | None
    layouts: list[SheetRow]
    rules: list[SheetRow]

    @property
    def rows(self) -> list[SheetRow]:
        return self.layouts + self.rules

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if r.photos)

    @property
    def missing(self) -> list[SheetRow]:
        return [r for r in self.rows if not r.photos]

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def setup_targets(user, window) -> tuple[HandbookVersion | None, list, list[Rule]]:
    """The published handbook's layouts (by the kinds of the window's positions) and rules for the window."""
    version, rules = rules_for_window(user, window)
    if version is None:
        return None, [], []
    kinds = set(window.positions.values_list("kind", flat=True))
    return version, layouts_of(version, position_kinds=kinds), rules


def setup_target(user, window, kind: str, key: str) -> tuple[HandbookVersion | None, str | None]:
    """The published handbook and the label of the layout (by name) or rule (by key) that applies at the window;
    ``None`` as the label when no such layout or rule applies there."""
    version = current_version(user, window.hall)
    if version is None:
        return None, None
    area_kinds, position_kinds = window_kinds(window)
    if kind == SetupKind.LAYOUT:
        layout = version.layouts.filter(name=key, position_kind__in=position_kinds).first()
        return version, layout.name if layout else None
    rule = version.rules.filter(key=key).first()
    if rule is None or not rule_applies(rule, area_kinds=area_kinds, position_kinds=position_kinds):
        return version, None
    return version, f"{rule.code} {rule.title}"


def setup_sheet(user, model_window: ModelWindow) -> SetupSheet:
    """Each layout and rule that applies at the model window, with the photos recorded for it (by layout name
    or rule key, so photos taken under an earlier version still count)."""
    version, layouts, rules = setup_targets(user, model_window.window)
    photos: dict[tuple[str, str], list[SetupPhoto]] = {}
    for photo in (
        SetupPhoto.objects.visible_to(user)
        .filter(model_window=model_window)
        .select_related("built_by", "adopted_as__rule__version")
    ):
        photos.setdefault((photo.kind, photo.target_key), []).append(photo)
    code = model_window.hall.code
    layout_rows = [
        SheetRow(
            kind=SetupKind.LAYOUT,
            key=layout.name,
            label=layout.name,
            detail=layout.get_position_kind_display(),
            url=reverse("handbook_layout", kwargs={"hall": code, "number": version.number, "pk": layout.pk}),
            photos=photos.get((SetupKind.LAYOUT, layout.name), []),
        )
        for layout in layouts
    ]
    rule_rows = [
        SheetRow(
            kind=SetupKind.RULE,
            key=rule.key,
            label=f"{rule.code} {rule.title}",
            detail=rule.requirement,
            url=rule.get_absolute_url(),
            photos=photos.get((SetupKind.RULE, rule.key), []),
        )
        for rule in rules
    ]
    return SetupSheet(version=version, layouts=layout_rows, rules=rule_rows)


def draft_version(hall) -> HandbookVersion | None:
    return HandbookVersion.objects.filter(handbook__hall=hall, status=VersionStatus.DRAFT).first()
