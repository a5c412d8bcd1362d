import django_filters
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.filters import SearchFilter, hall_choices
from hallkeeper.places.models import Zone

from .choices import Subject, SuggestionState
from .models import Suggestion, SuggestionTag


class SuggestionFilter(django_filters.FilterSet):
    q = SearchFilter("text", "reply", "submitter_name")
    state = django_filters.ChoiceFilter(label=_("State"), choices=SuggestionState.choices)
    subject = django_filters.ChoiceFilter(label=_("About"), choices=Subject.choices)
    tag = django_filters.ModelChoiceFilter(label=_("Tag"), field_name="tags", queryset=hall_choices(SuggestionTag))
    zone = django_filters.ModelChoiceFilter(label=_("Zone"), queryset=hall_choices(Zone))

    class Meta:
        model = Suggestion
        fields = ["q", "state", "subject", "tag", "zone"]
