"""Browser journey of an SKPD visit's attendance, on phone-sized screens: the coach shows the
session's QR; two listed participants and a walk-in check in from their phones; the coach
confirms; the report's annex shows them with their times and the signature column; the
report PDF's verification code opens its public page."""

import datetime
import hashlib
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from bookings.models import Attendance, RequestStatus
from bookings.visits import services as visits
from core.models import IssuedDocument
from reports.models import SessionReport
from tests.accounts.factories import PASSWORD, SkpdFactory, user_with_role
from tests.bookings.test_requests import new_request
from tests.e2e.conftest import ARTIFACTS, PHONE, login_through_form
from tests.pdf import PdfText


def scheduled_visit_under_way(skpd, kasubag, kepala, coach, listed):
    request = new_request(skpd, kasubag)
    # Accepted for a morning three days ahead (a visit lies within one day, whatever the
    # hour the test runs at), then brought to now below.
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    start += datetime.timedelta(days=3)
    session = visits.accept_request(
        actor=kepala,
        request_id=request.pk,
        coaches=[coach],
        start=start,
        end=start + datetime.timedelta(hours=3),
        venue="Aula Dinas Kesehatan",
        instruction="Laksanakan.",
    )
    visits.set_participants(
        actor=kasubag, request_id=request.pk, pegawai_ids=[u.pegawai.pk for u in listed]
    )
    # The day has come: the visit began ten minutes ago.
    session.start = timezone.now() - datetime.timedelta(minutes=10)
    session.end = session.start + datetime.timedelta(hours=3)
    session.save()
    return session


def check_in_on_a_phone(browser, live_server, url, user):
    """A participant scans the QR: the portal asks it to sign in, then it taps once."""
    context = browser.new_context(viewport=PHONE, locale="id-ID", timezone_id="Asia/Makassar")
    phone = context.new_page()
    phone.set_default_timeout(10_000)
    phone.goto(url)
    expect(phone).to_have_url(re.compile(r"/masuk/\?next="))
    phone.get_by_label("NIP atau nama pengguna").fill(user.pegawai.nip)
    phone.get_by_label("Kata sandi").fill(PASSWORD)
    phone.get_by_role("button", name="Masuk").click()
    expect(phone.get_by_role("heading", name="Coaching Clinic di Dinas Kesehatan")).to_be_visible()
    phone.get_by_role("button", name="Saya hadir").click()
    expect(phone.get_by_text(re.compile(r"tercatat hadir pukul \d\d\.\d\d WITA"))).to_be_visible()
    # One small page: nothing wider than the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=ARTIFACTS / "checkin-participant-phone.png", full_page=True)
    context.close()


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"], indirect=True)
def test_participants_check_in_by_qr_and_the_report_shows_them(
    browser, page, live_server, transactional_db, settings, screenshot
):
    settings.PORTAL_URL = live_server.url
    skpd = SkpdFactory(name="Dinas Kesehatan")
    kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=skpd)
    kepala = user_with_role(Role.KEPALA_BKPSDM)
    coach = user_with_role(
        Role.TIM_COACHING,
        name="Rizki Maulana, S.Psi.",
        jabatan="Analis Sumber Daya Manusia Aparatur Ahli Muda",
    )
    listed = [
        user_with_role(Role.ASN, skpd=skpd, name="Ahmad Syahrani"),
        user_with_role(Role.ASN, skpd=skpd, name="Noor Hasanah"),
    ]
    walk_in = user_with_role(Role.ASN, skpd=skpd, name="Rahmadi Saputra")
    session = scheduled_visit_under_way(skpd, kasubag, kepala, coach, listed)

    # The coach opens the session on its phone and shows the QR.
    login_through_form(page, live_server, coach)
    page.goto(live_server.url + reverse("bookings:session_detail", args=[session.pk]))
    expect(page.get_by_role("heading", name="Check-in mandiri peserta")).to_be_visible()
    expect(page.get_by_text("Check-in dibuka", exact=True)).to_be_visible()
    with page.expect_popup() as opened:
        page.get_by_role("link", name="Tampilkan atau cetak QR").click()
    poster = opened.value
    expect(poster.get_by_role("img", name="Kode QR check-in sesi ini")).to_be_visible()
    url = poster.locator(".text-break").inner_text().strip()
    session.refresh_from_db()
    assert url == live_server.url + reverse("bookings:check_in", args=[session.checkin_code])
    poster.close()

    for person in [*listed, walk_in]:
        check_in_on_a_phone(browser, live_server, url, person)

    # The coach sees the three, the walk-in marked, and confirms them.
    page.reload()
    expect(page.get_by_text("menunggu konfirmasi")).to_have_count(3)
    expect(page.get_by_text("peserta tambahan", exact=True)).to_have_count(1)
    screenshot("checkin-coach-phone")
    page.get_by_role("button", name="Simpan kehadiran dan catatan").click()
    expect(page.get_by_text("Kehadiran dan catatan sesi disimpan.")).to_be_visible()
    expect(page.get_by_text("menunggu konfirmasi")).to_have_count(0)
    assert set(
        Attendance.objects.filter(session=session, present=True, confirmed=True).values_list(
            "pegawai__name", flat=True
        )
    ) == {"Ahmad Syahrani", "Noor Hasanah", "Rahmadi Saputra"}
    times = {
        a.pegawai.name: f"{timezone.localtime(a.checked_in_at):%H.%M}"
        for a in Attendance.objects.filter(session=session).select_related("pegawai")
    }

    # Held, reported and approved; the report's PDF carries the final daftar hadir.
    page.get_by_role("button", name="Tandai sudah dilaksanakan").click()
    session.skpd_request.refresh_from_db()
    assert session.skpd_request.status == RequestStatus.HELD
    page.goto(live_server.url + reverse("reports:report_for_session", args=[session.pk]))
    page.get_by_role("button", name="Buat laporan").click()
    expect(page.get_by_text("Laporan dibuat dari catatan sesi")).to_be_visible()
    report = SessionReport.objects.get(session=session)
    response = page.request.get(live_server.url + reverse("reports:report_pdf", args=[report.pk]))
    assert response.ok
    content = response.body()
    text = PdfText(content)
    for name, at in times.items():
        assert f"Hadir {at}" in text and name in text
    for expected in (
        "Rahmadi Saputra (tambahan)",
        "Tanda tangan",
        "Dinas Kesehatan",
        coach.pegawai.jabatan,
    ):
        assert expected in text, expected

    # The paper's verification code (what its QR encodes) opens the public page, which
    # names the document and the SHA-256 of the very bytes downloaded.
    document = IssuedDocument.objects.filter(kind="LHK").latest("pk")
    assert document.code in text
    verify_url = live_server.url + reverse("portal:verify", args=[document.code])
    assert verify_url in text
    page.context.clear_cookies()
    page.goto(verify_url)
    expect(page.get_by_text(document.number)).to_be_visible()
    expect(page.get_by_text(hashlib.sha256(content).hexdigest())).to_be_visible()
    screenshot("checkin-verify-phone")
    assert not page.console_errors
