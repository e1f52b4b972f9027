from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkpDraftsConfig(AppConfig):
    name = "skp_drafts"
    verbose_name = _("Draf SKP")
