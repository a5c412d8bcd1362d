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
from hallkeeper.core.official.numbers import MAX_CODE_LENGTH, suggest_issuer_code, validate_issuer_code

from .models import DocumentSettings


@dataclass(frozen=True)
class Issuer:
    """The issuing authority (发文机关), its 机关代字 (``""`` when none is known) and the 机关代字 of its
    commendation decisions (``decision_code``)."""

    name: str
    code: str
    decision_code: str = ""


def derived_decision_code(issuer_code: str) -> str:
    """The decisions' 机关代字 when none is saved: the issuer's followed by 发 (``鞍审批`` → ``鞍审批发``; a
    code already ending in 发 gets 决 in place of it: ``鞍审批发`` → ``鞍审批决``). Decisions are numbered in a
    series of their own, apart from the bulletins', so they need a code of their own too — otherwise
    鞍审批〔2026〕1号 would name both the first bulletin and the first decision. ``""`` stays ``""``."""
    code = (issuer_code or "").strip()
    if not code:
        return ""
    code = code[:-1] + "决" if code.endswith("发") else code + "发"
    return code[:MAX_CODE_LENGTH]


def _valid_code(value: str) -> str:
    code = (value or "").strip()
    try:
        validate_issuer_code(code)
    except ValidationError:
        return ""
    return code


def document_settings_for(hall) -> DocumentSettings:
    """The hall's document settings row; the defaults (unsaved, empty) when it has none."""
    return settings_for(DocumentSettings, hall)


def issuer_for(hall, row: DocumentSettings | None = None) -> Issuer:
    """The hall's issuer: the saved name and code (of ``row`` when given); where empty, the hall's operating
    organization (or its name) and the code derived from it (``鞍山市行政审批局`` → ``鞍审批``); the decisions'
    code saved, or :func:`derived_decision_code`. A stored code that is not valid (written around the checks)
    counts as empty, so numbers are always well formed."""
    row = row if row is not None else document_settings_for(hall)
    name = row.issuer_name.strip() or (hall.organization or hall.name or "").strip()
    code = _valid_code(row.issuer_code) or suggest_issuer_code(name)
    return Issuer(name=name, code=code, decision_code=_valid_code(row.decision_code) or derived_decision_code(code))
