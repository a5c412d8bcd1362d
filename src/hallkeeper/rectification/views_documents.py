"""Downloads of a rectification notice: the notice (整改通知书) as Word and PDF, and the closing report.

Whoever may see the notice may download its documents (hall-wide roles, the zone's lead, the staff of
the zone's windows); anyone else gets a 404, as for the notice page. The PDFs open in the browser
(``?download=1`` saves them); the Word file is always an attachment.

The closing report is meant for a closed (verified) notice. For a notice still in the loop, or a
cancelled one, it is still produced — with a banner saying the notice is not closed (or was cancelled)
— so that the supervision group can print the progress so far; it is never a 404 for a visible notice.
"""

from __future__ import annotations

import time
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views import View

from hallkeeper.core.views import HallMixin

from . import documents
from .models import Notice

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"


def content_disposition(disposition: str, filename: str, ascii_fallback: str) -> str:
    """A UTF-8 file name (RFC 5987 / 6266) and an ASCII one for old clients."""
    return f"{disposition}; filename=\"{ascii_fallback}\"; filename*=UTF-8''{quote(filename)}"


class NoticeDocumentView(HallMixin, View):
    """One document of a notice the user may see."""

    content_type = PDF_CONTENT_TYPE
    extension = "pdf"
    ascii_stem = "notice"
    always_attachment = False

    def label(self) -> str:
        return _("Rectification notice")

    def build(self, notice: Notice) -> bytes:
        raise TypeError(f"{type(self).__name__} must define build()")

    def get_notice(self) -> Notice:
        notices = Notice.objects.visible_to(self.request.user, "view").filter(hall=self.hall)
        try:
            return documents.load(notices, self.kwargs["pk"])
        except Notice.DoesNotExist:
            raise Http404 from None

    def get(self, request, *args, **kwargs):
        notice = self.get_notice()
        started = time.perf_counter()
        content = self.build(notice)
        response = HttpResponse(content, content_type=self.content_type)
        attachment = self.always_attachment or request.GET.get("download")
        response["Content-Disposition"] = content_disposition(
            "attachment" if attachment else "inline",
            documents.common.filename(notice, self.label(), self.extension),
            documents.common.ascii_filename(notice, self.ascii_stem, self.extension),
        )
        response["Content-Length"] = str(len(content))
        response["Cache-Control"] = "private, no-cache"
        response["Server-Timing"] = f"build;dur={(time.perf_counter() - started) * 1000:.0f}"
        return response


class NoticeDocxView(NoticeDocumentView):
    content_type = DOCX_CONTENT_TYPE
    extension = "docx"
    always_attachment = True

    def build(self, notice: Notice) -> bytes:
        return documents.notice_docx(notice)


class NoticePdfView(NoticeDocumentView):
    def build(self, notice: Notice) -> bytes:
        return documents.notice_pdf(notice)


class ClosingReportPdfView(NoticeDocumentView):
    ascii_stem = "closing-report"

    def label(self) -> str:
        return _("Rectification closing report")

    def build(self, notice: Notice) -> bytes:
        return documents.closing_report_pdf(notice)
