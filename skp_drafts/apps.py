from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkpDraftsConfig(AppConfig):
    name = "skp_drafts"
    verbose_name = _("Draf SKP")

    def ready(self):
        from skp_drafts import (
            panels,  # noqa: F401  (registers this app's panels)
            pdf,  # noqa: F401  (registers the SKP's printout)
        )
