"""What an import reports back: counts, or row-numbered errors (and then nothing was written)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: Errors kept for display; the rest are only counted.
MAX_ERRORS = 200


@dataclass(frozen=True)
class RowError:
    row: int | None  # as Excel numbers rows (header = 1); None for the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        where = _("Row %(row)s") % {"row": self.row} if self.row else _("File")
        return f"{where} · {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class ImportResult:
    entity: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    skipped_example: int | None = None  # the row number of the template's example row, when it was skipped

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def more_errors(self) -> int:
        return self.error_count - len(self.errors)

    @property
    def more_errors_message(self) -> str:
        count = self.more_errors
        if count <= 0:
            return ""
        return ngettext("… and %(count)s more error.", "… and %(count)s more errors.", count) % {"count": count}

    def add_error(self, row: int | None, column: object, message: object) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row, str(column or ""), str(message)))

    def messages(self) -> list[str]:
        """Every kept error as one line, then the count of the others."""
        lines = [str(e) for e in self.errors]
        if self.more_errors:
            lines.append(self.more_errors_message)
        return lines

    @property
    def skipped_example_message(self) -> str:
        if self.skipped_example is None:
            return ""
        return _("Row %(row)s is the template's example and was not imported.") % {"row": self.skipped_example}
