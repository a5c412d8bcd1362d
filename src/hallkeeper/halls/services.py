"""Writes to a hall's own settings (each recorded as an event)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hallkeeper.core.hall_settings import settings_save

from .models import DocumentSettings

DOCUMENT_SETTINGS_FIELDS = ("issuer_name", "issuer_code")


@transaction.atomic
def document_settings_save(*, user, document_settings: DocumentSettings) -> DocumentSettings:
    """Administrators change the issuing authority and 机关代字 of the hall's official documents."""
    document_settings.issuer_name = document_settings.issuer_name.strip()
    document_settings.issuer_code = document_settings.issuer_code.strip()
    return settings_save(
        user=user,
        instance=document_settings,
        verb="document_settings.saved",
        refused=_("Only administrators change the document settings."),
    )
