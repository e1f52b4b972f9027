"""Browser journeys of the reports: a coach writes and submits a session report, the Kepala
Bidang approves it and downloads the PDF; evaluation minutes whose follow-up carries over to
the next meeting until it is done; the dashboard on a phone."""

import io

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from accounts.models import Role
from reports.models import ActionItem, ActionStatus, EvaluationMeeting, ReportStatus, SessionReport
from tests.accounts.factories import user_with_role
from tests.e2e.conftest import ARTIFACTS, PHONE, login_through_form
from tests.pdf import PdfText
from tests.reports.factories import held_skpd_session


def test_coach_writes_and_submits_a_report_kepala_bidang_approves_and_downloads_it(
    page, live_server, transactional_db, screenshot, tmp_path
):
    coach = user_with_role(Role.TIM_COACHING, name="Rizki Maulana, S.Psi.")
    kabid = user_with_role(Role.KEPALA_BIDANG, name="Hj. Norhasanah, S.Sos.")
    session = held_skpd_session(coaches=[coach], present=6, absent=1)
    skpd = session.skpd_request.skpd
    photo = tmp_path / "diskusi.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (2000, 1500), (30, 110, 70)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())

    # The coach finds the session without a report and starts it.
    login_through_form(page, live_server, coach)
    page.goto(live_server.url + reverse("reports:report_list"))
    page.get_by_role("link", name="Buat laporan").click()
    expect(page.get_by_text("6 hadir dari 7 peserta terdaftar")).to_be_visible()
    page.get_by_role("button", name="Buat laporan").click()
    expect(page.get_by_text("Laporan dibuat dari catatan sesi")).to_be_visible()

    # Writes it, adds a photo, submits.
    page.get_by_label("Hasil dan temuan").fill("RHK Camat diturunkan dari Perjanjian Kinerja.")
    page.get_by_label("Permasalahan yang dihadapi").fill("Indikator belum memuat satuan.")
    page.get_by_label("Tindak lanjut dan rekomendasi").fill("Kasubag mengirim draf tersisa.")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_text("Isi laporan disimpan.")).to_be_visible()
    page.get_by_role("link", name="Tulis laporan").click()
    page.get_by_label("Foto kegiatan").set_input_files(str(photo))
    page.get_by_label("Keterangan foto").fill("Praktik penyusunan SKP")
    page.get_by_role("button", name="Unggah foto").click()
    expect(page.get_by_text("Foto ditambahkan.")).to_be_visible()
    screenshot("report-edit-laptop")
    page.get_by_role("button", name="Simpan dan ajukan ke Kepala Bidang").click()
    expect(page.get_by_text("Laporan diajukan ke Kepala Bidang.")).to_be_visible()
    report = SessionReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED
    assert report.photos.get().width == 1600

    # The Kepala Bidang finds it waiting on her home page, approves it, downloads the PDF.
    page.context.clear_cookies()
    login_through_form(page, live_server, kabid)
    expect(page.get_by_text("1 laporan kegiatan menunggu persetujuan Anda.")).to_be_visible()
    page.get_by_role("link", name="Periksa").click()
    page.get_by_role("link", name=skpd.name).click()
    expect(page.get_by_text("RHK Camat diturunkan dari Perjanjian Kinerja.")).to_be_visible()
    expect(page.get_by_alt_text("Praktik penyusunan SKP")).to_be_visible()
    screenshot("report-detail-laptop")
    page.get_by_role("button", name="Setujui laporan").click()
    expect(page.get_by_text("Laporan disetujui; coach diberi tahu.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh PDF").click()
    saved = ARTIFACTS / "laporan-kegiatan.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    download.value.save_as(saved)
    text = PdfText(saved.read_bytes())
    assert "LAPORAN HASIL KEGIATAN" in text
    assert "Hj. Norhasanah, S.Sos." in text
    for attendance in session.attendance.select_related("pegawai"):
        assert attendance.pegawai.name in text
    report.refresh_from_db()
    assert (report.status, report.decided_by) == (ReportStatus.APPROVED, kabid)
    assert page.console_errors == []


def _new_meeting(page, live_server, time: str, notulis):
    page.goto(live_server.url + reverse("reports:meeting_list"))
    page.get_by_role("link", name="Rapat baru").click()
    page.get_by_label("Pukul (WITA)").fill(time)
    # The Kepala Bidang chairs; someone else writes and signs the minutes with her.
    page.get_by_label("Notulis").select_option(str(notulis.pk))
    page.get_by_role("button", name="Buat rapat").click()
    expect(page.get_by_text("Rapat dibuat.")).to_be_visible()


def _write_and_sign_off(page, findings: str):
    page.get_by_role("link", name="Tulis notulen").click()
    page.get_by_label("Hasil evaluasi dan temuan").fill(findings)
    page.get_by_role("button", name="Simpan notulen").click()
    expect(page.get_by_text("Notulen disimpan.")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sahkan notulen").click()
    expect(page.get_by_text("Notulen disahkan;")).to_be_visible()


def test_minutes_with_a_follow_up_that_carries_over_until_done(
    page, live_server, transactional_db, screenshot
):
    kabid = user_with_role(Role.KEPALA_BIDANG, name="Hj. Norhasanah, S.Sos.")
    coach = user_with_role(Role.TIM_COACHING, name="Aulia Rahmawati, S.E.")
    held_skpd_session(coaches=[coach], present=4)
    login_through_form(page, live_server, kabid)

    # First meeting: a follow-up is decided, the minutes signed off.
    _new_meeting(page, live_server, "09:00", coach)
    page.locator("#id_text").fill("Mengirim surat edaran jadwal ke kecamatan")
    page.get_by_label("Penanggung jawab").select_option(str(coach.pk))
    page.get_by_role("button", name="Tambah tindak lanjut").click()
    expect(page.get_by_text("Tindak lanjut dicatat.")).to_be_visible()
    _write_and_sign_off(page, "Coaching Clinic berjalan sesuai agenda.")
    first = EvaluationMeeting.objects.get()
    item = ActionItem.objects.get()

    # Second meeting: the follow-up comes back; it is in progress.
    _new_meeting(page, live_server, "13:00", coach)
    carried = page.locator("li", has_text="Mengirim surat edaran jadwal ke kecamatan")
    expect(carried).to_be_visible()
    carried.get_by_label("Status").select_option("in_progress")
    carried.get_by_label("Catatan perkembangan").fill("Draf surat sudah disiapkan")
    carried.get_by_role("button", name="Catat").click()
    expect(page.get_by_text("Perkembangan tindak lanjut dicatat.")).to_be_visible()
    screenshot("meeting-carried-over-laptop")
    _write_and_sign_off(page, "Surat edaran masih disiapkan.")
    item.refresh_from_db()
    assert item.status == ActionStatus.IN_PROGRESS

    # Third meeting: still open, so it comes back again; now it is done.
    _new_meeting(page, live_server, "15:00", coach)
    carried = page.locator("li", has_text="Mengirim surat edaran jadwal ke kecamatan")
    carried.get_by_label("Status").select_option("done")
    carried.get_by_role("button", name="Catat").click()
    expect(page.get_by_text("Perkembangan tindak lanjut dicatat.")).to_be_visible()
    _write_and_sign_off(page, "Surat edaran terkirim.")
    third = EvaluationMeeting.objects.order_by("-start").first()
    item.refresh_from_db()
    assert (item.status, item.closed_in) == (ActionStatus.DONE, third)

    # A fourth meeting has nothing left to carry.
    _new_meeting(page, live_server, "16:30", coach)
    expect(
        page.get_by_text("Tidak ada tindak lanjut rapat sebelumnya yang masih terbuka.")
    ).to_be_visible()
    second = EvaluationMeeting.objects.order_by("start")[1]
    minutes = page.request.get(live_server.url + reverse("reports:meeting_pdf", args=[second.pk]))
    assert minutes.headers["content-type"] == "application/pdf"
    (ARTIFACTS / "notulen-rapat-evaluasi.pdf").write_bytes(minutes.body())
    text = PdfText(minutes.body())
    assert "Mengirim surat edaran jadwal ke kecamatan" in text
    assert "Sedang dikerjakan" in text and "Draf surat sudah disiapkan" in text
    assert first.pk != second.pk
    assert page.console_errors == []


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"], indirect=True)
def test_the_dashboard_and_a_report_fit_a_phone(
    page, live_server, transactional_db, screenshot, viewport
):
    coach = user_with_role(Role.TIM_COACHING)
    kabid = user_with_role(Role.KEPALA_BIDANG)
    session = held_skpd_session(coaches=[coach], present=8)
    from reports import services

    report = services.start_report(actor=coach, session_id=session.pk)
    login_through_form(page, live_server, kabid)
    for name, url in [
        ("dashboard-phone", reverse("reports:dashboard")),
        ("report-detail-phone", reverse("reports:report_detail", args=[report.pk])),
        ("meeting-list-phone", reverse("reports:meeting_list")),
    ]:
        page.goto(live_server.url + url)
        screenshot(name)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    page.goto(live_server.url + reverse("reports:dashboard"))
    expect(page.locator("svg.bar-chart").first).to_be_visible()
    assert page.console_errors == []
