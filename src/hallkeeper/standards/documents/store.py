"""Build a document of a handbook version, or serve it from the store when it was built before.

Published and superseded versions never change, so their documents are kept in the default
storage (``MEDIA_ROOT`` locally, the object store in production) under a name that carries a
digest of everything printed that could still change: the version's ``updated_at`` and status
(the cover says 现行 or 已废止), the hall's ``updated_at`` (its name and organization are on the
cover), the PDF font and :data:`FORMAT_REVISION`. A draft is built afresh on every download.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ..choices import VersionStatus

logger = logging.getLogger(__name__)

#: Raise when the documents' content or layout changes, so that stored copies are rebuilt.
FORMAT_REVISION = 1
STORE_DIR = "cache/handbook-documents"


@dataclass(frozen=True)
class DocumentKind:
    key: str
    label: str  # Chinese: part of the file name
    slug: str  # the ASCII file name for clients that ignore ``filename*``
    extension: str
    content_type: str
    builder: str  # "module:function", imported when first used (reportlab is only loaded for PDFs)

    def build(self, version, progress: Callable[[int, int], None] | None = None) -> bytes:
        module, _sep, name = self.builder.partition(":")
        function = getattr(import_module(module), name)
        return function(version, progress=progress) if self.key == "pdf" else function(version)

    def filename(self, version) -> str:
        hall = version.handbook.hall
        return f"{hall.display_name}-{self.label}-{version.label}.{self.extension}"

    def ascii_filename(self, version) -> str:
        return f"{version.handbook.hall.code}-{self.slug}-v{version.number}.{self.extension}"


KINDS = {
    "pdf": DocumentKind(
        "pdf",
        "现场管理标准化手册",
        "handbook",
        "pdf",
        "application/pdf",
        "hallkeeper.standards.documents.pdf:handbook_pdf",
    ),
    "docx": DocumentKind(
        "docx",
        "现场管理标准化手册",
        "handbook",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "hallkeeper.standards.documents.docx:handbook_docx",
    ),
    "xlsx": DocumentKind(
        "xlsx",
        "检查评分表",
        "scoring-sheet",
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "hallkeeper.standards.documents.xlsx:scoring_sheet_xlsx",
    ),
}


def stored_name(version, kind: DocumentKind) -> str | None:
    """Where the document of a published or superseded version is kept; None for a draft."""
    if version.status == VersionStatus.DRAFT:
        return None
    hall = version.handbook.hall
    parts = [version.updated_at.isoformat(), version.status, hall.updated_at.isoformat(), str(FORMAT_REVISION)]
    if kind.key == "pdf":
        from hallkeeper.core.fonts import cjk_font_name

        parts.append(cjk_font_name())
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]
    return f"{STORE_DIR}/{hall.pk}/{version.pk}/{kind.key}-{digest}.{kind.extension}"


def stored_size(version, kind: DocumentKind) -> int | None:
    """The size in bytes of the stored document, or None when it has not been built yet."""
    name = stored_name(version, kind)
    try:
        return default_storage.size(name) if name and default_storage.exists(name) else None
    except OSError:
        return None


def document_bytes(version, key: str, *, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The document ``key`` ("pdf", "docx" or "xlsx") of a version: from the store, or built (and stored)."""
    kind = KINDS[key]
    name = stored_name(version, kind)
    if name:
        try:
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as f:
                    return f.read()
        except OSError:
            logger.warning("Stored handbook document %s could not be read; building it again", name, exc_info=True)
    content = kind.build(version, progress)
    if name:
        _store(name, content)
    return content


def _store(name: str, content: bytes) -> None:
    """Keep a built document. Readers never see half a file: on the local file system it is written
    beside its final name and renamed into place; object stores make an upload visible whole."""
    try:
        try:
            path = Path(default_storage.path(name))
        except NotImplementedError:
            path = None
        if path is None:
            saved = default_storage.save(name, ContentFile(content))
            if saved != name:  # another request stored the same document meanwhile
                default_storage.delete(saved)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".part-", delete=False) as part:
                part.write(content)
            os.replace(part.name, path)
        _remove_stale(name)
    except OSError:
        logger.warning("Handbook document %s could not be stored", name, exc_info=True)


def _remove_stale(name: str) -> None:
    """Delete earlier builds of the same document of the same version (other digests)."""
    folder, _sep, filename = name.rpartition("/")
    prefix = filename.split("-", 1)[0] + "-"
    try:
        _dirs, files = default_storage.listdir(folder)
    except (OSError, NotImplementedError):
        return
    for other in files:
        if other != filename and other.startswith(prefix):
            default_storage.delete(f"{folder}/{other}")
