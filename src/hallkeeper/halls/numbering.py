"""Gap-free 发文字号 shared by every kind of document a hall issues under one 机关代字.

The assessment bulletin, a campaign's work plan (工作方案) and its summary report (总结报告) are all issued under
the hall's 机关代字 (``documents.issuer_for(hall).code``), so they share one running number per (hall, code,
year): 鞍审批〔2026〕1号 is the bulletin, 鞍审批〔2026〕2号 the work plan, never both. Series with a code of their
own keep their own counters (the notices' ``…整改`` code in ``rectification.numbering``, the commendation
decisions' ``decision_code`` in ``assessment``).

:func:`next_doc_seq` locks the counter row with ``SELECT … FOR UPDATE`` inside the caller's transaction: two
documents numbered at the same moment queue on it and get consecutive numbers, and a failed issue rolls the
counter back with everything else, so no number is skipped. The caller keeps the number on its record (so a
document downloaded again prints the same number) and records the event.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from hallkeeper.core.official.numbers import MAX_CODE_LENGTH, MAX_SEQ, MAX_YEAR, MIN_YEAR, doc_number

from .models import DocumentCounter


def _locked(hall_id: int, code: str, year: int) -> DocumentCounter:
    rows = DocumentCounter.objects.select_for_update()
    for _attempt in range(3):
        counter = rows.filter(hall_id=hall_id, code=code, year=year).first()
        if counter is not None:
            return counter
        try:
            with transaction.atomic():  # a savepoint: losing the race to create the row is not an error
                DocumentCounter.objects.create(hall_id=hall_id, code=code, year=year, last=0)
        except IntegrityError:
            pass  # another transaction created it first; lock theirs on the next pass
    raise RuntimeError(f"could not lock the document counter of hall {hall_id} for {code!r} {year}")


def next_doc_seq(hall_id: int, code: str, year: int) -> int:
    """Take the next running number of ``hall_id`` under ``code`` in ``year`` (1, 2, 3 … without gaps).

    Must run inside the transaction that keeps the number on its document (it holds the row lock until
    commit); raises ``RuntimeError`` outside one and ``ValueError`` for a year or code no number may carry."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_doc_seq() must be called inside the transaction that issues the document")
    code = (code or "").strip()
    if len(code) > MAX_CODE_LENGTH or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"no document number for {code!r} in {year!r}")
    counter = _locked(hall_id, code, year)
    if counter.last >= MAX_SEQ:
        raise ValueError(f"the running numbers of {code!r} in {year} are used up")
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def issue_doc_number(hall, year: int) -> tuple[int, str]:
    """The next number of a document issued under the hall's 机关代字 in ``year``: ``(seq, "鞍审批〔2026〕7号")``."""
    from .documents import issuer_for

    code = issuer_for(hall).code
    seq = next_doc_seq(hall.pk, code, year)
    return seq, doc_number(code, year, seq)
