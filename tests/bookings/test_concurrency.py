"""Many ASN click the last places of a slot at once, each on its own database connection:
exactly `capacity` get one, every other gets a clear refusal."""

import datetime
import threading

import pytest
from django.db import connection, transaction

from accounts import services as account_services
from accounts.models import Role
from bookings import services
from bookings.models import Booking, BookingStatus, Slot
from skp_drafts import workflow as skp_workflow
from skp_drafts.models import Skp, SkpStatus
from tests.accounts.factories import PegawaiWithAccountFactory, user_with_role
from tests.bookings.factories import BookingFactory, PlaceFactory, SlotFactory, wita
from tests.skp_drafts.factories import SkpFactory

CLICKERS = 12


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("capacity", [1, 3])
def test_simultaneous_bookings_never_exceed_capacity(capacity):
    slot = SlotFactory(start=wita(2026, 12, 1, 9), end=wita(2026, 12, 1, 10), capacity=capacity)
    people = PegawaiWithAccountFactory.create_batch(CLICKERS)
    start = threading.Barrier(CLICKERS)
    outcomes, lock = [], threading.Lock()

    def click(pegawai):
        try:
            start.wait()
            services.book_slot(
                pegawai=pegawai,
                slot_id=slot.pk,
                jenjang="pelaksana",
                topic="RHK",
                now=wita(2026, 11, 25),
            )
            result = "booked"
        except services.BookingError as error:
            result = error.code
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=click, args=(pegawai,)) for pegawai in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes.count("booked") == capacity
    assert outcomes.count("full") == CLICKERS - capacity
    assert Booking.objects.filter(slot=slot, status=BookingStatus.BOOKED).count() == capacity


@pytest.mark.django_db(transaction=True)
def test_two_asn_swapping_slots_at_once_neither_deadlock_nor_overbook():
    now = wita(2026, 11, 25)
    first_slot = SlotFactory(start=wita(2026, 12, 1, 9), end=wita(2026, 12, 1, 10))
    second_slot = SlotFactory(start=wita(2026, 12, 2, 9), end=wita(2026, 12, 2, 10))
    spare = SlotFactory(start=wita(2026, 12, 3, 9), end=wita(2026, 12, 3, 10), capacity=2)
    a, b = PegawaiWithAccountFactory.create_batch(2)
    booking_a = services.book_slot(
        pegawai=a, slot_id=first_slot.pk, jenjang="pelaksana", topic="x", now=now
    )
    booking_b = services.book_slot(
        pegawai=b, slot_id=second_slot.pk, jenjang="pelaksana", topic="x", now=now
    )
    start = threading.Barrier(2)
    errors = []

    def move(pegawai, booking, target):
        try:
            start.wait()
            services.reschedule_booking(
                pegawai=pegawai, booking_id=booking.pk, new_slot_id=target.pk, now=now
            )
        except services.BookingError as error:
            errors.append(error.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=move, args=(a, booking_a, spare)),
        threading.Thread(target=move, args=(b, booking_b, spare)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Booking.objects.filter(slot=spare, status=BookingStatus.BOOKED).count() == 2
    assert Booking.objects.filter(status=BookingStatus.BOOKED).count() == 2


def attend_while_held(hold, booking: Booking) -> tuple[list[Exception], bool]:
    """``hold(held, release)`` runs on one connection until it sets ``held`` (its rows are
    held from there) and waits for ``release``; meanwhile ``booking``'s coach records its
    attendance on another. Then the rows are released. The errors of both, and whether the
    attendance committed while the rows were still held (it did not wait for them)."""
    held, release, errors = threading.Event(), threading.Event(), []

    def run(work):
        try:
            work()
        except Exception as error:
            errors.append(error)
        finally:
            held.set()  # a holder that failed before holding does not leave the test waiting
            connection.close()

    def attend():
        services.record_attendance(
            actor=booking.slot.coach,
            booking_id=booking.pk,
            attended=True,
            notes="Hadir",
            now=booking.slot.start,
        )

    holder = threading.Thread(target=run, args=(lambda: hold(held, release),))
    holder.start()
    assert held.wait(timeout=30)
    attendance = threading.Thread(target=run, args=(attend,))
    attendance.start()
    attendance.join(timeout=10)
    finished_first = not attendance.is_alive()
    release.set()
    holder.join(timeout=30)
    attendance.join(timeout=30)
    return errors, finished_first


@pytest.mark.django_db(transaction=True)
def test_an_attendance_commits_while_its_coach_publishes_slots():
    """An attendance's commit renews the open slots' version and checks its rows' foreign keys
    (the coach's account among them). A coach publishing slots at the same moment holds its
    account's row and renews the version at its own commit: were that row held FOR UPDATE,
    the attendance would wait for it while holding the version, and the publication's
    commit would wait for the version (a deadlock). FOR NO KEY UPDATE lets the check pass."""
    coach = user_with_role(Role.TIM_COACHING)
    slot = SlotFactory(coach=coach, start=wita(2026, 12, 1, 9), end=wita(2026, 12, 1, 10))
    booking = BookingFactory(slot=slot)
    place = PlaceFactory()
    connection.close()

    def publish(held, release):
        with transaction.atomic():  # held open as a slower request's would be
            services.publish_slots(
                coach=coach,
                first_day=datetime.date(2026, 12, 14),
                last_day=datetime.date(2026, 12, 14),
                weekdays=[1],
                start_time=datetime.time(8),
                end_time=datetime.time(10),
                session_minutes=60,
                place=place,
                now=wita(2026, 11, 25),
            )
            held.set()
            release.wait(timeout=30)

    errors, finished_first = attend_while_held(publish, booking)
    assert errors == []
    assert finished_first  # it did not wait for the publication to commit
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.ATTENDED
    assert Slot.objects.filter(coach=coach).count() == 3


@pytest.mark.django_db(transaction=True)
def test_an_asn_retired_while_its_attendance_commits(monkeypatch):
    """The attendance renews the dashboard's figures (its session) and, at its commit, checks
    its attendance's foreign key on the ASN's pegawai. Retiring that ASN meanwhile holds the
    pegawai's row and then renews the same figures: were the row held FOR UPDATE, each would
    wait for the other (a deadlock)."""
    coach = user_with_role(Role.TIM_COACHING)
    admin = user_with_role(Role.ADMIN)
    slot = SlotFactory(coach=coach, start=wita(2026, 12, 1, 9), end=wita(2026, 12, 1, 10))
    booking = BookingFactory(slot=slot)
    connection.close()

    def retire(held, release):
        release_position = account_services._release_position

        def held_release_position(pegawai, actor, reason):
            held.set()  # the pegawai's row is held from here
            release.wait(timeout=30)
            return release_position(pegawai, actor, reason)

        monkeypatch.setattr(account_services, "_release_position", held_release_position)
        account_services.deactivate_pegawai(actor=admin, pegawai=booking.pegawai, reason="Pensiun")

    errors, finished_first = attend_while_held(retire, booking)
    assert errors == []
    assert finished_first  # its foreign-key check did not wait for the retirement
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.ATTENDED
    booking.pegawai.refresh_from_db()
    assert not booking.pegawai.is_active


@pytest.mark.django_db(transaction=True)
def test_an_attendance_commits_while_the_skp_it_brought_is_reopened(monkeypatch):
    """The attendance renews the dashboard's figures (its session) and, at its commit, checks
    the foreign key of the draft it brought, now worked on in the session. Reopening that
    reviewed SKP meanwhile holds the SKP's row (a workflow's step) and then renews the same
    figures: were the row held FOR UPDATE, each would wait for the other (a deadlock)."""
    coach = user_with_role(Role.TIM_COACHING)
    slot = SlotFactory(coach=coach, start=wita(2026, 12, 1, 9), end=wita(2026, 12, 1, 10))
    pegawai = PegawaiWithAccountFactory()
    skp = SkpFactory(pegawai=pegawai, status=SkpStatus.REVIEWED)
    booking = BookingFactory(slot=slot, pegawai=pegawai, skp=skp)
    connection.close()

    def reopen(held, release):
        finish = skp_workflow._finish

        def held_finish(*args, **kwargs):
            held.set()  # the SKP's row is held from here
            release.wait(timeout=30)
            return finish(*args, **kwargs)

        monkeypatch.setattr(skp_workflow, "_finish", held_finish)
        skp_workflow.reopen_skp(actor=pegawai.user, skp_id=skp.pk)

    errors, finished_first = attend_while_held(reopen, booking)
    assert errors == []
    assert finished_first  # its foreign-key check did not wait for the reopening
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.ATTENDED
    assert list(Booking.objects.get(pk=booking.pk).session.drafts.all()) == [skp]
    assert Skp.objects.get(pk=skp.pk).status == SkpStatus.DRAFT
