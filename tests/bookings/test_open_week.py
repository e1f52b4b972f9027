"""The week an ASN books from, prepared in bookings.open_week (issue 19): a small regency's
week on one page as before, a long week a day at a time with links to the other days that
keep the week and the coach filter, the first day with a free place by default, odd day
parameters falling back to it, and the rows saying what the ASN can do with each slot."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from bookings import open_week, selectors
from bookings.models import BookingStatus, WaitlistStatus
from tests.accounts.factories import user_with_role
from tests.bookings.factories import (
    BookingFactory,
    PlaceFactory,
    SlotFactory,
    WaitlistEntryFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("bookings:open_slots")


def next_monday() -> datetime.date:
    return selectors.week_start(timezone.localdate()) + datetime.timedelta(days=7)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def publish(coaches, days, hours, *, capacity: int = 1) -> list:
    """One slot of an hour for each coach, day and hour."""
    return [
        SlotFactory(coach=coach, start=at(day, hour), end=at(day, hour + 1), capacity=capacity)
        for day in days
        for hour in hours
        for coach in coaches
    ]


def book_up(slots) -> None:
    for slot in slots:
        for _ in range(slot.capacity):
            BookingFactory(slot=slot)


def shown_slots(response) -> list[int]:
    return [
        row["pk"] for column in response.context["calendar"]["columns"] for row in column["rows"]
    ]


@pytest.fixture
def long_week(monkeypatch):
    """Three coaches, an hour each at 9, 10 and 11 on Monday to Wednesday of next week (27
    slots), with the page's limit lowered so that this week counts as long."""
    monkeypatch.setattr(open_week, "WEEK_ON_ONE_PAGE_MAX", 20)
    monday = next_monday()
    coaches = [user_with_role(Role.TIM_COACHING) for _ in range(3)]
    days = [monday + datetime.timedelta(days=n) for n in range(3)]
    slots = publish(coaches, days, [9, 10, 11])
    return {"monday": monday, "days": days, "coaches": coaches, "slots": slots}


def by_day(slots, day):
    return sorted(slot.pk for slot in slots if timezone.localdate(slot.start) == day)


class TestSmallWeek:
    def test_a_short_week_is_shown_whole_as_before(self, client):
        monday = next_monday()
        coaches = [user_with_role(Role.TIM_COACHING) for _ in range(3)]
        slots = publish(coaches, [monday, monday + datetime.timedelta(days=2)], [9, 13])
        client.force_login(user_with_role(Role.ASN))
        page = client.get(URL, {"minggu": monday.isoformat()})
        assert (
            not page.context["calendar"]["by_day"] and page.context["calendar"]["day_links"] == []
        )
        assert sorted(shown_slots(page)) == sorted(slot.pk for slot in slots)
        # A column for each working day, the hours on each row, no day tabs.
        headings = [column["heading"] for column in page.context["calendar"]["columns"]]
        assert len(headings) == 5 and headings[0].startswith("Senin, ")
        assert "Tidak ada slot." in page.text  # Tuesday, Thursday, Friday
        assert "09.00–10.00 WITA" in page.text
        assert "jadwal ditampilkan per hari" not in page.text
        # A day of a short week asked for changes nothing.
        asked = client.get(URL, {"minggu": monday.isoformat(), "hari": monday.isoformat()})
        assert sorted(shown_slots(asked)) == sorted(shown_slots(page))

    def test_a_week_at_the_limit_stays_on_one_page(self, client, monkeypatch):
        monkeypatch.setattr(open_week, "WEEK_ON_ONE_PAGE_MAX", 4)
        monday = next_monday()
        days = [monday, monday + datetime.timedelta(days=1)]
        publish([user_with_role(Role.TIM_COACHING)], days, [9, 10])
        client.force_login(user_with_role(Role.ASN))
        page = client.get(URL, {"minggu": monday.isoformat()})
        assert not page.context["calendar"]["by_day"] and len(shown_slots(page)) == 4


class TestLongWeek:
    def test_a_long_week_shows_its_first_day_with_a_free_place_by_hours(self, client, long_week):
        monday, tuesday, _wednesday = long_week["days"]
        book_up(s for s in long_week["slots"] if timezone.localdate(s.start) == monday)
        client.force_login(user_with_role(Role.ASN))
        page = client.get(URL, {"minggu": long_week["monday"].isoformat()})
        assert (
            page.context["calendar"]["by_day"] and page.context["calendar"]["shown_day"] == tuesday
        )
        assert sorted(shown_slots(page)) == by_day(long_week["slots"], tuesday)
        # Columns by hours, the coach on each row; the day's heading as people read it.
        assert [column["heading"] for column in page.context["calendar"]["columns"]] == [
            "09.00–10.00 WITA",
            "10.00–11.00 WITA",
            "11.00–12.00 WITA",
        ]
        assert f"Selasa, {tuesday.day} " in page.text and str(tuesday.year) in page.text
        assert "jadwal ditampilkan per hari" in page.text
        # Monday is full: still a link, said full; Thursday and Friday have no slots.
        links = {link["day"]: link for link in page.context["calendar"]["day_links"]}
        assert links[monday]["free"] == 0 and links[monday]["url"]
        assert links[tuesday]["current"] and links[tuesday]["free"] == 9
        thursday = monday + datetime.timedelta(days=3)
        assert links[thursday]["url"] == "" and links[thursday]["slots"] == 0
        assert 'aria-current="page"' in page.text and 'aria-disabled="true"' in page.text

    def test_the_day_links_keep_the_week_and_the_coach_filter(self, client, long_week, monkeypatch):
        monkeypatch.setattr(open_week, "WEEK_ON_ONE_PAGE_MAX", 2)  # one coach's nine slots
        coach = long_week["coaches"][1]
        client.force_login(user_with_role(Role.ASN))
        week = long_week["monday"].isoformat()
        page = client.get(URL, {"minggu": week, "coach": coach.pk})
        wednesday = long_week["days"][2]
        link = next(
            link for link in page.context["calendar"]["day_links"] if link["day"] == wednesday
        )
        assert link["url"] == f"?minggu={week}&hari={wednesday.isoformat()}&coach={coach.pk}"
        assert link["url"].replace("&", "&amp;") in page.text
        followed = client.get(URL + link["url"])
        assert followed.context["calendar"]["shown_day"] == wednesday
        expected = sorted(
            slot.pk
            for slot in long_week["slots"]
            if slot.coach == coach and timezone.localdate(slot.start) == wednesday
        )
        assert sorted(shown_slots(followed)) == expected
        # The neighbouring weeks keep the coach, not the day.
        assert f"&amp;coach={coach.pk}" in followed.text

    @pytest.mark.parametrize(
        "value",
        ["abc", "2026-02-30", "", "9999-12-31", "0001-01-01", "other week", "no slots", "²"],
    )
    def test_an_odd_day_falls_back_to_the_first_day_with_a_free_place(
        self, client, long_week, value
    ):
        monday = long_week["monday"]
        if value == "other week":
            value = (monday + datetime.timedelta(days=8)).isoformat()
        elif value == "no slots":
            value = (monday + datetime.timedelta(days=4)).isoformat()
        client.force_login(user_with_role(Role.ASN))
        page = client.get(URL, {"minggu": monday.isoformat(), "hari": value, "coach": value})
        assert page.status_code == 200
        assert page.context["calendar"]["shown_day"] == monday
        assert sorted(shown_slots(page)) == by_day(long_week["slots"], monday)

    def test_a_long_week_of_full_slots_opens_on_its_first_day(self, client, long_week):
        book_up(long_week["slots"])
        client.force_login(user_with_role(Role.ASN))
        page = client.get(URL, {"minggu": long_week["monday"].isoformat()})
        assert page.context["calendar"]["shown_day"] == long_week["days"][0]
        assert page.text.count("Penuh · tunggu") == 9

    def test_rescheduling_pages_a_long_week_too_without_the_booked_slot(self, client, long_week):
        booking = BookingFactory(slot=long_week["slots"][0])
        client.force_login(booking.pegawai.user)
        url = reverse("bookings:booking_reschedule", args=[booking.pk])
        page = client.get(url, {"minggu": long_week["monday"].isoformat()})
        assert (
            page.context["calendar"]["by_day"]
            and page.context["calendar"]["shown_day"] == long_week["days"][0]
        )
        shown = shown_slots(page)
        assert booking.slot_id not in shown and len(shown) == 8
        assert page.text.count("Pindah ke sini") == 8
        # Each move is a form of its own, with the CSRF token.
        token = r'<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="\w+">'
        assert len(re.findall(token + '<input type="hidden" name="slot"', page.text)) == 8
        assert "Pindahkan jadwal Anda ke Senin, " in page.text


class TestRows:
    def test_each_row_says_what_the_asn_can_do(self, client):
        monday = next_monday()
        asn = user_with_role(Role.ASN)
        coach = user_with_role(Role.TIM_COACHING, name="Rahmat Hidayat")
        hall = PlaceFactory(name="Aula Bappeda", is_default=False)
        free, full, waited, shared = (
            SlotFactory(coach=coach, start=at(monday, hour), end=at(monday, hour + 1))
            for hour in (8, 9, 10, 11)
        )
        shared.capacity, shared.place = 3, hall
        shared.save()
        book_up([full, waited])
        BookingFactory(slot=shared)
        WaitlistEntryFactory(slot=waited, pegawai=asn.pegawai, status=WaitlistStatus.WAITING)
        client.force_login(asn)
        page = client.get(URL, {"minggu": monday.isoformat()})
        text = page.text
        assert f'href="{reverse("bookings:book", args=[free.pk])}"' in text
        assert f"Pesan Senin {monday.day} " in text and "08.00 dengan Rahmat Hidayat" in text
        assert f'href="{reverse("bookings:waitlist_join", args=[full.pk])}"' in text
        assert reverse("bookings:waitlist_join", args=[waited.pk]) not in text
        assert "Anda menunggu" in text
        assert "Pesan (1/3)" in text and "Rahmat Hidayat · Aula Bappeda" in text
        assert reverse("bookings:book", args=[full.pk]) not in text

    def test_names_and_places_are_shown_as_text(self, client):
        monday = next_monday()
        coach = user_with_role(Role.TIM_COACHING, name="O'Neil & <b>Sons</b>")
        hall = PlaceFactory(name='Aula "Bappeda" <2>', is_default=False)
        SlotFactory(coach=coach, place=hall, start=at(monday, 8), end=at(monday, 9))
        client.force_login(user_with_role(Role.ASN))
        text = client.get(URL, {"minggu": monday.isoformat()}).text
        assert "<b>Sons</b>" not in text and "<2>" not in text
        name = "O&#x27;Neil &amp; &lt;b&gt;Sons&lt;/b&gt;"
        assert f"{name} · Aula &quot;Bappeda&quot; &lt;2&gt;</div>" in text
        assert f'aria-label="Pesan Senin {monday.day} ' in text and f"dengan {name}" in text

    def test_the_active_booking_is_said_above_the_week(self, client):
        monday = next_monday()
        booking = BookingFactory(
            slot__start=at(monday, 9), slot__end=at(monday, 10), status=BookingStatus.BOOKED
        )
        client.force_login(booking.pegawai.user)
        page = client.get(URL, {"minggu": monday.isoformat()})
        assert "Anda sudah punya jadwal" in page.text and "09.00 WITA" in page.text
        assert reverse("bookings:booking_detail", args=[booking.pk]) in page.text

    def test_an_empty_week_says_so(self, client):
        client.force_login(user_with_role(Role.ASN))
        page = client.get(URL, {"minggu": next_monday().isoformat()})
        assert "Belum ada slot yang dapat dipilih pada minggu ini" in page.text
        assert (
            not page.context["calendar"]["has_slots"] and not page.context["calendar"]["day_links"]
        )


class TestQueries:
    # 6 and 90 slots (one page): tests/bookings/test_views.py
    @pytest.mark.parametrize("slots", [150, 300])
    def test_a_long_week_runs_as_many_queries_as_a_short_one(
        self, client, django_assert_num_queries, slots, one_minute
    ):
        monday = next_monday()
        coaches = [user_with_role(Role.TIM_COACHING) for _ in range(10)]
        for n in range(slots):
            start = at(monday + datetime.timedelta(days=n % 5), 7 + n // 50)
            slot = SlotFactory(
                coach=coaches[(n // 5) % 10],
                start=start,
                end=start + datetime.timedelta(hours=1),
                capacity=2,
            )
            if n % 4 == 0:
                BookingFactory(slot=slot)
        client.force_login(user_with_role(Role.ASN))
        # session, user, roles, the slots the ASN waits for, the week's version, the ASN's
        # active booking, the days' counts, the coaches of the filter, the slots shown
        with django_assert_num_queries(9):
            page = client.get(URL, {"minggu": monday.isoformat()})
        shown = len(shown_slots(page))
        assert shown == (slots if slots <= open_week.WEEK_ON_ONE_PAGE_MAX else slots // 5)
        # Without a week asked for, the first week with a free place is looked up first.
        with django_assert_num_queries(10):
            client.get(URL)
        # Kept drawn: neither is drawn again in the same minute.
        with django_assert_num_queries(6):
            client.get(URL)

    def test_the_days_counts_equal_a_count_of_the_rows(self, long_week):
        book_up(long_week["slots"][:5])
        monday = long_week["monday"]
        now = timezone.now()
        for coach_id in (None, long_week["coaches"][0].pk):
            counts = selectors.open_days(
                first_day=monday,
                last_day=monday + datetime.timedelta(days=6),
                now=now,
                coach_id=coach_id,
            )
            slots = selectors.open_slots(
                first_day=monday,
                last_day=monday + datetime.timedelta(days=6),
                now=now,
            )
            if coach_id is not None:
                slots = slots.filter(coach_id=coach_id)
            expected = {}
            for slot in slots:
                day = timezone.localdate(slot.start)
                listed, free = expected.get(day, (0, 0))
                expected[day] = (listed + 1, free + max(slot.capacity - slot.taken, 0))
            assert counts == expected
