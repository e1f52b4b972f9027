"""The week an ASN books from is kept drawn for the minute, under the version of the tables
it is drawn from (bookings.open_week.kept_key, bookings migration 0011): shared by the ASNs
who wait for none of its slots, drawn again after any change it shows and in the next
minute, never for a query of its own or for a week to move a booking to."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from bookings import open_week, selectors, services
from bookings.models import Booking, BookingStatus, Place, Slot
from core import versions
from tests.accounts.factories import user_with_role
from tests.bookings.factories import (
    BookingFactory,
    ClosureFactory,
    SlotFactory,
    WaitlistEntryFactory,
)
from tests.pages import body_drawn

BODY = "bookings/includes/week_calendar.html"
URL = reverse("bookings:open_slots")

pytestmark = pytest.mark.django_db


def next_monday() -> datetime.date:
    return selectors.week_start(timezone.localdate()) + datetime.timedelta(days=7)


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


@pytest.fixture
def week():
    """Next Monday's two slots of one coach: at 9 (one place) and at 13."""
    monday = next_monday()
    coach = user_with_role(Role.TIM_COACHING, name="Hj. Rahmah, S.E.")
    nine = SlotFactory(coach=coach, start=at(monday, 9), end=at(monday, 10))
    one = SlotFactory(coach=coach, start=at(monday, 13), end=at(monday, 14))
    return {"monday": monday, "coach": coach, "nine": nine, "one": one}


def asn(client, user=None):
    """An ASN signed in (a new pegawai renews the version: made before the first page)."""
    user = user or user_with_role(Role.ASN)
    client.force_login(user)
    return user


def drawn(client, week, **query) -> tuple[bool, str]:
    """Whether the week was drawn for this request, and the page's own part."""
    response = client.get(URL, {"minggu": week["monday"].isoformat(), **query})
    assert response.status_code == 200
    return body_drawn(response, BODY)


def test_asns_waiting_for_none_share_the_drawn_week(client, week):
    another = user_with_role(Role.ASN)
    asn(client)
    was_drawn, first = drawn(client, week)
    assert was_drawn and "Hj. Rahmah, S.E." in first and "09.00" in first
    asn(client, another)
    again_drawn, again = drawn(client, week)
    assert not again_drawn and again == first


def test_a_booking_made_or_cancelled_draws_the_week_again(client, week):
    user = asn(client)
    drawn(client, week)
    booking = BookingFactory(slot=week["nine"])
    was_drawn, full = drawn(client, week)
    assert was_drawn and "Penuh · tunggu" in full
    services.cancel_booking(pegawai=booking.pegawai, booking_id=booking.pk)
    was_drawn, free = drawn(client, week)
    assert was_drawn and "Penuh · tunggu" not in free
    # A booking's own details are not on the week: kept.
    other = services.book_slot(
        pegawai=user.pegawai, slot_id=week["one"].pk, jenjang="pelaksana", topic="Indikator"
    )
    drawn(client, week)
    Booking.objects.filter(pk=other.pk).update(topic="Menyusun RHK")
    assert not drawn(client, week)[0]


def test_an_asn_on_the_waiting_list_has_a_week_of_its_own(client, week):
    BookingFactory(slot=week["nine"])
    another = user_with_role(Role.ASN)
    waiting = asn(client)
    WaitlistEntryFactory(slot=week["nine"], pegawai=waiting.pegawai)
    was_drawn, own = drawn(client, week)
    assert was_drawn and "Anda menunggu" in own and "Penuh · tunggu" not in own
    asn(client, another)
    was_drawn, others = drawn(client, week)
    assert was_drawn and "Penuh · tunggu" in others and "Anda menunggu" not in others
    client.force_login(waiting)
    assert drawn(client, week) == (False, own)


def test_the_next_minute_draws_the_week_again(client, week, monkeypatch):
    asn(client)
    drawn(client, week)
    assert not drawn(client, week)[0]
    later = timezone.now() + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert drawn(client, week)[0]


def renames_the_coach(week):
    week["coach"].pegawai.__class__.objects.filter(pk=week["coach"].pegawai.pk).update(
        name="Dra. Rahmah"
    )


def renames_the_coachs_account(week):
    type(week["coach"]).objects.filter(pk=week["coach"].pk).update(first_name="Rahmah")


def renames_the_place(week):
    Place.objects.filter(pk=week["nine"].place_id).update(name="Aula Bupati")


def closes_the_day(week):
    ClosureFactory(date=week["monday"])


def cancels_a_slot(week):
    Slot.objects.filter(pk=week["one"].pk).update(is_cancelled=True)


def publishes_a_slot(week):
    SlotFactory(coach=week["coach"], start=at(week["monday"], 15), end=at(week["monday"], 16))


def moves_a_booking(week):
    booking = BookingFactory(slot=week["nine"])
    version = versions.current(open_week.VERSION)
    Booking.objects.filter(pk=booking.pk).update(slot=week["one"])
    assert versions.current(open_week.VERSION) != version


def marks_a_booking_attended(week):
    booking = BookingFactory(slot=week["nine"])
    version = versions.current(open_week.VERSION)
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.ATTENDED)
    assert versions.current(open_week.VERSION) != version


@pytest.mark.parametrize(
    "change",
    [
        renames_the_coach,
        renames_the_coachs_account,
        renames_the_place,
        closes_the_day,
        cancels_a_slot,
        publishes_a_slot,
        moves_a_booking,
        marks_a_booking_attended,
    ],
)
def test_each_change_the_week_shows_renews_its_version(week, change):
    version = versions.current(open_week.VERSION)
    change(week)
    assert versions.current(open_week.VERSION) != version


def signs_the_coach_in(week):
    type(week["coach"]).objects.filter(pk=week["coach"].pk).update(last_login=timezone.now())


def saves_the_coachs_phone(week):
    week["coach"].pegawai.__class__.objects.filter(pk=week["coach"].pegawai.pk).update(
        phone="081234567890"
    )


def gives_the_place_an_address(week):
    Place.objects.filter(pk=week["nine"].place_id).update(address="Jl. A. Yani, Paringin")


@pytest.mark.parametrize(
    "change", [signs_the_coach_in, saves_the_coachs_phone, gives_the_place_an_address]
)
def test_what_the_week_does_not_show_keeps_it(week, change):
    version = versions.current(open_week.VERSION)
    change(week)
    assert versions.current(open_week.VERSION) == version


@pytest.mark.parametrize(
    "query",
    [
        {"hari": "+0"},  # a day outside the week asked for (filled in below)
        {"minggu": "+70"},  # a week beyond the horizon
        {"minggu": "-14"},  # a week gone (this week is shown)
    ],
)
def test_an_odd_query_is_drawn_as_asked_but_not_kept(client, week, query):
    asn(client)
    shifted = {
        name: (week["monday"] + datetime.timedelta(days=int(value))).isoformat()
        for name, value in query.items()
    }
    if "hari" in shifted:
        shifted["hari"] = (week["monday"] + datetime.timedelta(days=9)).isoformat()
    for _ in range(2):
        response = client.get(URL, {"minggu": week["monday"].isoformat(), **shifted})
        assert response.status_code == 200
        assert body_drawn(response, BODY)[0]


def test_a_day_asked_without_its_week_is_not_kept(client, week):
    asn(client)
    for _ in range(2):
        response = client.get(URL, {"hari": week["monday"].isoformat()})
        assert body_drawn(response, BODY)[0]


def test_a_week_to_move_a_booking_to_is_drawn_every_time(client, week):
    user = asn(client)
    booking = services.book_slot(
        pegawai=user.pegawai, slot_id=week["nine"].pk, jenjang="pelaksana", topic="Indikator"
    )
    path = reverse("bookings:booking_reschedule", args=[booking.pk])
    for _ in range(2):
        response = client.get(path, {"minggu": week["monday"].isoformat()})
        assert response.status_code == 200 and body_drawn(response, BODY)[0]
