from django.urls import path

from . import views
from . import views_documents as documents

urlpatterns = [
    # lists, inbox, statistics, issuing, the notice page and its actions (views.py)
    path("", views.NoticeListView.as_view(), name="notice_list"),
    path("inbox/", views.NoticeInboxView.as_view(), name="notice_inbox"),
    path("zones/", views.NoticeZoneStatsView.as_view(), name="notice_zone_stats"),
    path("new/", views.NoticeIssueView.as_view(), name="notice_issue"),
    path("settings/", views.RectificationPolicyView.as_view(), name="rectification_policy"),
    path("<int:pk>/", views.NoticeDetailView.as_view(), name="notice_detail"),
    path("<int:pk>/act/<slug:action>/", views.NoticeActionView.as_view(), name="notice_action"),
    path("<int:pk>/extensions/<int:extension>/", views.ExtensionDecideView.as_view(), name="notice_extension_decide"),
    path("photos/<int:pk>/", views.ResponsePhotoView.as_view(), name="notice_photo"),
    path("photos/<int:pk>/thumb/", views.ResponsePhotoView.as_view(thumbnail=True), name="notice_photo_thumb"),
    # documents (views_documents.py)
    path("<int:pk>/notice.docx", documents.NoticeDocxView.as_view(), name="notice_docx"),
    path("<int:pk>/notice.pdf", documents.NoticePdfView.as_view(), name="notice_pdf"),
    path("<int:pk>/closing-report.pdf", documents.ClosingReportPdfView.as_view(), name="notice_closing_pdf"),
]
