"""A model field whose value is stored encrypted (Fernet: AES-128-CBC with an HMAC-SHA256, from ``cryptography``).

The key is ``settings.HALLKEEPER_FIELD_KEYS``: the first encrypts, every one decrypts (so a key is rotated by
putting the new one first and re-saving the rows). In production it comes from the ``HALLKEEPER_FIELD_KEY``
environment variable; in development and tests it is derived from ``SECRET_KEY``.

The column holds ``fernet:`` + the token. A value without that prefix is a plaintext from before the field was
encrypted: it is read as is and encrypted the next time the row is saved (the data migrations do that once).
"""

from __future__ import annotations

import logging

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

logger = logging.getLogger(__name__)

PREFIX = "fernet:"


def _cipher() -> MultiFernet:
    keys = list(getattr(settings, "HALLKEEPER_FIELD_KEYS", None) or [])
    if not keys:
        raise ImproperlyConfigured("HALLKEEPER_FIELD_KEY is not set")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "HALLKEEPER_FIELD_KEY must be Fernet keys (32 url-safe base64-encoded bytes), comma-separated"
        ) from error


def encrypt(value: str) -> str:
    return PREFIX + _cipher().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    """The plaintext of a stored value; a legacy plaintext is returned as is; an undecryptable one as ''."""
    if not stored.startswith(PREFIX):
        return stored
    try:
        return _cipher().decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError):
        logger.error("An encrypted value could not be decrypted: was HALLKEEPER_FIELD_KEY changed?")
        return ""


def is_encrypted(stored: str) -> bool:
    return stored.startswith(PREFIX)


class EncryptedTextField(models.TextField):
    """Text kept encrypted in the database; Python code sees the plaintext. Not searchable, not orderable."""

    def from_db_value(self, value, expression, connection):
        return value if value in (None, "") else decrypt(value)

    def to_python(self, value):
        value = super().to_python(value)
        return decrypt(value) if isinstance(value, str) and value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, "") or is_encrypted(value):
            return value
        return encrypt(value)
