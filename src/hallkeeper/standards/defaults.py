"""Install the default handbook (written for Hallkeeper, see ``content/handbook.py``) in a hall."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from hallkeeper.places.choices import AreaKind

from .choices import DEFAULT_POINTS, VersionStatus
from .models import Handbook, HandbookVersion, Layout, LayoutSlot, Part, QuantityStandard, Rule, Section
from .services import publish_version

FIRST_NOTE = "依据 GB/T 36112-2018 编制的首版手册。"


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


@transaction.atomic
def install_default_handbook(hall, *, user=None, title: str = "") -> HandbookVersion:
    """Give the hall the default handbook as published version 1, unless it already has one (idempotent).

    ``title`` names the hall's own handbook (the default content's generic title otherwise)."""
    from .content import handbook as content

    title = title or content.HANDBOOK["title"]
    handbook, _created = Handbook.objects.get_or_create(hall=hall, defaults={"title": title})
    existing = handbook.versions.exclude(status=VersionStatus.DRAFT).order_by("-number").first()
    if existing is not None:
        return existing
    version = HandbookVersion.objects.create(
        handbook=handbook,
        number=1,
        title=title,
        preface=content.HANDBOOK.get("preface", ""),
        created_by=user,
    )
    fill_version(version, content.HANDBOOK, content.LAYOUTS, content.QUANTITY_STANDARDS)
    return publish_version(version=version, user=user, note=FIRST_NOTE)


def fill_version(version: HandbookVersion, handbook: dict, layouts: list[dict], quantities: list[dict]) -> None:
    """Write parts, sections, rules, layouts and quantities given as plain data into a draft."""
    rules = []
    for p_order, part_data in enumerate(handbook["parts"]):
        part = Part.objects.create(
            version=version,
            code=part_data["code"],
            title=part_data["title"],
            intro=part_data.get("intro", ""),
            order=p_order,
        )
        for s_order, section_data in enumerate(part_data["sections"]):
            section = Section.objects.create(
                version=version, part=part, code=section_data["code"], title=section_data["title"], order=s_order
            )
            for r_order, r in enumerate(section_data["rules"]):
                area_kinds = list(r.get("area_kinds") or [])
                position_kinds = list(r.get("position_kinds") or [])
                if not area_kinds and not position_kinds:
                    area_kinds = list(AreaKind.values)  # "applies everywhere" made explicit
                rules.append(
                    Rule(
                        version=version,
                        section=section,
                        key=r["key"],
                        code=r["code"],
                        title=r["title"],
                        requirement=r["requirement"],
                        check_method=r["check_method"],
                        deduction=_decimal(r["deduction"]),
                        points=_decimal(r.get("points")) or DEFAULT_POINTS,
                        cap=_decimal(r.get("cap")),
                        severity=r["severity"],
                        area_kinds=area_kinds,
                        position_kinds=position_kinds,
                        clauses=list(r["clauses"]),
                        example=r.get("example", ""),
                        counter_example=r.get("counter_example", ""),
                        order=r_order,
                    )
                )
    Rule.objects.bulk_create(rules)
    for l_order, layout_data in enumerate(layouts):
        layout = Layout.objects.create(
            version=version,
            position_kind=layout_data["position_kind"],
            name=layout_data["name"],
            width=layout_data["width"],
            depth=layout_data["depth"],
            note=layout_data.get("note", ""),
            order=l_order,
        )
        LayoutSlot.objects.bulk_create(
            [
                LayoutSlot(
                    layout=layout,
                    item=s["item"],
                    x=s["x"],
                    y=s["y"],
                    width=s["width"],
                    depth=s["depth"],
                    quantity=s.get("quantity", 1),
                    colour=s.get("colour", "#e9ecef"),
                    order=i,
                )
                for i, s in enumerate(layout_data["slots"])
            ]
        )
    QuantityStandard.objects.bulk_create(
        [
            QuantityStandard(
                version=version,
                item=q["item"],
                position_kind=q["position_kind"],
                quantity=q["quantity"],
                unit=q.get("unit", ""),
                note=q.get("note", ""),
                order=i,
            )
            for i, q in enumerate(quantities)
        ]
    )
