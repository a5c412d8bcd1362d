"""The campaign pages, mounted under /h/<hall>/campaigns/."""

from django.urls import path

from . import views, views_summary

urlpatterns = [
    path("", views.CampaignListView.as_view(), name="campaign_list"),
    path("new/", views.CampaignFormView.as_view(), name="campaign_create"),
    path("mine/", views.MyTasksView.as_view(), name="campaign_my_tasks"),
    path("<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("<int:pk>/edit/", views.CampaignFormView.as_view(), name="campaign_edit"),
    path("<int:pk>/workplan.docx", views.WorkPlanView.as_view(extension="docx"), name="campaign_workplan_docx"),
    path("<int:pk>/workplan.pdf", views.WorkPlanView.as_view(extension="pdf"), name="campaign_workplan_pdf"),
    path("<int:pk>/summary/", views_summary.SummaryView.as_view(), name="campaign_summary"),
    path("<int:pk>/summary/lessons/", views_summary.LessonsView.as_view(), name="campaign_lessons"),
    path("<int:pk>/summary/revise/", views_summary.ReviseView.as_view(), name="campaign_revise_handbook"),
    path(
        "<int:pk>/summary.docx",
        views_summary.SummaryDocumentView.as_view(extension="docx"),
        name="campaign_summary_docx",
    ),
    path(
        "<int:pk>/summary.pdf", views_summary.SummaryDocumentView.as_view(extension="pdf"), name="campaign_summary_pdf"
    ),
    path("<int:pk>/<slug:action>/", views.CampaignActionView.as_view(), name="campaign_action"),
    path("phases/<int:pk>/", views.PartFormView.as_view(part="phase"), name="campaign_phase_edit"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="campaign_task"),
    path("tasks/<int:pk>/edit/", views.PartFormView.as_view(part="task"), name="campaign_task_edit"),
    path("updates/<int:pk>/evidence/", views.UpdateEvidenceView.as_view(), name="campaign_update_evidence"),
    path("publicity/<int:pk>/evidence/", views.PublicityEvidenceView.as_view(), name="campaign_publicity_evidence"),
    path("tasks/", views.TaskListView.as_view(), name="campaign_tasks"),
]
