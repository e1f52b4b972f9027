"""Who may see and change which slots and bookings."""

import rules
from django.db.models import QuerySet

from accounts.models import User
from accounts.rules import is_admin, is_asn, is_coaching_team, is_kepala_bidang
from bookings.models import Booking


@rules.predicate
def owns_booking(user: User, booking: Booking | None) -> bool:
    pegawai = getattr(user, "pegawai", None) if user.is_authenticated else None
    return booking is not None and pegawai is not None and booking.pegawai_id == pegawai.pk


@rules.predicate
def coaches_booking(user: User, booking: Booking | None) -> bool:
    return booking is not None and user.is_authenticated and booking.slot.coach_id == user.pk


rules.add_perm("bookings.book", is_asn)
rules.add_perm("bookings.manage_slots", is_coaching_team | is_admin)
rules.add_perm("bookings.view_agenda", is_coaching_team | is_admin)
rules.add_perm("bookings.open_booking", owns_booking | is_coaching_team | is_admin)
rules.add_perm("bookings.record_attendance", coaches_booking | is_kepala_bidang | is_admin)


def visible_bookings(user: User) -> QuerySet[Booking]:
    """The bookings ``user`` may open: its own; every one for the coaching team."""
    if not user.is_authenticated:
        return Booking.objects.none()
    if is_coaching_team(user) or is_admin(user):
        return Booking.objects.all()
    pegawai = getattr(user, "pegawai", None)
    if pegawai is None:
        return Booking.objects.none()
    return Booking.objects.filter(pegawai=pegawai)
