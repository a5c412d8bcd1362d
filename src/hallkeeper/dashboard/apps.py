from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The pages that bring the floors together (no models): the hall overview, the zone and window pages with
    their inspection cards and rules, and the site glance. It reads every app below it; none reads it."""

    name = "hallkeeper.dashboard"
    label = "dashboard"
