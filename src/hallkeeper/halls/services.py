"""Writes to a hall's own settings (each recorded as an event)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hallkeeper.core.hall_settings import settings_save

from .models import DocumentSettings

DOCUMENT_SETTINGS_FIELDS = ("issuer_name", "issuer_code", "decision_code")


@transaction.atomic
def document_settings_save(*, user, document_settings: DocumentSettings) -> DocumentSettings:
    """Administrators change the issuing authority and 机关代字 of the hall's official documents, and the 机关代字
    of its commendation decisions (which may not be the documents' own: both series would print the same
    numbers)."""
    document_settings.issuer_name = document_settings.issuer_name.strip()
    document_settings.issuer_code = document_settings.issuer_code.strip()
    document_settings.decision_code = document_settings.decision_code.strip()
    if document_settings.decision_code:
        from .documents import issuer_for

        if document_settings.decision_code == issuer_for(document_settings.hall, document_settings).code:
            raise ValidationError(
                {
                    "decision_code": _(
                        "The decisions' code must differ from the issuer code: both series would print the same "
                        "numbers."
                    )
                },
                code="decision_code_same",
            )
    return settings_save(
        user=user,
        instance=document_settings,
        verb="document_settings.saved",
        refused=_("Only administrators change the document settings."),
    )
