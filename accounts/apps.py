from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Akun, pegawai dan SKPD")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from accounts import panels  # noqa: F401  (registers this app's panels)
        from accounts.middleware import start_session
        from accounts.throttle import count_failed_login

        user_login_failed.connect(count_failed_login, dispatch_uid="throttle_failures")
        user_logged_in.connect(start_session, dispatch_uid="start_session")
