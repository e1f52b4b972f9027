from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the portal: health check, log hygiene, backups and the benchmark."""

    name = "operations"
    verbose_name = _("Operasional")

    def ready(self):
        from django.core import checks

        from operations.checks import check_shared_cache

        checks.register(check_shared_cache, checks.Tags.caches, deploy=True)
