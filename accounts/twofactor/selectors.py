"""What the "Keamanan akun" page shows of a user's second factor."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from accounts.models import RecoveryCode, SecondFactorEvent, SecondFactorEventKind, User
from accounts.twofactor.policy import is_enrolled, is_required


@dataclass(frozen=True)
class Overview:
    required: bool
    enrolled: bool
    # When it was turned on (the latest time, after a reset or turning off).
    enabled_at: datetime | None
    recovery_codes_left: int


def overview(user: User) -> Overview:
    enrolled = is_enrolled(user)
    enabled = None
    codes_left = 0
    if enrolled:
        enabled = (
            SecondFactorEvent.objects.filter(user=user, kind=SecondFactorEventKind.ENABLED)
            .values_list("created_at", flat=True)
            .first()
        )
        codes_left = RecoveryCode.objects.filter(device__user=user, used_at__isnull=True).count()
    return Overview(
        required=is_required(user),
        enrolled=enrolled,
        enabled_at=enabled,
        recovery_codes_left=codes_left,
    )


def recent_events(user: User, limit: int = 10) -> QuerySet[SecondFactorEvent]:
    return SecondFactorEvent.objects.filter(user=user).select_related("actor__pegawai")[:limit]
