"""The hall's security administration: lockouts, second factors, the login policy."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.SecurityView.as_view(), name="security"),
    path("policy/", views.SecurityPolicyView.as_view(), name="security_policy"),
    path("unlock/address/", views.UnlockAddressView.as_view(), name="security_unlock_address"),
    path("users/<int:pk>/unlock/", views.UnlockAccountView.as_view(), name="security_unlock_account"),
    path("users/<int:pk>/reset-second-factor/", views.ResetSecondFactorView.as_view(), name="security_reset_2fa"),
]
