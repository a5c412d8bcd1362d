"""Documents of a handbook version: the handbook as PDF and Word, the scoring sheet as Excel."""

from django.urls import path

from . import views_documents as views

urlpatterns = [
    path("v<int:number>/documents/", views.DocumentsView.as_view(), name="handbook_documents"),
    path("v<int:number>/handbook.pdf", views.HandbookPdfView.as_view(), name="handbook_pdf"),
    path("v<int:number>/handbook.docx", views.HandbookDocxView.as_view(), name="handbook_docx"),
    path("v<int:number>/scoring-sheet.xlsx", views.ScoringSheetXlsxView.as_view(), name="handbook_scoring_xlsx"),
]
