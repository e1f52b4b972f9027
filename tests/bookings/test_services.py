"""The rules of individual coaching, through the services."""

import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from accounts.models import Role
from bookings import services
from bookings.models import (
    Attendance,
    Booking,
    BookingStatus,
    CoachingSession,
    Slot,
    WaitlistStatus,
)
from tests.accounts.factories import PegawaiWithAccountFactory, user_with_role
from tests.bookings.factories import (
    BookingFactory,
    ClosureFactory,
    PlaceFactory,
    SlotFactory,
    WaitlistEntryFactory,
    wita,
)

pytestmark = pytest.mark.django_db


def book(pegawai, slot, now, **extra):
    return services.book_slot(
        pegawai=pegawai, slot_id=slot.pk, jenjang="pelaksana", topic="RHK", now=now, **extra
    )


class TestCutOffs:
    def test_booking_closes_three_hours_before_the_start_in_wita(self, settings):
        settings.BOOKING_RULES = {**settings.BOOKING_RULES, "BOOKING_CLOSES_HOURS": 3}
        slot = SlotFactory(start=wita(2026, 12, 1, 10, 0), end=wita(2026, 12, 1, 11, 0))
        first, second = PegawaiWithAccountFactory(), PegawaiWithAccountFactory()
        with pytest.raises(services.BookingError, match="sudah ditutup"):
            book(first, slot, now=wita(2026, 12, 1, 7, 0))
        assert book(second, slot, now=wita(2026, 12, 1, 6, 59)).status == BookingStatus.BOOKED

    def test_cancelling_closes_before_the_start(self, settings):
        settings.BOOKING_RULES = {**settings.BOOKING_RULES, "CHANGE_CLOSES_HOURS": 3}
        booking = BookingFactory(
            slot__start=wita(2026, 12, 1, 10, 0), slot__end=wita(2026, 12, 1, 11, 0)
        )
        with pytest.raises(services.BookingError, match="sampai 3 jam"):
            services.cancel_booking(
                pegawai=booking.pegawai, booking_id=booking.pk, now=wita(2026, 12, 1, 7, 30)
            )
        booking.refresh_from_db()
        assert booking.status == BookingStatus.BOOKED
        services.cancel_booking(
            pegawai=booking.pegawai, booking_id=booking.pk, now=wita(2026, 12, 1, 6, 0)
        )
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CANCELLED

    def test_a_public_holiday_cannot_be_booked(self):
        slot = SlotFactory(start=wita(2026, 12, 25, 9, 0), end=wita(2026, 12, 25, 10, 0))
        ClosureFactory(
            date=datetime.date(2026, 12, 25), name="Hari Raya Natal", is_public_holiday=True
        )
        with pytest.raises(services.BookingError, match="tutup"):
            book(PegawaiWithAccountFactory(), slot, now=wita(2026, 12, 1))
        # Early on the office's day, when it is still the day before in UTC.
        early = SlotFactory(start=wita(2026, 12, 25, 7, 0), end=wita(2026, 12, 25, 7, 45))
        with pytest.raises(services.BookingError, match="tutup"):
            book(PegawaiWithAccountFactory(), early, now=wita(2026, 12, 1))
        assert not Booking.objects.exists()


class TestBooking:
    def test_a_booking_is_confirmed_by_mail_with_a_calendar_file(
        self, django_capture_on_commit_callbacks
    ):
        pegawai = PegawaiWithAccountFactory(user__email="asn@contoh.go.id")
        slot = SlotFactory(start=wita(2026, 12, 1, 9, 0), end=wita(2026, 12, 1, 10, 0))
        with django_capture_on_commit_callbacks(execute=True):  # mail leaves on commit
            book(pegawai, slot, now=wita(2026, 11, 25))
        (message,) = mail.outbox
        assert message.to == ["asn@contoh.go.id"]
        assert "Bawa laptop" in message.body
        _name, content, mimetype = message.attachments[0]
        assert mimetype == "text/calendar"
        # 09.00 WITA is 01.00 UTC; calendars show it in the phone's own time zone.
        assert "DTSTART:20261201T010000Z" in str(content)

    def test_one_active_booking_per_asn(self):
        pegawai = PegawaiWithAccountFactory()
        now = wita(2026, 11, 25)
        book(pegawai, SlotFactory(start=wita(2026, 12, 1, 9), end=wita(2026, 12, 1, 10)), now)
        with pytest.raises(services.BookingError, match="sudah punya jadwal"):
            book(pegawai, SlotFactory(start=wita(2026, 12, 2, 9), end=wita(2026, 12, 2, 10)), now)
        assert Booking.objects.count() == 1

    def test_the_database_holds_one_active_booking_per_asn(self):
        booking = BookingFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            BookingFactory(pegawai=booking.pegawai)

    def test_a_coach_cannot_have_overlapping_slots(self):
        slot = SlotFactory(start=wita(2026, 12, 1, 9), end=wita(2026, 12, 1, 10))
        with pytest.raises(IntegrityError), transaction.atomic():
            SlotFactory(
                coach=slot.coach, start=wita(2026, 12, 1, 9, 30), end=wita(2026, 12, 1, 10, 30)
            )
        SlotFactory(coach=slot.coach, start=wita(2026, 12, 1, 10), end=wita(2026, 12, 1, 11))

    def test_a_full_slot_is_refused_with_the_waiting_list_offered(self):
        slot = SlotFactory(start=wita(2026, 12, 1, 9), end=wita(2026, 12, 1, 10))
        book(PegawaiWithAccountFactory(), slot, wita(2026, 11, 25))
        with pytest.raises(services.BookingError) as refused:
            book(PegawaiWithAccountFactory(), slot, wita(2026, 11, 25))
        assert refused.value.code == "full"

    def test_rescheduling_frees_the_old_place_only_when_the_new_one_is_taken(self):
        now = wita(2026, 11, 25)
        pegawai = PegawaiWithAccountFactory()
        old_slot = SlotFactory(start=wita(2026, 12, 1, 9), end=wita(2026, 12, 1, 10))
        full_slot = SlotFactory(start=wita(2026, 12, 2, 9), end=wita(2026, 12, 2, 10))
        book(PegawaiWithAccountFactory(), full_slot, now)
        booking = book(pegawai, old_slot, now)
        with pytest.raises(services.BookingError):
            services.reschedule_booking(
                pegawai=pegawai, booking_id=booking.pk, new_slot_id=full_slot.pk, now=now
            )
        booking.refresh_from_db()
        assert booking.status == BookingStatus.BOOKED
        free_slot = SlotFactory(start=wita(2026, 12, 3, 9), end=wita(2026, 12, 3, 10))
        new = services.reschedule_booking(
            pegawai=pegawai, booking_id=booking.pk, new_slot_id=free_slot.pk, now=now
        )
        booking.refresh_from_db()
        assert (booking.status, new.slot, new.rescheduled_from) == (
            BookingStatus.RESCHEDULED,
            free_slot,
            booking,
        )


class TestWaitingList:
    def test_a_freed_place_goes_to_the_first_in_line_with_an_email(
        self, django_capture_on_commit_callbacks
    ):
        now = wita(2026, 11, 25)
        slot = SlotFactory(start=wita(2026, 12, 1, 9), end=wita(2026, 12, 1, 10))
        holder = PegawaiWithAccountFactory()
        booking = book(holder, slot, now)
        first = PegawaiWithAccountFactory(user__email="pertama@contoh.go.id")
        second = PegawaiWithAccountFactory(user__email="kedua@contoh.go.id")
        services.join_waitlist(
            pegawai=first, slot_id=slot.pk, jenjang="pelaksana", topic="x", now=now
        )
        services.join_waitlist(
            pegawai=second, slot_id=slot.pk, jenjang="pelaksana", topic="x", now=now
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel_booking(pegawai=holder, booking_id=booking.pk, now=now)
        placed = Booking.objects.get(slot=slot, status=BookingStatus.BOOKED)
        assert placed.pegawai == first
        assert [m.to for m in mail.outbox] == [["pertama@contoh.go.id"]]
        assert slot.waitlist.get(pegawai=second).status == WaitlistStatus.WAITING

    def test_a_place_freed_on_a_day_closed_since_goes_to_nobody(self):
        now = wita(2026, 11, 25)
        # 07.00 WITA on 1 December is still 30 November in UTC: the day is the office's.
        slot = SlotFactory(start=wita(2026, 12, 1, 7), end=wita(2026, 12, 1, 8))
        holder = PegawaiWithAccountFactory()
        booking = book(holder, slot, now)
        WaitlistEntryFactory(slot=slot, pegawai=PegawaiWithAccountFactory())
        ClosureFactory(date=datetime.date(2026, 12, 1), name="Cuti bersama")
        services.cancel_booking(pegawai=holder, booking_id=booking.pk, now=now)
        assert not Booking.objects.filter(slot=slot, status=BookingStatus.BOOKED).exists()
        assert slot.waitlist.get().status == WaitlistStatus.WAITING

    def test_someone_booked_elsewhere_is_passed_over(self):
        now = wita(2026, 11, 25)
        slot = SlotFactory(start=wita(2026, 12, 1, 9), end=wita(2026, 12, 1, 10))
        holder = PegawaiWithAccountFactory()
        booking = book(holder, slot, now)
        busy, free = PegawaiWithAccountFactory(), PegawaiWithAccountFactory()
        WaitlistEntryFactory(slot=slot, pegawai=busy)
        WaitlistEntryFactory(slot=slot, pegawai=free)
        book(busy, SlotFactory(start=wita(2026, 12, 2, 9), end=wita(2026, 12, 2, 10)), now)
        services.cancel_booking(pegawai=holder, booking_id=booking.pk, now=now)
        assert Booking.objects.get(slot=slot, status=BookingStatus.BOOKED).pegawai == free
        assert slot.waitlist.get(pegawai=busy).status == WaitlistStatus.LEFT

    def test_the_waiting_list_is_only_for_a_full_slot_and_an_asn_without_a_booking(self):
        now = wita(2026, 11, 25)
        slot = SlotFactory(start=wita(2026, 12, 1, 9), end=wita(2026, 12, 1, 10))
        pegawai = PegawaiWithAccountFactory()
        with pytest.raises(services.BookingError) as refused:
            services.join_waitlist(
                pegawai=pegawai, slot_id=slot.pk, jenjang="pelaksana", topic="x", now=now
            )
        assert refused.value.code == "open"
        book(pegawai, slot, now)
        with pytest.raises(services.BookingError) as refused:
            services.join_waitlist(
                pegawai=pegawai, slot_id=slot.pk, jenjang="pelaksana", topic="x", now=now
            )


class TestTeam:
    def test_publishing_a_week_makes_sessions_around_the_break_and_skips_holidays(self):
        coach = user_with_role(Role.TIM_COACHING)
        ClosureFactory(date=datetime.date(2026, 12, 2), name="Cuti bersama")
        result = services.publish_slots(
            coach=coach,
            first_day=datetime.date(2026, 11, 30),
            last_day=datetime.date(2026, 12, 4),
            weekdays=[1, 2, 3, 4],
            start_time=datetime.time(8, 30),
            end_time=datetime.time(15, 0),
            session_minutes=60,
            break_start=datetime.time(12, 0),
            break_end=datetime.time(13, 0),
            place=PlaceFactory(),
            now=wita(2026, 11, 25),
        )
        assert (result.created, result.skipped_closed) == (15, 1)
        monday = [
            (s.start.astimezone(wita(2026, 1, 1).tzinfo).strftime("%H.%M"))
            for s in Slot.objects.filter(start__date=datetime.date(2026, 11, 30)).order_by("start")
        ]
        assert monday == ["08.30", "09.30", "10.30", "13.00", "14.00"]
        again = services.publish_slots(
            coach=coach,
            first_day=datetime.date(2026, 11, 30),
            last_day=datetime.date(2026, 12, 4),
            weekdays=[1, 2, 3, 4],
            start_time=datetime.time(8, 30),
            end_time=datetime.time(15, 0),
            session_minutes=60,
            break_start=datetime.time(12, 0),
            break_end=datetime.time(13, 0),
            place=PlaceFactory(),
            now=wita(2026, 11, 25),
        )
        assert (again.created, again.skipped_taken) == (0, 15)

    def test_an_asn_cannot_publish(self):
        with pytest.raises(PermissionDenied):
            services.publish_slots(
                coach=user_with_role(Role.ASN),
                first_day=datetime.date(2026, 12, 1),
                last_day=datetime.date(2026, 12, 1),
                weekdays=[2],
                start_time=datetime.time(9),
                end_time=datetime.time(10),
                session_minutes=60,
                place=PlaceFactory(),
            )

    def test_an_attended_booking_becomes_a_coaching_session(self):
        booking = BookingFactory(slot__start=wita(2026, 12, 1, 9), slot__end=wita(2026, 12, 1, 10))
        with pytest.raises(services.BookingError, match="setelah sesi dimulai"):
            services.record_attendance(
                actor=booking.slot.coach,
                booking_id=booking.pk,
                attended=True,
                notes="",
                now=wita(2026, 12, 1, 8),
            )
        services.record_attendance(
            actor=booking.slot.coach,
            booking_id=booking.pk,
            attended=True,
            notes="RHK sudah selaras",
            now=wita(2026, 12, 1, 10),
        )
        session = CoachingSession.objects.get()
        assert (session.kind, session.booking, list(session.coaches.all())) == (
            "individual",
            booking,
            [booking.slot.coach],
        )
        assert Attendance.objects.get().pegawai == booking.pegawai
        booking.refresh_from_db()
        assert (booking.status, booking.coach_notes) == (
            BookingStatus.ATTENDED,
            "RHK sudah selaras",
        )

    def test_another_coach_cannot_record_attendance(self):
        booking = BookingFactory(slot__start=wita(2026, 12, 1, 9), slot__end=wita(2026, 12, 1, 10))
        with pytest.raises(PermissionDenied):
            services.record_attendance(
                actor=user_with_role(Role.TIM_COACHING),
                booking_id=booking.pk,
                attended=False,
                notes="",
                now=wita(2026, 12, 1, 10),
            )

    def test_reminders_go_out_once_for_tomorrow_in_wita(self, django_capture_on_commit_callbacks):
        # 07.00 WITA on 27 November is still 26 November in UTC.
        early = BookingFactory(
            slot__start=wita(2026, 11, 27, 7, 0),
            slot__end=wita(2026, 11, 27, 8, 0),
            pegawai__user__email="pagi@contoh.go.id",
        )
        BookingFactory(slot__start=wita(2026, 11, 28, 9, 0), slot__end=wita(2026, 11, 28, 10, 0))
        now = wita(2026, 11, 26, 15, 0)
        with django_capture_on_commit_callbacks(execute=True):
            assert services.send_reminders(now=now) == 1
        assert [m.to for m in mail.outbox] == [["pagi@contoh.go.id"]]
        assert services.send_reminders(now=now) == 0
        early.refresh_from_db()
        assert early.reminder_sent_at == now


def office_file(name: str, part: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return SimpleUploadedFile(name, buffer.getvalue())


class TestDrafts:
    @pytest.mark.parametrize(
        "upload",
        [
            lambda: SimpleUploadedFile("draf.pdf", b"%PDF-1.7\n..."),
            lambda: office_file("draf.docx", "word/document.xml"),
            lambda: office_file("draf.xlsx", "xl/workbook.xml"),
        ],
    )
    def test_real_drafts_are_accepted(self, upload):
        assert services.check_draft(upload()) in {"pdf", "docx", "xlsx"}

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (lambda: SimpleUploadedFile("draf.exe", b"MZ"), "harus berkas"),
            (lambda: SimpleUploadedFile("draf.pdf", b"<html>not a pdf"), "tidak sesuai"),
            (lambda: SimpleUploadedFile("draf.docx", b"PK\x03\x04broken"), "tidak sesuai"),
            (lambda: office_file("draf.docx", "xl/workbook.xml"), "tidak sesuai"),
            (lambda: SimpleUploadedFile("../../etc/passwd.pdf", b"<?php"), "tidak sesuai"),
        ],
    )
    def test_bad_drafts_are_refused_by_content(self, upload, message):
        with pytest.raises(services.BookingError, match=message):
            services.check_draft(upload())

    def test_an_oversized_draft_is_refused(self, settings):
        settings.BOOKING_RULES = {**settings.BOOKING_RULES, "DRAFT_MAX_BYTES": 1024 * 1024}
        with pytest.raises(services.BookingError, match="lebih dari 1 MB"):
            services.check_draft(SimpleUploadedFile("draf.pdf", b"%PDF-" + b"x" * 1024 * 1024))


class TestCancelledSlots:
    def test_cancelling_a_slot_cancels_its_bookings_and_waiting_list_with_mail(
        self, django_capture_on_commit_callbacks
    ):
        now = wita(2026, 11, 25)
        slot = SlotFactory(start=wita(2026, 12, 1, 9), end=wita(2026, 12, 1, 10))
        holder = PegawaiWithAccountFactory(user__email="asn@contoh.go.id")
        book(holder, slot, now)
        entry = WaitlistEntryFactory(slot=slot)
        with django_capture_on_commit_callbacks(execute=True):
            told = services.cancel_slot(
                actor=slot.coach, slot_id=slot.pk, reason="Coach dinas luar"
            )
        assert told == 1
        assert Booking.objects.get(slot=slot).status == BookingStatus.CANCELLED
        entry.refresh_from_db()
        assert entry.status == WaitlistStatus.LEFT
        assert "Coach dinas luar" in mail.outbox[0].body
        # The ASN is free to book again.
        book(holder, SlotFactory(start=wita(2026, 12, 2, 9), end=wita(2026, 12, 2, 10)), now)

    def test_no_reminder_for_a_cancelled_slot_or_a_closed_day(self):
        cancelled = BookingFactory(
            slot__start=wita(2026, 11, 27, 9), slot__end=wita(2026, 11, 27, 10)
        )
        Slot.objects.filter(pk=cancelled.slot_id).update(is_cancelled=True)
        closed = BookingFactory(
            slot__start=wita(2026, 11, 27, 11), slot__end=wita(2026, 11, 27, 12)
        )
        ClosureFactory(date=datetime.date(2026, 11, 27))
        assert closed.status == BookingStatus.BOOKED
        assert services.send_reminders(now=wita(2026, 11, 26, 15)) == 0

    def test_a_slot_beyond_the_horizon_is_not_bookable_yet(self, settings):
        settings.BOOKING_RULES = {**settings.BOOKING_RULES, "HORIZON_DAYS": 28}
        slot = SlotFactory(start=wita(2027, 1, 30, 9), end=wita(2027, 1, 30, 10))
        with pytest.raises(services.BookingError, match="belum dibuka"):
            book(PegawaiWithAccountFactory(), slot, wita(2026, 11, 25))
