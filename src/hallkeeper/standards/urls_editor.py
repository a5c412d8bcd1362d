"""Editing the handbook, mounted at /h/<hall>/handbook/ (administrators and the leadership group only)."""

from django.urls import path

from . import views_editor as views

urlpatterns = [
    path("install/", views.InstallView.as_view(), name="handbook_install"),
    path("revise/", views.ReviseView.as_view(), name="handbook_revise"),
    path("v<int:number>/publish/", views.PublishView.as_view(), name="handbook_publish"),
    path("v<int:number>/discard/", views.DiscardView.as_view(), name="handbook_discard"),
    path("v<int:number>/preface/", views.PrefaceEditView.as_view(), name="handbook_preface_edit"),
    path("v<int:number>/parts/<int:pk>/edit/", views.PartEditView.as_view(), name="handbook_part_edit"),
    path("v<int:number>/sections/<int:pk>/edit/", views.SectionEditView.as_view(), name="handbook_section_edit"),
    path("v<int:number>/rules/new/", views.RuleFormView.as_view(), name="handbook_rule_create"),
    path("v<int:number>/rules/<slug:key>/edit/", views.RuleFormView.as_view(), name="handbook_rule_edit"),
    path("v<int:number>/rules/<slug:key>/delete/", views.RuleDeleteView.as_view(), name="handbook_rule_delete"),
    path("v<int:number>/rules/<slug:key>/images/", views.RuleImagesView.as_view(), name="handbook_rule_images"),
    path("v<int:number>/images/<int:pk>/delete/", views.ImageDeleteView.as_view(), name="handbook_image_delete"),
    path("v<int:number>/layouts/new/", views.LayoutFormView.as_view(), name="handbook_layout_create"),
    path("v<int:number>/layouts/<int:pk>/edit/", views.LayoutFormView.as_view(), name="handbook_layout_edit"),
    path("v<int:number>/layouts/<int:pk>/preview/", views.LayoutPreviewView.as_view(), name="handbook_layout_preview"),
    path("v<int:number>/quantities/edit/", views.QuantitiesEditView.as_view(), name="handbook_quantities_edit"),
]
