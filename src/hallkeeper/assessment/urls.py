from django.urls import path

from . import views

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
    path("items/<int:pk>/evidence/", views.EvidenceView.as_view(), name="assessment_evidence"),
    path("indicators/", views.IndicatorImportView.as_view(), name="assessment_indicators"),
    path("indicators/template/", views.IndicatorTemplateView.as_view(), name="assessment_indicator_template"),
    path("weights/", views.WeightsView.as_view(), name="assessment_weights"),
]

urlpatterns += [path("heatmap/", views.HeatMapView.as_view(), name="assessment_heatmap")]
