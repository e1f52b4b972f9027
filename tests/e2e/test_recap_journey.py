"""Browser journey of the monthly recap: on the demo regency with its year of individual
coaching, the demo coach finds last month's recap owed on its home, makes it from the
records, writes its notes and submits it; the Kepala Bidang finds it waiting, approves it
and downloads the PDF."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from accounts.models import User
from operations.demo import bookings as demo_bookings
from operations.demo import skp_drafts as demo_drafts
from operations.demo.accounts import DEMO_PASSWORD, FIXED, build_demo_regency
from reports.models import MonthlyRecap, ReportStatus
from reports.selectors import add_months, recap_sessions, recaps_due
from tests.e2e.conftest import ARTIFACTS, login_through_form
from tests.pdf import PdfText


def test_a_month_of_the_demos_individual_sessions_makes_one_recap_approved_by_the_kepala_bidang(
    page, live_server, transactional_db, screenshot
):
    build_demo_regency(pegawai_target=600)
    # Each seeder loads in a transaction of its own, as seed_demo runs it.
    with transaction.atomic():
        demo_bookings.seed_scaled(scale=600)
    with transaction.atomic():
        demo_drafts.seed_scaled(scale=600)
    coach = User.objects.select_related("pegawai").get(username=FIXED["coach_1"][0])
    kabid = User.objects.select_related("pegawai").get(username=FIXED["kepala_bidang"][0])
    last = add_months(timezone.localdate().replace(day=1), -1)
    month = date_format(last, "F Y")
    held = recap_sessions(year=last.year, month=last.month, coach=coach).count()
    assert held > 20  # a month of the demo's individual coaching

    # The coach's home names the month it owes, not its sessions one by one.
    login_through_form(page, live_server, coach, password=DEMO_PASSWORD)
    owed = page.locator("li", has_text=f"Rekap bulan {month} belum diajukan.")
    expect(owed).to_be_visible()
    expect(owed).to_contain_text(f"{held} sesi individual")
    expect(page.get_by_text("sesi yang Anda pandu belum dilaporkan")).to_have_count(0)
    screenshot("recap-home-coach-laptop")
    owed.get_by_role("link", name="Buat rekap").click()
    expect(page.get_by_label("Bulan")).to_have_value(f"{last:%Y-%m}")
    page.get_by_role("button", name="Buat rekap").click()
    expect(page.get_by_text("Rekap dibuat; angkanya dibaca dari catatan sesi.")).to_be_visible()

    # Writes what the figures do not say and submits it.
    page.get_by_label("Catatan dan temuan").fill(
        "Sebagian besar peserta menyusun indikator dari RHK atasan."
    )
    page.get_by_label("Tindak lanjut dan rekomendasi").fill("Sesi lanjutan untuk lampiran SKP.")
    page.get_by_role("button", name="Simpan dan ajukan ke Kepala Bidang").click()
    expect(page.get_by_text("Rekap diajukan ke Kepala Bidang.")).to_be_visible()
    expect(page.locator(".stat", has_text="Sesi individual")).to_contain_text(str(held))
    screenshot("recap-detail-laptop")
    recap = MonthlyRecap.objects.get()
    assert (recap.coach, recap.status) == (coach, ReportStatus.SUBMITTED)
    assert recap.figures["sessions"] == held

    # The Kepala Bidang finds it waiting on her home page, approves it, downloads the PDF.
    page.context.clear_cookies()
    login_through_form(page, live_server, kabid, password=DEMO_PASSWORD)
    expect(page.get_by_text("1 rekap bulanan menunggu persetujuan Anda.")).to_be_visible()
    page.get_by_role("link", name="Periksa rekap").click()
    page.get_by_role("link", name=month).click()
    expect(page.get_by_text("Sebagian besar peserta menyusun indikator")).to_be_visible()
    page.get_by_role("button", name="Setujui rekap").click()
    expect(page.get_by_text("Rekap disetujui; coach diberi tahu.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh PDF").click()
    saved = ARTIFACTS / "rekap-bulanan.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    download.value.save_as(saved)
    text = PdfText(saved.read_bytes())
    assert "REKAPITULASI BULANAN COACHING INDIVIDUAL" in text
    assert f"Bulan {month}" in text
    assert coach.pegawai.name in text and kabid.pegawai.name in text
    assert f"NIP {kabid.pegawai.nip_display}" in text
    assert "DAFTAR SESI" in text and "(belum disetujui)" not in text
    recap.refresh_from_db()
    assert (recap.status, recap.decided_by) == (ReportStatus.APPROVED, kabid)
    assert last not in [item.first_day for item in recaps_due(coach)]
    assert recap.decided_at > timezone.now() - datetime.timedelta(minutes=5)
    assert page.console_errors == []
