"""Settings for the test suite: the base settings with fast, isolated parts."""

from .base import *  # noqa: F401,F403
from .base import DATABASES, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not env("DATABASE_URL"):
    # An in-memory database per test run; the data directory is never touched.
    DATABASES["default"]["TEST"] = {"NAME": None}
