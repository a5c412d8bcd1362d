"""Printable documents of a rectification notice: the notice (整改通知书) as Word and PDF, with its receipt
slip (回执), and the closing report (整改销号报告) with before- and after-photos, as PDF.

``common.collect`` reads a notice once into plain data; ``docx`` and ``pdf`` lay it out. The documents are
built on request (they are small, and a notice's receipt and state change as it moves on).
"""

from .common import collect, load

__all__ = ["closing_report_pdf", "collect", "load", "notice_docx", "notice_pdf"]


def notice_docx(notice) -> bytes:
    from .docx import notice_docx as render

    return render(collect(notice))


def notice_pdf(notice) -> bytes:
    from .pdf import notice_pdf as render

    return render(collect(notice))


def closing_report_pdf(notice) -> bytes:
    from .pdf import closing_report_pdf as render

    return render(collect(notice, closing=True))
