"""Template helpers of the rectification loop, for the inspection pages that link into it.

``{% held_notices findings as held %}`` loads, in one query, the open or closed (not cancelled) notice of
each finding the user may see; ``held|notice_for:finding`` reads it. Findings may be ``Finding`` rows or a
report's failed ``CheckItem`` rows.
"""

from __future__ import annotations

from django import template
from django.db.models import F

from hallkeeper.inspections.models import Finding

from .. import transitions
from ..models import NoticeItem

register = template.Library()


@register.simple_tag(takes_context=True)
def held_notices(context, findings) -> dict:
    """``{finding id or check item id: notice}`` for the given findings (one query)."""
    request = context.get("request")
    rows = list(findings or [])
    if request is None or not rows:
        return {}
    items = NoticeItem.objects.visible_to(request.user, "view").filter(active=True).select_related("notice__hall")
    if isinstance(rows[0], Finding):
        items = items.filter(finding_id__in=[f.pk for f in rows])
        return {i.finding_id: i.notice for i in items}
    items = items.filter(finding__item_id__in=[r.pk for r in rows]).annotate(check_item_id=F("finding__item_id"))
    return {i.check_item_id: i.notice for i in items}


@register.filter
def notice_for(held: dict, key):
    return (held or {}).get(key)


@register.simple_tag(takes_context=True)
def can_issue_notices(context, hall) -> bool:
    request = context.get("request")
    return bool(request and hall and transitions.is_inspector(request.user, hall.pk))
