"""Who may see and change which slots and bookings."""

import rules
from django.db.models import QuerySet

from accounts.models import Skpd, User
from accounts.rules import (
    is_admin,
    is_asn,
    is_bkpsdm_staff,
    is_coaching_team,
    is_kepala_bidang,
    is_kepala_bkpsdm,
    owns_record_of,
)
from bookings.models import Booking, SkpdRequest


@rules.predicate
def owns_booking(user: User, booking: Booking | None) -> bool:
    return booking is not None and owns_record_of(user, booking.pegawai_id)


@rules.predicate
def coaches_booking(user: User, booking: Booking | None) -> bool:
    return booking is not None and user.is_authenticated and booking.slot.coach_id == user.pk


@rules.predicate
def is_kasubag_of_any(user: User) -> bool:
    return user.is_authenticated and bool(user.kasubag_skpd_ids)


@rules.predicate
def is_kasubag_of_request(user: User, target: SkpdRequest | Skpd | None) -> bool:
    """The Kasubag Umum of the SKPD (or of the request's SKPD)."""
    if target is None or not user.is_authenticated:
        return False
    skpd_id = target.pk if isinstance(target, Skpd) else target.skpd_id
    return skpd_id in user.kasubag_skpd_ids


@rules.predicate
def is_assigned_coach(user: User, request: SkpdRequest | None) -> bool:
    if request is None or not user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    return session is not None and session.coaches.filter(pk=user.pk).exists()


rules.add_perm("bookings.book", is_asn)
rules.add_perm("bookings.submit_request", is_kasubag_of_request)
rules.add_perm("bookings.edit_request", is_kasubag_of_request)
rules.add_perm("bookings.dispose_request", is_kepala_bkpsdm)
rules.add_perm("bookings.hold_session", is_assigned_coach | is_kepala_bidang)
# The visit's report approved (reports.services.approve_report) closes the request.
rules.add_perm("bookings.close_reported", is_kepala_bidang)
rules.add_perm("bookings.list_requests", is_kasubag_of_any | is_bkpsdm_staff)
rules.add_perm("bookings.manage_slots", is_coaching_team | is_admin)
rules.add_perm(
    "bookings.view_agenda", is_coaching_team | is_kepala_bkpsdm | is_kepala_bidang | is_admin
)
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


def visible_requests(user: User) -> QuerySet[SkpdRequest]:
    """The request letters ``user`` may open: its SKPD's, or all for BKPSDM."""
    if not user.is_authenticated:
        return SkpdRequest.objects.none()
    if is_bkpsdm_staff(user):
        return SkpdRequest.objects.all()
    return SkpdRequest.objects.filter(skpd_id__in=user.kasubag_skpd_ids)
