"""Excel columns of the notice exports: the notices list and the per-zone statistics."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.exports import Column
from hallkeeper.standards.choices import Severity


def _lead(zone) -> str:
    return zone.lead.name if zone.lead_id else ""


def _worst(notice) -> str:
    worst = getattr(notice, "worst_severity", "")
    return Severity(worst).label if worst in Severity.values else ""


def days_overdue(notice, today=None) -> int | None:
    today = today or timezone.localdate()
    return (today - notice.deadline).days if notice.overdue_on(today) else None


def days_to_close(notice) -> float | None:
    if notice.state != "verified" or notice.closed_at is None:
        return None
    return round((notice.closed_at - notice.issued_at).total_seconds() / 86400, 1)


NOTICE_COLUMNS = (
    Column(_("Number"), lambda n: n.number, 18),
    Column(_("Zone code"), lambda n: n.zone.code, 10),
    Column(_("Zone"), lambda n: n.zone.name, 22),
    Column(_("Zone lead"), lambda n: _lead(n.zone), 12),
    Column(_("Number of findings"), lambda n: getattr(n, "finding_count", None), 8),
    Column(_("Most severe"), _worst, 10),
    Column(_("Deductions"), lambda n: float(n.deduction_sum) if getattr(n, "deduction_sum", None) else 0.0, 10),
    Column(_("Issued by"), lambda n: n.issued_by.display_name, 12),
    Column(_("Issued at"), lambda n: n.issued_at, 18),
    Column(_("Original deadline"), lambda n: n.original_deadline, 12),
    Column(_("Deadline"), lambda n: n.deadline, 12),
    Column(_("State"), lambda n: n.get_state_display(), 12),
    Column(_("Overdue"), lambda n: n.is_overdue, 8),
    Column(_("Days overdue"), days_overdue, 8),
    Column(_("Acknowledged at"), lambda n: n.acknowledged_at, 18),
    Column(_("Rectification submitted at"), lambda n: n.last_submitted_at, 18),
    Column(_("Times rejected"), lambda n: n.times_rejected, 8),
    Column(_("Closed at"), lambda n: n.closed_at, 18),
    Column(_("Days to close"), days_to_close, 8),
    Column(_("Closed late"), lambda n: n.closed_late, 8),
    Column(_("Acceptance failure"), lambda n: n.acceptance_failure, 8),
    Column(_("Requirement"), lambda n: n.requirement, 40),
    Column(_("Reason for cancelling"), lambda n: n.cancel_reason, 24),
)


ZONE_STATS_COLUMNS = (
    Column(_("Zone code"), lambda r: r.zone.code, 10),
    Column(_("Zone"), lambda r: r.zone.name, 22),
    Column(_("Zone lead"), lambda r: _lead(r.zone), 12),
    Column(_("Open notices"), lambda r: r.open, 10),
    Column(_("Overdue"), lambda r: r.overdue, 10),
    Column(_("Closed in the period"), lambda r: r.closed, 12),
    Column(_("Average days to close"), lambda r: r.average_days, 12),
)
