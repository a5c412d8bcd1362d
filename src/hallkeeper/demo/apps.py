from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo hall's loader and its ``hallkeeper demo`` command (no models); the top floor of the house."""

    name = "hallkeeper.demo"
    label = "demo"
