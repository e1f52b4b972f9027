"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser) against
Django's live server."""

import os
from pathlib import Path

import pytest
from django.db import connections
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import sync_playwright

from accounts.nip import format_nip
from accounts.twofactor.policy import is_required
from tests.accounts.factories import PASSWORD, user_with_role
from tests.accounts.second_factor import confirmed_device, totp_code

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LAPTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    # Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
    # make beside it are synchronous all the same. Allowed for the browser tests only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield browser
                browser.close()
            finally:
                # While Playwright runs, its event loop counts as running in this thread,
                # and Django keeps the thread's database connections apart from those it
                # keeps without one (asgiref's thread-critical Local). The connections
                # opened meanwhile are closed while they can still be seen, before the test
                # database is dropped (this fixture is torn down first: it asks for the
                # database's setup), else the drop fails: "being accessed by other users".
                connections.close_all()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(params=[LAPTOP], ids=["laptop"])
def viewport(request):
    return request.param


@pytest.fixture
def page(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="id-ID", timezone_id="Asia/Makassar")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def login_as(page, live_server, transactional_db):
    """login_as(Role.KASUBAG_UMUM, skpd=...) makes a user with that role and signs in through
    the login form, typing a pegawai's NIP in groups as people do."""

    def login(role, **fields):
        user = user_with_role(role, **fields)
        login_through_form(page, live_server, user)
        return user

    return login


def login_through_form(page, live_server, user, password=PASSWORD):
    """Signs in as people do: the NIP (in groups) and password, then, for whoever has or
    must have a second factor (Admin and the Kepala), the code of its authenticator app,
    set up beforehand when it has none."""
    pegawai = getattr(user, "pegawai", None)
    typed = format_nip(pegawai.nip) if pegawai else user.username
    device = None
    if is_required(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        device = confirmed_device(user)
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("NIP atau nama pengguna").fill(typed)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    if device is not None:
        page.wait_for_url(f"{live_server.url}{reverse('accounts:login_verify')}?**")
        page.get_by_label("Kode verifikasi dari aplikasi autentikator").fill(totp_code(device))
        page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_url(live_server.url + reverse("portal:home"))


@pytest.fixture
def screenshot(page, request):
    """screenshot("name") saves a full-page PNG under test-artifacts/ for people to look at."""

    def take(name):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)

    return take
