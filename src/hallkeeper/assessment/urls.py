from django.urls import path

from . import honour_views, views

urlpatterns = [
    path("", views.PeriodListView.as_view(), name="assessment_list"),
    path("<int:pk>/", views.PeriodDetailView.as_view(), name="assessment_period"),
    path("<int:pk>/export/", views.PeriodExportView.as_view(), name="assessment_export"),
    path("<int:pk>/bulletin.docx", views.BulletinView.as_view(extension="docx"), name="assessment_bulletin_docx"),
    path("<int:pk>/bulletin.pdf", views.BulletinView.as_view(extension="pdf"), name="assessment_bulletin_pdf"),
    path("<int:pk>/<slug:action>/", views.PeriodActionView.as_view(), name="assessment_action"),
    path("results/<int:pk>/", views.ResultView.as_view(), name="assessment_result"),
    path("appeals/<int:pk>/answer/", views.AppealAnswerView.as_view(), name="assessment_appeal_answer"),
    path("items/", views.AdjustmentListView.as_view(), name="assessment_adjustments"),
    path("items/<int:pk>/edit/", views.AdjustmentChangeView.as_view(), name="assessment_adjustment_change"),
    path("items/<int:pk>/withdraw/", views.AdjustmentWithdrawView.as_view(), name="assessment_adjustment_withdraw"),
    path("items/<int:pk>/evidence/", views.EvidenceView.as_view(), name="assessment_evidence"),
    path("indicators/", views.IndicatorImportView.as_view(), name="assessment_indicators"),
    path("indicators/template/", views.IndicatorTemplateView.as_view(), name="assessment_indicator_template"),
    path("weights/", views.WeightsView.as_view(), name="assessment_weights"),
    path("honours/rules/", honour_views.HonourRulesView.as_view(), name="assessment_honour_rules"),
    path("honours/flag/", honour_views.FlagHistoryView.as_view(), name="assessment_flag_history"),
    path("<int:pk>/flag.pdf", honour_views.FlagCardView.as_view(), name="assessment_flag_card"),
]

# -- commendation (表彰先进典型) --
from . import commendation_views as cv  # noqa: E402

urlpatterns += [
    path("commendations/", cv.CommendationListView.as_view(), name="commendation_list"),
    path("commendations/new/", cv.CommendationCreateView.as_view(), name="commendation_create"),
    path("commendations/<int:pk>/", cv.CommendationDetailView.as_view(), name="commendation_detail"),
    path("commendations/<int:pk>/decision.docx", cv.DecisionView.as_view(extension="docx"), name="commendation_docx"),
    path("commendations/<int:pk>/decision.pdf", cv.DecisionView.as_view(extension="pdf"), name="commendation_pdf"),
    path(
        "commendations/<int:pk>/nominations/<int:nomination>/<slug:action>/",
        cv.NominationActionView.as_view(),
        name="nomination_action",
    ),
    path("commendations/<int:pk>/<slug:action>/", cv.CommendationActionView.as_view(), name="commendation_action"),
]

urlpatterns += [path("heatmap/", views.HeatMapView.as_view(), name="assessment_heatmap")]
