"""The audit trail: one function writes every entry (``record``), one removes those past
AUDIT_RETENTION_DAYS (``prune``). Apps record through ``record`` only; the admin reads the
trail on its own page (accounts.views.audit_log)."""

import datetime
import ipaddress

from django.conf import settings
from django.utils import timezone

from core.clients import client_ip
from core.models import AuditEvent, AuditKind


def record(
    kind: AuditKind,
    *,
    request=None,
    user=None,
    login_name: str = "",
    detail: str = "",
) -> AuditEvent:
    """Write one entry. ``request`` gives the client's address and the page, and, unless
    ``user`` is given, the signed-in user; ``login_name`` defaults to the user's."""
    if user is None and request is not None:
        signed_in = getattr(request, "user", None)
        if signed_in is not None and signed_in.is_authenticated:
            user = signed_in
    if user is not None and not login_name:
        login_name = user.get_username()
    return AuditEvent.objects.create(
        kind=kind,
        user=user,
        login_name=login_name[:150],
        ip_address=_address(request),
        path=request.path[:255] if request is not None else "",
        detail=detail[:500],
    )


def _address(request) -> str | None:
    if request is None:
        return None
    try:
        return str(ipaddress.ip_address(client_ip(request)))
    except ValueError:
        return None


def prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the entries older than AUDIT_RETENTION_DAYS; how many went."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    deleted, _by_model = AuditEvent.objects.filter(at__lt=cutoff).delete()
    return deleted
