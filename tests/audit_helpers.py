"""Test-only handling of the append-only event table (never used by the product)."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection

from hallkeeper.core.models import AuditChain, Event


@contextmanager
def trigger_disabled():
    """Switch the PostgreSQL append-only trigger off (as the table's owner could) for the block."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses pending deferred checks
        cursor.execute("ALTER TABLE core_event DISABLE TRIGGER core_event_append_only")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE core_event ENABLE TRIGGER core_event_append_only")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def wipe_audit_trail() -> None:
    """Empty the event table and the chain (test teardown of data loaded outside a test's transaction)."""
    with trigger_disabled():
        Event.objects.all()._raw_delete(Event.objects.db)
        AuditChain.objects.all().delete()
