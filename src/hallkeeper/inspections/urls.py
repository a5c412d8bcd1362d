from django.urls import path

from . import views_capture as capture
from . import views_plans as plans
from . import views_reports as reports

urlpatterns = [
    # lists, reports and history (views_reports)
    path("", reports.InspectionListView.as_view(), name="inspection_list"),
    path("findings/", reports.FindingListView.as_view(), name="finding_list"),
    path("<int:pk>/", reports.InspectionDetailView.as_view(), name="inspection_detail"),
    path("<int:pk>/pdf/", reports.InspectionPdfView.as_view(), name="inspection_pdf"),
    path("history/zones/<int:pk>/", reports.ZoneHistoryView.as_view(), name="zone_history"),
    path("history/windows/<int:pk>/", reports.WindowHistoryView.as_view(), name="window_history"),
    # capture on a phone (views_capture)
    path("new/", capture.InspectionStartView.as_view(), name="inspection_start"),
    path("<int:pk>/capture/", capture.InspectionCaptureView.as_view(), name="inspection_capture"),
    path("<int:pk>/items/<int:item>/", capture.ItemAnswerView.as_view(), name="inspection_item_answer"),
    path("<int:pk>/items/<int:item>/photos/", capture.PhotoAddView.as_view(), name="inspection_photo_add"),
    path("<int:pk>/photos/<int:photo>/delete/", capture.PhotoDeleteView.as_view(), name="inspection_photo_delete"),
    path("<int:pk>/counts/", capture.CountView.as_view(), name="inspection_count"),
    path("<int:pk>/pass-rest/", capture.PassRestView.as_view(), name="inspection_pass_rest"),
    path("<int:pk>/submit/", capture.SubmitView.as_view(), name="inspection_submit"),
    path("<int:pk>/discard/", capture.DiscardView.as_view(), name="inspection_discard"),
    path("photos/<int:pk>/", capture.PhotoView.as_view(), name="inspection_photo"),
    path("photos/<int:pk>/thumb/", capture.PhotoView.as_view(thumbnail=True), name="inspection_photo_thumb"),
    # plans, due checks, coverage, acceptance rounds, scoring policy (views_plans)
    path("mine/", plans.MyInspectionsView.as_view(), name="my_inspections"),
    path("coverage/", plans.CoverageView.as_view(), name="inspection_coverage"),
    path("plans/", plans.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", plans.PlanFormView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", plans.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.PlanFormView.as_view(), name="plan_edit"),
    path("rounds/", plans.RoundListView.as_view(), name="round_list"),
    path("rounds/new/", plans.RoundCreateView.as_view(), name="round_create"),
    path("rounds/<int:pk>/", plans.RoundDetailView.as_view(), name="round_detail"),
    path("settings/", plans.ScoringPolicyView.as_view(), name="scoring_policy"),
]
