import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Jenjang, Role
from tests.accounts.factories import PegawaiFactory, SkpdFactory
from tests.e2e.conftest import LAPTOP, PHONE

HOME_PANEL = {
    Role.ASN: "Tim kerja saya",
    Role.KASUBAG_UMUM: "SKPD yang Anda kelola",
    Role.TIM_COACHING: "Kabupaten Balangan dalam angka",
    Role.KEPALA_BIDANG: "Kabupaten Balangan dalam angka",
    Role.KEPALA_BKPSDM: "Kabupaten Balangan dalam angka",
    Role.ADMIN: "Perubahan data pegawai terakhir",
}


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"], indirect=True)
@pytest.mark.parametrize("role", list(HOME_PANEL))
def test_each_role_logs_in_and_sees_its_home(page, login_as, screenshot, role, viewport):
    """On a phone first (the login form and the home at 390 px), then the same home on a
    laptop: one login serves both widths."""
    skpd = SkpdFactory(name="Dinas Kesehatan", short_name="DINKES")
    head = PegawaiFactory(skpd=skpd, jenjang=Jenjang.JPT_PRATAMA, name="dr. Kepala Dinas")
    user = login_as(role, skpd=skpd, atasan=head, jenjang=Jenjang.ADMINISTRATOR)
    PegawaiFactory.create_batch(3, skpd=skpd, atasan=getattr(user, "pegawai", None))

    for width, size in (("phone", PHONE), ("laptop", LAPTOP)):
        page.set_viewport_size(size)
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
        expect(page.get_by_text(HOME_PANEL[role]).first).to_be_visible()
        if role != Role.ADMIN:
            expect(page.get_by_role("heading", name="Profil saya")).to_be_visible()
        assert page.console_errors == []
        screenshot(f"home-{role}-{width}")


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"], indirect=True)
def test_wrong_password_shows_one_indonesian_message(page, live_server, screenshot, viewport):
    page.goto(live_server.url + reverse("accounts:login"))
    width = "phone" if viewport == PHONE else "laptop"
    screenshot(f"login-{width}")
    page.get_by_label("NIP atau nama pengguna").fill("19860926 201505 1 001")
    page.get_by_label("Kata sandi").fill("bukan-kata-sandinya")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_text("NIP/nama pengguna atau kata sandi salah")).to_be_visible()
    assert page.console_errors == []


def test_kasubag_opens_its_roster_and_a_profile_then_signs_out(page, login_as, live_server):
    skpd = SkpdFactory(name="Dinas Sosial", short_name="DINSOS")
    PegawaiFactory(skpd=skpd, name="Raudah Syarifuddin", jabatan="Penata Layanan Operasional")
    PegawaiFactory(name="Pegawai SKPD Lain")
    login_as(Role.KASUBAG_UMUM, skpd=skpd)

    page.get_by_role("link", name="Daftar pegawai").click()
    expect(page.get_by_role("heading", name="Daftar pegawai")).to_be_visible()
    expect(page.get_by_text("Pegawai SKPD Lain")).to_have_count(0)
    page.get_by_role("link", name="Raudah Syarifuddin").click()
    expect(page.get_by_role("heading", name="Raudah Syarifuddin")).to_be_visible()
    expect(page.get_by_text("Penata Layanan Operasional").first).to_be_visible()

    page.get_by_role("button", name="Menu akun").click()
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("heading", name="Masuk ke portal")).to_be_visible()
