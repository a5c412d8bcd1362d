"""The big screen's URLs: the hall's display-link pages (mounted under /h/<hall>/) and the token's two URLs."""

from django.urls import path

from . import views

hall_urlpatterns = [
    path("", views.DisplayLinkListView.as_view(), name="display_links"),
    path("<int:pk>/revoke/", views.DisplayLinkRevokeView.as_view(), name="display_link_revoke"),
]

urlpatterns = [
    path("<str:token>/", views.ScreenView.as_view(), name="screen"),
    path("<str:token>/data", views.ScreenDataView.as_view(), name="screen_data"),
]
