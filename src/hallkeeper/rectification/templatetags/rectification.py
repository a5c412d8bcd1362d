"""Template helpers of the rectification loop's own pages and the site layout.

``{% held_notices findings as held %}`` loads, in one query, the open or closed (not cancelled) notice of
each finding the user may see (:func:`hallkeeper.rectification.selectors.held_notices`); ``held|notice_for:finding``
reads it. The inspection pages get the same through ``inspections/followups.py``, which rectification fills in
when Django starts.
"""

from __future__ import annotations

from django import template

from .. import selectors, transitions

register = template.Library()


@register.simple_tag(takes_context=True)
def held_notices(context, findings) -> dict:
    """``{finding id or check item id: notice}`` for the given findings (one query)."""
    request = context.get("request")
    return selectors.held_notices(request.user, findings) if request is not None else {}


@register.filter
def notice_for(held: dict, key):
    return (held or {}).get(key)


@register.simple_tag(takes_context=True)
def can_issue_notices(context, hall) -> bool:
    request = context.get("request")
    return bool(request and hall and transitions.is_inspector(request.user, hall.pk))
