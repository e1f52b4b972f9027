"""Registration and password reset mail the address typed in: the shared cache counts how
often, per client address and per e-mail address, and refuses with a message past the
limit. Login throttling counts the client's real address behind the proxy."""

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from accounts import throttle
from accounts.models import Registration
from core.clients import client_ip
from tests.accounts.factories import PASSWORD, PegawaiFactory, PegawaiWithAccountFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail_after_each_request")]

REFUSED = "Terlalu banyak permintaan dalam waktu singkat"


@pytest.fixture
def tight(settings):
    settings.THROTTLES = {
        "register_ip": (4, 3600),
        "register_email": (2, 24 * 3600),
        "password_reset_ip": (4, 3600),
        "password_reset_email": (2, 3600),
    }


def register(client, nip, email, **extra):
    return client.post(
        reverse("accounts:register"),
        {"kind": "pns", "nip": nip, "email": email, "phone": "081234567890"},
        **extra,
    )


def test_one_email_address_gets_at_most_the_limit_of_registration_mails(client, tight):
    first, second, third = PegawaiFactory.create_batch(3)
    assert register(client, first.nip, "korban@contoh.go.id").status_code == 302
    assert register(client, second.nip, "korban@contoh.go.id").status_code == 302
    response = register(client, third.nip, "KORBAN@contoh.go.id")
    assert response.status_code == 429
    assert REFUSED in response.content.decode()
    assert "dalam 24 jam" in response.content.decode()
    # The third attempt made nothing and mailed nobody.
    assert Registration.objects.filter(pegawai=third).count() == 0
    assert [m.to for m in mail.outbox].count(["korban@contoh.go.id"]) == 2


def test_one_client_address_is_limited_whatever_it_types(client, tight):
    people = PegawaiFactory.create_batch(5)
    for number, pegawai in enumerate(people[:4]):
        assert register(client, pegawai.nip, f"orang{number}@contoh.go.id").status_code == 302
    response = register(client, people[4].nip, "orang4@contoh.go.id")
    assert response.status_code == 429
    assert not Registration.objects.filter(pegawai=people[4]).exists()
    # Another computer is not affected.
    other = register(client, people[4].nip, "orang4@contoh.go.id", REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_invalid_registrations_count_for_the_client_address_too(client, tight):
    for _attempt in range(4):
        assert register(client, "123", "bukan-email").status_code == 200
    assert register(client, "123", "bukan-email").status_code == 429


def test_password_reset_mails_one_address_at_most_the_limit(client, tight):
    PegawaiWithAccountFactory(user__email="asn@contoh.go.id")
    url = reverse("accounts:password_reset")
    for _attempt in range(2):
        assert client.post(url, {"email": "asn@contoh.go.id"}).status_code == 302
    response = client.post(url, {"email": "asn@contoh.go.id"})
    assert response.status_code == 429
    assert REFUSED in response.content.decode()
    assert len(mail.outbox) == 2
    # An address without an account is refused alike: the limit tells nothing about it.
    for _attempt in range(2):
        client.post(url, {"email": "tidak.ada@contoh.go.id"})
    assert client.post(url, {"email": "tidak.ada@contoh.go.id"}).status_code == 429


def test_password_reset_is_limited_per_client_address(client, tight):
    url = reverse("accounts:password_reset")
    for number in range(4):
        assert client.post(url, {"email": f"x{number}@contoh.go.id"}).status_code == 302
    assert client.post(url, {"email": "x9@contoh.go.id"}).status_code == 429


def test_counts_are_kept_in_the_configured_cache(settings):
    settings.THROTTLES = {"register_email": (1, 60)}
    assert throttle.allow("register_email", "a@contoh.go.id")
    assert not throttle.allow("register_email", "a@contoh.go.id")
    assert throttle.allow("register_email", "b@contoh.go.id")


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "127.0.0.1"),
        (0, "203.0.113.5", "127.0.0.1"),  # no proxy: the header is the client's own claim
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "198.51.100.1, 203.0.113.5", "203.0.113.5"),  # the left entry was made up
        (2, "198.51.100.1, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "203.0.113.5", "127.0.0.1"),  # fewer entries than proxies: not trusted
    ],
)
def test_the_client_address_is_the_one_the_trusted_proxy_saw(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == expected


def test_behind_the_proxy_failed_logins_lock_out_the_attacker_not_the_owner(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    pegawai = PegawaiWithAccountFactory(nip="198609262015051001")
    url = reverse("accounts:login")
    for _attempt in range(5):
        client.post(
            url,
            {"username": pegawai.nip, "password": "salah-sekali-123"},
            HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.66",
        )
    locked = client.post(
        url,
        {"username": pegawai.nip, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.66",
    )
    assert locked.status_code == 429
    assert AccessAttempt.objects.get().ip_address == "203.0.113.66"
    # The owner, at its own desk behind the same proxy, still gets in.
    response = client.post(
        url, {"username": pegawai.nip, "password": PASSWORD}, HTTP_X_FORWARDED_FOR="10.20.0.15"
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(pegawai.user.pk)


@pytest.fixture
def spraying_limit(settings):
    settings.THROTTLES = {**settings.THROTTLES, "login_failures_ip": (3, 900)}


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def test_one_password_sprayed_over_many_nips_stops_at_the_address_limit(client, spraying_limit):
    owner = PegawaiWithAccountFactory()
    for number in range(3):
        response = log_in(client, f"1990010120150110{number:02d}", "musim-hujan-2026")
        assert response.status_code == 200
        assert "kami menahan" not in response.content.decode()
    # Axes sees one failure per NIP and would never stop it; the address limit does, even
    # with the right password, which it does not check.
    response = log_in(client, owner.nip)
    assert response.status_code == 200
    assert (
        "Untuk sementara kami menahan upaya masuk dari jaringan Anda" in response.content.decode()
    )
    assert "dalam 15 menit" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.count() == 4
    # Another address, and the same address once the window is over, log in as before.
    assert log_in(client, owner.nip, REMOTE_ADDR="10.1.2.3").status_code == 302
    cache.clear()
    assert log_in(client, owner.nip).status_code == 302


def test_an_office_behind_one_address_logs_in_below_the_limit(client, spraying_limit):
    people = PegawaiWithAccountFactory.create_batch(3)
    for pegawai in people[:2]:
        log_in(client, pegawai.nip, "salah-ketik-123")
    for pegawai in people:
        assert log_in(client, pegawai.nip).status_code == 302
        client.logout()


def test_the_admin_login_is_no_way_around_the_limit(client, spraying_limit):
    # The admin's own form would skip the second factor: it sends to the portal's login,
    # which counts failures per address (and checks no password at all).
    url = reverse("admin:login")
    admin = PegawaiWithAccountFactory(user__is_staff=True, user__is_superuser=True).user
    response = client.post(url, {"username": admin.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
    assert "_auth_user_id" not in client.session


def test_the_address_limit_is_fifty_failures_in_a_quarter_of_an_hour_by_default(settings):
    assert settings.THROTTLES["login_failures_ip"] == (50, 900)
