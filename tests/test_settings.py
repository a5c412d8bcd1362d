"""Settings read the environment in one place and refuse insecure production defaults."""

import os
import subprocess
import sys

import pytest

FIELD_KEY = "dGhpcnR5LXR3by1ieXRlcy1vZi1hLWZlcm5ldC1rZXk="  # 32 bytes, url-safe base64


def _load(env: dict[str, str]) -> subprocess.CompletedProcess:
    code = "import hallkeeper.settings.base as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.ALLOWED_HOSTS)"
    unset = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEBUG", "HALLKEEPER_FIELD_KEY"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run([sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True)


def test_prod_requires_secret_key():
    result = _load({"HALLKEEPER_ENV": "prod", "ALLOWED_HOSTS": "hall.example.cn"})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_prod_requires_allowed_hosts():
    result = _load({"HALLKEEPER_ENV": "prod", "SECRET_KEY": "x" * 50})
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


def test_prod_requires_a_field_key_of_its_own():
    result = _load({"HALLKEEPER_ENV": "prod", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "hall.example.cn"})
    assert result.returncode != 0 and "HALLKEEPER_FIELD_KEY" in result.stderr


def test_prod_with_settings_turns_debug_off(tmp_path):
    result = _load(
        {
            "HALLKEEPER_ENV": "prod",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "hall.example.cn",
            "HALLKEEPER_FIELD_KEY": FIELD_KEY,
            "HALLKEEPER_DATA_DIR": str(tmp_path),
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"
    assert "sqlite3" in result.stdout and "hall.example.cn" in result.stdout


def test_database_url_selects_postgresql(tmp_path):
    result = _load({"DATABASE_URL": "postgres://u@127.0.0.1:5432/x", "HALLKEEPER_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]
