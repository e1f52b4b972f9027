"""Self check-in at an SKPD visit through the session's QR code.

The coach shows (or prints) the session's QR. A participant opens it on its phone, signs in
and is marked present with the time; a pegawai of the SKPD who was not listed is added as a
walk-in; a pegawai of another SKPD only when the coaches allow it for this session. The
coaches then confirm or correct the record on the session page (``record_session``).

The code works only while the session's check-in is open: from ``CHECKIN_EARLY`` before the
start (people come early to a venue) until the end, and only while the visit is scheduled.
"""

import datetime
import secrets
from dataclasses import dataclass

import rules
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from bookings.models import Attendance, CoachingSession, RequestStatus, SessionKind
from core import dates
from core.errors import PortalError
from core.history import stamp

CHECKIN_EARLY = datetime.timedelta(minutes=15)


class CheckInError(PortalError):
    """A check-in refused, with the reason in Indonesian."""


def ensure_code(session: CoachingSession) -> str:
    """The session's check-in code, given on first use (sessions made before check-in
    existed, or by bulk seeding, have none yet)."""
    if session.checkin_code is None:
        CoachingSession.objects.filter(pk=session.pk, checkin_code__isnull=True).update(
            checkin_code=secrets.token_urlsafe(16)
        )
        session.checkin_code = (
            CoachingSession.objects.filter(pk=session.pk)
            .values_list("checkin_code", flat=True)
            .get()
        )
    return session.checkin_code


def window(session: CoachingSession) -> tuple[datetime.datetime, datetime.datetime]:
    return session.start - CHECKIN_EARLY, session.end


def is_open(session: CoachingSession, now: datetime.datetime | None = None) -> bool:
    opens, closes = window(session)
    now = now or timezone.now()
    return opens <= now <= closes and session.skpd_request.status == RequestStatus.SCHEDULED


def closed_reason(session: CoachingSession, now: datetime.datetime) -> str:
    """Why a check-in is refused now: the visit is no longer scheduled, or it is not yet or
    no longer its time."""
    if session.skpd_request.status != RequestStatus.SCHEDULED:
        return _("Sesi ini sudah ditutup; check-in tidak dapat dilakukan lagi.")
    opens, closes = window(session)
    if now < opens:
        return _("Check-in dibuka %(day)s pukul %(time)s WITA.") % {
            "day": dates.day(opens),
            "time": f"{timezone.localtime(opens):%H.%M}",
        }
    return _("Check-in sudah ditutup pukul %(time)s WITA, saat sesi berakhir.") % {
        "time": f"{timezone.localtime(closes):%H.%M}"
    }


@dataclass(frozen=True)
class CheckIn:
    attendance: Attendance
    already: bool  # checked in before: nothing changed


@transaction.atomic
def check_in(*, user: User, code: str) -> CheckIn:
    """Mark ``user``'s pegawai present at the session of ``code`` now."""
    session = (
        CoachingSession.objects.select_for_update(of=("self",), no_key=True)
        .select_related("skpd_request__skpd")
        .get(checkin_code=code, kind=SessionKind.SKPD)
    )
    now = timezone.now()
    if not is_open(session, now):
        raise CheckInError(closed_reason(session, now))
    pegawai = getattr(user, "pegawai", None)
    if pegawai is None or not pegawai.is_active:
        raise CheckInError(
            _("Check-in hanya untuk ASN yang terdaftar. Mintalah coach mencatat kehadiran Anda.")
        )
    attendance = session.attendance.filter(pegawai=pegawai).first()
    if attendance is not None and attendance.checked_in_at is not None:
        return CheckIn(attendance, already=True)
    if attendance is None:
        same_skpd = pegawai.skpd_id == session.skpd_request.skpd_id
        if not (same_skpd or session.checkin_other_skpd):
            raise CheckInError(
                _(
                    "Anda tidak terdaftar sebagai peserta sesi ini dan berasal dari SKPD lain. "
                    "Mintalah coach mengizinkan peserta dari SKPD lain."
                )
            )
        attendance = Attendance(session=session, pegawai=pegawai, walk_in=True)
    # Already recorded present by a coach: the check-in only adds the time.
    attendance.confirmed = attendance.confirmed and attendance.present is True
    attendance.present = True
    attendance.checked_in_at = now
    stamp(attendance, user, _("Check-in mandiri"))
    attendance.save()
    return CheckIn(attendance, already=False)


@transaction.atomic
def allow_other_skpd(*, actor: User, session: CoachingSession, allow: bool) -> None:
    """The coaches open (or close) the check-in to pegawai of other SKPD."""
    session = (
        CoachingSession.objects.select_for_update(of=("self",), no_key=True)
        .select_related("skpd_request")
        .get(pk=session.pk)
    )
    if not rules.has_perm("bookings.hold_session", actor, session.skpd_request):
        raise CheckInError(_("Hanya coach yang ditugaskan yang mengatur check-in sesi ini."))
    if session.skpd_request.status != RequestStatus.SCHEDULED:
        raise CheckInError(_("Sesi ini sudah ditutup; check-in tidak dapat dilakukan lagi."))
    if session.checkin_other_skpd != allow:
        session.checkin_other_skpd = allow
        stamp(session, actor)
        session.save(update_fields=["checkin_other_skpd"])
