"""Printable documents of a handbook version: the handbook as PDF and Word, the scoring sheet as Excel.

``data.collect`` reads a version once into plain data; ``pdf``, ``docx`` and ``xlsx`` write it;
``store`` serves a published version's documents from storage after the first build.
"""

from .store import KINDS, DocumentKind, document_bytes, stored_size

__all__ = ["KINDS", "DocumentKind", "document_bytes", "stored_size"]
