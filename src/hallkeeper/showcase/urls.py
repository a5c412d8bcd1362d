"""The model window's pages, mounted under /h/<hall>/model-window/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.ModelWindowView.as_view(), name="model_window"),
    path("photos/<int:pk>/", views.SetupPhotoView.as_view(), name="setup_photo_image"),
    path("photos/<int:pk>/thumb/", views.SetupPhotoView.as_view(thumbnail=True), name="setup_photo_thumb"),
    path("photos/<int:pk>/<slug:action>/", views.SetupPhotoActionView.as_view(), name="setup_photo_action"),
    path("<slug:action>/", views.ModelWindowActionView.as_view(), name="model_window_action"),
]
