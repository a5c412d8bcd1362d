"""Gap-free notice numbers per hall and year.

The counter row of (hall, year) is locked with ``SELECT … FOR UPDATE`` inside the transaction that
issues the notice, so two inspectors issuing at the same moment queue on it and get consecutive
numbers; a failed issue rolls the counter back with everything else, so no number is skipped.
(SQLite has no row locks, but it lets only one transaction write at a time, which serializes the same way.)
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from .models import NoticeCounter, RectificationPolicy


def policy_for(hall) -> RectificationPolicy:
    """The hall's rectification policy; the defaults (unsaved) when it has none."""
    try:
        return hall.rectification_policy
    except RectificationPolicy.DoesNotExist:
        return RectificationPolicy(hall=hall)


def _locked_counter(hall, year: int) -> NoticeCounter:
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
