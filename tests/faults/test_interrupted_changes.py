"""A crash in the middle of a change of several steps leaves no half of it behind: each
service runs in one transaction, so a failure injected after its first writes rolls every
table back, and no e-mail leaves for a change that did not happen. Each test fingerprints
the whole database before and after."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts import roster
from accounts import services as account_services
from accounts.models import Jenjang, Role
from bookings import services
from bookings.visits import services as visits
from surveys import services as survey_services
from tests.accounts.factories import (
    PegawaiFactory,
    PegawaiWithAccountFactory,
    RegistrationFactory,
    SkpdFactory,
    user_with_role,
)
from tests.accounts.test_roster_import import csv_file
from tests.bookings.factories import BookingFactory, SlotFactory
from tests.security.fingerprint import database_fingerprint
from tests.security.world import at, request_letter

# Real commits and rollbacks: each service's transaction is the outermost one.
pytestmark = pytest.mark.django_db(transaction=True)


class Crash(Exception):
    """The power cut, injected between two steps of a service."""


def crash(*args, **kwargs):
    raise Crash


def assert_interrupted_change_leaves_nothing(run):
    before = database_fingerprint()
    mail.outbox.clear()
    with pytest.raises(Crash):
        run()
    after = database_fingerprint()
    changed = [table for table in after if after[table] != before.get(table)]
    assert not changed, f"half a change stayed in {changed}"
    assert mail.outbox == []


def test_rescheduling_crashes_after_the_new_booking_and_the_old_one_stands(monkeypatch):
    pegawai = PegawaiWithAccountFactory(user__email="asn@contoh.go.id")
    old_slot, new_slot = SlotFactory(), SlotFactory()
    booking = services.book_slot(
        pegawai=pegawai, slot_id=old_slot.pk, jenjang=Jenjang.PELAKSANA, topic="RHK"
    )
    # After the old booking is marked rescheduled and the new one made: before the freed
    # place goes to the waiting list and the mail is queued.
    monkeypatch.setattr(services, "_fill_freed_places", crash)
    assert_interrupted_change_leaves_nothing(
        lambda: services.reschedule_booking(
            pegawai=pegawai, booking_id=booking.pk, new_slot_id=new_slot.pk
        )
    )
    booking.refresh_from_db()
    assert booking.is_active and booking.slot_id == old_slot.pk


def test_a_roster_import_crashing_after_the_new_pegawai_adds_none_of_them(monkeypatch):
    SkpdFactory(name="Dinas Kesehatan", short_name="DINKES")
    coach = user_with_role(Role.TIM_COACHING)
    changed = PegawaiFactory(nip="198411032009042002", skpd__short_name="DINKES2")
    uploaded = csv_file(
        "199505202020121007;Ahmad Syahrani;Pengelola Layanan;Pelaksana;Dinas Kesehatan;;;",
        f"{changed.nip};{changed.name};Jabatan Baru;Pelaksana;Dinas Kesehatan;;;",
    )
    rows = roster.read_roster(uploaded)
    preview = roster.preview_import(actor=coach, file_name="roster.csv", rows=rows)
    # The new pegawai are in; the changed ones are not yet updated.
    monkeypatch.setattr(roster, "_update_changed", crash)
    assert_interrupted_change_leaves_nothing(
        lambda: roster.apply_import(actor=coach, import_id=preview.pk)
    )


def test_accepting_a_request_crashes_after_its_session_and_nothing_is_scheduled(monkeypatch):
    skpd = SkpdFactory()
    kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=skpd)
    kasubag.email = "kasubag@contoh.go.id"
    kasubag.save()
    kepala, coach = user_with_role(Role.KEPALA_BKPSDM), user_with_role(Role.TIM_COACHING)
    letter = request_letter(skpd, kasubag, "800/7/A/2026")
    # The disposition, the session, its agenda and the coach's commitment are written;
    # telling the Kasubag is not.
    monkeypatch.setattr(visits, "_tell_kasubag", crash)
    assert_interrupted_change_leaves_nothing(
        lambda: visits.accept_request(
            actor=kepala,
            request_id=letter.pk,
            coaches=[coach],
            start=at(12, 8),
            end=at(12, 11),
            venue="Aula",
            instruction="Laksanakan.",
        )
    )


def test_approving_a_registration_crashes_before_the_link_and_no_login_exists(monkeypatch):
    skpd = SkpdFactory()
    kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=skpd)
    registration = RegistrationFactory(pegawai=PegawaiFactory(skpd=skpd))
    # The login is made and the pegawai linked to it; the activation mail is not sent.
    monkeypatch.setattr(account_services, "_send_activation", crash)
    assert_interrupted_change_leaves_nothing(
        lambda: account_services.approve_registration(
            actor=kasubag, registration_id=registration.pk
        )
    )


def test_recording_attendance_crashes_before_the_attendance_and_the_booking_waits(monkeypatch):
    coach = user_with_role(Role.TIM_COACHING)
    slot = SlotFactory(coach=coach, start=timezone.now() - datetime.timedelta(hours=1))
    booking = BookingFactory(slot=slot)
    # The booking is marked attended and its session made; the attendance row is not.
    monkeypatch.setattr("bookings.models.Attendance.save", crash)
    assert_interrupted_change_leaves_nothing(
        lambda: services.record_attendance(
            actor=coach, booking_id=booking.pk, attended=True, notes="Selesai"
        )
    )


def test_opening_a_survey_crashes_while_mailing_the_links_and_no_link_exists(monkeypatch):
    coach = user_with_role(Role.TIM_COACHING)
    slot = SlotFactory(coach=coach, start=timezone.now() - datetime.timedelta(hours=3))
    booking = BookingFactory(slot=slot, pegawai__user__email="peserta@contoh.go.id")
    services.record_attendance(actor=coach, booking_id=booking.pk, attended=True, notes="")
    booking.refresh_from_db()
    # The survey and its links are written; mailing the first link fails.
    monkeypatch.setattr(survey_services, "_mail_link", crash)
    assert_interrupted_change_leaves_nothing(
        lambda: survey_services.open_survey(actor=coach, session_id=booking.session.pk)
    )
