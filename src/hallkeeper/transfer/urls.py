from django.urls import path

from . import views

urlpatterns = [
    path("", views.TransferIndexView.as_view(), name="transfer_index"),
    path("<slug:entity>/template.xlsx", views.TransferTemplateView.as_view(), name="transfer_template"),
    path("<slug:entity>/export.xlsx", views.TransferExportView.as_view(), name="transfer_export"),
    path("<slug:entity>/import/", views.TransferImportView.as_view(), name="transfer_import"),
]
