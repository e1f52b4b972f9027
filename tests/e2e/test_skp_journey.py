"""The draft SKP's journey in a real browser: an ASN builds its SKP intervening its
superior's RHK, the checker finds a target without a unit, the ASN fixes it, brings the SKP
to its coaching and submits it; the coach comments, the ASN replies and resolves, the coach
declares it "sesuai format", and the ASN downloads the PDF."""

import datetime
from pathlib import Path

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Jenjang, Role
from skp_drafts.models import Skp
from tests.accounts.factories import PegawaiWithAccountFactory, SkpdFactory, user_with_role
from tests.bookings.factories import BookingFactory, SlotFactory
from tests.e2e.conftest import login_through_form
from tests.pdf import PdfText
from tests.skp_drafts.factories import IndicatorFactory, RhkFactory, SkpFactory


def at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def sign_in(page, live_server, user):
    page.context.clear_cookies()
    login_through_form(page, live_server, user)


def test_asn_builds_its_skp_and_a_coach_reviews_it(page, live_server, transactional_db, screenshot):
    year = timezone.localdate().year
    skpd = SkpdFactory(name="Dinas Kesehatan", short_name="DINKES")
    kasi = PegawaiWithAccountFactory(
        skpd=skpd, jenjang=Jenjang.PENGAWAS, name="Fitriani Hasanah", jabatan="Kepala Seksi"
    )
    superior_rhk = RhkFactory(
        skp=SkpFactory(pegawai=kasi, year=year),
        text="Tersedianya layanan administrasi kepegawaian yang tertib",
    )
    IndicatorFactory(rhk=superior_rhk)
    asn = PegawaiWithAccountFactory(
        skpd=skpd, atasan=kasi, name="Ahmad Syahrani", jabatan="Pengadministrasi Perkantoran"
    )
    coach = user_with_role(Role.TIM_COACHING, name="Rizki Maulana")
    BookingFactory(pegawai=asn, slot=SlotFactory(coach=coach, start=at(5, 9), end=at(5, 10)))
    page.on("dialog", lambda dialog: dialog.accept())

    # The ASN makes its SKP and types its first RHK, intervening its superior's.
    sign_in(page, live_server, asn.user)
    page.get_by_role("button", name="SKP").click()
    page.get_by_role("link", name="SKP saya").click()
    page.get_by_role("link", name="Buat SKP").first.click()
    page.get_by_role("button", name="Buat SKP").click()
    expect(page.get_by_text(f"SKP {year} dibuat")).to_be_visible()
    page.get_by_role("button", name="Tambah RHK Utama").click()
    first = page.locator(".rhk-card").nth(0)
    first.get_by_label("Rencana hasil kerja").fill("Tertatanya arsip kepegawaian pegawai")
    first.get_by_label("RHK pimpinan yang diintervensi", exact=True).select_option(
        label=f"RHK Utama 1 · {superior_rhk.text}"
    )
    first.get_by_label("Aspek").select_option("kuantitas")
    first.get_by_label("Indikator kinerja individu").fill("Jumlah berkas yang diarsipkan")
    first.get_by_label("Target").fill("120")
    # A second RHK, typed and then moved above the first: nothing typed is lost.
    page.get_by_role("button", name="Tambah RHK Utama").click()
    second = page.locator(".rhk-card").nth(1)
    second.get_by_label("Rencana hasil kerja").fill("Terlayaninya usulan kenaikan pangkat")
    second.get_by_label("RHK pimpinan yang diintervensi", exact=True).select_option(index=1)
    second.get_by_label("Indikator kinerja individu").fill("Jumlah usulan yang diproses")
    second.get_by_label("Target").fill("40 usulan")
    second.get_by_role("button", name="Naikkan RHK").click()
    screenshot("skp-editor-typed")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Tersimpan sebagai versi 2")).to_be_visible()

    # The checker points at the target without a unit; the ASN fixes it.
    findings = page.locator("section", has=page.get_by_role("heading", name="Pemeriksaan format"))
    expect(findings).to_contain_text("Target “120” tidak memuat satuan")
    screenshot("skp-editor-finding")
    cards = page.locator(".rhk-card")
    expect(cards.nth(0).get_by_label("Rencana hasil kerja")).to_have_value(
        "Terlayaninya usulan kenaikan pangkat"
    )
    cards.nth(1).get_by_label("Target").fill("120 berkas")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Tersimpan sebagai versi 3")).to_be_visible()
    expect(findings).to_contain_text("0 kesalahan format")

    # It brings the SKP to its coaching and submits it.
    page.get_by_role("link", name="Selesai mengubah").click()
    page.get_by_role("button", name="Bawa", exact=True).click()
    expect(page.get_by_text("SKP ini dibawa ke jadwal coaching Anda")).to_be_visible()
    page.get_by_role("button", name="Ajukan untuk direview").click()
    expect(page.get_by_text("Diajukan untuk review.")).to_be_visible()
    skp = Skp.objects.get(pegawai=asn)
    assert skp.status == "submitted"

    # The coach finds it in its queue and comments on an RHK.
    sign_in(page, live_server, coach)
    page.goto(live_server.url + reverse("skp_drafts:review_queue"))
    page.get_by_role("link", name="Ahmad Syahrani").click()
    page.get_by_label("Bagian yang dikomentari").select_option(index=2)
    page.get_by_role("textbox", name="Komentar").fill("Tambahkan indikator waktu untuk RHK ini.")
    page.get_by_role("button", name="Kirim komentar").click()
    expect(page.get_by_text("Komentar tersimpan.")).to_be_visible()
    screenshot("skp-coach-commented")

    # The ASN replies and marks it resolved.
    sign_in(page, live_server, asn.user)
    page.goto(live_server.url + reverse("skp_drafts:detail", args=[skp.pk]))
    expect(page.get_by_text("Tambahkan indikator waktu untuk RHK ini.")).to_be_visible()
    page.get_by_placeholder("Tulis balasan…").fill("Baik, akan saya tambahkan pada revisi.")
    page.get_by_role("button", name="Balas").click()
    expect(page.get_by_text("Balasan tersimpan.")).to_be_visible()
    page.get_by_role("button", name="Tandai selesai").click()
    expect(page.get_by_text("Komentar ditandai selesai.")).to_be_visible()

    # The coach declares it "sesuai format".
    sign_in(page, live_server, coach)
    page.goto(live_server.url + reverse("skp_drafts:detail", args=[skp.pk]))
    page.get_by_role("button", name="Nyatakan sesuai format").click()
    expect(page.get_by_role("status")).to_contain_text("Dinyatakan sesuai format.")
    skp.refresh_from_db()
    assert skp.status == "reviewed"

    # The ASN downloads its SKP as a PDF.
    sign_in(page, live_server, asn.user)
    page.goto(live_server.url + reverse("skp_drafts:detail", args=[skp.pk]))
    expect(page.get_by_text("Sesuai format").first).to_be_visible()
    screenshot("skp-reviewed")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh PDF").click()
    text = PdfText(Path(download.value.path()).read_bytes())
    assert download.value.suggested_filename == f"SKP-{year}-{asn.nip}.pdf"
    for expected in [
        "SASARAN KINERJA PEGAWAI",
        "Ahmad Syahrani",
        "Fitriani Hasanah",
        superior_rhk.text,
        "Terlayaninya usulan kenaikan pangkat",
        "120 berkas",
    ]:
        assert expected in text, expected
    assert page.console_errors == []
