"""Who reads which suggestions.

* administrators and the leadership group, and the promotion group's leader and deputies, read and answer every
  suggestion of their hall;
* the supervision group and viewers (the hall-wide readers) read them all;
* a zone lead reads the suggestions on the zones they lead (they collect their zone's, 汇总收集各责任区的意见);
* everyone reads the suggestions they submitted themselves.
"""

from __future__ import annotations

from django.db import models

from hallkeeper.core.capabilities import halls_led, halls_with_business_roles
from hallkeeper.core.visibility import NOTHING, VisibleQuerySet
from hallkeeper.org.selectors import campaign_office_q


class SuggestionQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        result = campaign_office_q(access)
        if action == "change":
            return result
        wide = access.halls_hall_wide("view")
        if wide:
            result |= models.Q(hall__in=wide)
        business = halls_with_business_roles(access)
        if business:
            result |= models.Q(hall__in=business, submitted_by_id=access.user_id)
        leads = halls_led(access)
        if leads:
            result |= models.Q(hall__in=leads, zone__lead__user_id=access.user_id)
        return result


class TagQuerySet(VisibleQuerySet):
    """Tags: read by everyone of the hall who reaches business data; made through the answering services."""

    def visibility_q(self, access, action):
        if action == "change":
            return campaign_office_q(access)
        halls = halls_with_business_roles(access)
        return models.Q(hall__in=halls) if halls else NOTHING
