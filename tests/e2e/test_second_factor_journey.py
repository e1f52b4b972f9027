import re
from pathlib import Path

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import Role
from accounts.nip import format_nip
from tests.accounts.factories import PASSWORD, user_with_role
from tests.accounts.second_factor import code_for_secret, totp_code

CODE_FIELD = "Kode verifikasi dari aplikasi autentikator"


def password_step(page, live_server, user):
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("NIP atau nama pengguna").fill(format_nip(user.pegawai.nip))
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def sign_out(page):
    page.get_by_role("button", name="Menu akun").click()
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("heading", name="Masuk ke portal")).to_be_visible()


def test_a_kepala_bidang_enrols_then_signs_in_with_a_code_and_a_recovery_code(
    page, live_server, transactional_db, screenshot
):
    kabid = user_with_role(Role.KEPALA_BIDANG, name="Hj. Norhasanah, S.Sos., M.AP.")
    home = live_server.url + reverse("portal:home")

    # The password is right, and the portal asks for an authenticator app before anything.
    password_step(page, live_server, kabid)
    expect(page.get_by_role("heading", name="Aktifkan verifikasi dua langkah")).to_be_visible()
    expect(page.get_by_role("img", name="Kode QR untuk aplikasi autentikator")).to_be_visible()
    expect(page.get_by_role("navigation", name="Navigasi utama")).not_to_contain_text("Beranda")
    screenshot("second-factor-enrol")
    page.goto(live_server.url + reverse("reports:dashboard"))
    expect(page).to_have_url(re.compile(r"/akun/keamanan/aktifkan/\?next=%2Fmonitoring%2F$"))

    # The key typed into the app by hand, and the app's code typed back.
    secret = page.get_by_test_id("secret").inner_text()
    page.get_by_label(CODE_FIELD).fill(code_for_secret(secret))
    page.get_by_role("button", name="Aktifkan").click()

    expect(page.get_by_role("heading", name="Simpan kode pemulihan Anda")).to_be_visible()
    codes = (
        page.get_by_role("list", name="Kode pemulihan").get_by_role("listitem").all_inner_texts()
    )
    assert len(codes) == 10 and all(re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", c) for c in codes)
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh sebagai teks").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename == "kode-pemulihan.txt"
    assert all(code in text for code in codes)
    screenshot("second-factor-recovery-codes")
    page.get_by_role("button", name="Sudah saya simpan, lanjutkan").click()
    expect(page).to_have_url(live_server.url + reverse("reports:dashboard"))
    sign_out(page)

    # Next time: the password, then the app's code (a wrong one first).
    password_step(page, live_server, kabid)
    expect(page.get_by_role("heading", name="Verifikasi dua langkah")).to_be_visible()
    page.get_by_label(CODE_FIELD).fill("000000")
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_text("Kode tidak cocok")).to_be_visible()
    page.get_by_label(CODE_FIELD).fill(totp_code(TOTPDevice.objects.get(user=kabid)))
    page.get_by_role("button", name="Verifikasi").click()
    expect(page).to_have_url(home)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
    sign_out(page)

    # The phone is at home: one recovery code, which then stops working.
    password_step(page, live_server, kabid)
    page.get_by_label(CODE_FIELD).fill(codes[0].lower())
    page.get_by_role("button", name="Verifikasi").click()
    expect(page).to_have_url(home)
    expect(page.get_by_text("Anda masuk dengan kode pemulihan")).to_be_visible()
    page.get_by_role("button", name="Menu akun").click()
    page.get_by_role("link", name="Keamanan akun").click()
    expect(page.get_by_text("Sisa kode pemulihan: 9.")).to_be_visible()
    expect(page.get_by_text("Masuk dengan kode pemulihan")).to_be_visible()
    sign_out(page)
    password_step(page, live_server, kabid)
    page.get_by_label(CODE_FIELD).fill(codes[0])
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_text("Kode tidak cocok")).to_be_visible()
    assert page.console_errors == []
