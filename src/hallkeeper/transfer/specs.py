"""One declarative spec per importable entity: its columns and how a row maps to the model.

The same specs drive the template, the export and the importer. Entities are listed in
the order they should be imported (units before the people, zones and windows that
refer to them).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hallkeeper.org.choices import UnitKind
from hallkeeper.org.models import Person, Unit
from hallkeeper.places.choices import PositionKind
from hallkeeper.places.models import Area, Position, Window, Zone

from .columns import Col, Kind


@dataclass(frozen=True)
class Target:
    """Something a column may refer to by code."""

    model: type[models.Model]
    code: str  # the attribute that identifies a record
    unknown: Promise  # message for an unknown code, with ``%(code)s``
    hall_scoped: bool = True


TARGETS: dict[str, Target] = {
    "unit": Target(Unit, "code", _("No unit with code “%(code)s” in this hall; import the units first.")),
    "person": Target(
        Person, "code", _("No person with staff number “%(code)s” in this hall; import the people first.")
    ),
    "zone": Target(Zone, "code", _("No zone with code “%(code)s” in this hall; import the zones first.")),
    "area": Target(Area, "code", _("No area with code “%(code)s” in this hall.")),
    "window": Target(
        Window, "number", _("No window numbered “%(code)s” in this hall; import the windows first.")
    ),
    "position": Target(Position, "code", _("No position with code “%(code)s” in this hall or in this file.")),
    "user": Target(get_user_model(), "username", _("No login with username “%(code)s”."), hall_scoped=False),
}


@dataclass(frozen=True)
class EntitySpec:
    key: str  # used in URLs
    target: str  # this entity's entry in TARGETS
    label: Promise
    help: Promise
    columns: tuple[Col, ...]
    select_related: tuple[str, ...] = ()

    @property
    def model(self) -> type[models.Model]:
        return TARGETS[self.target].model

    @property
    def code_attr(self) -> str:
        return TARGETS[self.target].code

    @property
    def code_col(self) -> Col:
        return next(c for c in self.columns if c.attr == self.code_attr)


_LIST_HELP = _("Separate several codes with 、 or a comma or a semicolon.")

UNITS = EntitySpec(
    key="units",
    target="unit",
    label=_("Units"),
    help=_("Departments, stationed agencies and the service centre. Import them first."),
    columns=(
        Col("code", _("Code"), required=True, example="QYDJ", width=12,
            help=_("Unique in the hall: letters, digits, hyphens and underscores.")),
        Col("name", _("Name"), required=True, example="企业登记科", width=24),
        Col("short_name", _("Short name"), example="企业登记", width=14),
        Col("kind", _("Kind"), Kind.CHOICE, required=True, choices=UnitKind, example=UnitKind.DEPARTMENT.label,
            aliases={"科室": UnitKind.DEPARTMENT, "部门": UnitKind.DEPARTMENT, "派驻单位": UnitKind.STATIONED,
                     "派驻机构": UnitKind.STATIONED, "服务中心": UnitKind.CENTRE,
                     "政务服务中心": UnitKind.CENTRE}),
        Col("parent_organization", _("Parent organization"), example="", width=24,
            help=_("For a stationed agency, the body it belongs to.")),
        Col("order", _("Order"), Kind.INT, example=1, width=8, help=_("Sort order; a whole number, 0 or more.")),
    ),
)

PEOPLE = EntitySpec(
    key="people",
    target="person",
    label=_("People"),
    help=_("Staff members, with their unit and, optionally, their login."),
    columns=(
        Col("code", _("Staff number"), required=True, example="QY001", width=12,
            help=_("Unique in the hall: letters, digits, hyphens and underscores.")),
        Col("name", _("Full name"), required=True, example="张敏", width=12),
        Col("unit", _("Unit code"), Kind.REF, target="unit", example="QYDJ", width=12),
        Col("title", _("Post"), example="综合受理岗", width=16),
        Col("phone", _("Phone"), example="0412-5551234", width=16),
        Col("duty", _("Post responsibility"), example="负责企业设立、变更登记的受理和初审。", width=40),
        Col("user", _("Login username"), Kind.REF, target="user", unique=True, example="", width=16,
            help=_("Optional. An existing login; each login belongs to at most one person of the hall.")),
    ),
    select_related=("unit", "user"),
)

ZONES = EntitySpec(
    key="zones",
    target="zone",
    label=_("Zones"),
    help=_("Responsibility zones with their units, lead and areas. Import units and people first."),
    columns=(
        Col("code", _("Code"), required=True, example="Z01", width=10,
            help=_("Unique in the hall: letters, digits, hyphens and underscores.")),
        Col("name", _("Name"), required=True, example="企业开办责任区", width=24),
        Col("units", _("Responsible unit codes"), Kind.REFS, target="unit", example="QYDJ、SWDJ", width=24,
            help=_LIST_HELP),
        Col("lead", _("Zone lead staff number"), Kind.REF, target="person", example="QY001", width=14),
        Col("areas", _("Area codes"), Kind.REFS, target="area", example="A01", width=16, help=_LIST_HELP),
        Col("description", _("Scope and notes"), example="企业开办综合窗口及周边等候区", width=36),
        Col("order", _("Order"), Kind.INT, example=1, width=8, help=_("Sort order; a whole number, 0 or more.")),
    ),
    select_related=("lead",),
)

WINDOWS = EntitySpec(
    key="windows",
    target="window",
    label=_("Windows"),
    help=_("Service windows with their zone, unit and staff. Import zones, units and people first."),
    columns=(
        Col("number", _("Window number"), required=True, example="01", width=10,
            help=_("Unique in the hall. Format the column as text to keep leading zeros.")),
        Col("name", _("Name"), example="企业开办综合窗口", width=24),
        Col("zone", _("Zone code"), Kind.REF, required=True, target="zone", example="Z01", width=10),
        Col("area", _("Area code"), Kind.REF, target="area", example="A01", width=10),
        Col("unit", _("Unit code"), Kind.REF, required=True, target="unit", example="QYDJ", width=12),
        Col("staff", _("Staff numbers"), Kind.REFS, target="person", example="QY001、QY002", width=20,
            help=_LIST_HELP),
        Col("is_model", _("Model window"), Kind.BOOL, example=True, width=10,
            help=_("是 or 否 (also yes/no, 1/0, true/false); empty means no.")),
    ),
    select_related=("zone", "area", "unit"),
)

POSITIONS = EntitySpec(
    key="positions",
    target="position",
    label=_("Positions"),
    help=_("Fixed positions (desks, drawers, cabinets, file boxes…). Import zones and windows first."),
    columns=(
        Col("code", _("Code"), required=True, example="Z01-01-DR1", width=16,
            help=_("Unique in the hall: letters, digits, hyphens and underscores.")),
        Col("name", _("Name"), required=True, example="01号窗口左侧抽屉", width=24),
        Col("kind", _("Kind"), Kind.CHOICE, required=True, choices=PositionKind, example=PositionKind.DRAWER.label,
            width=12,
            aliases={"桌面": PositionKind.DESK, "窗口桌面": PositionKind.DESK, "办公桌": PositionKind.DESK,
                     "台面": PositionKind.COUNTER, "柜台": PositionKind.COUNTER, "抽屉": PositionKind.DRAWER,
                     "柜子": PositionKind.CABINET, "文件柜": PositionKind.CABINET,
                     "存包柜": PositionKind.LOCKER, "更衣柜": PositionKind.LOCKER,
                     "文件盒": PositionKind.FILE_BOX, "货架": PositionKind.SHELF,
                     "置物架": PositionKind.SHELF, "填单台": PositionKind.FORM_DESK,
                     "设备": PositionKind.EQUIPMENT, "设备点": PositionKind.EQUIPMENT,
                     "其他": PositionKind.OTHER}),
        Col("zone", _("Zone code"), Kind.REF, required=True, target="zone", example="Z01", width=10),
        Col("window", _("Window number"), Kind.REF, target="window", example="01", width=10,
            help=_("Optional; the window must be in the position's zone.")),
        Col("parent", _("Inside (position code)"), Kind.REF, target="position", example="Z01-01-D", width=16,
            help=_("Optional; e.g. the desk a drawer belongs to. It may be a row of the same file.")),
        Col("note", _("Note"), example="存放空白申请表", width=30),
    ),
    select_related=("zone", "window", "parent"),
)

SPECS: dict[str, EntitySpec] = {spec.key: spec for spec in (UNITS, PEOPLE, ZONES, WINDOWS, POSITIONS)}


def get_spec(entity: str) -> EntitySpec:
    try:
        return SPECS[entity]
    except KeyError:
        raise LookupError(f"unknown entity {entity!r}; expected one of {sorted(SPECS)}") from None
