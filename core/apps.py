from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer: helpers every app uses and that know no app (docs/architecture.md)."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.core import checks

        from core.checks import check_pdf_signing

        checks.register(check_pdf_signing)
