"""Browser journey on a phone: an ASN whose SKP is in format copies it field by field for
e-Kinerja, then downloads the surat keterangan of its coaching hours."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Jenjang, Role
from bookings.models import Attendance, BookingStatus, CoachingSession, SessionKind
from skp_drafts.models import SkpStatus
from tests.accounts.factories import PegawaiWithAccountFactory, SkpdFactory, user_with_role
from tests.bookings.factories import BookingFactory, SlotFactory
from tests.e2e.conftest import PHONE, login_through_form
from tests.pdf import PdfText
from tests.skp_drafts.factories import IndicatorFactory, RhkFactory, SkpFactory


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"], indirect=True)
def test_an_asn_copies_its_skp_for_e_kinerja_and_downloads_its_certificate(
    page, live_server, transactional_db, screenshot
):
    skpd = SkpdFactory(name="Dinas Kesehatan")
    kabid = PegawaiWithAccountFactory(
        skpd=skpd, jenjang=Jenjang.ADMINISTRATOR, name="Kabid P2P", jabatan="Kepala Bidang P2P"
    )
    kabid_rhk = RhkFactory(
        skp=SkpFactory(pegawai=kabid), text="Menurunnya angka kesakitan penyakit menular"
    )
    asn = PegawaiWithAccountFactory(
        skpd=skpd, jenjang=Jenjang.PENGAWAS, atasan=kabid, name="Noor Hasanah"
    )
    skp = SkpFactory(pegawai=asn, pejabat_penilai=kabid, status=SkpStatus.REVIEWED)
    rhk = RhkFactory(skp=skp, parent=kabid_rhk, text="Tersedianya data surveilans mingguan")
    IndicatorFactory(rhk=rhk, aspect="kuantitas", text="Jumlah laporan", target="52 laporan")
    coach = user_with_role(Role.TIM_COACHING, name="Rizki Maulana, S.Psi.")
    user_with_role(Role.KEPALA_BIDANG, name="Hj. Norhasanah, S.Sos.")
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)
    slot = SlotFactory(coach=coach, start=start, end=start + datetime.timedelta(minutes=90))
    session = CoachingSession.objects.create(
        kind=SessionKind.INDIVIDUAL,
        start=slot.start,
        end=slot.end,
        place="Ruang Coaching BKPSDM",
        booking=BookingFactory(slot=slot, pegawai=asn, status=BookingStatus.ATTENDED),
    )
    session.coaches.add(coach)
    Attendance.objects.create(session=session, pegawai=asn, present=True)

    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    login_through_form(page, live_server, asn.user)
    page.goto(live_server.url + reverse("skp_drafts:detail", args=[skp.pk]))
    page.get_by_role("link", name="Salin ke e-Kinerja").click()
    expect(page.get_by_role("heading", name="Salin ke e-Kinerja")).to_be_visible()
    for label, text in [
        ("Salin RHK pimpinan yang diintervensi", kabid_rhk.text),
        ("Salin Rencana hasil kerja", rhk.text),
        ("Salin Indikator kinerja individu", "Jumlah laporan"),
        ("Salin Target", "52 laporan"),
    ]:
        button = page.get_by_role("button", name=label)
        button.click()
        expect(button).to_contain_text("Tersalin")
        assert page.evaluate("navigator.clipboard.readText()") == text
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot("ekinerja-copy-phone")

    # Its coaching hours: 90 minutes make 2 JP; the year's surat keterangan says so.
    page.goto(live_server.url + reverse("bookings:my_bookings"))
    page.get_by_role("link", name="Jam pengembangan kompetensi").click()
    expect(page.get_by_text("Coaching individual penyusunan SKP")).to_be_visible()
    year = timezone.localdate(start).year
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Surat keterangan tahun {year}").click()
    text = PdfText(Path(download.value.path()).read_bytes())
    assert "SURAT KETERANGAN" in text and "Noor Hasanah" in text
    assert f"pada tahun {year} sebanyak 2 JP" in text
    assert not page.console_errors
