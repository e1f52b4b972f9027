from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Survei Kepuasan Masyarakat")

    def ready(self):
        from django.core import checks

        from surveys import pdf  # noqa: F401  (registers the recap's printout)
        from surveys.elements import check_element_order

        checks.register(check_element_order)
