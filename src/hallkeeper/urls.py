from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.audit_views import AuditTrailView
from hallkeeper.dashboard import views as dashboard_views
from hallkeeper.dashboard import views_leaders
from hallkeeper.halls.views import DocumentSettingsView, RootView
from hallkeeper.org import views as org_views
from hallkeeper.places import views as places_views
from hallkeeper.screen import urls as screen_urls

admin.site.site_header = _("Hallkeeper administration")
admin.site.site_title = _("Hallkeeper")
admin.site.index_title = _("Halls, places, organization and accounts")

handler403 = "hallkeeper.core.errors.permission_denied"

hall_patterns = [
    path("", dashboard_views.HallHomeView.as_view(), name="hall_home"),
    path("leaders/", views_leaders.LeadersDashboardView.as_view(), name="leaders_dashboard"),
    path("areas/", places_views.AreaListView.as_view(), name="area_list"),
    path("areas/<int:pk>/", places_views.AreaDetailView.as_view(), name="area_detail"),
    path("zones/", places_views.ZoneListView.as_view(), name="zone_list"),
    path("zones/<int:pk>/", dashboard_views.ZoneDetailView.as_view(), name="zone_detail"),
    path("zones/<int:pk>/edit/", places_views.ZoneEditView.as_view(), name="zone_edit"),
    path("windows/", places_views.WindowListView.as_view(), name="window_list"),
    path("windows/<int:pk>/", dashboard_views.WindowDetailView.as_view(), name="window_detail"),
    path("positions/", places_views.PositionListView.as_view(), name="position_list"),
    path("positions/new/", places_views.PositionFormView.as_view(), name="position_create"),
    path("positions/<int:pk>/", places_views.PositionDetailView.as_view(), name="position_detail"),
    path("positions/<int:pk>/edit/", places_views.PositionFormView.as_view(), name="position_edit"),
    path("organization/", org_views.OrganizationView.as_view(), name="organization"),
    path("units/", org_views.UnitListView.as_view(), name="unit_list"),
    path("people/", org_views.PersonListView.as_view(), name="person_list"),
    path("transfer/", include("hallkeeper.transfer.urls")),
    path("handbook/", include("hallkeeper.standards.urls")),
    path("inspections/", include("hallkeeper.inspections.urls")),
    path("rectification/", include("hallkeeper.rectification.urls")),
    path("assessment/", include("hallkeeper.assessment.urls")),
    path("campaigns/", include("hallkeeper.campaign.urls")),
    path("training/", include("hallkeeper.training.urls")),
    path("budget/", include("hallkeeper.budget.urls")),
    path("suggestions/", include("hallkeeper.suggestions.urls")),
    path("model-window/", include("hallkeeper.showcase.urls")),
    path("notifications/", include("hallkeeper.notifications.urls_hall")),
    path("security/", include("hallkeeper.accounts.urls_hall")),
    path("documents/settings/", DocumentSettingsView.as_view(), name="document_settings"),
    path("audit/", AuditTrailView.as_view(), name="audit_trail"),
    path("exports/", include("hallkeeper.exports.urls")),
    path("display-links/", include(screen_urls.hall_urlpatterns)),
]

urlpatterns = [
    path("", RootView.as_view(), name="home"),
    path("halls/compare/", views_leaders.HallComparisonView.as_view(), name="hall_comparison"),
    path("halls/stars/", views_leaders.StarThresholdsView.as_view(), name="star_thresholds"),
    path("accounts/", include("hallkeeper.accounts.urls")),
    path("notifications/", include("hallkeeper.notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("h/<slug:hall>/", include(hall_patterns)),
    # The big screen: opened by a display link's token alone (no login); nothing else is reachable with it.
    path("screen/", include(screen_urls.urlpatterns)),
]

# No URL serves MEDIA_ROOT: every stored file goes out through a view that checks who asks (core/views.py:
# private_file_response), in development as in production.
