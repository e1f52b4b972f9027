"""Many ASN click the last places of a slot at once, each on its own database connection:
exactly `capacity` get one, every other gets a clear refusal."""

import threading

import pytest
from django.db import connection

from bookings import services
from bookings.models import Booking, BookingStatus
from tests.accounts.factories import PegawaiWithAccountFactory
from tests.bookings.factories import SlotFactory, wita

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
