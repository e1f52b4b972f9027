import re
from urllib.parse import urlsplit

from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Jenjang, Role
from tests.accounts.factories import PegawaiFactory, SkpdFactory, user_with_role
from tests.e2e.conftest import login_through_form

NEW_PASSWORD = "Paringin-Balangan-2026"
RESET_PASSWORD = "Awayan-Halong-2027"


def path_of_link(message) -> str:
    url = re.search(r"https?://\S+", message.body).group(0)
    return urlsplit(url).path


def test_asn_registers_kasubag_approves_asn_activates_logs_in_and_resets(
    page, live_server, transactional_db, screenshot
):
    skpd = SkpdFactory(name="Dinas Kesehatan", short_name="DINKES")
    kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=skpd)
    head = PegawaiFactory(skpd=skpd, jenjang=Jenjang.PENGAWAS)
    PegawaiFactory(skpd=skpd, nip="199505202020121007", name="Ahmad Syahrani", atasan=head)

    # The ASN registers with its NIP typed in groups.
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Daftar akun").click()
    page.get_by_label("NIP").fill("19950520 202012 1 007")
    page.get_by_label("E-mail").fill("ahmad@contoh.go.id")
    page.get_by_label("Nomor HP/WhatsApp").fill("081234567890")
    page.get_by_role("button", name="Kirim pendaftaran").click()
    expect(page.get_by_role("heading", name="Pendaftaran terkirim")).to_be_visible()
    screenshot("registration-done")

    # The Kasubag approves it from the queue.
    page.context.clear_cookies()
    login_through_form(page, live_server, kasubag)
    page.get_by_role("link", name="Pendaftaran", exact=True).click()
    page.get_by_role("link", name="Ahmad Syahrani").click()
    screenshot("registration-detail")
    page.get_by_role("button", name="Setujui dan kirim tautan aktivasi").click()
    expect(page.get_by_text("tautan aktivasi dikirim ke ahmad@contoh.go.id")).to_be_visible()

    # The ASN follows the e-mailed link and sets its password.
    page.context.clear_cookies()
    activation = next(
        m for m in mail.outbox if m.to == ["ahmad@contoh.go.id"] and "Aktifkan" in m.subject
    )
    page.goto(live_server.url + path_of_link(activation))
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Simpan kata sandi").click()
    expect(page.get_by_text("Akun Anda aktif")).to_be_visible()

    page.get_by_label("NIP atau nama pengguna").fill("199505202020121007")
    page.get_by_label("Kata sandi").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Selamat datang, Ahmad Syahrani")).to_be_visible()

    # Later it forgets the password and resets it by e-mail.
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_role("link", name="Lupa kata sandi?").click()
    page.get_by_label("E-mail akun").fill("ahmad@contoh.go.id")
    page.get_by_role("button", name="Kirim tautan").click()
    expect(page.get_by_role("heading", name="Periksa e-mail Anda")).to_be_visible()
    reset = mail.outbox[-1]
    page.goto(live_server.url + path_of_link(reset))
    page.locator("#id_new_password1").fill(RESET_PASSWORD)
    page.locator("#id_new_password2").fill(RESET_PASSWORD)
    page.get_by_role("button", name="Simpan kata sandi").click()
    expect(page.get_by_text("Kata sandi baru sudah disimpan")).to_be_visible()
    page.get_by_label("NIP atau nama pengguna").fill("19950520 202012 1 007")
    page.get_by_label("Kata sandi").fill(RESET_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Selamat datang, Ahmad Syahrani")).to_be_visible()
    assert page.console_errors == []
