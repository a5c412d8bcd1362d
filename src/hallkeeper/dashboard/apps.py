from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The pages that bring the floors together: the hall overview, the zone and window pages with their
    inspection cards and rules, the site glance, the leaders' dashboard and the halls compared (its one model:
    the site-wide star-rating thresholds). It reads every app below it; none reads it."""

    name = "hallkeeper.dashboard"
    label = "dashboard"
