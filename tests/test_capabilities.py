"""Who may do what is answered in one module, ``core/capabilities.py``, beside ``visible_to``.

Views, the admin, template tags, forms, services, selectors, the visibility rules and the dashboard ask its
functions; none of them compares roles by hand
(``Role.X``, ``role__in``, ``has_role(...)``, a ``*_ROLES`` set). The scan fails when someone adds such a
comparison to one of those modules, and the functions themselves are checked against the role table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hallkeeper.core import capabilities as can
from hallkeeper.core.access import build_access
from hallkeeper.core.roles import Role

SRC = Path(__file__).resolve().parent.parent / "src" / "hallkeeper"

#: Role comparisons that belong in core/capabilities.py (or in a model's ``visibility_q`` rule).
BY_HAND = re.compile(
    r"\bRole\.[A-Z_]+\b(?!\.label)|role__in|role=Role\b|\.has_role\(|\.halls_with_role\(|\b[A-Z]+_ROLES\b"
)


def _page_modules() -> list[Path]:
    """Views (``views*.py``), admin modules, template tags, forms, services, selectors, the visibility rules
    (``querysets.py``), the notice transitions and the whole dashboard app."""
    found = set(SRC.glob("*/views*.py")) | set(SRC.glob("*/admin.py")) | set(SRC.glob("*/templatetags/*.py"))
    for name in ("forms*.py", "services.py", "selectors.py", "querysets.py", "transitions.py"):
        found |= set(SRC.glob(f"*/{name}"))
    found |= set((SRC / "dashboard").glob("*.py"))
    found |= {SRC / "core" / "audit_views.py"}
    return sorted(p for p in found if p.exists())


def test_the_scan_covers_the_page_modules():
    names = {str(p.relative_to(SRC)) for p in _page_modules()}
    assert {"places/views.py", "rectification/views.py", "dashboard/views.py", "core/admin.py"} <= names
    assert "rectification/templatetags/rectification.py" in names
    assert {"inspections/forms.py", "standards/services.py", "places/querysets.py"} <= names


@pytest.mark.parametrize("path", _page_modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_pages_do_not_compare_roles_by_hand(path: Path):
    offending = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if BY_HAND.search(line) and not line.lstrip().startswith("#")
    ]
    assert not offending, "ask hallkeeper.core.capabilities instead:\n" + "\n".join(offending)


def test_the_scan_catches_a_hand_made_role_check():
    assert BY_HAND.search("if access.has_role(hall.pk, Role.ZONE_LEAD):")
    assert BY_HAND.search('RoleAssignment.objects.filter(role__in=["admin"])')
    assert BY_HAND.search("halls = access.halls_with_role(*MANAGER_ROLES)")
    assert not BY_HAND.search("issuer_line = Role.SUPERVISION.label")
    assert not BY_HAND.search("if leads_zones(self.access, hall.pk):")


def test_role_sets_live_only_in_the_capabilities_module():
    """``MANAGER_ROLES``, ``EDITOR_ROLES``, … are defined once; other modules import them."""
    definition = re.compile(r"^[A-Z_]+_ROLES\s*(:[^=]+)?=", re.MULTILINE)
    defined = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if "migrations" not in p.parts and definition.search(p.read_text(encoding="utf-8"))
    ]
    assert set(defined) <= {"core/capabilities.py", "inspections/permissions.py"}, defined


HALL = 7


def _access(*roles: str, superuser: bool = False):
    return build_access(1, superuser, [(HALL, r) for r in roles])


@pytest.mark.parametrize(
    ("role", "manages", "edits", "whole_hall", "administers"),
    [
        (Role.ADMIN, True, True, True, True),
        (Role.LEADERSHIP, True, True, True, False),
        (Role.SUPERVISION, True, False, True, False),
        (Role.VIEWER, False, False, True, False),
        (Role.ZONE_LEAD, False, False, False, False),
        (Role.WINDOW_STAFF, False, False, False, False),
        (Role.SECURITY_ADMIN, False, False, False, False),
        (Role.AUDIT_ADMIN, False, False, False, False),
    ],
)
def test_what_each_role_may_do(role, manages, edits, whole_hall, administers):
    access = _access(role)
    assert can.manages_inspections(access, HALL) is manages
    assert can.edits_handbook(access, HALL) is edits
    assert can.sees_whole_hall(access, HALL) is whole_hall
    assert can.administers(access, HALL) is administers
    assert can.leads_zones(access, HALL) is (role == Role.ZONE_LEAD)
    assert can.staffs_windows(access, HALL) is (role == Role.WINDOW_STAFF)
    # another hall: nothing
    assert not can.manages_inspections(access, HALL + 1)
    assert can.halls_managed(access) == ([HALL] if manages else [])
    assert can.halls_edited(access) == ([HALL] if edits else [])


def test_a_superuser_may_do_everything_everywhere():
    access = _access(superuser=True)
    for check in (can.manages_inspections, can.edits_handbook, can.administers, can.sees_whole_hall):
        assert check(access, HALL)
