from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = _("Jadwal dan sesi coaching")

    def ready(self):
        from bookings import (
            development,  # noqa: F401  (registers the certificates' printout)
            panels,  # noqa: F401  (registers this app's panels)
        )
        from bookings.visits import pdf  # noqa: F401  (registers the visits' printouts)
