"""Importing a hall's units, people, zones, windows and positions from an Excel workbook.

All or nothing: every row is checked first and any error means nothing is written.
Rows are matched to existing records by code, so importing a file again updates
instead of duplicating; records missing from the file are left as they are.
"""

from __future__ import annotations

import logging
from typing import IO

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hallkeeper.accounts.access import get_access
from hallkeeper.core.events import record_event

from .parsing import EXAMPLE_ROW, is_template_example, match_header, parse_rows
from .planning import Planner
from .reading import read_upload
from .results import ImportResult
from .specs import get_spec
from .writing import write_plan

logger = logging.getLogger(__name__)


def import_rows(*, hall, entity: str, file: IO[bytes], user) -> ImportResult:
    """Import ``file`` (an .xlsx upload) as ``entity`` rows of ``hall`` for a hall administrator."""
    spec = get_spec(entity)
    if not get_access(user).is_admin_of(hall.pk):
        raise PermissionDenied
    result = ImportResult(entity=spec.key)
    sheet = read_upload(file, result)
    if sheet is None:
        return result
    columns = match_header(spec, sheet.header, result)
    if not result.ok:
        return result
    data = [(number, cells) for number, cells in sheet.rows if not is_template_example(spec, columns, number, cells)]
    if len(data) < len(sheet.rows):
        result.skipped_example = EXAMPLE_ROW
    if not data:
        if result.skipped_example:
            message = _("The file has only the template's example row; add your own rows below it (the example row "
                        "is never imported).")
        else:
            message = _("The file has no rows below the header row; there is nothing to import.")
        result.add_error(None, "", message)
        return result
    rows = parse_rows(columns, data, result)
    items = Planner(spec, hall=hall, user=user, columns=list(columns.values()), result=result).plan(rows)
    if not result.ok:
        result.errors.sort(key=lambda e: e.row or 0)  # checks run in passes; show them in row order
        return result
    try:
        with transaction.atomic():
            result.created, result.updated, result.unchanged = write_plan(spec, items)
            record_event(
                target=hall,
                hall=hall,
                actor=user,
                verb=f"import.{spec.key}",
                data={
                    "model": spec.model._meta.label_lower,
                    "file": getattr(file, "name", "") or "",
                    "rows": len(rows),
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
    except IntegrityError:
        logger.warning("import of %s into hall %s failed on a database constraint", spec.key, hall.code, exc_info=True)
        result.created = result.updated = result.unchanged = 0
        result.add_error(None, "", _("The hall's data changed while the file was being imported, so nothing was "
                                     "written. Please import the file again."))
        return result
    logger.info(
        "user %s imported %s into hall %s: %d created, %d updated, %d unchanged",
        user.pk, spec.key, hall.code, result.created, result.updated, result.unchanged,
    )
    return result
