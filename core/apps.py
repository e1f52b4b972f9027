from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer: helpers every app uses and that know no app (docs/architecture.md)."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.core import checks, signals

        from core import collector
        from core.checks import check_pdf_signing

        checks.register(check_pdf_signing)
        # A PDF's garbage is collected once its reader has it (core.collector).
        signals.request_started.connect(collector.request_started, dispatch_uid="collector")
        signals.request_finished.connect(collector.request_finished, dispatch_uid="collector")
