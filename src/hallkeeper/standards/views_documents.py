"""Downloads of a handbook version: the handbook as PDF and Word, the scoring sheet as Excel.

Whoever may open the version may download it (``selectors.version_or_404``: drafts for editors
only). Published versions' documents are built once and then served from storage.
"""

from __future__ import annotations

import time
from urllib.parse import quote

from django.http import HttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from hallkeeper.core.views import HallMixin

from .documents import KINDS, document_bytes, stored_size
from .selectors import version_or_404


def attachment(filename: str, ascii_fallback: str) -> str:
    """Content-Disposition with a UTF-8 file name (RFC 5987 / 6266) and an ASCII one for old clients."""
    return f"attachment; filename=\"{ascii_fallback}\"; filename*=UTF-8''{quote(filename)}"


class DocumentDownloadView(HallMixin, View):
    kind = ""

    def get(self, request, *args, **kwargs):
        version = version_or_404(request.user, self.hall, kwargs["number"])
        kind = KINDS[self.kind]
        started = time.perf_counter()
        content = document_bytes(version, kind.key)
        response = HttpResponse(content, content_type=kind.content_type)
        response["Content-Disposition"] = attachment(kind.filename(version), kind.ascii_filename(version))
        response["Content-Length"] = str(len(content))
        response["Cache-Control"] = "private, no-cache"
        response["Server-Timing"] = f"build;dur={(time.perf_counter() - started) * 1000:.0f}"
        return response


class HandbookPdfView(DocumentDownloadView):
    kind = "pdf"


class HandbookDocxView(DocumentDownloadView):
    kind = "docx"


class ScoringSheetXlsxView(DocumentDownloadView):
    kind = "xlsx"


URL_NAMES = {"pdf": "handbook_pdf", "docx": "handbook_docx", "xlsx": "handbook_scoring_xlsx"}


class DocumentsView(HallMixin, TemplateView):
    """The three downloads of a version, with their sizes once built; the page fetches a download with a
    spinner, since the first build of a handbook with many pictures takes a while."""

    template_name = "standards/documents/documents.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        version = version_or_404(self.request.user, self.hall, kwargs["number"])
        ctx["version"] = version
        ctx["documents"] = [
            {
                "key": key,
                "kind": KINDS[key],
                "filename": KINDS[key].filename(version),
                "url": reverse(name, kwargs={"hall": self.hall.code, "number": version.number}),
                "size": stored_size(version, KINDS[key]),
            }
            for key, name in URL_NAMES.items()
        ]
        return ctx
