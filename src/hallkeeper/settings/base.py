"""Hallkeeper settings.

Every value that depends on the environment is read here, from environment
variables, and nowhere else. ``HALLKEEPER_ENV`` selects the defaults:

* ``dev`` (default): DEBUG on, a fixed development secret, local hosts only;
* ``test``: like dev, used by the test suite (``hallkeeper.settings.test``);
* ``prod``: DEBUG off; ``SECRET_KEY`` and ``ALLOWED_HOSTS`` must be given.

See README "Configuration" for the full list.
"""

from __future__ import annotations

import base64
import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
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
    "csp",
    "django_filters",
    "django_tasks",
    "hallkeeper.notifications.apps.TaskQueueConfig",  # django_tasks_db, named in Chinese
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
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
    "hallkeeper.assessment",
    "hallkeeper.training",
    "hallkeeper.budget",
    "hallkeeper.suggestions",
    "hallkeeper.showcase",
    "hallkeeper.campaign",
    "hallkeeper.exports",
    "hallkeeper.dashboard",
    "hallkeeper.screen",
    "hallkeeper.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "hallkeeper.core.input.HostileInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "hallkeeper.accounts.middleware.SessionLifetimeMiddleware",
    "hallkeeper.accounts.middleware.AccountGateMiddleware",
    "hallkeeper.core.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
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
# Connections are kept for DB_CONN_MAX_AGE seconds (60 in production, checked before reuse; 0 in dev and test:
# one per request).
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60" if IS_PROD else "0")),
        conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
    )
}
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

# Identity (身份鉴别): lockout, password policy, session lifetime, second factor. See README "Configuration".
AUTHENTICATION_BACKENDS = [
    "hallkeeper.accounts.backends.LockoutBackend",  # django-axes: refuses locked accounts and addresses
    "django.contrib.auth.backends.ModelBackend",
]
HALLKEEPER_PASSWORD_MIN_LENGTH = int(env("HALLKEEPER_PASSWORD_MIN_LENGTH", "10"))
HALLKEEPER_PASSWORD_HISTORY = int(env("HALLKEEPER_PASSWORD_HISTORY", "5"))
HALLKEEPER_PASSWORD_MAX_AGE_DAYS = int(env("HALLKEEPER_PASSWORD_MAX_AGE_DAYS", "90"))
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": HALLKEEPER_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "hallkeeper.accounts.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "hallkeeper.accounts.passwords.NotUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "hallkeeper.accounts.passwords.PasswordHistoryValidator"},
]
# Lockout (django-axes): after this many failures per account or per address, for this many minutes
# (0: until the hall's security administrator unlocks it).
AXES_FAILURE_LIMIT = int(env("HALLKEEPER_LOGIN_FAILURE_LIMIT", "5"))
_lockout_minutes = int(env("HALLKEEPER_LOCKOUT_MINUTES", "30"))
AXES_COOLOFF_TIME = timedelta(minutes=_lockout_minutes) if _lockout_minutes > 0 else None
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ADMIN = False
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the event log
AXES_VERBOSE = False
# Behind nginx: the client's address is the one the proxy appends to X-Forwarded-For.
HALLKEEPER_PROXY_COUNT = int(env("HALLKEEPER_PROXY_COUNT", "1" if IS_PROD else "0"))
AXES_CLIENT_IP_CALLABLE = "hallkeeper.core.middleware.client_address"
# Sessions end after this many idle minutes and, at the latest, this many hours after login.
HALLKEEPER_SESSION_IDLE_MINUTES = int(env("HALLKEEPER_SESSION_IDLE_MINUTES", "30"))
HALLKEEPER_SESSION_MAX_HOURS = int(env("HALLKEEPER_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = HALLKEEPER_SESSION_MAX_HOURS * 3600
# Second factor (django-otp, TOTP): the issuer name shown in the authenticator app.
OTP_TOTP_ISSUER = env("HALLKEEPER_OTP_ISSUER", "Hallkeeper")
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

# Excel exports: up to this many rows (all sheets) download at once; a larger one is refused with the offer to
# prepare it in the background (a task), and the finished file is kept this many hours for its requester.
HALLKEEPER_EXPORT_DIRECT_MAX_ROWS = int(env("HALLKEEPER_EXPORT_DIRECT_MAX_ROWS", "20000"))
HALLKEEPER_EXPORT_KEEP_HOURS = int(env("HALLKEEPER_EXPORT_KEEP_HOURS", "24"))

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

# Group robots: webhooks go only over https to these hosts (``host`` means port 443; ``host:port`` allows
# another port), never to a private or loopback address. A CA file replaces the system's trust store for them.
HALLKEEPER_WEBHOOK_HOSTS = env_list("HALLKEEPER_WEBHOOK_HOSTS", ["qyapi.weixin.qq.com", "oapi.dingtalk.com"])
HALLKEEPER_WEBHOOK_CA_FILE = env("HALLKEEPER_WEBHOOK_CA_FILE", "")

# Secrets kept in the database (robot addresses and signing secrets) are encrypted with these Fernet keys
# (comma-separated; the first encrypts). Required in prod; derived from SECRET_KEY in dev and test.
HALLKEEPER_FIELD_KEYS = env_list("HALLKEEPER_FIELD_KEY", [])
if not HALLKEEPER_FIELD_KEYS:
    if IS_PROD:
        raise ImproperlyConfigured("HALLKEEPER_FIELD_KEY must be set when HALLKEEPER_ENV=prod")
    _derived = hashlib.sha256(f"hallkeeper-field-key:{SECRET_KEY}".encode()).digest()
    HALLKEEPER_FIELD_KEYS = [base64.urlsafe_b64encode(_derived).decode("ascii")]

# Uploaded and generated files are served only by access-checked views. With nginx in front, set this to the
# prefix of an ``internal`` location aliased to MEDIA_ROOT (e.g. /protected-media/): the view then answers
# with X-Accel-Redirect and nginx sends the file. Empty: the view streams the file itself.
HALLKEEPER_MEDIA_ACCEL_PREFIX = env("HALLKEEPER_MEDIA_ACCEL_PREFIX", "")

# Background tasks (reminders, escalations, notifications): Django's tasks API through the django-tasks
# backport; the database backend by default, so a worker (`hallkeeper db_worker`) needs nothing else.
TASKS = {
    "default": {
        "BACKEND": env("HALLKEEPER_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Backups (`hallkeeper backup`, and the nightly backup task queued by `hallkeeper backup --queue`): the folder of
# the archives and how many of them the nightly task keeps.
HALLKEEPER_BACKUP_DIR = Path(env("HALLKEEPER_BACKUP_DIR", str(DATA_DIR / "backups")))
HALLKEEPER_BACKUP_KEEP = int(env("HALLKEEPER_BACKUP_KEEP", "14"))
if HALLKEEPER_BACKUP_KEEP < 1:
    raise ImproperlyConfigured("HALLKEEPER_BACKUP_KEEP must be at least 1")

# Security headers, in every environment (docs/architecture.md "Security headers"): scripts and <style>
# elements only from this site or carrying the request's nonce, no eval, no inline event handlers; style
# attributes allowed (templates, SVG diagrams and chart tooltips use them; they cannot run script).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Browser features the pages never use are switched off; the camera stays for photos taken on a phone, full
# screen for the big screen's button (our own pages only).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "display-capture", "encrypted-media",
        "geolocation", "gyroscope", "hid", "magnetometer", "microphone", "midi", "payment", "serial", "usb",
    )
} | {"camera": ["self"], "fullscreen": ["self"]}  # fmt: skip
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # pages send the token from the page (htmx header, form fields), never the cookie

# Production runs behind a proxy terminating TLS (docs/deploy.md), which sets X-Forwarded-Proto.
if IS_PROD:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # Off only where the proxy itself redirects plain HTTP to HTTPS; the deployment check then stays quiet.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SILENCED_SYSTEM_CHECKS = [] if SECURE_SSL_REDIRECT else ["security.W008"]

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
