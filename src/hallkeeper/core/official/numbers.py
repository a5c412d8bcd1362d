"""发文字号 (document numbers), 机关代字 (issuer codes) and 成文日期 (dates) as GB/T 9704-2012 writes them.

* a document number is ``机关代字〔年份〕序号号``: ``鞍审批〔2026〕7号`` — the year in full inside hexagonal
  brackets 〔〕, the running number without 第 and without leading zeros;
* a date is written in Arabic numerals: ``2026年12月3日`` (no leading zeros either).

Pure functions; nothing here reads the database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: The longest 机关代字 accepted (real ones are 2 to 6 characters: 国办发, 辽政办发, 鞍审批).
MAX_CODE_LENGTH = 12
#: Years a document number may carry.
MIN_YEAR, MAX_YEAR = 1949, 2999
#: The largest running number (far beyond any authority's yearly output; keeps numbers short).
MAX_SEQ = 999_999

#: Brackets of every kind (the code is followed by 〔; a bracket inside it would make numbers ambiguous),
#: digits (the year and the number follow it) and whitespace are not part of a 机关代字.
_FORBIDDEN_IN_CODE = re.compile(r"[\s0-9０-９〔〕\[\]［］()（）{}｛｝<>《》〈〉【】〖〗「」『』\"'“”‘’/\\&]")

#: A number as written by :func:`doc_number`, and the forms older records or typists use: 〔〕, [], ［］ or
#: 【】 around the year, an optional 第, spaces and leading zeros.
_NUMBER = re.compile(
    r"^\s*(?P<code>[^\s〔\[［【]*?)\s*[〔\[［【]\s*(?P<year>\d{4})\s*[〕\]］】]\s*第?\s*(?P<seq>\d{1,9})\s*号\s*$"
)


def validate_issuer_code(value: str) -> None:
    """A 机关代字: a few characters (Chinese, usually), no brackets, digits, spaces or control characters.

    An empty code is not valid here; callers that allow "no code" check for that first."""
    text = value or ""
    if not text.strip():
        raise ValidationError(_("Enter the issuer code (机关代字), for example 鞍审批."), code="issuer_code_empty")
    if len(text) > MAX_CODE_LENGTH:
        raise ValidationError(
            _("The issuer code is at most %(max)s characters.") % {"max": MAX_CODE_LENGTH}, code="issuer_code_long"
        )
    if any(unicodedata.category(ch)[0] == "C" for ch in text) or _FORBIDDEN_IN_CODE.search(text):
        raise ValidationError(
            _("The issuer code may not hold brackets, digits, spaces, quotes or control characters."),
            code="issuer_code_characters",
        )


def doc_number(code: str, year: int, seq: int) -> str:
    """The 发文字号 ``{code}〔{year}〕{seq}号``: ``doc_number("鞍审批", 2026, 7) == "鞍审批〔2026〕7号"``.

    ``code`` may be empty (``〔2026〕7号``); otherwise it must pass :func:`validate_issuer_code`.
    Raises ``ValueError`` for a year outside 1949–2999 or a number outside 1–999999."""
    code = (code or "").strip()
    if code:
        try:
            validate_issuer_code(code)
        except ValidationError as error:
            raise ValueError(f"not an issuer code: {code!r}") from error
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"not a document year: {year!r}")
    if isinstance(seq, bool) or not isinstance(seq, int) or not 1 <= seq <= MAX_SEQ:
        raise ValueError(f"not a running number: {seq!r}")
    return f"{code}〔{year}〕{seq}号"


@dataclass(frozen=True)
class DocNumber:
    """A parsed document number."""

    code: str
    year: int
    seq: int

    def __str__(self) -> str:
        return doc_number(self.code, self.year, self.seq)


def parse_doc_number(text: str) -> DocNumber | None:
    """The parts of a document number, or ``None`` when ``text`` is not one.

    Accepts what :func:`doc_number` writes and the older or hand-typed forms (``〔2026〕第 024 号``,
    ``鞍审批[2026]7号``); :func:`str` of the result is the number in the standard form."""
    if not isinstance(text, str) or len(text) > 80:
        return None
    # NFKC: full-width digits and ［］ become ASCII; 〔〕 and 【】 stay as they are
    match = _NUMBER.match(unicodedata.normalize("NFKC", text))
    if match is None:
        return None
    code, year, seq = match["code"], int(match["year"]), int(match["seq"])
    if code:
        try:
            validate_issuer_code(code)
        except ValidationError:
            return None
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= seq <= MAX_SEQ):
        return None
    return DocNumber(code, year, seq)


def date_cn(day: date) -> str:
    """成文日期 in Arabic numerals, no leading zeros: ``2026年12月3日``."""
    return f"{day.year}年{day.month}月{day.day}日"


#: Common endings of an authority's name and the characters its 代字 keeps of them.
_ENDINGS = (
    ("行政审批局", "审批"),
    ("政务服务和大数据管理局", "政数"),
    ("政务服务和数据管理局", "政数"),
    ("政务服务管理局", "政务"),
    ("营商环境建设局", "营商"),
    ("政务服务中心", "政务"),
    ("人民政府办公室", "政办"),
    ("人民政府办公厅", "政办"),
    ("人民政府", "政"),
)
_PLACE_ENDINGS = ("自治区", "自治州", "自治县", "省", "市", "县", "区", "旗", "州", "盟")


def suggest_issuer_code(authority: str) -> str:
    """A 机关代字 to start from, derived from the authority's name: ``鞍山市行政审批局`` → ``鞍审批``.

    The first character of the place name and the usual abbreviation of the kind of authority; ``""`` when
    the name does not follow the pattern (the administrator then types the code)."""
    name = (authority or "").strip()
    for ending, short in _ENDINGS:
        if name.endswith(ending):
            place = name[: -len(ending)]
            if not any(place.endswith(p) for p in _PLACE_ENDINGS) or len(place) < 2:
                return ""
            code = place[0] + short
            try:
                validate_issuer_code(code)
            except ValidationError:
                return ""
            return code
    return ""
