"""What the accounts app writes into the audit trail (core.audit): logins, failed logins,
lockouts, and roles given, changed and taken away (the Admin role is the superuser flag).
Connected to their signals in AccountsConfig.ready()."""

from django.conf import settings
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from accounts.backends import axes_username
from accounts.models import RoleAssignment, User
from core import audit
from core.models import AuditKind


def logged_in(sender, request, user, **kwargs) -> None:
    audit.record(AuditKind.LOGIN, request=request, user=user)


def login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Refused by the address limit without a password check: its lockout is recorded once.
    if getattr(request, "login_refused_for_address", False):
        return
    name = axes_username(request, credentials)
    account = User.objects.filter(username=name).first() if name else None
    detail = _("saat nama ini ditahan") if _refused_by_axes(request) else ""
    audit.record(
        AuditKind.LOGIN_FAILED, request=request, user=account, login_name=name, detail=detail
    )


def _refused_by_axes(request) -> bool:
    """The name was locked at this address already: axes' backend refused the attempt."""
    failures = getattr(request, "axes_failures_since_start", None)
    return getattr(request, "axes_locked_out", False) and (
        failures is None or failures > settings.AXES_FAILURE_LIMIT
    )


def locked_out(sender, request, username, ip_address, **kwargs) -> None:
    """django-axes locked a name at an address. Axes says so again at every attempt while
    it stays locked; the lockout is the attempt that reached the limit, the others are
    failed logins ("saat nama ini ditahan")."""
    if getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT:
        return
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    audit.record(
        AuditKind.LOCKOUT,
        request=request,
        user=User.objects.filter(username=username).first(),
        login_name=username or "",
        detail=_(
            "%(failures)d kali gagal dengan nama ini dari alamat ini; ditahan %(minutes)d menit"
        )
        % {"failures": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
    )


def address_held(request, *, failures: int, minutes: int) -> None:
    """The address limit of accounts.throttle was reached."""
    audit.record(
        AuditKind.LOCKOUT,
        request=request,
        user=None,
        detail=_(
            "%(failures)d kali gagal masuk dari alamat ini, dengan nama apa pun; upaya masuk "
            "dari alamat ini ditahan %(minutes)d menit"
        )
        % {"failures": failures, "minutes": minutes},
    )


def _changer():
    """The request that is changing a role, as HistoryRequestMiddleware keeps it (the
    admin's page, a service called from a view), or None (a command, the shell)."""
    return getattr(HistoricalRecords.context, "request", None)


def _role_of(assignment: RoleAssignment) -> str:
    holder = assignment.user
    return _("%(role)s untuk %(name)s (%(login)s)") % {
        "role": str(assignment),
        "name": holder.display_name,
        "login": holder.username,
    }


def role_saved(sender, instance: RoleAssignment, created: bool, raw=False, **kwargs) -> None:
    if raw:
        return
    kind = AuditKind.ROLE_GRANTED if created else AuditKind.ROLE_CHANGED
    audit.record(kind, request=_changer(), detail=_role_of(instance))


def role_deleted(sender, instance: RoleAssignment, **kwargs) -> None:
    audit.record(AuditKind.ROLE_REVOKED, request=_changer(), detail=_role_of(instance))


def superuser_before(sender, instance: User, raw=False, update_fields=None, **kwargs) -> None:
    """Remember whether an account was an Admin before it is saved (one query, and none
    when the save names its fields without the flag, as a login's does)."""
    if raw or instance.pk is None or (update_fields and "is_superuser" not in update_fields):
        instance._was_superuser = None
        return
    instance._was_superuser = (
        User.objects.filter(pk=instance.pk).values_list("is_superuser", flat=True).first()
    )


def superuser_after(sender, instance: User, created: bool, raw=False, **kwargs) -> None:
    before = False if created else getattr(instance, "_was_superuser", None)
    if raw or before is None or before == instance.is_superuser:
        return
    kind = AuditKind.ROLE_GRANTED if instance.is_superuser else AuditKind.ROLE_REVOKED
    detail = _("Admin untuk %(name)s (%(login)s)") % {
        "name": instance.display_name,
        "login": instance.username,
    }
    audit.record(kind, request=_changer(), detail=detail)
