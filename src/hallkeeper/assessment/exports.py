"""The results of a period as the appraisal office keeps them: one sheet of zones and windows (one row per unit
or window), one of window staff (one row per person)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hallkeeper.core.exports import Column, build_workbook

from .choices import TargetType
from .compute import INDICATORS


def _indicator(name: str):
    return lambda r: (r.breakdown.get("indicators", {}).get(name) or {}).get("value")


def unit_name(result) -> str:
    """The unit (进驻单位) a result belongs to: the window's, the person's, or the zone's responsible units."""
    if result.window_id and result.window is not None and result.window.unit_id:
        return result.window.unit.name
    if result.person_id and result.person is not None and result.person.unit_id:
        return result.person.unit.name
    if result.zone_id and result.zone is not None:
        return "、".join(u.name for u in result.zone.units.all())
    return ""


def results_workbook(period, results) -> bytes:
    labels = {
        "patrol": _("Average inspection score"),
        "self_check": _("Self-check completion"),
        "acceptance": _("Acceptance result"),
        "rectification": _("Rectification"),
        "service": _("Service indicators"),
    }
    common = [
        Column(_("Rank"), lambda r: r.rank if r.rank is not None else "", 8),
        Column(_("Name"), lambda r: r.name, 30),
        Column(_("Unit"), unit_name, 24),
        Column(_("Score"), lambda r: r.score if r.score is not None else _("Not assessed"), 12),
        *(Column(str(labels[name]), _indicator(name), 14) for name in INDICATORS),
        Column(_("Bonus and penalty points"), lambda r: r.breakdown.get("adjustments"), 14),
        Column(_("Capped (failed acceptance or veto)"), lambda r: bool(r.breakdown.get("capped")), 14),
    ]
    units = [Column(_("Assessed"), lambda r: r.get_target_type_display(), 10), *common]
    results = list(results)
    return build_workbook(
        [
            (_("Zones and windows"), units, [r for r in results if r.target_type != TargetType.PERSON]),
            (_("Window staff"), common, [r for r in results if r.target_type == TargetType.PERSON]),
        ]
    )
