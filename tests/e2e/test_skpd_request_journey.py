import datetime

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from bookings.models import AgendaBlock, CoachingSession, RequestStatus, SkpdRequest
from tests.accounts.factories import PegawaiFactory, SkpdFactory, user_with_role
from tests.e2e.conftest import ARTIFACTS, login_through_form


def test_kasubag_submits_kepala_returns_kasubag_resubmits_kepala_accepts_coach_records(
    page, live_server, transactional_db, screenshot, tmp_path
):
    skpd = SkpdFactory(name="Dinas Kesehatan", short_name="DINKES")
    kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=skpd)
    kepala = user_with_role(Role.KEPALA_BKPSDM)
    coach = user_with_role(Role.TIM_COACHING, name="Rizki Maulana")
    staff = PegawaiFactory(skpd=skpd, name="Ahmad Syahrani")
    letter = tmp_path / "surat.pdf"
    letter.write_bytes(b"%PDF-1.4\n%signed letter\n")
    in_two_weeks = timezone.localdate() + datetime.timedelta(days=14)

    # The Kasubag submits.
    login_through_form(page, live_server, kasubag)
    page.get_by_role("link", name="Permohonan SKPD").click()
    page.get_by_role("link", name="Ajukan permohonan").click()
    page.get_by_label("Nomor surat").fill("800/45/DINKES/2026")
    page.get_by_label("Tanggal surat").fill(f"{timezone.localdate():%Y-%m-%d}")
    page.get_by_label("Surat bertanda tangan (PDF)").set_input_files(str(letter))
    page.get_by_label("Usulan tanggal 1").fill(f"{in_two_weeks:%Y-%m-%d}")
    page.locator("#id_expected_pelaksana").fill("20")
    page.locator("#id_contact_name").fill("Fitriani Hasanah")
    page.locator("#id_contact_phone").fill("081234567890")
    page.get_by_role("button", name="Kirim permohonan").click()
    expect(page.get_by_text("Surat permohonan terkirim")).to_be_visible()
    request = SkpdRequest.objects.get()
    screenshot("skpd-request-submitted")

    # The Kepala returns it for revision.
    page.context.clear_cookies()
    login_through_form(page, live_server, kepala)
    page.goto(live_server.url + reverse("bookings:request_list") + "?status=submitted")
    page.get_by_role("link", name="Dinas Kesehatan").click()
    page.get_by_label("Petunjuk perbaikan / alasan").fill("Tambahkan jumlah peserta JPT Pratama.")
    page.get_by_role("button", name="Kembalikan untuk perbaikan").click()
    expect(page.get_by_text("Permohonan dikembalikan untuk perbaikan").first).to_be_visible()

    # The Kasubag revises and resubmits.
    page.context.clear_cookies()
    login_through_form(page, live_server, kasubag)
    page.goto(live_server.url + reverse("bookings:request_detail", args=[request.pk]))
    page.get_by_role("link", name="Perbaiki dan ajukan kembali").click()
    expect(page.get_by_text("Tambahkan jumlah peserta JPT Pratama.")).to_be_visible()
    page.locator("#id_expected_jpt").fill("1")
    page.get_by_role("button", name="Ajukan kembali").click()
    expect(page.get_by_text("Permohonan diajukan kembali")).to_be_visible()

    # The Kepala accepts and assigns a coach.
    page.context.clear_cookies()
    login_through_form(page, live_server, kepala)
    page.goto(live_server.url + reverse("bookings:request_detail", args=[request.pk]))
    page.get_by_label("Rizki Maulana").check()
    page.get_by_label("Isi disposisi").fill("Bawa contoh cascading RHK.")
    page.get_by_role("button", name="Terima dan tugaskan").click()
    expect(page.get_by_text("Permohonan diterima dan dijadwalkan")).to_be_visible()
    screenshot("skpd-request-accepted")
    request.refresh_from_db()
    assert request.status == RequestStatus.SCHEDULED
    pdf = page.request.get(
        live_server.url + reverse("bookings:disposition_sheet", args=[request.pk])
    )
    assert pdf.headers["content-type"] == "application/pdf"
    (ARTIFACTS / "lembar-disposisi.pdf").write_bytes(pdf.body())

    # The Kasubag lists the participants.
    page.context.clear_cookies()
    login_through_form(page, live_server, kasubag)
    page.goto(live_server.url + reverse("bookings:request_detail", args=[request.pk]))
    page.get_by_label("Ahmad Syahrani").check()
    page.get_by_role("button", name="Simpan daftar peserta").click()
    expect(page.get_by_text("Daftar peserta disimpan: 1 orang")).to_be_visible()

    # The day comes; the coach records attendance and notes per agenda block.
    session = CoachingSession.objects.get(skpd_request=request)
    CoachingSession.objects.filter(pk=session.pk).update(
        start=timezone.now() - datetime.timedelta(hours=3), end=timezone.now()
    )
    page.context.clear_cookies()
    login_through_form(page, live_server, coach)
    page.goto(live_server.url + reverse("bookings:session_detail", args=[session.pk]))
    page.get_by_label("Ahmad Syahrani").check()
    page.get_by_label("Praktik penyusunan SKP JPT Pratama").fill(
        "RHK JPT diturunkan dari Perjanjian Kinerja."
    )
    page.get_by_role("button", name="Simpan kehadiran dan catatan").click()
    expect(page.get_by_text("Kehadiran dan catatan sesi disimpan")).to_be_visible()
    page.get_by_role("button", name="Tandai sudah dilaksanakan").click()
    expect(page.get_by_text("tercatat sudah dilaksanakan")).to_be_visible()
    screenshot("skpd-session-recorded")

    request.refresh_from_db()
    assert request.status == RequestStatus.HELD
    assert session.attendance.get(pegawai=staff).present is True
    assert AgendaBlock.objects.get(session=session, kind="practice_jpt").notes.startswith("RHK JPT")
    assert page.console_errors == []
