import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.filters import SearchFilter, YesNoFilter
from hallkeeper.core.filters import hall_choices as _hall_qs
from hallkeeper.org.models import Person, Unit

from .choices import AreaKind, PositionKind
from .models import Area, Floor, Position, Window, Zone


class AreaFilter(django_filters.FilterSet):
    q = SearchFilter("code", "name", "description")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AreaKind.choices)
    floor = django_filters.ModelChoiceFilter(label=_("Floor"), queryset=_hall_qs(Floor))

    class Meta:
        model = Area
        fields = ["q", "kind", "floor"]


class ZoneFilter(django_filters.FilterSet):
    q = SearchFilter("code", "name", "lead__name", "description")
    area = django_filters.ModelChoiceFilter(label=_("Area"), queryset=_hall_qs(Area), method="filter_area")
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=_hall_qs(Unit), method="filter_unit")
    has_lead = YesNoFilter(label=_("Has a lead"), field_name="lead", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Zone
        fields = ["q", "area", "unit", "has_lead"]

    def filter_area(self, queryset, name, value):
        return queryset.filter(pk__in=Zone.areas.through.objects.filter(area=value).values("zone_id"))

    def filter_unit(self, queryset, name, value):
        return queryset.filter(pk__in=Zone.units.through.objects.filter(unit=value).values("zone_id"))


class WindowFilter(django_filters.FilterSet):
    q = SearchFilter("number", "name", "unit__name")
    zone = django_filters.ModelChoiceFilter(label=_("Zone"), queryset=_hall_qs(Zone))
    area = django_filters.ModelChoiceFilter(label=_("Area"), queryset=_hall_qs(Area))
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=_hall_qs(Unit))
    stationed = YesNoFilter(label=_("Stationed"), method="filter_stationed")
    is_model = YesNoFilter(label=_("Model window"))
    staff = django_filters.ModelChoiceFilter(label=_("Staff"), queryset=_hall_qs(Person), method="filter_staff")

    class Meta:
        model = Window
        fields = ["q", "zone", "area", "unit", "stationed", "is_model", "staff"]

    def filter_stationed(self, queryset, name, value):
        from hallkeeper.org.choices import UnitKind

        if value is None:
            return queryset
        q = Q(unit__kind=UnitKind.STATIONED)
        return queryset.filter(q) if value else queryset.exclude(q)

    def filter_staff(self, queryset, name, value):
        return queryset.filter(pk__in=Window.staff.through.objects.filter(person=value).values("window_id"))


class PositionFilter(django_filters.FilterSet):
    q = SearchFilter("code", "name", "note")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PositionKind.choices)
    zone = django_filters.ModelChoiceFilter(label=_("Zone"), queryset=_hall_qs(Zone))
    window = django_filters.ModelChoiceFilter(label=_("Window"), queryset=_hall_qs(Window))

    class Meta:
        model = Position
        fields = ["q", "kind", "zone", "window"]
