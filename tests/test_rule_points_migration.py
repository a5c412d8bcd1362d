"""The data migration that gives rules from before points (分值) their points from their deduction and cap."""

from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps

from hallkeeper.standards.choices import DEFAULT_POINTS
from hallkeeper.standards.models import Rule

from .standards_data import install_tiny_handbook

pytestmark = pytest.mark.django_db

migration = import_module("hallkeeper.standards.migrations.0002_rule_points")


@pytest.mark.parametrize(
    ("deduction", "cap", "points"),
    [
        pytest.param("0.5", "2", "2", id="the cap"),
        pytest.param("1", None, "3", id="three deductions without a cap"),
        pytest.param("400", None, "999.9", id="bounded by the field"),
    ],
)
def test_existing_rules_are_worth_what_they_could_cost(alpha, deduction, cap, points):
    install_tiny_handbook(alpha.hall)
    rule = Rule.objects.get(key="seal-locked")
    Rule.objects.filter(pk=rule.pk).update(
        points=DEFAULT_POINTS, deduction=Decimal(deduction), cap=None if cap is None else Decimal(cap)
    )
    migration.points_from_deduction(apps, None)
    assert Rule.objects.get(pk=rule.pk).points == Decimal(points)
