"""One calendar for the team, in a browser: the Kasubag proposes three dates, the Kepala sees
who is free on each and takes the second although a coach had open slots then (withdrawn),
both coaches see the visit in their agenda, on their home and in their calendar feed, the
Kasubag and a participant are told, and a move reaches everyone and the feed."""

import datetime

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from accounts.models import Role
from bookings.models import RequestStatus, SkpdRequest, Slot
from bookings.services import calendar_feed
from tests.accounts.factories import PegawaiWithAccountFactory, SkpdFactory, user_with_role
from tests.bookings.factories import SlotFactory
from tests.e2e.conftest import login_through_form


def next_weekdays(count: int) -> list[datetime.date]:
    """The next ``count`` working days after today: all within this week's window of the
    home page's "Hari ini dan minggu ini"."""
    days, day = [], timezone.localdate()
    while len(days) < count:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def feed_events(page, live_server, coach) -> dict:
    """The coach's feed as its phone reads it: without a login."""
    url = live_server.url + reverse("bookings:calendar_feed", args=[calendar_feed(coach).token])
    body = page.request.get(url).body()
    return {str(event["summary"]): event for event in Calendar.from_ical(body).walk("VEVENT")}


def test_a_visit_is_scheduled_on_a_proposed_date_seen_by_everyone_and_moved(
    page, live_server, transactional_db, screenshot, tmp_path
):
    skpd = SkpdFactory(name="Dinas Kesehatan", short_name="DINKES")
    kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=skpd)
    kepala = user_with_role(Role.KEPALA_BKPSDM)
    rizki = user_with_role(Role.TIM_COACHING, name="Rizki Maulana")
    aulia = user_with_role(Role.TIM_COACHING, name="Aulia Rahmawati")
    participant = PegawaiWithAccountFactory(skpd=skpd, name="Ahmad Syahrani")
    first, second, third = next_weekdays(3)
    # Aulia published open slots on the second date's morning.
    open_slot = SlotFactory(coach=aulia, start=at(second, 9), end=at(second, 10))
    letter = tmp_path / "surat.pdf"
    letter.write_bytes(b"%PDF-1.4\n%signed letter\n")

    # The Kasubag proposes three dates.
    login_through_form(page, live_server, kasubag)
    page.goto(live_server.url + reverse("bookings:request_new"))
    page.get_by_label("Nomor surat").fill("800/45/DINKES/2026")
    page.get_by_label("Tanggal surat").fill(f"{timezone.localdate():%Y-%m-%d}")
    page.get_by_label("Surat bertanda tangan (PDF)").set_input_files(str(letter))
    page.get_by_label("Usulan tanggal 1").fill(f"{first:%Y-%m-%d}")
    page.get_by_label("Usulan tanggal 2").fill(f"{second:%Y-%m-%d}")
    page.get_by_label("Usulan tanggal 3").fill(f"{third:%Y-%m-%d}")
    page.locator("#id_expected_pelaksana").fill("20")
    page.locator("#id_contact_name").fill("Fitriani Hasanah")
    page.locator("#id_contact_phone").fill("081234567890")
    page.get_by_role("button", name="Kirim permohonan").click()
    expect(page.get_by_text("Surat permohonan terkirim")).to_be_visible()
    request = SkpdRequest.objects.get()

    # The Kepala sees the team on each proposed date and takes the second.
    page.context.clear_cookies()
    login_through_form(page, live_server, kepala)
    page.goto(live_server.url + reverse("bookings:request_detail", args=[request.pk]))
    calendar = page.locator(".team-calendar").first
    expect(calendar.locator("h3")).to_have_count(3)
    page.get_by_role("link", name="Pakai tanggal ini").nth(1).click()
    expect(page.locator("#id_date").first).to_have_value(f"{second:%d/%m/%Y}")
    expect(page.get_by_text("1 slot kosong akan ditarik")).to_be_visible()
    screenshot("team-calendar-disposition")
    page.get_by_label("Rizki Maulana").check()
    page.get_by_label("Aulia Rahmawati").check()
    page.get_by_role("button", name="Terima dan tugaskan").click()
    expect(page.get_by_text("Permohonan diterima dan dijadwalkan")).to_be_visible()
    request.refresh_from_db()
    assert request.status == RequestStatus.SCHEDULED
    open_slot.refresh_from_db()
    assert open_slot.is_cancelled
    assert not Slot.objects.filter(coach=aulia, is_cancelled=False).exists()

    # The Kasubag lists the participant.
    page.context.clear_cookies()
    login_through_form(page, live_server, kasubag)
    page.goto(live_server.url + reverse("bookings:request_detail", args=[request.pk]))
    page.get_by_placeholder("Cari nama atau NIP").fill("syahrani")
    page.get_by_label("Ahmad Syahrani").check()
    page.get_by_role("button", name="Simpan daftar peserta").click()
    expect(page.get_by_text("Daftar peserta disimpan: 1 orang")).to_be_visible()
    expect(page.get_by_role("link", name="Notifikasi: 1 belum dibaca")).to_be_visible()

    # Both coaches see it in their agenda, on their home and in their calendar feed.
    for coach in (rizki, aulia):
        page.context.clear_cookies()
        login_through_form(page, live_server, coach)
        expect(page.get_by_text("Coaching Clinic Dinas Kesehatan").first).to_be_visible()
        page.goto(live_server.url + reverse("bookings:agenda") + f"?tanggal={second:%Y-%m-%d}")
        expect(page.get_by_role("link", name="Coaching Clinic Dinas Kesehatan")).to_be_visible()
        event = feed_events(page, live_server, coach)["Coaching Clinic Dinas Kesehatan"]
        assert event.decoded("dtstart") == at(second, 8, 30)
    screenshot("team-calendar-agenda")

    # The participant has been told, on its home too.
    page.context.clear_cookies()
    login_through_form(page, live_server, participant.user)
    expect(page.get_by_role("link", name="Notifikasi: 1 belum dibaca")).to_be_visible()
    expect(page.get_by_text("Coaching Clinic Dinas Kesehatan")).to_be_visible()

    # The Kepala moves the visit to the third date in the afternoon.
    page.context.clear_cookies()
    login_through_form(page, live_server, kepala)
    page.goto(live_server.url + reverse("bookings:request_detail", args=[request.pk]))
    form = page.locator("form", has=page.get_by_role("button", name="Pindahkan jadwal"))
    form.locator("#id_date").fill(f"{third:%Y-%m-%d}")
    form.locator("#id_start_time").fill("13:00")
    form.locator("#id_end_time").fill("16:00")
    form.locator("#id_reason").fill("Bertepatan dengan rapat kerja daerah.")
    form.get_by_role("button", name="Pindahkan jadwal").click()
    expect(
        page.get_by_text("Jadwal dipindahkan; coach, Kasubag dan peserta diberi tahu.")
    ).to_be_visible()

    # Everyone is told, and the feed shows the new time.
    for person in (kasubag, participant.user, rizki, aulia):
        page.context.clear_cookies()
        login_through_form(page, live_server, person)
        page.goto(live_server.url + reverse("portal:notifications"))
        expect(page.get_by_text("dipindahkan").first).to_be_visible()
    event = feed_events(page, live_server, aulia)["Coaching Clinic Dinas Kesehatan"]
    assert event.decoded("dtstart") == at(third, 13)
    screenshot("team-calendar-moved")
    assert page.console_errors == []
