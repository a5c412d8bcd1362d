"""Passwords set before the expiry rule existed count from the upgrade, not from when the account was made."""

from django.db import migrations
from django.utils import timezone


def start_password_clocks(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(password_changed_at__isnull=True).update(password_changed_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_identity_password_policy_and_second_factor"),
    ]

    operations = [
        migrations.RunPython(start_password_clocks, migrations.RunPython.noop),
    ]
