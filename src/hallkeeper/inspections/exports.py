"""Excel exports of inspections (with their item results) and findings.

The inspection export can hold a year of item results (about 200,000 rows for one hall): its rows are read
with ``values()`` from an ``iterator()`` — plain dicts, no model instance per row — and written by the
streaming writer. Both exports are registered for the background (``hallkeeper.exports``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from types import SimpleNamespace

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.exports import Column
from hallkeeper.exports.registry import ExportPlan, register
from hallkeeper.standards.choices import Severity

from .choices import Grade, InspectionKind, InspectionStatus, ItemResult
from .models import Inspection

CHUNK = 2000


def _labels(choices) -> dict:
    """value → label of a choices class, translated in the language active when first used."""
    cache: dict[str, str] = {}

    def label(value) -> str:
        if not value:
            return ""
        if value not in cache:
            cache[value] = str(dict(choices.choices).get(value, value))
        return cache[value]

    return label


def _person(row: dict, prefix: str) -> str:
    # accounts.User.display_name: the full name (family name first, no space) or the username
    full = f"{row[prefix + 'last_name']}{row[prefix + 'first_name']}".strip()
    return full or row[prefix + "username"]


def _number(value):
    return float(value) if value is not None else None


def _when(row: dict, prefix: str = ""):
    return row[prefix + "submitted_at"] or row[prefix + "started_at"]


def inspection_columns() -> tuple[Column, ...]:
    kind, status, grade = _labels(InspectionKind), _labels(InspectionStatus), _labels(Grade)
    return (
        Column(_("Date"), _when, 18),
        Column(_("Kind"), lambda r: kind(r["kind"]), 10),
        Column(_("Zone code"), lambda r: r["zone__code"], 10),
        Column(_("Zone"), lambda r: r["zone__name"], 24),
        Column(_("Windows"), lambda r: "、".join(r["windows"]) or gettext("Whole zone"), 14),
        Column(_("Inspector"), lambda r: _person(r, "inspector__"), 12),
        Column(_("Status"), lambda r: status(r["status"]), 10),
        Column(_("Score"), lambda r: _number(r["score"]), 8),
        Column(_("Deductions"), lambda r: _number(r["deduction_total"]), 8),
        Column(_("Grade"), lambda r: grade(r["grade"]), 10),
        Column(_("Passed"), lambda r: r["passed"], 8),
        Column(_("Veto rule failed"), lambda r: r["veto_failed"], 8),
        Column(_("Items"), lambda r: r["item_count"], 8),
        Column(_("Failed items"), lambda r: r["failed_count"], 8),
        Column(_("Not applicable"), lambda r: r["na_count"], 8),
        Column(_("Handbook version"), lambda r: f"V{r['version__number']}", 10),
        Column(_("Acceptance round"), lambda r: r["round__name"] or "", 16),
        Column(_("Started at"), lambda r: r["started_at"], 18),
        Column(_("Submitted at"), lambda r: r["submitted_at"], 18),
        Column(_("Overall remarks"), lambda r: r["note"], 30),
        Column(_("No."), lambda r: r["pk"], 8),
    )


INSPECTION_FIELDS = (
    "pk", "kind", "status", "zone__code", "zone__name", "inspector__first_name", "inspector__last_name",
    "inspector__username", "score", "deduction_total", "grade", "passed", "veto_failed", "item_count",
    "failed_count", "na_count", "version__number", "round__name", "started_at", "submitted_at", "note",
)  # fmt: skip


def item_columns() -> tuple[Column, ...]:
    kind, result, severity = _labels(InspectionKind), _labels(ItemResult), _labels(Severity)
    return (
        Column(_("Inspection no."), lambda r: r["inspection_id"], 10),
        Column(_("Date"), lambda r: _when(r, "inspection__"), 18),
        Column(_("Kind"), lambda r: kind(r["inspection__kind"]), 10),
        Column(_("Zone"), lambda r: f"{r['inspection__zone__code']} {r['inspection__zone__name']}", 24),
        Column(_("Inspector"), lambda r: _person(r, "inspection__inspector__"), 12),
        Column(_("Rule code"), lambda r: r["rule__code"], 10),
        Column(_("Rule"), lambda r: r["rule__title"], 30),
        Column(_("Section"), lambda r: f"{r['rule__section__code']} {r['rule__section__title']}", 20),
        Column(_("Severity"), lambda r: severity(r["rule__severity"]), 8),
        Column(_("Result"), lambda r: result(r["result"]), 10),
        Column(_("Occurrences"), lambda r: r["occurrences"], 8),
        Column(_("Deduction"), lambda r: _number(r["deduction"]), 8),
        Column(_("Note"), lambda r: r["note"], 30),
        Column(_("Window"), lambda r: r["window__number"] or "", 10),
        Column(_("Position"), lambda r: r["position__code"] or "", 14),
    )


ITEM_FIELDS = (
    "inspection_id", "inspection__submitted_at", "inspection__started_at", "inspection__kind",
    "inspection__zone__code", "inspection__zone__name", "inspection__inspector__first_name",
    "inspection__inspector__last_name", "inspection__inspector__username", "rule__code", "rule__title",
    "rule__section__code", "rule__section__title", "rule__severity", "result", "occurrences", "deduction", "note",
    "window__number", "position__code",
)  # fmt: skip


def _chunks(rows: Iterable[dict], size: int = CHUNK) -> Iterator[list[dict]]:
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def inspection_rows(inspections) -> Iterator[dict]:
    """The inspections as dicts with their window numbers (one query per 2,000 inspections for the windows)."""
    through = Inspection.windows.through
    values = inspections.prefetch_related(None).values(*INSPECTION_FIELDS).iterator(chunk_size=CHUNK)
    for chunk in _chunks(values):
        windows: dict[int, list[str]] = {}
        pairs = (
            through.objects.filter(inspection_id__in=[r["pk"] for r in chunk])
            .order_by("window__hall", "window__number")  # the windows' own ordering, as the page shows them
            .values_list("inspection_id", "window__number")
        )
        for inspection_id, number in pairs:
            windows.setdefault(inspection_id, []).append(number)
        for row in chunk:
            row["windows"] = windows.get(row["pk"], [])
            yield row


def filtered_inspections(user, hall, params):
    """The inspection list's rows for ``user`` with the list's filters ``params`` (invalid filters: none)."""
    from . import history
    from .filters import InspectionFilter

    qs = history.inspections_for_list(user, hall)
    request = SimpleNamespace(user=user, hall=hall, GET=params)
    filterset = InspectionFilter(params or None, queryset=qs, request=request)
    return filterset.qs if filterset.is_bound and filterset.is_valid() else qs


def inspection_export(user, hall, params) -> ExportPlan:
    """Two sheets: the inspections, and every item result of them."""
    from . import history

    inspections = filtered_inspections(user, hall, params)
    items = history.item_results(inspections)
    return ExportPlan(
        title=gettext("Inspections"),
        sheets=[
            (gettext("Inspections"), inspection_columns(), inspection_rows(inspections)),
            (gettext("Item results"), item_columns(), items.values(*ITEM_FIELDS).iterator(chunk_size=CHUNK)),
        ],
        count=lambda: inspections.order_by().count() + items.order_by().count(),
    )


FINDING_COLUMNS = (
    Column(_("Found at"), lambda f: f.found_at, 18),
    Column(_("Kind of inspection"), lambda f: f.inspection.get_kind_display(), 10),
    Column(_("Zone code"), lambda f: f.zone.code, 10),
    Column(_("Zone"), lambda f: f.zone.name, 24),
    Column(_("Window"), lambda f: f.window.number if f.window_id else "", 10),
    Column(_("Position"), lambda f: f.position.code if f.position_id else "", 14),
    Column(_("Rule code"), lambda f: f.rule.code, 10),
    Column(_("Rule"), lambda f: f.rule.title, 30),
    Column(_("Severity"), lambda f: f.rule.get_severity_display(), 8),
    Column(_("Occurrences"), lambda f: f.occurrences, 8),
    Column(_("Deduction"), lambda f: float(f.deduction), 8),
    Column(_("Note"), lambda f: f.note, 30),
    Column(_("Inspector"), lambda f: f.inspection.inspector.display_name, 12),
    Column(_("Inspection no."), lambda f: f.inspection_id, 10),
)


def finding_export(user, hall, params) -> ExportPlan:
    from . import history
    from .filters import FindingFilter

    qs = history.findings_for_list(user, hall)
    filterset = FindingFilter(params or None, queryset=qs, request=SimpleNamespace(user=user, hall=hall, GET=params))
    findings = filterset.qs if filterset.is_bound and filterset.is_valid() else qs
    return ExportPlan(
        title=gettext("Findings"),
        sheets=[(gettext("Findings"), FINDING_COLUMNS, findings.iterator(chunk_size=CHUNK))],
        count=lambda: findings.order_by().count(),
    )


register("inspections", inspection_export)
register("findings", finding_export)
