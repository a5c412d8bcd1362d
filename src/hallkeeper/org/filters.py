import django_filters
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.filters import SearchFilter, YesNoFilter
from hallkeeper.core.filters import hall_choices as _hall_qs

from .choices import UnitKind
from .models import Person, Unit


class UnitFilter(django_filters.FilterSet):
    q = SearchFilter("code", "name", "short_name", "parent_organization")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=UnitKind.choices)

    class Meta:
        model = Unit
        fields = ["q", "kind"]


class PersonFilter(django_filters.FilterSet):
    q = SearchFilter("code", "name", "title", "phone")
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=_hall_qs(Unit))
    has_login = YesNoFilter(label=_("Has a login"), field_name="user", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Person
        fields = ["q", "unit", "has_login"]
