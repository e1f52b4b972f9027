"""The week an ASN books from is kept drawn for the minute, under the version of the tables
it is drawn from (bookings.open_week.kept_key, bookings migration 0011): shared by the ASNs
who wait for none of its slots, drawn again after any change it shows and in the next
minute, never for a query of its own or for a week to move a booking to."""

import datetime

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Pegawai, Role, User
from bookings import open_week, selectors, services
from bookings.models import Booking, BookingStatus, Place, Slot
from core import versions
from tests.accounts.factories import PegawaiFactory, UserFactory, user_with_role
from tests.bookings.factories import (
    BookingFactory,
    ClosureFactory,
    SlotFactory,
    WaitlistEntryFactory,
)
from tests.pages import body_drawn

BODY = "bookings/includes/week_calendar.html"
URL = reverse("bookings:open_slots")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_minute")]


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


def test_the_next_minute_draws_the_week_again(client, week, monkeypatch, one_minute):
    asn(client)
    drawn(client, week)
    assert not drawn(client, week)[0]
    later = one_minute + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert drawn(client, week)[0]


def renames_the_coach(week):
    Pegawai.objects.filter(user=week["coach"]).update(name="Dra. Rahmah")


def renames_the_coachs_account(week):
    User.objects.filter(pk=week["coach"].pk).update(first_name="Rahmah")


def renames_the_place(week):
    Place.objects.filter(pk=week["nine"].place_id).update(name="Aula Bupati")


def makes_another_place_the_default(week):
    Place.objects.filter(pk=week["nine"].place_id).update(is_default=False)


def links_a_pegawai_to_an_account(week):
    pegawai = PegawaiFactory()
    version = versions.current(open_week.VERSION)
    Pegawai.objects.filter(pk=pegawai.pk).update(user=UserFactory())
    assert versions.current(open_week.VERSION) != version


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
        makes_another_place_the_default,
        links_a_pegawai_to_an_account,
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
    User.objects.filter(pk=week["coach"].pk).update(last_login=timezone.now())


def saves_the_coachs_phone(week):
    Pegawai.objects.filter(user=week["coach"]).update(phone="081234567890")


def gives_the_place_an_address(week):
    Place.objects.filter(pk=week["nine"].place_id).update(address="Jl. A. Yani, Paringin")


def adds_a_pegawai_without_an_account(week):
    PegawaiFactory()  # the roster's: no account, so no coach


@pytest.mark.parametrize(
    "change",
    [
        signs_the_coach_in,
        saves_the_coachs_phone,
        gives_the_place_an_address,
        adds_a_pegawai_without_an_account,
    ],
)
def test_what_the_week_does_not_show_keeps_it(week, change):
    version = versions.current(open_week.VERSION)
    change(week)
    assert versions.current(open_week.VERSION) == version


@pytest.mark.parametrize(
    ("parameter", "days"),
    [
        ("hari", 9),  # a day outside the week asked for
        ("minggu", 70),  # a week beyond the horizon
        ("minggu", -14),  # a week gone (this week is shown)
    ],
)
def test_an_odd_query_is_drawn_as_asked_but_not_kept(client, week, parameter, days):
    asn(client)
    query = {"minggu": week["monday"].isoformat()}
    query[parameter] = (week["monday"] + datetime.timedelta(days=days)).isoformat()
    for _ in range(2):
        response = client.get(URL, query)
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


def test_the_asns_own_booking_is_said_above_a_shared_week(client, week):
    other = user_with_role(Role.ASN)
    user = asn(client)
    services.book_slot(
        pegawai=user.pegawai, slot_id=week["one"].pk, jenjang="pelaksana", topic="Indikator"
    )
    was_drawn, own = drawn(client, week)
    assert was_drawn and "Anda sudah punya jadwal" in own
    asn(client, other)
    was_drawn, others = drawn(client, week)
    assert not was_drawn and "Anda sudah punya jadwal" not in others


def test_each_language_has_its_own_week(client, week):
    asn(client)
    _was_drawn, indonesian = drawn(client, week)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    was_drawn, english = drawn(client, week)
    assert was_drawn and "Monday" in english and "Senin" in indonesian


@pytest.mark.parametrize("coach", ["own", "0", "987654"])
def test_one_coachs_week_is_drawn_but_not_kept_nor_shown_to_others(client, week, coach):
    other = user_with_role(Role.ASN)
    asn(client)
    assert drawn(client, week)[0]
    asked = str(week["coach"].pk) if coach == "own" else coach
    for _ in range(2):
        assert drawn(client, week, coach=asked)[0]
    asn(client, other)
    was_drawn, everyone = drawn(client, week)
    assert not was_drawn and "09.00" in everyone and "13.00" in everyone


@pytest.mark.django_db(transaction=True)
def test_the_version_is_renewed_when_the_change_commits(week):
    version = versions.current(open_week.VERSION)
    with transaction.atomic():
        BookingFactory(slot=week["nine"])
        # Not before: its row would be held from here to the commit.
        assert versions.current(open_week.VERSION) == version
    assert versions.current(open_week.VERSION) != version


def test_every_row_trigger_of_the_version_waits_for_the_commit():
    """Renewed last, at the commit, the version's row can never be one of two that two
    transactions wait for in opposite orders (bookings migration 0011)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname, tgdeferrable AND tginitdeferred "
            "FROM pg_trigger WHERE tgname LIKE 'open_slots%'"
        )
        triggers = cursor.fetchall()
    tables = {
        "bookings_slot",
        "bookings_closure",
        "bookings_booking",
        "bookings_place",
        "accounts_user",
        "accounts_pegawai",
    }
    assert {table for table, _name, _deferred in triggers} == tables
    for table, name, deferred in triggers:
        assert deferred == (name != "open_slots_truncated"), (table, name)
