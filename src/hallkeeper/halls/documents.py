"""A hall's issuer of official documents: the authority's name and its 机关代字, stored or derived.

Every official document of a hall (the rectification notices' numbers, the assessment bulletin, a
commendation decision) reads its issuer here::

    issuer = issuer_for(hall)
    number = doc_number(issuer.code, 2026, 7)     # 鞍审批〔2026〕7号
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from hallkeeper.core.hall_settings import settings_for
from hallkeeper.core.official.numbers import suggest_issuer_code, validate_issuer_code

from .models import DocumentSettings


@dataclass(frozen=True)
class Issuer:
    """The issuing authority (发文机关) and its 机关代字 (``""`` when none is known)."""

    name: str
    code: str


def document_settings_for(hall) -> DocumentSettings:
    """The hall's document settings row; the defaults (unsaved, empty) when it has none."""
    return settings_for(DocumentSettings, hall)


def issuer_for(hall, row: DocumentSettings | None = None) -> Issuer:
    """The hall's issuer: the saved name and code (of ``row`` when given); where empty, the hall's operating
    organization (or its name) and the code derived from it (``鞍山市行政审批局`` → ``鞍审批``). A stored code
    that is not valid (written around the checks) counts as empty, so numbers are always well formed."""
    row = row if row is not None else document_settings_for(hall)
    name = row.issuer_name.strip() or (hall.organization or hall.name or "").strip()
    code = row.issuer_code.strip()
    try:
        validate_issuer_code(code)
    except ValidationError:
        code = ""
    return Issuer(name=name, code=code or suggest_issuer_code(name))
