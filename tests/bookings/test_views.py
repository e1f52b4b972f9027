import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from bookings.models import Booking, BookingStatus
from tests.accounts.factories import PegawaiWithAccountFactory, user_with_role
from tests.bookings.factories import BookingFactory, SlotFactory
from tests.pages import own_part

pytestmark = pytest.mark.django_db


def future(days: int, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


class TestPermissions:
    @pytest.mark.parametrize(
        "name",
        ["booking_detail", "booking_cancel", "booking_reschedule", "booking_ics", "booking_draft"],
    )
    def test_an_asn_gets_404_for_another_asns_booking(self, client, name):
        other = BookingFactory(
            slot__start=future(3),
            slot__end=future(3, 10),
            draft=SimpleUploadedFile("draf.pdf", b"%PDF-1.7"),
        )
        client.force_login(user_with_role(Role.ASN))
        assert client.get(reverse(f"bookings:{name}", args=[other.pk])).status_code == 404
        if name == "booking_cancel":
            assert client.post(reverse(f"bookings:{name}", args=[other.pk])).status_code == 404
            other.refresh_from_db()
            assert other.status == BookingStatus.BOOKED

    def test_the_coaching_team_opens_any_booking_but_not_to_cancel_it(self, client):
        booking = BookingFactory(slot__start=future(3), slot__end=future(3, 10))
        client.force_login(user_with_role(Role.KEPALA_BIDANG))
        assert client.get(reverse("bookings:booking_detail", args=[booking.pk])).status_code == 200
        assert client.post(reverse("bookings:booking_cancel", args=[booking.pk])).status_code == 404

    def test_only_the_team_sees_the_agenda_and_publishes(self, client):
        client.force_login(user_with_role(Role.ASN))
        assert client.get(reverse("bookings:agenda")).status_code == 403
        assert client.get(reverse("bookings:publish")).status_code == 403
        client.force_login(user_with_role(Role.TIM_COACHING))
        assert client.get(reverse("bookings:agenda")).status_code == 200

    def test_an_account_without_a_pegawai_profile_cannot_book(self, client):
        client.force_login(user_with_role(Role.ADMIN))
        assert client.get(reverse("bookings:open_slots")).status_code == 403


class TestBookingPages:
    def test_an_asn_books_with_a_draft_and_can_download_it(self, client):
        user = user_with_role(Role.ASN)
        slot = SlotFactory(start=future(3), end=future(3, 10))
        client.force_login(user)
        response = client.post(
            reverse("bookings:book", args=[slot.pk]),
            {
                "jenjang": "pelaksana",
                "topic": "Indikator",
                "draft": SimpleUploadedFile("skp saya.pdf", b"%PDF-1.7 x"),
            },
            follow=True,
        )
        assert "Jadwal coaching Anda tercatat" in response.content.decode()
        booking = Booking.objects.get()
        assert booking.draft_name == "skp saya.pdf"
        download = client.get(reverse("bookings:booking_draft", args=[booking.pk]))
        assert download["Content-Disposition"].startswith("attachment")
        assert download["X-Content-Type-Options"] == "nosniff"
        assert b"".join(download.streaming_content).startswith(b"%PDF-")

    def test_a_fake_draft_is_refused_with_a_message_and_nothing_booked(self, client):
        client.force_login(user_with_role(Role.ASN))
        slot = SlotFactory(start=future(3), end=future(3, 10))
        response = client.post(
            reverse("bookings:book", args=[slot.pk]),
            {
                "jenjang": "pelaksana",
                "topic": "x",
                "draft": SimpleUploadedFile("draf.xlsx", b"just text"),
            },
        )
        assert response.status_code == 200
        assert "tidak sesuai dengan jenisnya" in response.content.decode()
        assert not Booking.objects.exists()

    def test_a_forged_clear_checkbox_is_harmless(self, client):
        client.force_login(user_with_role(Role.ASN))
        slot = SlotFactory(start=future(3), end=future(3, 10))
        response = client.post(
            reverse("bookings:book", args=[slot.pk]),
            {"jenjang": "pelaksana", "topic": "x", "draft-clear": "on"},
        )
        assert response.status_code == 302
        assert Booking.objects.get().draft.name == ""

    @pytest.mark.django_db(transaction=True)
    def test_a_second_booking_is_refused_in_its_own_transaction_and_the_page_still_drawn(
        self, client
    ):
        # Committed for real: the refused insert takes no savepoint and ends the service's
        # transaction; the page after it reads in a new one.
        user = user_with_role(Role.ASN)
        booked = BookingFactory(pegawai=user.pegawai)
        slot = SlotFactory(start=future(3), end=future(3, 10))
        client.force_login(user)
        response = client.post(
            reverse("bookings:book", args=[slot.pk]), {"jenjang": "pelaksana", "topic": "x"}
        )
        assert response.status_code == 200
        assert "sudah punya jadwal coaching yang aktif" in str(
            response.context["form"].non_field_errors()
        )
        # The page drawn after it says why, and offers the booking there is.
        assert "Anda sudah punya jadwal aktif" in response.content.decode()
        assert list(Booking.objects.values_list("pk", flat=True)) == [booked.pk]
        assert not Booking.history.filter(slot_id=slot.pk).exists()

    def test_a_full_slot_sends_the_asn_to_the_waiting_list(self, client):
        slot = SlotFactory(start=future(3), end=future(3, 10))
        BookingFactory(slot=slot)
        client.force_login(user_with_role(Role.ASN))
        response = client.post(
            reverse("bookings:book", args=[slot.pk]), {"jenjang": "pelaksana", "topic": "x"}
        )
        assert response.url == reverse("bookings:waitlist_join", args=[slot.pk])

    @pytest.mark.parametrize("slots", [6, 90])
    def test_open_slots_runs_a_fixed_number_of_queries(
        self, client, django_assert_num_queries, slots, one_minute
    ):
        monday = timezone.localdate() + datetime.timedelta(days=7 - timezone.localdate().weekday())
        zone = timezone.get_current_timezone()
        coaches = [user_with_role(Role.TIM_COACHING) for _ in range(3)]
        for n in range(slots):
            start = datetime.datetime.combine(
                monday + datetime.timedelta(days=n % 5), datetime.time(7 + n // 15), tzinfo=zone
            )
            slot = SlotFactory(
                coach=coaches[n % 3],
                start=start,
                end=start + datetime.timedelta(hours=1),
                capacity=2,
            )
            if n % 4 == 0:
                BookingFactory(slot=slot)
        client.force_login(user_with_role(Role.ASN))
        # session, user, roles, the slots the ASN waits for, the week's version, the ASN's
        # active booking; then, drawing the week: each day's slots and free places (a long
        # week is shown a day at a time: tests/bookings/test_open_week.py), the coaches of
        # the filter, the slots shown with their taken places
        with django_assert_num_queries(9):
            response = client.get(reverse("bookings:open_slots"), {"minggu": monday.isoformat()})
        # Kept drawn (tests/bookings/test_open_slots_cache.py): the first six only.
        with django_assert_num_queries(6):
            kept = client.get(reverse("bookings:open_slots"), {"minggu": monday.isoformat()})
        assert own_part(kept) == own_part(response)
        shown = sum(len(column["rows"]) for column in response.context["calendar"]["columns"])
        assert shown == slots

    def test_the_booking_form_runs_a_fixed_number_of_queries(
        self, client, django_assert_num_queries
    ):
        slot = SlotFactory(start=future(3), end=future(3, 10))
        for _ in range(20):
            BookingFactory(slot=SlotFactory(start=future(4), end=future(4, 10)))
        client.force_login(user_with_role(Role.ASN))
        # session, user, roles, the slot with coach and place, the ASN's active booking, its
        # SKP in the portal (to bring)
        with django_assert_num_queries(6):
            client.get(reverse("bookings:book", args=[slot.pk]))

    def test_booking_runs_a_fixed_number_of_queries(self, client, django_assert_num_queries):
        slot = SlotFactory(start=future(3), end=future(3, 10))
        client.force_login(user_with_role(Role.ASN))
        # session, user, roles, the ASN's SKP (to bring); in the transaction (a savepoint
        # here, and its release): the ASN's row locked, the slot locked with whether its day
        # is closed, the places taken, the booking (no savepoint of its own: a refusal ends
        # the transaction) and its history. The slot and the active booking are read only
        # for a page shown again.
        with django_assert_num_queries(11):
            response = client.post(
                reverse("bookings:book", args=[slot.pk]), {"jenjang": "pelaksana", "topic": "x"}
            )
        assert response.url == reverse("bookings:booking_detail", args=[Booking.objects.get().pk])

    def test_booking_an_unknown_or_cancelled_slot_answers_404_and_books_nothing(self, client):
        cancelled = SlotFactory(start=future(3), end=future(3, 10), is_cancelled=True)
        client.force_login(user_with_role(Role.ASN))
        for pk in (cancelled.pk, cancelled.pk + 1000):
            response = client.post(
                reverse("bookings:book", args=[pk]), {"jenjang": "pelaksana", "topic": "x"}
            )
            assert response.status_code == 404
        assert not Booking.objects.exists()

    def test_odd_week_parameters_fall_back_to_this_week(self, client):
        client.force_login(user_with_role(Role.ASN))
        for value in ["2026-02-30", "abc", "1900-01-01", "9999-12-31", "0001-01-01"]:
            assert client.get(reverse("bookings:open_slots"), {"minggu": value}).status_code == 200
        client.force_login(user_with_role(Role.TIM_COACHING))
        for value in ["9999-12-31", "0001-01-01", "x"]:
            assert client.get(reverse("bookings:agenda"), {"tanggal": value}).status_code == 200

    def test_the_asn_sees_its_booking_timeline(self, client):
        booking = BookingFactory(
            slot__start=future(3), slot__end=future(3, 10), pegawai=PegawaiWithAccountFactory()
        )
        client.force_login(booking.pegawai.user)
        response = client.get(reverse("bookings:booking_detail", args=[booking.pk]))
        assert len(response.context["timeline"]) == 1
        assert "Riwayat" in response.content.decode()


class TestAdminClosures:
    def test_adding_a_closure_cancels_that_days_slots(self, client):
        booking = BookingFactory(slot__start=future(3), slot__end=future(3, 10))
        client.force_login(user_with_role(Role.ADMIN))
        day = timezone.localdate(booking.slot.start)
        response = client.post(
            reverse("admin:bookings_closure_add"),
            {"date": day.strftime("%d/%m/%Y"), "name": "Cuti bersama"},
            follow=True,
        )
        assert response.status_code == 200
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CANCELLED
        booking.slot.refresh_from_db()
        assert booking.slot.is_cancelled


class TestNoShows:
    def test_the_team_sees_who_did_not_come_by_month_with_the_years_count(
        self, client, django_assert_num_queries
    ):
        coach = user_with_role(Role.TIM_COACHING)
        absent = PegawaiWithAccountFactory(name="Rudi Hartono")
        other = PegawaiWithAccountFactory(name="Siti Aisyah")

        def booking(pegawai, month, day, status):
            start = datetime.datetime(2026, month, day, 9, tzinfo=timezone.get_current_timezone())
            slot = SlotFactory(coach=coach, start=start, end=start + datetime.timedelta(hours=1))
            return BookingFactory(slot=slot, pegawai=pegawai, status=status)

        booking(absent, 10, 6, BookingStatus.NO_SHOW)
        booking(absent, 11, 3, BookingStatus.NO_SHOW)
        booking(absent, 11, 10, BookingStatus.NO_SHOW)
        booking(other, 11, 4, BookingStatus.ATTENDED)
        booking(other, 11, 5, BookingStatus.NO_SHOW)
        client.force_login(coach)
        url = reverse("bookings:no_shows") + "?bulan=2026-11-01"
        client.get(url)  # warm the caches
        with django_assert_num_queries(5):  # session, user, roles, the page, its count
            response = client.get(url)
        rows = [(p.name, p.month_count, p.year_count) for p in response.context["page"]]
        assert rows == [("Rudi Hartono", 2, 3), ("Siti Aisyah", 1, 1)]
        assert "November 2026" in response.content.decode()
        october = client.get(reverse("bookings:no_shows") + "?bulan=2026-10-01")
        assert [p.name for p in october.context["page"]] == ["Rudi Hartono"]
        client.force_login(absent.user)
        assert client.get(url).status_code == 403
