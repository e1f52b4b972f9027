from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer: helpers every app uses and that know no app (docs/architecture.md)."""

    name = "core"
    verbose_name = "Core"
