"""Reads for the suggestion pages, each starting from ``visible_to``."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hallkeeper.core.access import get_access
from hallkeeper.core.capabilities import answers_suggestions, submits_suggestions
from hallkeeper.org.selectors import leads_promotion_group
from hallkeeper.places.models import Window, Zone
from hallkeeper.standards.choices import VersionStatus
from hallkeeper.standards.models import Rule

from .models import Suggestion, SuggestionTag


def can_answer(user, hall) -> bool:
    access = get_access(user)
    if answers_suggestions(access, hall.pk):
        return True
    return answers_suggestions(access, hall.pk, leads_promotion_group=leads_promotion_group(user, hall))


def can_submit(user, hall) -> bool:
    return submits_suggestions(get_access(user), hall.pk)


def suggestions_for(user, hall, action: str = "view") -> QuerySet[Suggestion]:
    return (
        Suggestion.objects.visible_to(user, action)
        .filter(hall=hall)
        .select_related("hall", "zone", "rule", "revision", "revised_rule")
    )


def zones_for(user, hall) -> QuerySet[Zone]:
    """Zones the user may name in a suggestion: those they see, and the zones of the windows they staff."""
    seen = Zone.objects.visible_to(user).filter(hall=hall).values("pk")
    staffed = Window.objects.visible_to(user).filter(hall=hall, zone__isnull=False).values("zone_id")
    return Zone.objects.filter(Q(pk__in=seen) | Q(pk__in=staffed), hall=hall).order_by("order", "code")


def rules_to_suggest_on(hall) -> QuerySet[Rule]:
    """The rules of the hall's published handbook, for "on which rule"."""
    return Rule.objects.filter(version__handbook__hall=hall, version__status=VersionStatus.PUBLISHED).select_related(
        "version"
    )


def draft_rules(hall) -> QuerySet[Rule]:
    """The rules of the hall's draft revision (empty when no revision is under way)."""
    return Rule.objects.filter(version__handbook__hall=hall, version__status=VersionStatus.DRAFT).select_related(
        "version"
    )


def tags_of(hall) -> QuerySet[SuggestionTag]:
    return SuggestionTag.objects.filter(hall=hall)
