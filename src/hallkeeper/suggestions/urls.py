"""The suggestions pages, mounted under /h/<hall>/suggestions/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.SuggestionListView.as_view(), name="suggestion_list"),
    path("new/", views.SuggestionCreateView.as_view(), name="suggestion_create"),
    path("<int:pk>/", views.SuggestionDetailView.as_view(), name="suggestion_detail"),
    path("<int:pk>/photo/", views.SuggestionPhotoView.as_view(), name="suggestion_photo"),
    path("<int:pk>/photo/thumb/", views.SuggestionPhotoView.as_view(thumbnail=True), name="suggestion_thumb"),
    path("<int:pk>/<slug:action>/", views.SuggestionActionView.as_view(), name="suggestion_action"),
]
