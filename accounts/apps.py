from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Akun, pegawai dan SKPD")

    def ready(self):
        from django.core import checks

        from accounts import panels  # noqa: F401  (registers this app's panels)
        from accounts.checks import check_second_factor_required

        checks.register(check_second_factor_required, checks.Tags.security, deploy=True)
