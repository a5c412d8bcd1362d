"""Gap-free notice numbers per hall and year, written as GB/T 9704-2012 writes document numbers.

A number is ``{code}整改〔{year}〕{seq}号`` by default — the hall's 机关代字 (``hallkeeper.halls.documents``),
the year in hexagonal brackets, the running number without 第 and without leading zeros:
``鞍审批整改〔2026〕24号`` (``整改〔2026〕24号`` for a hall without a code). A hall may choose another format
with the same parts; stored numbers never change, and :func:`parse_notice_number` reads the old ones
(``〔2026〕第 024 号``) as well as the new ones, for search.

The counter row of (hall, year) is locked with ``SELECT … FOR UPDATE`` inside the transaction that
issues the notice, so two inspectors issuing at the same moment queue on it and get consecutive
numbers; a failed issue rolls the counter back with everything else, so no number is skipped.
(SQLite has no row locks, but it lets only one transaction write at a time, which serializes the same way.)
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.official.numbers import MAX_CODE_LENGTH, DocNumber, parse_doc_number

from .choices import DEFAULT_NUMBER_FORMAT

if TYPE_CHECKING:
    from .models import NoticeCounter, RectificationPolicy

NUMBER_FIELDS = frozenset({"code", "year", "seq"})
#: The longest number a format may make (``Notice.number``), checked with the longest code, year and a large number.
MAX_NUMBER_LENGTH = 60
MAX_FIELDS = 4
#: A field's format: nothing, or ``d`` (no width, no padding: numbers carry no leading zeros).
_SPECS = frozenset({"", "d"})


def _invalid_format() -> ValidationError:
    return ValidationError(
        _("The number format is not valid; write braces only around {code}, {year} and {seq}, for example "
          "{code}整改〔{year}〕{seq}号."),
        code="number_format",
    )  # fmt: skip


def validate_number_format(value: str) -> None:
    """A notice number format: text with ``{seq}`` and optionally ``{year}`` and ``{code}`` (the hall's 机关代字).

    Nothing else is accepted (no attributes, indexes, conversions, widths or zero padding, and no 第: numbers
    read 〔2026〕24号, not 〔2026〕第 024 号), and the check never formats before the format is known to be
    harmless, so a hostile format costs nothing.
    """
    try:
        fields = [(name, spec, conv) for _text, name, spec, conv in string.Formatter().parse(value) if name is not None]
    except ValueError:
        raise _invalid_format() from None
    names = {name for name, _spec, _conv in fields}
    unknown = names - NUMBER_FIELDS
    if unknown:
        raise ValidationError(
            _("The number format may use only {code}, {year} and {seq}; %(fields)s is not known.")
            % {"fields": "、".join(sorted("{" + n[:20] + "}" for n in unknown))},
            code="number_format",
        )
    if "seq" not in names:
        raise ValidationError(_("The number format must contain {seq}, the running number."), code="number_format")
    if len(fields) > MAX_FIELDS or any(
        conv is not None or (spec or "") not in (_SPECS if name != "code" else {""}) for name, spec, conv in fields
    ):
        raise _invalid_format()
    if "第" in value:
        raise ValidationError(
            _("Document numbers are written without 第 (GB/T 9704-2012): 〔2026〕24号."), code="number_format"
        )
    if len(value.format(code="代" * MAX_CODE_LENGTH, year=9999, seq=99999)) > MAX_NUMBER_LENGTH:
        raise ValidationError(
            _("The numbers this format makes are too long (%(max)s characters at most).") % {"max": MAX_NUMBER_LENGTH},
            code="number_format",
        )


def format_number(number_format: str, *, year: int, seq: int, code: str = "") -> str:
    """The notice number; a stored format that is (no longer) valid gives the default format's number."""
    try:
        validate_number_format(number_format)
    except ValidationError:
        number_format = DEFAULT_NUMBER_FORMAT
    return number_format.format(code=(code or "")[:MAX_CODE_LENGTH], year=year, seq=seq)[:MAX_NUMBER_LENGTH]


def parse_notice_number(text: str) -> DocNumber | None:
    """The code, year and running number a typed notice number names — in the current form
    (``鞍审批整改〔2026〕24号``) or the old one (``〔2026〕第 024 号``) — or ``None``."""
    return parse_doc_number(text)


def policy_for(hall) -> RectificationPolicy:
    """The hall's rectification policy; the defaults (unsaved) when it has none."""
    from hallkeeper.core.hall_settings import settings_for

    from .models import RectificationPolicy

    return settings_for(RectificationPolicy, hall)


def _locked_counter(hall, year: int) -> NoticeCounter:
    from .models import NoticeCounter

    for _attempt in range(3):
        counter = NoticeCounter.objects.select_for_update().filter(hall=hall, year=year).first()
        if counter is not None:
            return counter
        try:
            with transaction.atomic():  # a savepoint: losing the race to create the row is not an error
                NoticeCounter.objects.create(hall=hall, year=year, last=0)
        except IntegrityError:
            pass  # another transaction created it first; lock theirs on the next pass
    raise RuntimeError(f"could not lock the notice counter of hall {hall.pk} for {year}")


def next_number(hall, year: int, policy: RectificationPolicy | None = None) -> tuple[int, str]:
    """Take the next running number of ``hall`` in ``year``: ``(seq, formatted number)``.

    Must run inside the transaction that creates the notice (it holds the counter's row lock until commit).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must be called inside the transaction that issues the notice")
    counter = _locked_counter(hall, year)
    counter.last += 1
    counter.save(update_fields=["last"])
    policy = policy or policy_for(hall)
    return counter.last, policy.format_number(year, counter.last)
