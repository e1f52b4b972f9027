"""What people trip over when booking (issue 21): the week that opens, the coach filter,
rescheduling on the same week calendar, a draft attached later, the history, the calendar
file of an inactive booking, the waiting list with an active booking, the held visit's
page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from bookings import selectors, services
from bookings.models import Booking, BookingStatus, RequestStatus
from tests.accounts.factories import user_with_role
from tests.bookings.factories import BookingFactory, SlotFactory
from tests.bookings.test_requests import in_state

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%draf\n"


def at(days: int, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def next_monday_plus(days: int) -> int:
    """Days from today to the Monday after next week's Monday, plus ``days``."""
    today = timezone.localdate()
    return (selectors.week_start(today) - today).days + 14 + days


def test_the_calendar_opens_on_the_first_week_with_a_free_place_and_says_so(client):
    asn = user_with_role(Role.ASN)
    later = SlotFactory(start=at(next_monday_plus(1)))
    client.force_login(asn)
    page = client.get(reverse("bookings:open_slots"))
    assert page.context["calendar"]["monday"] == selectors.week_start(
        timezone.localdate(later.start)
    )
    assert "ditampilkan minggu pertama yang masih ada" in page.text
    assert reverse("bookings:book", args=[later.pk]) in page.text
    # A week asked for is shown as asked, empty or not.
    this_week = selectors.week_start(timezone.localdate())
    asked = client.get(reverse("bookings:open_slots"), {"minggu": this_week.isoformat()})
    assert (
        asked.context["calendar"]["monday"] == this_week
        and not asked.context["calendar"]["moved_ahead"]
    )


def test_the_coach_filter_shows_one_coachs_slots(client):
    asn = user_with_role(Role.ASN)
    day = next_monday_plus(2)
    mine, other = SlotFactory(start=at(day, 9)), SlotFactory(start=at(day, 10))
    client.force_login(asn)
    page = client.get(reverse("bookings:open_slots"), {"coach": mine.coach_id})
    assert reverse("bookings:book", args=[mine.pk]) in page.text
    assert reverse("bookings:book", args=[other.pk]) not in page.text
    assert mine.coach.display_name in page.text and other.coach.display_name in page.text


def test_rescheduling_uses_the_week_calendar_and_moves_the_booking(client):
    booking = BookingFactory(slot__start=at(next_monday_plus(0)))
    day = next_monday_plus(3)
    near = SlotFactory(start=at(day))
    far = SlotFactory(start=at(day + 7))
    client.force_login(booking.pegawai.user)
    url = reverse("bookings:booking_reschedule", args=[booking.pk])
    page = client.get(url)
    assert page.text.count("Pindah ke sini") == 1  # one week at a time, not every slot
    assert f'name="slot" value="{near.pk}"' in page.text
    assert f'name="slot" value="{far.pk}"' not in page.text
    assert "Minggu berikutnya" in page.text
    response = client.post(url, {"slot": near.pk})
    moved = Booking.objects.get(slot=near)
    assert response["Location"] == reverse("bookings:booking_detail", args=[moved.pk])
    booking.refresh_from_db()
    assert booking.status == BookingStatus.RESCHEDULED


def test_a_draft_may_follow_until_changes_close(client):
    booking = BookingFactory(slot__start=at(next_monday_plus(0)))
    client.force_login(booking.pegawai.user)
    detail = reverse("bookings:booking_detail", args=[booking.pk])
    assert "Lampirkan draf" in client.get(detail).text
    url = reverse("bookings:booking_draft_attach", args=[booking.pk])
    wrong = SimpleUploadedFile("draf.pdf", b"bukan pdf", "application/pdf")
    client.post(url, {"draft": wrong})
    booking.refresh_from_db()
    assert not booking.draft
    client.post(url, {"draft": SimpleUploadedFile("draf-skp.pdf", PDF, "application/pdf")})
    booking.refresh_from_db()
    assert booking.draft_name == "draf-skp.pdf" and booking.draft.read() == PDF
    history = [entry.history_change_reason for entry in selectors.booking_timeline(booking)]
    assert history[-1] == "Draf SKP dilampirkan"
    assert "Ganti draf" in client.get(detail).text
    # After the cut-off: said, nothing changed.
    with pytest.raises(services.BookingError, match="sampai"):
        services.attach_draft(
            pegawai=booking.pegawai,
            booking_id=booking.pk,
            draft=SimpleUploadedFile("baru.pdf", PDF, "application/pdf"),
            now=services.changes_close_at(booking.slot),
        )
    # Another ASN's booking is not found.
    client.force_login(user_with_role(Role.ASN))
    assert client.post(url, {"draft": SimpleUploadedFile("x.pdf", PDF)}).status_code == 404


def test_a_draft_brought_when_booking_reads_once_in_the_history(client):
    asn = user_with_role(Role.ASN)
    slot = SlotFactory(start=at(next_monday_plus(1)))
    booking = services.book_slot(
        pegawai=asn.pegawai,
        slot_id=slot.pk,
        jenjang=asn.pegawai.jenjang,
        topic="Indikator",
        draft=SimpleUploadedFile("draf.pdf", PDF, "application/pdf"),
    )
    reasons = [entry.history_change_reason for entry in selectors.booking_timeline(booking)]
    assert reasons == ["Dipesan", "Draf SKP dilampirkan"]


def test_an_inactive_booking_offers_no_calendar_file(client):
    booking = BookingFactory(slot__start=at(next_monday_plus(0)))
    client.force_login(booking.pegawai.user)
    detail = reverse("bookings:booking_detail", args=[booking.pk])
    ics = reverse("bookings:booking_ics", args=[booking.pk])
    assert ics in client.get(detail).text
    services.cancel_booking(pegawai=booking.pegawai, booking_id=booking.pk)
    page = client.get(detail).text
    assert ics not in page and "Lampirkan draf" not in page


def test_the_waiting_list_says_first_that_an_active_booking_stands_in_the_way(client):
    booking = BookingFactory(slot__start=at(next_monday_plus(0)))
    full = SlotFactory(start=at(next_monday_plus(1)))
    BookingFactory(slot=full)
    client.force_login(booking.pegawai.user)
    page = client.get(reverse("bookings:waitlist_join", args=[full.pk]))
    assert "Anda sudah punya jadwal aktif" in page.text and 'name="topic"' not in page.text


def test_the_held_visits_page_says_it_is_closed(world, client):
    request = in_state(world, RequestStatus.HELD)
    client.force_login(world["coach"])
    page = client.get(reverse("bookings:session_detail", args=[request.session.pk])).text
    assert "sudah ditandai selesai" in page and "setelah sesi dimulai" not in page
    assert "Simpan kehadiran dan catatan" not in page


@pytest.mark.parametrize("name", ["bookings:book", "bookings:waitlist_join"])
def test_a_slot_no_id_can_name_is_not_found_and_nothing_is_booked(client, name):
    slot = SlotFactory(start=at(next_monday_plus(0)))
    user = user_with_role(Role.ASN)
    client.force_login(user)
    for slot_pk in (slot.pk + 1000, 2**63, 10**30):
        response = client.post(
            reverse(name, args=[slot_pk]), {"jenjang": "pelaksana", "topic": "Indikator"}
        )
        assert response.status_code == 404
    assert not Booking.objects.exists()
    booked = client.post(
        reverse("bookings:book", args=[slot.pk]), {"jenjang": "pelaksana", "topic": "Indikator"}
    )
    assert booked.status_code == 302
    assert Booking.objects.get().slot == slot
