"""Plain text as reportlab markup: the one way user text reaches a ``Paragraph`` or a contents entry.

reportlab's ``Paragraph`` reads an XML-like markup (``<b>``, ``<font>``, ``<a href>``, ``<img src>``…); text a
user typed must never be read as markup, or a name like ``<img src="/srv/media/…"/>`` breaks the document or
makes reportlab embed a file from the server's disk. Every document builder escapes through :func:`esc`.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

_ENTITIES = {'"': "&quot;", "'": "&#39;"}


def esc(text: object) -> str:
    """``text`` (any value; ``None`` and other empty values as nothing) as Paragraph markup shown literally."""
    value = escape(str(text or ""), _ENTITIES)
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br/>")
