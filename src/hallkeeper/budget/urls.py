"""The budget pages, mounted under /h/<hall>/budget/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.SurveyListView.as_view(), name="budget_home"),
    path("new/", views.SurveyCreateView.as_view(), name="budget_survey_new"),
    path("prices/", views.PriceListView.as_view(), name="budget_prices"),
    path("prices/new/", views.PriceItemView.as_view(), name="budget_price_new"),
    path("prices/import/", views.PriceImportView.as_view(), name="budget_price_import"),
    path("prices/<int:pk>/", views.PriceItemView.as_view(), name="budget_price_edit"),
    path("purchases/<int:pk>/invoice/", views.EvidenceView.as_view(), name="budget_evidence"),
    path("<int:pk>/", views.SurveyDetailView.as_view(), name="budget_survey"),
    path("<int:pk>/export.xlsx", views.SurveyExportView.as_view(), name="budget_export"),
    path("<int:pk>/zones/<int:zone>/", views.CountsView.as_view(), name="budget_counts"),
    path("<int:pk>/purchases/new/", views.PurchaseCreateView.as_view(), name="budget_purchase_new"),
    path("<int:pk>/handouts/new/", views.HandOutCreateView.as_view(), name="budget_handout_new"),
    path("<int:pk>/<str:action>/", views.SurveyActionView.as_view(), name="budget_survey_action"),
]
