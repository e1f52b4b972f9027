from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Laporan dan monitoring")

    def ready(self):
        from reports import (
            panels,  # noqa: F401  (registers this app's panels)
            pdf,  # noqa: F401  (registers the report's and minutes' printouts)
        )
