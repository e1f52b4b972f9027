import datetime
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from bookings.models import Booking, BookingStatus, CoachingSession, Slot
from tests.accounts.factories import user_with_role
from tests.bookings.factories import BookingFactory, PlaceFactory, SlotFactory
from tests.e2e.conftest import login_through_form


def at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def week_of(moment: datetime.datetime) -> str:
    return f"?minggu={timezone.localdate(moment):%Y-%m-%d}"


def test_asn_books_reschedules_and_cancels(page, live_server, login_as, screenshot):
    coach = user_with_role(Role.TIM_COACHING)
    first = SlotFactory(coach=coach, start=at(7, 9), end=at(7, 10))
    second = SlotFactory(coach=coach, start=at(7, 10), end=at(7, 11))
    asn = login_as(Role.ASN, name="Ahmad Syahrani")

    page.goto(live_server.url + reverse("bookings:open_slots") + week_of(first.start))
    screenshot("open-slots")
    page.get_by_role("link", name="Pesan", exact=False).first.click()
    page.get_by_label("Yang ingin dibahas").fill("Menurunkan RHK atasan menjadi indikator saya")
    page.get_by_role("button", name="Pesan jadwal ini").click()
    expect(page.get_by_text("Jadwal coaching Anda tercatat")).to_be_visible()
    expect(page.get_by_text("laptop dan draf SKP")).to_be_visible()
    screenshot("booking-confirmed")
    booking = Booking.objects.get(pegawai=asn.pegawai)
    assert booking.slot == first

    page.get_by_role("link", name="Jadwal ulang").click()
    # The same week calendar as booking; moving asks first.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile(r"^Pindah ke .* 10\.00 dengan")).click()
    expect(page.get_by_text("Jadwal coaching Anda dipindahkan")).to_be_visible()
    expect(page.get_by_text("10.00–11.00 WITA").first).to_be_visible()
    assert Booking.objects.get(status=BookingStatus.BOOKED).slot == second

    page.get_by_role("link", name="Batalkan").click()
    page.get_by_role("button", name="Ya, batalkan").click()
    expect(page.get_by_text("Jadwal coaching Anda dibatalkan")).to_be_visible()
    assert not Booking.objects.filter(pegawai=asn.pegawai, status=BookingStatus.BOOKED).exists()
    assert page.console_errors == []


def test_coach_publishes_a_week_sees_bookings_and_marks_one_attended(
    page, live_server, login_as, screenshot
):
    PlaceFactory()
    coach = login_as(Role.TIM_COACHING)
    monday = timezone.localdate() + datetime.timedelta(days=7 - timezone.localdate().weekday())
    page.goto(live_server.url + reverse("bookings:publish"))
    page.get_by_label("Dari tanggal").fill(f"{monday:%Y-%m-%d}")
    page.get_by_label("Sampai tanggal").fill(f"{monday + datetime.timedelta(days=3):%Y-%m-%d}")
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.get_by_text("20 slot diterbitkan")).to_be_visible()
    assert Slot.objects.filter(coach=coach).count() == 20

    # An ASN booked one of them; another booking of this coach started an hour ago.
    future_booking = BookingFactory(slot=Slot.objects.filter(coach=coach).order_by("start").first())
    past = BookingFactory(
        slot__coach=coach,
        slot__start=timezone.now() - datetime.timedelta(hours=1),
        slot__end=timezone.now(),
    )
    page.reload()
    expect(page.get_by_text(future_booking.pegawai.name)).to_be_visible()
    screenshot("agenda-week")

    page.goto(
        live_server.url
        + reverse("bookings:agenda")
        + f"?tampilan=hari&tanggal={timezone.localdate(past.slot.start):%Y-%m-%d}"
    )
    page.get_by_role("link", name=past.pegawai.name).click()
    page.get_by_label("Hadir", exact=True).check()
    page.get_by_label("Catatan coach").fill("RHK sudah menginduk ke atasan.")
    page.get_by_role("button", name="Simpan kehadiran").click()
    expect(page.get_by_text("Kehadiran dicatat")).to_be_visible()
    session = CoachingSession.objects.get(booking=past)
    assert list(session.attendance.values_list("pegawai", flat=True)) == [past.pegawai_id]
    assert page.console_errors == []


def test_second_asn_waits_and_gets_the_freed_place(page, live_server, transactional_db, screenshot):
    slot = SlotFactory(start=at(7, 9), end=at(7, 10))
    holder = user_with_role(Role.ASN, name="Pemegang Jadwal")
    holder.email = "pemegang@contoh.go.id"
    holder.save()
    waiting = user_with_role(Role.ASN, name="Penunggu Jadwal")
    waiting.email = "penunggu@contoh.go.id"
    waiting.save()
    BookingFactory(slot=slot, pegawai=holder.pegawai)

    login_through_form(page, live_server, waiting)
    page.goto(live_server.url + reverse("bookings:open_slots") + week_of(slot.start))
    page.get_by_role("link", name="Penuh · tunggu").click()
    page.get_by_label("Yang ingin dibahas").fill("Ekspektasi pimpinan")
    page.get_by_role("button", name="Masuk daftar tunggu").click()
    expect(page.get_by_text("Anda masuk daftar tunggu")).to_be_visible()

    page.context.clear_cookies()
    login_through_form(page, live_server, holder)
    page.goto(live_server.url + reverse("bookings:my_bookings"))
    page.get_by_role(
        "link", name=f"{timezone.localdate(slot.start).day}", exact=False
    ).first.click()
    page.get_by_role("link", name="Batalkan").click()
    page.get_by_role("button", name="Ya, batalkan").click()
    expect(page.get_by_text("Jadwal coaching Anda dibatalkan")).to_be_visible()

    placed = Booking.objects.get(slot=slot, status=BookingStatus.BOOKED)
    assert placed.pegawai == waiting.pegawai
    assert any(
        m.to == ["penunggu@contoh.go.id"] and "mendapat tempat" in m.subject for m in mail.outbox
    )

    page.context.clear_cookies()
    login_through_form(page, live_server, waiting)
    expect(page.get_by_text("Jadwal Anda:")).to_be_visible()
    screenshot("waitlist-placed-home")
