"""Reading the handbook, mounted at /h/<hall>/handbook/."""

from django.urls import path, register_converter
from django.urls.converters import SlugConverter

from . import views_reader as views


class RuleKeyConverter(SlugConverter):
    """A rule key, except ``new``: ``v<n>/rules/new/`` is the editor's "add a rule" page."""

    regex = r"(?!new/)[-a-zA-Z0-9_]+"


register_converter(RuleKeyConverter, "rulekey")

urlpatterns = [
    path("", views.HandbookHomeView.as_view(), name="handbook_home"),
    path("pictures/<int:pk>/", views.RulePictureView.as_view(), name="handbook_picture"),
    path("versions/", views.VersionsView.as_view(), name="handbook_versions"),
    path("diff/", views.DiffView.as_view(), name="handbook_diff"),
    path("coverage/", views.CoverageView.as_view(), name="handbook_coverage"),
    path("v<int:number>/", views.ReaderView.as_view(), name="handbook_version"),
    path("v<int:number>/rules/<rulekey:key>/", views.RuleView.as_view(), name="handbook_rule"),
    path("v<int:number>/quantities/", views.QuantitiesView.as_view(), name="handbook_quantities"),
    path("v<int:number>/layouts/", views.LayoutsView.as_view(), name="handbook_layouts"),
    path("v<int:number>/layouts/<int:pk>/", views.LayoutView.as_view(), name="handbook_layout"),
    path("v<int:number>/layouts/<int:pk>.svg", views.LayoutSvgView.as_view(), name="handbook_layout_svg"),
]
