from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top layer: the home page drawn from every app's panels, notifications."""

    name = "portal"
    verbose_name = "Portal"
