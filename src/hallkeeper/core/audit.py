"""Reading the audit trail: which events an audit administrator of a hall reads, and their Excel export."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import FileResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from .exports import FORMULA_PREFIXES, XLSX_CONTENT_TYPE, _cell
from .models import Event
from .roles import Role
from .verbs import verb_label


def events_of_halls(events: QuerySet[Event], hall_ids) -> QuerySet[Event]:
    """The halls' events, and the logins, logouts and failed logins (recorded without a hall) of usernames
    that hold a role in one of them."""
    from django.contrib.auth import get_user_model

    usernames = get_user_model()._default_manager.filter(role_assignments__hall__in=hall_ids).values("username")
    return events.filter(Q(hall__in=hall_ids) | Q(hall__isnull=True, actor_username__in=usernames))


def hall_events(hall) -> QuerySet[Event]:
    """One hall's events, newest first. Callers have checked the user is an audit administrator of the hall."""
    return events_of_halls(Event.objects.all(), [hall.pk]).select_related("content_type").order_by("-created_at", "-pk")


def record_types(events: QuerySet[Event]) -> list[ContentType]:
    ids = events.order_by().values_list("content_type_id", flat=True).distinct()
    return sorted(ContentType.objects.filter(pk__in=ids), key=lambda ct: str(ct.name))


def roles_text(event: Event) -> str:
    """The copied roles by their names (``superuser`` is the installation owner)."""
    labels = {**dict(Role.choices), "superuser": _("Superuser")}
    return "、".join(str(labels.get(r, r)) for r in event.actor_roles.split(",") if r)


def changes_text(event: Event) -> str:
    """``field: before → after`` lines of an event's recorded changes."""
    changes = (event.data or {}).get("changes") or {}
    return "\n".join(f"{name}: {_text(old)} → {_text(new)}" for name, (old, new) in changes.items())


def _text(value) -> str:
    return "—" if value in (None, "") else str(value)


def _row(event: Event) -> list:
    data = {k: v for k, v in (event.data or {}).items() if k != "changes"}
    return [
        event.pk,
        event.created_at,
        event.actor_name,
        event.actor_username,
        roles_text(event),
        event.address or "",
        verb_label(event.verb, event.content_type.name if event.content_type_id else ""),
        event.verb,
        event.content_type.name if event.content_type_id else "",
        event.object_id,
        event.from_state,
        event.to_state,
        event.comment,
        changes_text(event),
        str(data) if data else "",
        event.hash,
    ]


def _safe_cell(sheet, value):
    """Text typed by users is never run as a formula when the file is opened."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def export_response(events: Iterable[Event], filename: str) -> FileResponse:
    """The events as an .xlsx file, written row by row (openpyxl's write-only mode) to a temporary file that
    is streamed to the browser, so a long period never sits in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Audit trail")[:31])
    sheet.append(
        [
            _("No."),
            _("At"),
            _("Name"),
            _("Username"),
            _("Roles"),
            _("Address"),
            _("Action"),
            _("Action code"),
            _("Record type"),
            _("Record id"),
            _("From"),
            _("To"),
            _("Comment"),
            _("Changes"),
            _("Details"),
            _("Hash"),
        ]
    )
    for event in events:
        sheet.append([_safe_cell(sheet, _cell(v)) for v in _row(event)])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
