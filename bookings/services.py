"""Every change to slots, bookings and the waiting list.

Races are settled by PostgreSQL: booking locks the slot's row, so bookers of one slot queue
up and the count of taken places is read under the lock; "one active booking per ASN" is a
partial unique constraint; a coach's overlapping slots are an exclusion constraint.
"""

import datetime
from dataclasses import dataclass

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import Pegawai, User
from accounts.notifications import notify
from bookings.calendar import booking_ics
from bookings.models import (
    Attendance,
    Booking,
    BookingStatus,
    CalendarFeed,
    Closure,
    CoachCommitment,
    CoachingSession,
    Place,
    SessionKind,
    Slot,
    WaitlistEntry,
    WaitlistStatus,
    new_feed_token,
)
from bookings.selectors import TAKEN_PLACES, on_closed_day, owns_skp
from core import dates
from core.compiled import CompiledQuery
from core.errors import PortalError
from core.history import stamp
from core.mail import absolute_url, send_portal_mail
from core.uploads import content_matches, extension_of


class BookingError(PortalError):
    """A refused change, with its reason in Indonesian; ``code`` tells views what to offer."""


def rule(name: str) -> int:
    return settings.BOOKING_RULES[name]


def booking_closes_at(slot: Slot) -> datetime.datetime:
    return slot.start - datetime.timedelta(hours=rule("BOOKING_CLOSES_HOURS"))


def changes_close_at(slot: Slot) -> datetime.datetime:
    return slot.start - datetime.timedelta(hours=rule("CHANGE_CLOSES_HOURS"))


# Locks -------------------------------------------------------------------------------------
# Every change takes its locks in one order — the ASN's pegawai row, then the slots involved in
# ascending id — so that two changes touching the same rows queue instead of deadlocking. The
# locks only make writers queue: they change no key (FOR NO KEY UPDATE), so another
# transaction's foreign-key checks on the same rows never wait for them (those checks run at
# the commit, beside the renewal of the open slots' version: tests/bookings/test_concurrency.py).


# The reads every booking, cancellation and move makes: compiled once (core/compiled.py).
_PEGAWAI_LOCK = CompiledQuery(
    lambda pegawai_id: (
        Pegawai.objects.select_for_update(no_key=True).filter(pk=pegawai_id).values_list("pk")[:1]
    ),
    pegawai_id=int,
)
_PLACES_TAKEN = CompiledQuery(
    lambda slot_id: (
        Slot.objects.filter(pk=slot_id)
        .order_by()
        .annotate(taken=TAKEN_PLACES)
        .values_list("taken", flat=True)
    ),
    slot_id=int,
)


def _lock_pegawai(pegawai: Pegawai) -> None:
    _PEGAWAI_LOCK.rows(pegawai_id=pegawai.pk)


def _taken_places(slot: Slot) -> int:
    """The places of ``slot`` booked now (read under its lock: ``_lock_slots``)."""
    return _PLACES_TAKEN.first(slot_id=slot.pk)


def _slots_locked():
    """Slots locked for the rest of the transaction, with their place and coach, and
    whether the office is closed on their day (``closed_day``, WITA), read with them."""
    return (
        Slot.objects.select_for_update(of=("self",), no_key=True)
        .select_related("place", "coach__pegawai")
        .annotate(closed_day=on_closed_day())
    )


# The one slot that a booking, a wait or a change of one booking locks: compiled once.
_SLOT_LOCK = CompiledQuery(
    lambda slot_id: _slots_locked().filter(pk=slot_id), by_id=True, slot_id=int
)


def _lock_slots(*slot_ids: int) -> dict[int, Slot]:
    """The slots of ``slot_ids`` that exist, locked in ascending id, with their place and
    coach (a slot id may come from a URL: one beyond any row is none)."""
    if len(slot_ids) == 1:
        found = _SLOT_LOCK.rows(slot_id=slot_ids[0])
    else:
        found = _slots_locked().filter(pk__in=slot_ids).order_by("pk")
    return {slot.pk: slot for slot in found}


# Drafts ------------------------------------------------------------------------------------

DRAFT_KINDS = ("pdf", "docx", "xlsx")


def check_draft(uploaded) -> str:
    """The draft's kind (pdf, docx or xlsx) read from its content, not its name; raises
    BookingError with the reason otherwise."""
    if uploaded.size > rule("DRAFT_MAX_BYTES"):
        raise BookingError(
            _("Berkas draf lebih dari %(size)d MB.")
            % {"size": rule("DRAFT_MAX_BYTES") // (1024 * 1024)},
            code="draft",
        )
    extension = extension_of(uploaded)
    if extension not in DRAFT_KINDS:
        raise BookingError(_("Draf harus berkas .xlsx, .docx atau .pdf."), code="draft")
    if not content_matches(uploaded, extension):
        raise BookingError(
            _("Isi berkas tidak sesuai dengan jenisnya (.%(ext)s). Unggah draf yang asli.")
            % {"ext": extension},
            code="draft",
        )
    return extension


# Booking ----------------------------------------------------------------------------------


def _open_slot_for(slot: Slot, pegawai: Pegawai, now: datetime.datetime) -> None:
    """Refuse, with the reason, a slot that cannot be booked now."""
    if slot.is_cancelled:
        raise BookingError(_("Slot ini dibatalkan oleh Tim Coaching."), code="closed")
    if slot.start > now + datetime.timedelta(days=rule("HORIZON_DAYS")):
        raise BookingError(
            _("Slot ini belum dibuka: pemesanan dibuka %(days)d hari sebelumnya.")
            % {"days": rule("HORIZON_DAYS")},
            code="closed",
        )
    if now >= booking_closes_at(slot):
        raise BookingError(
            _("Pemesanan slot ini sudah ditutup (paling lambat %(hours)d jam sebelum mulai).")
            % {"hours": rule("BOOKING_CLOSES_HOURS")},
            code="closed",
        )
    if slot.closed_day:
        raise BookingError(_("Kantor tutup pada hari itu."), code="closed")
    if not pegawai.is_active:
        raise PermissionDenied


def _create_booking(
    *,
    slot: Slot,
    pegawai: Pegawai,
    jenjang: str,
    topic: str,
    actor: User | None,
    draft=None,
    draft_name: str = "",
    skp_id: int | None = None,
    rescheduled_from: Booking | None = None,
    savepoint: bool = True,
) -> Booking:
    """Take a place in a slot already locked by the caller. ``savepoint=False`` for a
    caller that lets the refusal out of its own transaction (``@transaction.atomic``), which
    then rolls back whole, or to its own savepoint when it runs inside another's: the insert
    needs no savepoint of its own to come back from, two round trips less."""
    if _taken_places(slot) >= slot.capacity:
        raise BookingError(_("Slot ini sudah penuh. Anda dapat masuk daftar tunggu."), code="full")
    booking = Booking(
        slot=slot,
        pegawai=pegawai,
        jenjang=jenjang,
        topic=topic,
        draft_name=draft_name,
        skp_id=skp_id,
        rescheduled_from=rescheduled_from,
    )
    if draft is not None and not hasattr(draft, "read"):
        booking.draft = draft  # a stored file carried over from a rescheduled booking
    stamp(booking, actor, _("Dipesan"))
    try:
        with transaction.atomic(savepoint=savepoint):
            booking.save()
    except IntegrityError as error:
        raise BookingError(
            _(
                "Anda sudah punya jadwal coaching yang aktif. Batalkan atau jadwalkan ulang "
                "jadwal itu dulu."
            ),
            code="has_active",
        ) from error
    if draft is not None and hasattr(draft, "read"):
        # Written only once the place is taken: a refused booking leaves no file behind.
        booking.draft.save(draft.name, draft, save=False)
        stamp(booking, actor, _("Draf SKP dilampirkan"))
        booking.save(update_fields=["draft"])
    return booking


@transaction.atomic
def attach_draft(
    *, pegawai: Pegawai, booking_id: int, draft, now: datetime.datetime | None = None
) -> Booking:
    """The ASN attaches its draft to a booking after booking it ("boleh menyusul"), or
    replaces the one attached, until changes close before the session; the same checks as
    at booking."""
    now = now or timezone.now()
    booking = (
        Booking.objects.select_for_update(of=("self",), no_key=True)
        .select_related("slot")
        .get(pk=booking_id, pegawai=pegawai)
    )
    if not booking.is_active:
        raise BookingError(_("Draf hanya dapat dilampirkan pada jadwal yang masih aktif."))
    closes = changes_close_at(booking.slot)
    if now >= closes:
        raise BookingError(
            _("Draf dapat dilampirkan sampai %(when)s; bawa saja ke sesi.")
            % {"when": dates.day_and_time(closes)}
        )
    check_draft(draft)
    replaced = bool(booking.draft)
    booking.draft.save(draft.name, draft, save=False)
    booking.draft_name = draft.name[:255]
    stamp(booking, pegawai.user, _("Draf SKP diganti") if replaced else _("Draf SKP dilampirkan"))
    booking.save(update_fields=["draft", "draft_name"])
    return booking


@transaction.atomic
def book_slot(
    *,
    pegawai: Pegawai,
    slot_id: int,
    jenjang: str,
    topic: str,
    draft=None,
    skp_id: int | None = None,
    now: datetime.datetime | None = None,
) -> Booking:
    """An ASN books a place in a slot, optionally bringing its draft SKP (a file, or its SKP
    in the portal); confirmed by e-mail with a calendar file."""
    now = now or timezone.now()
    _lock_pegawai(pegawai)
    # The row lock queues every booker of this slot: the count below is read by one at a time.
    slot = _lock_slots(slot_id).get(slot_id)
    if slot is None:
        raise Slot.DoesNotExist
    _open_slot_for(slot, pegawai, now)
    draft_name = ""
    if draft is not None:
        check_draft(draft)
        draft_name = draft.name[:255]
    if skp_id is not None and not owns_skp(pegawai, skp_id):
        raise BookingError(_("Pilih SKP Anda sendiri."), code="skp")
    booking = _create_booking(
        slot=slot,
        pegawai=pegawai,
        jenjang=jenjang,
        topic=topic,
        actor=pegawai.user,
        draft=draft,
        draft_name=draft_name,
        skp_id=skp_id,
        savepoint=False,
    )
    _confirm(booking, "bookings/email/booked")
    return booking


@transaction.atomic
def cancel_booking(
    *, pegawai: Pegawai, booking_id: int, now: datetime.datetime | None = None
) -> Booking:
    now = now or timezone.now()
    _lock_pegawai(pegawai)
    booking = _changeable(pegawai, booking_id, now)
    _lock_slots(booking.slot_id)
    booking.status = BookingStatus.CANCELLED
    stamp(booking, pegawai.user, _("Dibatalkan oleh ASN"))
    booking.save()
    _confirm(booking, "bookings/email/cancelled")  # with the event that cancels it
    slot = booking.slot
    notify(
        [slot.coach],
        text=_("%(asn)s membatalkan sesi coaching individual %(when)s.")
        % {"asn": pegawai.name, "when": dates.day_and_time(slot.start)},
        link=reverse("bookings:agenda")
        + f"?tampilan=hari&tanggal={timezone.localdate(slot.start):%Y-%m-%d}",
    )
    _fill_freed_places(booking.slot_id, now)
    return booking


@transaction.atomic
def reschedule_booking(
    *,
    pegawai: Pegawai,
    booking_id: int,
    new_slot_id: int,
    now: datetime.datetime | None = None,
) -> Booking:
    """Move a booking to another slot: the old place frees only if the new one is taken."""
    now = now or timezone.now()
    _lock_pegawai(pegawai)
    old = _changeable(pegawai, booking_id, now)
    if new_slot_id == old.slot_id:
        raise BookingError(_("Pilih slot lain dari jadwal Anda sekarang."))
    slot = _lock_slots(old.slot_id, new_slot_id).get(new_slot_id)
    if slot is None:
        raise BookingError(_("Pilih salah satu slot yang tersedia."))
    _open_slot_for(slot, pegawai, now)
    old.status = BookingStatus.RESCHEDULED
    stamp(old, pegawai.user, _("Dijadwal ulang oleh ASN"))
    old.save()
    new = _create_booking(
        slot=slot,
        pegawai=pegawai,
        jenjang=old.jenjang,
        topic=old.topic,
        actor=pegawai.user,
        draft=old.draft or None,
        draft_name=old.draft_name,
        skp_id=old.skp_id,
        rescheduled_from=old,
    )
    _fill_freed_places(old.slot_id, now)
    _confirm(new, "bookings/email/rescheduled")
    return new


@transaction.atomic
def move_booking_aside(
    *, actor: User, booking_id: int, reason: str, now: datetime.datetime | None = None
) -> Booking:
    """The team moves an ASN's booking out of the way (its coach is wanted at an SKPD
    visit then): the ASN keeps its place in the queue by getting the earliest open slot of
    any coach after it, with its topic and draft, and is told; it may still choose another
    time itself. Refused, with the reason, when no open slot is left."""
    now = now or timezone.now()
    old = (
        Booking.objects.select_for_update(of=("self",), no_key=True)
        .select_related("slot", "pegawai__user")
        .get(pk=booking_id)
    )
    if old.status != BookingStatus.BOOKED or old.slot.start <= now:
        raise BookingError(_("Pemesanan ini tidak aktif lagi."))
    candidates = (
        Slot.objects.filter(is_cancelled=False, start__gt=old.slot.end)
        .exclude(coach_id=old.slot.coach_id, start__date=timezone.localdate(old.slot.start))
        .annotate(
            taken=Count("bookings", filter=Q(bookings__status=BookingStatus.BOOKED)),
        )
        .filter(taken__lt=F("capacity"))
        .order_by("start", "pk")
        .values_list("pk", flat=True)[:20]
    )
    for slot_id in candidates:
        slot = _lock_slots(slot_id)[slot_id]
        try:
            with transaction.atomic():
                _open_slot_for(slot, old.pegawai, now)
                old.status = BookingStatus.RESCHEDULED
                stamp(old, actor, reason)
                old.save()
                new = _create_booking(
                    slot=slot,
                    pegawai=old.pegawai,
                    jenjang=old.jenjang,
                    topic=old.topic,
                    actor=actor,
                    draft=old.draft or None,
                    draft_name=old.draft_name,
                    skp_id=old.skp_id,
                    rescheduled_from=old,
                )
        except BookingError:
            old.status = BookingStatus.BOOKED  # the savepoint undid it in the database
            continue
        break
    else:
        raise BookingError(
            _(
                "Tidak ada slot kosong untuk memindahkan sesi %(asn)s. Minta coach menerbitkan "
                "jadwal, atau tugaskan coach lain."
            )
            % {"asn": old.pegawai.name}
        )
    _confirm(new, "bookings/email/rescheduled")
    if old.pegawai.user_id:
        notify(
            [old.pegawai.user],
            text=_(
                "Jadwal coaching Anda dipindahkan dari %(before)s ke %(after)s (%(reason)s). "
                "Anda tetap dapat memilih waktu lain."
            )
            % {
                "before": dates.day_and_time(old.slot.start),
                "after": dates.day_and_time(new.slot.start),
                "reason": reason,
            },
            link=reverse("bookings:booking_detail", args=[new.pk]),
            mail=False,  # the rescheduling e-mail above says it, with the calendar event
        )
    return new


def _changeable(pegawai: Pegawai, booking_id: int, now: datetime.datetime) -> Booking:
    booking = (
        Booking.objects.select_for_update(of=("self",), no_key=True)
        .select_related("slot")
        .get(pk=booking_id, pegawai=pegawai)
    )
    if booking.status != BookingStatus.BOOKED:
        raise BookingError(_("Jadwal ini tidak aktif lagi."))
    if now >= changes_close_at(booking.slot):
        raise BookingError(
            _(
                "Jadwal hanya dapat dibatalkan atau dipindah sampai %(hours)d jam sebelum "
                "mulai. Hubungi Tim Coaching."
            )
            % {"hours": rule("CHANGE_CLOSES_HOURS")}
        )
    return booking


def _confirm(booking: Booking, template: str, reason: str = "") -> None:
    email = booking.pegawai.user.email if booking.pegawai.user else booking.pegawai.email
    if not email:
        return
    attachments = []
    if booking.status == BookingStatus.BOOKED:
        attachments.append(("coaching-skp.ics", booking_ics(booking), "text/calendar"))
    elif booking.status == BookingStatus.CANCELLED:  # the phone's calendar drops the event
        attachments.append(
            ("coaching-skp.ics", booking_ics(booking, cancelled=True), "text/calendar")
        )
    send_portal_mail(
        template,
        to=email,
        context={
            "booking": booking,
            "reason": reason,
            "detail_url": absolute_url(reverse("bookings:booking_detail", args=[booking.pk])),
        },
        attachments=attachments,
    )


# Waiting list -------------------------------------------------------------------------------


@transaction.atomic
def join_waitlist(
    *,
    pegawai: Pegawai,
    slot_id: int,
    jenjang: str,
    topic: str,
    now: datetime.datetime | None = None,
) -> WaitlistEntry:
    now = now or timezone.now()
    _lock_pegawai(pegawai)
    slot = _lock_slots(slot_id).get(slot_id)
    if slot is None:
        raise Slot.DoesNotExist
    _open_slot_for(slot, pegawai, now)
    if _taken_places(slot) < slot.capacity:
        raise BookingError(_("Slot ini masih punya tempat: pesan langsung saja."), code="open")
    if Booking.objects.filter(pegawai=pegawai, status=BookingStatus.BOOKED).exists():
        raise BookingError(
            _("Anda sudah punya jadwal aktif; daftar tunggu untuk ASN yang belum punya jadwal."),
            code="has_active",
        )
    entry = WaitlistEntry(slot=slot, pegawai=pegawai, jenjang=jenjang, topic=topic)
    stamp(entry, pegawai.user, _("Masuk daftar tunggu"))
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as error:
        raise BookingError(_("Anda sudah ada di daftar tunggu slot ini.")) from error
    return entry


@transaction.atomic
def leave_waitlist(*, pegawai: Pegawai, entry_id: int) -> None:
    entry = WaitlistEntry.objects.select_for_update(no_key=True).get(pk=entry_id, pegawai=pegawai)
    if entry.status == WaitlistStatus.WAITING:
        entry.status = WaitlistStatus.LEFT
        stamp(entry, pegawai.user, _("Keluar dari daftar tunggu"))
        entry.save()


def _fill_freed_places(slot_id: int, now: datetime.datetime) -> None:
    """Give freed places to the first in line who can still take them, and tell them."""
    slot = _lock_slots(slot_id)[slot_id]
    if slot.is_cancelled or slot.closed_day or now >= booking_closes_at(slot):
        return
    waiting = list(
        slot.waitlist.select_for_update(of=("self",), no_key=True)
        .filter(status=WaitlistStatus.WAITING)
        .select_related("pegawai__user")
        .order_by("created_at", "pk")
    )
    for entry in waiting:
        if _taken_places(slot) >= slot.capacity:
            return
        if not entry.pegawai.is_active:
            entry.status = WaitlistStatus.LEFT
            stamp(entry, None, _("Pegawai tidak aktif"))
            entry.save()
            continue
        # Someone changing their own booking right now holds their row: pass them over this
        # time (they stay in line) rather than wait on them and risk a deadlock.
        if not (
            Pegawai.objects.select_for_update(skip_locked=True, no_key=True)
            .filter(pk=entry.pegawai_id)
            .exists()
        ):
            continue
        try:
            booking = _create_booking(
                slot=slot,
                pegawai=entry.pegawai,
                jenjang=entry.jenjang,
                topic=entry.topic,
                actor=None,
            )
        except BookingError:
            # Booked elsewhere meanwhile: this place goes to the next in line.
            entry.status = WaitlistStatus.LEFT
            stamp(entry, None, _("Sudah punya jadwal lain"))
            entry.save()
            continue
        entry.status = WaitlistStatus.PLACED
        stamp(entry, None, _("Mendapat tempat yang kosong"))
        entry.save()
        _confirm(booking, "bookings/email/waitlist_placed")


# The coaching team --------------------------------------------------------------------------


@dataclass
class PublishResult:
    created: int
    skipped_closed: int
    skipped_taken: int


@transaction.atomic
def publish_slots(
    *,
    coach: User,
    first_day: datetime.date,
    last_day: datetime.date,
    weekdays: list[int],
    start_time: datetime.time,
    end_time: datetime.time,
    session_minutes: int,
    place: Place,
    capacity: int = 1,
    break_start: datetime.time | None = None,
    break_end: datetime.time | None = None,
    now: datetime.datetime | None = None,
) -> PublishResult:
    """A coach's weekly pattern (e.g. Monday–Thursday 08.30–15.00, 60-minute sessions, a
    break) turned into slots for the days from ``first_day`` to ``last_day``. Closed days,
    past times and times the coach already has are left out."""
    if not rules.has_perm("bookings.manage_slots", coach):
        raise PermissionDenied
    # One publication per coach at a time: a double click must not collide with itself.
    User.objects.select_for_update(no_key=True).filter(pk=coach.pk).values_list("pk").first()
    now = now or timezone.now()
    closed = set(
        Closure.objects.filter(date__range=(first_day, last_day)).values_list("date", flat=True)
    )
    wanted, skipped_closed = [], 0
    day = first_day
    while day <= last_day:
        if day.isoweekday() in weekdays:
            if day in closed:
                skipped_closed += 1
            else:
                wanted += day_slots(
                    day, start_time, end_time, session_minutes, break_start, break_end
                )
        day += datetime.timedelta(days=1)
    wanted = [(start, end) for start, end in wanted if start > now]

    # Everything already in the coach's time: its slots and its SKPD sessions alike.
    existing = list(
        CoachCommitment.objects.filter(
            coach=coach,
            start__lt=max((end for _s, end in wanted), default=now),
            end__gt=min((start for start, _e in wanted), default=now),
        ).values_list("start", "end")
    )
    fresh = [
        Slot(coach=coach, start=start, end=end, place=place, capacity=capacity)
        for start, end in wanted
        if not any(start < other_end and end > other_start for other_start, other_end in existing)
    ]
    bulk_create_with_history(
        fresh, Slot, default_user=coach, default_change_reason=_("Diterbitkan")
    )
    try:
        with transaction.atomic():
            CoachCommitment.objects.bulk_create(
                [CoachCommitment(coach=coach, start=s.start, end=s.end, slot=s) for s in fresh]
            )
    except IntegrityError as error:
        # An SKPD session of this coach falls in the pattern's times.
        raise BookingError(
            _("Sebagian waktu itu sudah terisi sesi coaching di SKPD. Pilih rentang lain.")
        ) from error
    return PublishResult(len(fresh), skipped_closed, len(wanted) - len(fresh))


def day_slots(day, start_time, end_time, minutes, break_start, break_end):
    """The (start, end) of each session of one day of a weekly pattern, around the break."""
    zone = timezone.get_current_timezone()
    length = datetime.timedelta(minutes=minutes)
    cursor = datetime.datetime.combine(day, start_time, tzinfo=zone)
    finish = datetime.datetime.combine(day, end_time, tzinfo=zone)
    pause = None
    if break_start and break_end:
        pause = (
            datetime.datetime.combine(day, break_start, tzinfo=zone),
            datetime.datetime.combine(day, break_end, tzinfo=zone),
        )
    slots = []
    while cursor + length <= finish:
        end = cursor + length
        if pause and cursor < pause[1] and end > pause[0]:
            cursor = max(cursor, pause[1])
            continue
        slots.append((cursor, end))
        cursor = end
    return slots


@transaction.atomic
def record_attendance(
    *,
    actor: User,
    booking_id: int,
    attended: bool,
    notes: str,
    now: datetime.datetime | None = None,
) -> Booking:
    """The coach marks a booking attended (it becomes an individual CoachingSession with its
    attendance) or no-show, with notes."""
    now = now or timezone.now()
    booking = (
        Booking.objects.select_for_update(of=("self",), no_key=True)
        .select_related("slot__place", "pegawai")
        .get(pk=booking_id)
    )
    if not rules.has_perm("bookings.record_attendance", actor, booking):
        raise PermissionDenied
    if booking.status != BookingStatus.BOOKED:
        raise BookingError(_("Kehadiran jadwal ini sudah dicatat atau jadwalnya tidak aktif."))
    if now < booking.slot.start:
        raise BookingError(_("Kehadiran dicatat setelah sesi dimulai."))
    booking.status = BookingStatus.ATTENDED if attended else BookingStatus.NO_SHOW
    booking.coach_notes = notes
    stamp(booking, actor, booking.get_status_display())
    booking.save()
    if attended:
        slot = booking.slot
        session = CoachingSession(
            kind=SessionKind.INDIVIDUAL,
            start=slot.start,
            end=slot.end,
            place=str(slot.place),
            booking=booking,
            notes=notes,
        )
        stamp(session, actor)
        session.save()
        session.coaches.add(slot.coach_id)
        attendance = Attendance(session=session, pegawai=booking.pegawai, present=True)
        stamp(attendance, actor)
        attendance.save()
        if booking.skp_id:
            # The draft brought to the booking is one worked on in the session.
            session.drafts.add(booking.skp_id)
    return booking


def send_reminders(*, now: datetime.datetime | None = None) -> int:
    """E-mail every ASN whose coaching is tomorrow (WITA), once: the booking is marked in the
    same transaction, and rows another run holds are skipped."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    sent = 0
    with transaction.atomic():
        due = (
            Booking.objects.select_for_update(of=("self",), no_key=True, skip_locked=True)
            .select_related("slot__place", "slot__coach__pegawai", "pegawai__user")
            .filter(
                status=BookingStatus.BOOKED,
                reminder_sent_at__isnull=True,
                slot__start__date=tomorrow,
                slot__is_cancelled=False,
            )
            .exclude(on_closed_day("slot__start"))
        )
        for booking in due:
            booking.reminder_sent_at = now
            stamp(booking, None, _("Pengingat dikirim"))
            booking.save(update_fields=["reminder_sent_at"])
            _confirm(booking, "bookings/email/reminder")
            sent += 1
    return sent


@transaction.atomic
def cancel_slot(*, actor: User | None, slot_id: int, reason: str) -> int:
    """The team cancels a slot (or a closure falls on its day): its bookings are cancelled
    with an e-mail, its waiting list closed. Returns how many ASN were told."""
    slot = _lock_slots(slot_id)[slot_id]
    if not slot.is_cancelled:
        slot.is_cancelled = True
        stamp(slot, actor, reason)
        slot.save(update_fields=["is_cancelled"])
        CoachCommitment.objects.filter(slot=slot).delete()
    for entry in slot.waitlist.select_for_update(no_key=True).filter(status=WaitlistStatus.WAITING):
        entry.status = WaitlistStatus.LEFT
        stamp(entry, actor, reason)
        entry.save()
    told = 0
    bookings = slot.bookings.select_for_update(of=("self",), no_key=True).select_related(
        "pegawai__user", "slot__place", "slot__coach__pegawai"
    )
    for booking in bookings.filter(status=BookingStatus.BOOKED):
        booking.status = BookingStatus.CANCELLED
        stamp(booking, actor, reason)
        booking.save()
        _confirm(booking, "bookings/email/slot_cancelled", reason=reason)
        if booking.pegawai.user_id:
            notify(
                [booking.pegawai.user],
                text=_(
                    "Jadwal coaching Anda pada %(when)s di %(place)s dibatalkan oleh BKPSDM: "
                    "%(reason)s Silakan pilih jadwal lain."
                )
                % {
                    "when": dates.day_and_time(slot.start),
                    "place": slot.place.name,
                    "reason": reason,
                },
                link=reverse("bookings:open_slots"),
                mail=False,  # the e-mail above says it, with the details
            )
        told += 1
    return told


@transaction.atomic
def withdraw_slot(*, actor: User, slot_id: int, reason: str = "") -> int:
    """A coach takes back one of its own slots: an open one is withdrawn; a booked one only
    with a reason, which its ASN are mailed. Checked under the slot's lock, so a booking
    made a moment before is not cancelled without one. Returns how many ASN were told."""
    slot = _lock_slots(slot_id).get(slot_id)
    if slot is None or slot.is_cancelled or (slot.coach_id != actor.pk and not actor.is_superuser):
        raise BookingError(_("Slot ini tidak ada di jadwal Anda."))
    if slot.start <= timezone.now():
        raise BookingError(_("Slot yang sudah dimulai tidak dapat ditarik."))
    booked = slot.bookings.filter(status=BookingStatus.BOOKED).exists()
    reason = (reason or "").strip()
    if booked and not reason:
        raise BookingError(_("Slot ini sudah dipesan: tuliskan alasan pembatalan untuk ASN."))
    return cancel_slot(actor=actor, slot_id=slot_id, reason=reason or _("Ditarik oleh coach"))


def cancel_slots_on(*, actor: User | None, day: datetime.date, reason: str) -> int:
    """A closure added for ``day``: cancel every slot that day."""
    told = 0
    for slot_id in Slot.objects.filter(start__date=day, is_cancelled=False).values_list(
        "pk", flat=True
    ):
        told += cancel_slot(actor=actor, slot_id=slot_id, reason=reason)
    return told


def calendar_feed(coach: User, *, reset: bool = False) -> CalendarFeed:
    """The coach's calendar subscription, made on first use; ``reset`` gives it a new
    secret address (the old one answers 404 from then on)."""
    feed, created = CalendarFeed.objects.get_or_create(coach=coach)
    if reset and not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token", "created_at"])
    return feed
