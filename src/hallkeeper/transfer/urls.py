from django.urls import path

from . import views

urlpatterns = [
    path("", views.TransferIndexView.as_view(), name="transfer_index"),
]
