"""Settings for the test suite: the base settings with fast, isolated parts."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403
from .base import DATABASES, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Uploaded photos, stored documents and backups of test runs go to a scratch folder, never to the data
# directory; each parallel worker of pytest-xdist (gw0, gw1, …) has its own.
_WORKER = env("PYTEST_XDIST_WORKER", "")
_SCRATCH = Path(tempfile.gettempdir()) / ("hallkeeper-test" + (f"-{_WORKER}" if _WORKER else ""))
MEDIA_ROOT = _SCRATCH / "media"
HALLKEEPER_BACKUP_DIR = _SCRATCH / "backups"
# Tasks run at once in tests; tests of the worker switch to the database backend themselves.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not env("DATABASE_URL"):
    # An in-memory database per test run; the data directory is never touched.
    DATABASES["default"]["TEST"] = {"NAME": None}
