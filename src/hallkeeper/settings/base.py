"""Hallkeeper settings.

Every value that depends on the environment is read here, from environment
variables, and nowhere else. ``HALLKEEPER_ENV`` selects the defaults:

* ``dev`` (default): DEBUG on, a fixed development secret, local hosts only;
* ``test``: like dev, used by the test suite (``hallkeeper.settings.test``);
* ``prod``: DEBUG off; ``SECRET_KEY`` and ``ALLOWED_HOSTS`` must be given.

See README "Configuration" for the full list.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
_REPO_DIR = PACKAGE_DIR.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


HALLKEEPER_ENV = env("HALLKEEPER_ENV", "dev")
if HALLKEEPER_ENV not in {"dev", "test", "prod"}:
    raise ImproperlyConfigured("HALLKEEPER_ENV must be one of dev, test, prod")
IS_PROD = HALLKEEPER_ENV == "prod"

# Local data (embedded database, uploaded media, collected static files).
_default_data_dir = _REPO_DIR / "var" if (_REPO_DIR / "pyproject.toml").exists() else Path.cwd() / "var"
DATA_DIR = Path(env("HALLKEEPER_DATA_DIR", str(_default_data_dir)))

DEBUG = env_bool("DEBUG", not IS_PROD)

SECRET_KEY = env("SECRET_KEY")
if SECRET_KEY is None:
    if IS_PROD:
        raise ImproperlyConfigured("SECRET_KEY must be set when HALLKEEPER_ENV=prod")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if IS_PROD else ["127.0.0.1", "localhost", "[::1]"])
if IS_PROD and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when HALLKEEPER_ENV=prod")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "hallkeeper.core",
    "hallkeeper.halls",
    "hallkeeper.accounts",
    "hallkeeper.org",
    "hallkeeper.places",
    "hallkeeper.standards",
    "hallkeeper.inspections",
    "hallkeeper.rectification",
    "hallkeeper.notifications",
    "hallkeeper.transfer",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "hallkeeper.core.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "hallkeeper.urls"
WSGI_APPLICATION = "hallkeeper.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hallkeeper.core.context_processors.hallkeeper",
                "hallkeeper.notifications.context_processors.unread",
            ],
        },
    },
]

# Database: SQLite (WAL) in the data directory unless DATABASE_URL says otherwise.
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'hallkeeper.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(env("DB_CONN_MAX_AGE", "0")))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Cache: local memory by default; Redis when REDIS_URL is given.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: Chinese first, English available.
LANGUAGE_CODE = env("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = env("STATIC_URL", "/static/")
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "static")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PROD
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Uploads (Excel imports, later photos).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
HALLKEEPER_IMPORT_MAX_BYTES = int(env("HALLKEEPER_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
HALLKEEPER_IMPORT_MAX_ROWS = int(env("HALLKEEPER_IMPORT_MAX_ROWS", "20000"))
HALLKEEPER_IMAGE_MAX_BYTES = int(env("HALLKEEPER_IMAGE_MAX_BYTES", str(8 * 1024 * 1024)))

# Email.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if IS_PROD else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "hallkeeper@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The site's address, for absolute links in emails and group-robot messages (empty: links are paths only).
HALLKEEPER_BASE_URL = env("HALLKEEPER_BASE_URL", "")

# Background tasks (reminders, escalations, notifications): Django's tasks API through the django-tasks
# backport; the database backend by default, so a worker (`hallkeeper db_worker`) needs nothing else.
TASKS = {
    "default": {
        "BACKEND": env("HALLKEEPER_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Security in production (behind nginx terminating TLS).
if IS_PROD:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO" if IS_PROD else "WARNING")},
}

HALLKEEPER_PAGE_SIZE = int(env("HALLKEEPER_PAGE_SIZE", "25"))

# Audit trail: events are kept at least this many days (等保 2.0: no fewer than 180; lower is refused).
HALLKEEPER_AUDIT_RETENTION_DAYS = int(env("HALLKEEPER_AUDIT_RETENTION_DAYS", "180"))
if HALLKEEPER_AUDIT_RETENTION_DAYS < 180:
    raise ImproperlyConfigured("HALLKEEPER_AUDIT_RETENTION_DAYS must be at least 180")
