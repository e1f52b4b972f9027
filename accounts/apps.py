from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Akun, pegawai dan SKPD")

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.core import checks
        from django.db.models.signals import post_delete, post_save, pre_save
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from accounts import (
            audit,
            panels,  # noqa: F401  (registers this app's panels)
        )
        from accounts.checks import check_second_factor_required
        from accounts.middleware import start_session
        from accounts.models import Pegawai, RecoveryCodeDevice, RoleAssignment, Skpd, User
        from accounts.throttle import count_failed_login
        from accounts.user_cache import row_before_save, row_deleted, row_saved

        # The audit trail (accounts/audit.py); a failure is recorded before the address
        # limit it may reach.
        user_logged_in.connect(audit.logged_in, dispatch_uid="audit_login")
        user_login_failed.connect(audit.login_failed, dispatch_uid="audit_login_failed")
        user_locked_out.connect(audit.locked_out, dispatch_uid="audit_locked_out")
        post_save.connect(audit.role_saved, sender=RoleAssignment, dispatch_uid="audit_role")
        post_delete.connect(audit.role_deleted, sender=RoleAssignment, dispatch_uid="audit_role")
        pre_save.connect(audit.superuser_before, sender=User, dispatch_uid="audit_admin")
        post_save.connect(audit.superuser_after, sender=User, dispatch_uid="audit_admin")
        user_login_failed.connect(count_failed_login, dispatch_uid="throttle_failures")
        user_logged_in.connect(start_session, dispatch_uid="start_session")
        # What a signed-in user is loaded with: a change renews the kept users holding it
        # (accounts/user_cache.py).
        for model in (User, Pegawai, Skpd, RoleAssignment, TOTPDevice, RecoveryCodeDevice):
            post_save.connect(row_saved, sender=model, dispatch_uid="user_cache")
            post_delete.connect(row_deleted, sender=model, dispatch_uid="user_cache")
        for model in (Pegawai, RoleAssignment, TOTPDevice, RecoveryCodeDevice):
            pre_save.connect(row_before_save, sender=model, dispatch_uid="user_cache")
        checks.register(check_second_factor_required, checks.Tags.security, deploy=True)
