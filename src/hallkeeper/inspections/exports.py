"""Excel columns of the inspection exports: inspections, their item results, findings."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hallkeeper.core.exports import Column


def _windows(inspection) -> str:
    windows = getattr(inspection, "window_list", None)
    if windows is None:
        windows = list(inspection.windows.all())
    return "、".join(w.number for w in windows) or str(_("Whole zone"))


def _when(inspection):
    return inspection.submitted_at or inspection.started_at


INSPECTION_COLUMNS = (
    Column(_("Date"), _when, 18),
    Column(_("Kind"), lambda i: i.get_kind_display(), 10),
    Column(_("Zone code"), lambda i: i.zone.code, 10),
    Column(_("Zone"), lambda i: i.zone.name, 24),
    Column(_("Windows"), _windows, 14),
    Column(_("Inspector"), lambda i: i.inspector.display_name, 12),
    Column(_("Status"), lambda i: i.get_status_display(), 10),
    Column(_("Score"), lambda i: float(i.score) if i.score is not None else None, 8),
    Column(_("Deductions"), lambda i: float(i.deduction_total) if i.deduction_total is not None else None, 8),
    Column(_("Grade"), lambda i: i.get_grade_display() if i.grade else "", 10),
    Column(_("Passed"), lambda i: i.passed, 8),
    Column(_("Veto rule failed"), lambda i: i.veto_failed, 8),
    Column(_("Items"), lambda i: i.item_count, 8),
    Column(_("Failed items"), lambda i: i.failed_count, 8),
    Column(_("Not applicable"), lambda i: i.na_count, 8),
    Column(_("Handbook version"), lambda i: i.version.label, 10),
    Column(_("Acceptance round"), lambda i: i.round.name if i.round_id else "", 16),
    Column(_("Started at"), lambda i: i.started_at, 18),
    Column(_("Submitted at"), lambda i: i.submitted_at, 18),
    Column(_("Overall remarks"), lambda i: i.note, 30),
    Column(_("No."), lambda i: i.pk, 8),
)

ITEM_COLUMNS = (
    Column(_("Inspection no."), lambda c: c.inspection_id, 10),
    Column(_("Date"), lambda c: _when(c.inspection), 18),
    Column(_("Kind"), lambda c: c.inspection.get_kind_display(), 10),
    Column(_("Zone"), lambda c: str(c.inspection.zone), 24),
    Column(_("Inspector"), lambda c: c.inspection.inspector.display_name, 12),
    Column(_("Rule code"), lambda c: c.rule.code, 10),
    Column(_("Rule"), lambda c: c.rule.title, 30),
    Column(_("Section"), lambda c: str(c.rule.section), 20),
    Column(_("Severity"), lambda c: c.rule.get_severity_display(), 8),
    Column(_("Result"), lambda c: c.get_result_display() if c.result else "", 10),
    Column(_("Occurrences"), lambda c: c.occurrences, 8),
    Column(_("Deduction"), lambda c: float(c.deduction) if c.deduction is not None else None, 8),
    Column(_("Note"), lambda c: c.note, 30),
    Column(_("Window"), lambda c: c.window.number if c.window_id else "", 10),
    Column(_("Position"), lambda c: c.position.code if c.position_id else "", 14),
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
