"""Seal the events recorded before the chain existed, then make the table append-only on PostgreSQL.

The trigger refuses every UPDATE and DELETE of ``core_event`` with two deliberate exceptions:

* an UPDATE that only empties ``actor_id`` (deleting a user; the copied name, username and roles stay,
  and the hash does not cover ``actor_id``);
* a DELETE of an event already archived by ``hallkeeper prune_audit`` (its id is at or below the
  anchor stored in ``core_auditchain``, written first in the same transaction).

Deleting a hall or a content type touches no event (those foreign keys have no database constraint).
TRUNCATE is not blocked: the test runner empties tables that way between tests.
"""

from django.db import migrations

from hallkeeper.core.chain import event_hash

FUNCTION = """
CREATE OR REPLACE FUNCTION core_event_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
           AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'core_event is append-only: UPDATE of event % refused', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.id <= (SELECT COALESCE(MAX(anchor_id), 0) FROM core_auditchain) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'core_event is append-only: DELETE of event % refused', OLD.id
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""
TRIGGER = """
CREATE TRIGGER core_event_append_only BEFORE UPDATE OR DELETE ON core_event
FOR EACH ROW EXECUTE FUNCTION core_event_append_only();
"""
DROP = "DROP TRIGGER IF EXISTS core_event_append_only ON core_event; DROP FUNCTION IF EXISTS core_event_append_only();"


def seal(apps, schema_editor):
    Event = apps.get_model("core", "Event")
    AuditChain = apps.get_model("core", "AuditChain")
    User = apps.get_model("accounts", "User")
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    users = {u.pk: u for u in User.objects.all()}
    roles: dict[tuple[int, int], set[str]] = {}
    for user_id, hall_id, role in RoleAssignment.objects.values_list("user_id", "hall_id", "role"):
        roles.setdefault((user_id, hall_id), set()).add(role)
    head = ""
    for event in Event.objects.order_by("pk").iterator():
        user = users.get(event.actor_id)
        if user is not None:
            event.actor_name = f"{user.last_name}{user.first_name}".strip() or user.username
            event.actor_username = user.username
            event.actor_roles = "superuser" if user.is_superuser else ",".join(sorted(roles.get((user.pk, event.hall_id), ())))
        event.prev_hash = head
        event.hash = event_hash(event)
        Event.objects.filter(pk=event.pk).update(
            actor_name=event.actor_name,
            actor_username=event.actor_username,
            actor_roles=event.actor_roles,
            prev_hash=event.prev_hash,
            hash=event.hash,
        )
        head = event.hash
    AuditChain.objects.update_or_create(pk=1, defaults={"head_hash": head})


def install_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)
        schema_editor.execute(TRIGGER, params=None)


def remove_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_event_actor_copy_hash_chain"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seal, migrations.RunPython.noop),
        migrations.RunPython(install_trigger, remove_trigger),
    ]
