"""The second factor: the login's code step, the obligation of Admin and the Kepala to enrol
(every URL closed until they do), recovery codes, the optional users' switch, and the
admin's reset.

These tests see the portal as it is: ``force_login`` does not mark sessions verified here
(``raw_force_login``; tests/conftest.py does it for every other test)."""

import re

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.checks import check_second_factor_required
from accounts.models import (
    RecoveryCode,
    RecoveryCodeDevice,
    Role,
    SecondFactorEvent,
    SecondFactorEventKind,
    User,
    normalize_recovery_code,
)
from accounts.twofactor import services
from accounts.twofactor.middleware import OPEN_VIEW_NAMES, is_public
from accounts.twofactor.policy import REQUIRED_ROLES, is_required
from tests.accounts.factories import PASSWORD, user_with_role
from tests.accounts.second_factor import confirmed_device, totp_code

pytestmark = [pytest.mark.django_db, pytest.mark.raw_force_login]

REQUIRED = sorted(REQUIRED_ROLES)
OPTIONAL = sorted(set(Role) - REQUIRED_ROLES)
WRONG_CODE = "Kode tidak cocok"
THROTTLED = "Terlalu banyak kode yang salah"


def login_name(user: User) -> str:
    pegawai = getattr(user, "pegawai", None)
    return pegawai.nip if pegawai else user.username


def password_step(client, user, next_url=None):
    data = {"username": login_name(user), "password": PASSWORD}
    url = reverse("accounts:login") + (f"?next={next_url}" if next_url else "")
    if next_url:
        data["next"] = next_url
    return client.post(url, data)


def code_step(client, code, next_url="/beranda/"):
    return client.post(reverse("accounts:login_verify"), {"code": code, "next": next_url})


def enrolled(role=Role.KEPALA_BIDANG, *, codes=False):
    """A user of ``role`` with a confirmed authenticator app (and recovery codes)."""
    user = user_with_role(role)
    device = confirmed_device(user)
    new_codes = services._new_recovery_codes(user) if codes else []
    return user, device, new_codes


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# Who must ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("required_setting", [True, False])
def test_admin_and_the_kepala_must_have_a_second_factor_unless_switched_off(
    settings, role, required_setting
):
    settings.SECOND_FACTOR_REQUIRED = required_setting
    user = User(is_superuser=role == Role.ADMIN)
    user.__dict__["roles"] = frozenset({role})  # the rule in memory, no database
    assert is_required(user) is (required_setting and role in REQUIRED_ROLES)


def test_the_requirement_is_on_by_default_and_in_the_tests(settings):
    assert settings.SECOND_FACTOR_REQUIRED is True
    assert check_second_factor_required(None) == []


def test_check_deploy_warns_when_the_requirement_is_off(settings):
    settings.SECOND_FACTOR_REQUIRED = False
    assert [warning.id for warning in check_second_factor_required(None)] == ["accounts.W001"]


# The login's code step ----------------------------------------------------------------------


class TestSignIn:
    def test_the_password_alone_does_not_sign_in_a_user_with_a_second_factor(self, client):
        user, _device, _codes = enrolled()
        response = password_step(client, user, next_url="/skp/")
        assert response.status_code == 302
        assert response.url == reverse("accounts:login_verify") + "?next=%2Fskp%2F"
        assert not signed_in(client)
        assert client.get(reverse("portal:home")).url.startswith(reverse("accounts:login"))
        page = client.get(response.url)
        assert "Kode verifikasi dari aplikasi autentikator" in page.content.decode()

    def test_the_right_code_signs_in_and_goes_to_next(self, client):
        user, device, _codes = enrolled()
        password_step(client, user, next_url="/skp/")
        response = code_step(client, totp_code(device), next_url="/skp/")
        assert response.status_code == 302 and response.url == "/skp/"
        assert client.session["_auth_user_id"] == str(user.pk)
        assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
        assert client.get(reverse("portal:home")).status_code == 200

    def test_a_code_is_accepted_once(self, client):
        user, device, _codes = enrolled()
        code = totp_code(device)
        password_step(client, user)
        code_step(client, code)
        client.post(reverse("accounts:logout"))
        password_step(client, user)
        response = code_step(client, code)
        assert WRONG_CODE in response.content.decode()
        assert not signed_in(client)

    def test_a_next_elsewhere_is_not_followed(self, client):
        user, device, _codes = enrolled()
        password_step(client, user)
        response = code_step(client, totp_code(device), next_url="https://contoh.example/")
        assert response.url == reverse("portal:home")

    def test_a_recovery_code_signs_in_once(self, client):
        user, _device, codes = enrolled(codes=True)
        password_step(client, user)
        response = code_step(client, codes[0].lower().replace("-", " "))
        assert response.status_code == 302 and signed_in(client)
        home = client.get(response.url).content.decode()
        assert "Anda masuk dengan kode pemulihan" in home and "Sisa 9 kode" in home
        assert SecondFactorEvent.objects.filter(
            user=user, kind=SecondFactorEventKind.RECOVERY_CODE_USED
        ).exists()
        client.post(reverse("accounts:logout"))
        password_step(client, user)
        assert WRONG_CODE in code_step(client, codes[0]).content.decode()
        assert not signed_in(client)

    def test_a_wrong_code_is_refused_calmly_then_throttled(self, client):
        user, device, _codes = enrolled()
        password_step(client, user)
        for wrong in ["000000", "ABCDE-FGHJK", "12345", "kode"]:
            response = code_step(client, wrong)
            assert response.status_code == 200
            assert WRONG_CODE in response.content.decode()
        assert WRONG_CODE in code_step(client, "111111").content.decode()  # the fifth
        response = code_step(client, totp_code(device))  # right, but too late
        assert response.status_code == 429
        assert THROTTLED in response.content.decode()
        assert "15 menit" in response.content.decode()
        assert not signed_in(client)

    def test_the_throttle_counts_per_account_whatever_the_browser(self, client):
        user, device, _codes = enrolled()
        for _attempt in range(5):
            client.cookies.clear()
            password_step(client, user)
            code_step(client, "000000")
        client.cookies.clear()
        password_step(client, user)
        assert code_step(client, totp_code(device)).status_code == 429

    def test_the_code_step_without_the_password_step_asks_for_the_login(self, client):
        response = client.get(reverse("accounts:login_verify") + "?next=/skp/")
        assert response.url == reverse("accounts:login") + "?next=/skp/"
        response = code_step(client, "123456")
        assert response.url.startswith(reverse("accounts:login"))

    def test_the_password_step_expires_after_ten_minutes(self, client):
        user, device, _codes = enrolled()
        password_step(client, user)
        session = client.session
        session["second_factor_pending"]["since"] -= 11 * 60
        session.save()
        response = code_step(client, totp_code(device))
        assert response.url.startswith(reverse("accounts:login"))
        assert not signed_in(client)

    def test_a_user_without_a_second_factor_is_signed_in_by_the_password(self, client):
        user = user_with_role(Role.ASN)
        response = password_step(client, user)
        assert response.url == reverse("portal:home") and signed_in(client)
        assert client.get(response.url).status_code == 200

    def test_a_session_made_round_the_code_step_is_ended(self, client):
        # For instance an old login form or a future shortcut: it counts for nothing.
        user, _device, _codes = enrolled(Role.ASN)
        client.force_login(user)
        response = client.get(reverse("skp_drafts:mine"))
        assert response.url == reverse("accounts:login") + "?next=/skp/"
        assert not signed_in(client)

    def test_the_admin_login_page_sends_to_the_portals_login(self, client):
        response = client.get(reverse("admin:login") + "?next=/admin/")
        assert response.status_code == 302
        assert response.url == reverse("accounts:login") + "?next=/admin/"


# Obliged users enrol before anything else --------------------------------------------------


def every_view(resolver=None, namespace=""):
    """(name, view) of every URL pattern of the project, the admin's included."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from every_view(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or pattern.pattern}", pattern.callback


# What a signed-in session that owes its second factor still reaches.
OPEN_BEFORE_ENROLMENT = {
    "accounts:index",
    "accounts:login",
    "accounts:logout",
    "accounts:register",
    "accounts:register_done",
    "accounts:activate",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:login_verify",
    "accounts:second_factor_enrol",
    "portal:verify",
    "surveys:answer",
    "healthz",
    "set_language",
    # Django marks its admin's login public; the portal's own login answers at its URL.
    "admin:login",
}


def test_every_url_but_the_public_ones_and_the_enrolment_is_closed():
    """The middleware decides by marks on the views: this pins which views are marked, so a
    new page is closed unless someone decides otherwise here."""
    open_views = {
        name
        for name, view in every_view()
        if is_public(view, name) or getattr(view, "open_before_second_factor", False)
    }
    assert open_views == OPEN_BEFORE_ENROLMENT
    assert "set_language" in OPEN_VIEW_NAMES


@pytest.mark.parametrize("role", REQUIRED)
def test_an_obliged_user_is_sent_to_enrol_from_every_page(client, role):
    user = user_with_role(role)
    response = password_step(client, user, next_url="/skp/kaskade/")
    assert signed_in(client)
    closed = client.get(response.url)
    enrol = reverse("accounts:second_factor_enrol")
    assert closed.url == f"{enrol}?next=%2Fskp%2Fkaskade%2F"
    for url in [
        reverse("portal:home"),
        reverse("accounts:profile"),
        reverse("accounts:security"),
        reverse("accounts:pegawai_list"),
        reverse("reports:dashboard"),
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[user.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(enrol), url
    # A change is refused the same way, and changes nothing.
    response = client.post(reverse("accounts:profile"), {"email": "lain@contoh.go.id"})
    assert response.url.startswith(enrol)
    assert User.objects.get(pk=user.pk).email == user.email


def test_an_obliged_user_still_reaches_the_public_pages_and_the_logout(client):
    client.force_login(user_with_role(Role.KEPALA_BKPSDM))
    assert client.get(reverse("accounts:index")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("portal:verify", args=["ABCD-EFGH"])).status_code in (200, 404)
    assert client.get(reverse("surveys:answer", args=["tidak-ada"])).status_code in (200, 404)
    page = client.get(reverse("accounts:logout")).content.decode()
    assert "Keluar dari portal?" in page
    client.post(reverse("accounts:logout"))
    assert not signed_in(client)


def test_the_enrolment_page_shows_no_navigation_but_the_way_out(client):
    client.force_login(user_with_role(Role.KEPALA_BIDANG))
    page = client.get(reverse("accounts:second_factor_enrol")).content.decode()
    assert "Peran Anda (Admin, Kepala BKPSDM atau Kepala Bidang) mewajibkan" in page
    assert 'id="main-nav"' not in page
    assert "Keluar" in page


def enrol_through_pages(client, next_url="/beranda/"):
    """Open the enrolment, read the secret's device, confirm with its code; the response."""
    page = client.get(reverse("accounts:second_factor_enrol") + f"?next={next_url}")
    assert "data:image/svg+xml" in page.content.decode()
    user = User.objects.get(pk=client.session["_auth_user_id"])
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return client.post(
        reverse("accounts:second_factor_enrol"),
        {"code": totp_code(device), "next": next_url},
    )


@pytest.mark.usefixtures("mail_after_each_request")
def test_enrolment_confirms_the_app_then_shows_ten_codes_once(client):
    user = user_with_role(Role.KEPALA_BIDANG, user__email="kabid@contoh.go.id")
    password_step(client, user, next_url="/monitoring/")
    first = client.get(reverse("accounts:second_factor_enrol")).content.decode()
    again = client.get(reverse("accounts:second_factor_enrol")).content.decode()
    secret = re.search(r'data-testid="secret"><code>([A-Z2-7 ]+)</code>', first).group(1)
    assert secret in again  # a reload keeps the QR code already scanned
    assert len(secret.replace(" ", "")) == 32

    response = enrol_through_pages(client, next_url="/monitoring/")
    assert response.url == reverse("accounts:recovery_codes") + "?next=%2Fmonitoring%2F"
    page = client.get(response.url).content.decode()
    codes = re.findall(r"<code>([A-Z2-9]{5}-[A-Z2-9]{5})</code>", page)
    assert len(set(codes)) == 10
    text = client.get(reverse("accounts:recovery_codes_txt"))
    assert text["Content-Disposition"] == 'attachment; filename="kode-pemulihan.txt"'
    assert all(code in text.content.decode() for code in codes)
    done = client.post(reverse("accounts:recovery_codes"), {"next": "/monitoring/"})
    assert done.url == "/monitoring/"
    assert client.get(reverse("accounts:recovery_codes")).url == reverse("accounts:security")
    assert client.get(reverse("accounts:recovery_codes_txt")).status_code == 302
    assert client.get("/monitoring/").status_code == 200

    # Stored as digests only; the event and the e-mail say what happened.
    stored = RecoveryCode.objects.filter(device__user=user)
    assert stored.count() == 10
    assert not any(code.replace("-", "") in str(row.__dict__) for row in stored for code in codes)
    assert SecondFactorEvent.objects.get(user=user).kind == SecondFactorEventKind.ENABLED
    assert [m.to for m in mail.outbox] == [["kabid@contoh.go.id"]]
    assert "Verifikasi dua langkah diaktifkan" in mail.outbox[0].subject


def test_a_wrong_first_code_leaves_the_app_unconfirmed(client):
    client.force_login(user_with_role(Role.ADMIN))
    client.get(reverse("accounts:second_factor_enrol"))
    response = client.post(reverse("accounts:second_factor_enrol"), {"code": "000000"})
    assert "Kode tidak cocok" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get(reverse("portal:home")).url.startswith(
        reverse("accounts:second_factor_enrol")
    )


def test_once_enrolled_the_next_login_asks_for_the_code(client):
    user = user_with_role(Role.KEPALA_BKPSDM)
    password_step(client, user)
    enrol_through_pages(client)
    client.post(reverse("accounts:logout"))
    response = password_step(client, user)
    assert response.url.startswith(reverse("accounts:login_verify"))
    assert not signed_in(client)


def test_without_the_requirement_an_obliged_user_may_go_without(client, settings):
    settings.SECOND_FACTOR_REQUIRED = False
    user = user_with_role(Role.KEPALA_BIDANG)
    password_step(client, user)
    assert client.get(reverse("portal:home")).status_code == 200
    # Whoever has a device is still asked for its code.
    device = confirmed_device(user)
    client.post(reverse("accounts:logout"))
    assert password_step(client, user).url.startswith(reverse("accounts:login_verify"))
    assert code_step(client, totp_code(device)).url == reverse("portal:home")


# The optional users' switch -------------------------------------------------------------------


@pytest.mark.parametrize("role", OPTIONAL)
def test_other_roles_use_the_portal_without_a_second_factor(client, role):
    client.force_login(user_with_role(role))
    assert client.get(reverse("portal:home")).status_code == 200
    page = client.get(reverse("accounts:security")).content.decode()
    assert "Tidak aktif" in page


def test_an_asn_turns_it_on_from_its_profile_and_off_with_its_password(client):
    user = user_with_role(Role.ASN)
    client.force_login(user)
    assert reverse("accounts:security") in client.get(reverse("accounts:profile")).content.decode()
    enrol_through_pages(client)
    client.post(reverse("accounts:recovery_codes"))
    page = client.get(reverse("accounts:security")).content.decode()
    assert "Aktif" in page and "sejak" in page and "Sisa kode pemulihan: 10" in page

    url = reverse("accounts:second_factor_turn_off")
    response = client.post(url, {"proof": "bukan-kata-sandinya"})
    assert response.status_code == 400
    assert "Kode verifikasi atau kata sandi tidak cocok" in response.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()

    response = client.post(url, {"proof": PASSWORD})
    assert response.url == reverse("accounts:security")
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not RecoveryCodeDevice.objects.filter(user=user).exists()
    assert client.get(reverse("portal:home")).status_code == 200  # the session goes on
    assert list(SecondFactorEvent.objects.filter(user=user).values_list("kind", flat=True)) == [
        SecondFactorEventKind.DISABLED,
        SecondFactorEventKind.ENABLED,
    ]
    client.post(reverse("accounts:logout"))
    assert password_step(client, user).url == reverse("portal:home")


def test_turning_it_off_with_a_current_code(client):
    user = user_with_role(Role.TIM_COACHING)
    client.force_login(user)
    enrol_through_pages(client)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("accounts:second_factor_turn_off"), {"proof": totp_code(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_wrong_proofs_for_turning_it_off_are_throttled(client):
    user = user_with_role(Role.ASN)
    client.force_login(user)
    enrol_through_pages(client)
    url = reverse("accounts:second_factor_turn_off")
    for _attempt in range(5):
        assert client.post(url, {"proof": "salah-sekali"}).status_code == 400
    response = client.post(url, {"proof": PASSWORD})
    assert response.status_code == 429
    assert THROTTLED in response.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()


def test_an_obliged_user_cannot_turn_it_off(client):
    user = user_with_role(Role.KEPALA_BIDANG)
    client.force_login(user)
    enrol_through_pages(client)
    page = client.get(reverse("accounts:security")).content.decode()
    assert "tidak dapat dimatikan" in page
    assert reverse("accounts:second_factor_turn_off") not in page
    response = client.post(reverse("accounts:second_factor_turn_off"), {"proof": PASSWORD})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_new_recovery_codes_end_the_old_ones(client):
    user, _device, old = enrolled(Role.ASN, codes=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = RecoveryCodeDevice.objects.get(user=user).persistent_id
    session.save()
    response = client.post(reverse("accounts:recovery_codes_regenerate"))
    assert response.url == reverse("accounts:recovery_codes")
    page = client.get(response.url).content.decode()
    new = re.findall(r"<code>([A-Z2-9]{5}-[A-Z2-9]{5})</code>", page)
    assert len(new) == 10 and not set(new) & set(old)
    # The session a recovery code verified stays verified.
    assert client.get(reverse("portal:home")).status_code == 200
    device = RecoveryCodeDevice.objects.get(user=user)
    assert not device.verify_token(old[1])
    assert device.verify_token(new[1])
    assert not device.verify_token(new[1])


def test_a_new_phone_replaces_the_app_and_keeps_the_recovery_codes(client):
    user, old_device, codes = enrolled(Role.KEPALA_BIDANG, codes=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = old_device.persistent_id
    session.save()
    page = client.get(reverse("accounts:second_factor_enrol")).content.decode()
    assert "Pasang aplikasi autentikator di ponsel baru" in page
    new_device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:second_factor_enrol"), {"code": totp_code(new_device)})
    assert response.url == reverse("accounts:security")
    assert list(TOTPDevice.objects.filter(user=user)) == [new_device]
    assert RecoveryCodeDevice.objects.get(user=user).verify_token(codes[0])
    assert client.get(reverse("portal:home")).status_code == 200


# The admin's reset --------------------------------------------------------------------------


@pytest.mark.usefixtures("mail_after_each_request")
def test_an_admin_resets_a_lost_phone_and_the_log_names_the_admin(client):
    kepala, _device, _codes = enrolled(Role.KEPALA_BKPSDM, codes=True)
    kepala.email = "kepala@contoh.go.id"
    kepala.save()
    admin_user, admin_device, _ = enrolled(Role.ADMIN)
    client.force_login(admin_user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = admin_device.persistent_id
    session.save()
    changelist = reverse("admin:accounts_user_changelist")
    action = {"action": "reset_second_factor", "_selected_action": [kepala.pk]}
    confirm = client.post(changelist, action)
    assert confirm.status_code == 200
    assert "Reset verifikasi dua langkah?" in confirm.content.decode()
    assert TOTPDevice.objects.filter(user=kepala).exists()  # asked first

    client.post(changelist, {**action, "confirmed": "yes"})
    assert not TOTPDevice.objects.filter(user=kepala).exists()
    assert not RecoveryCodeDevice.objects.filter(user=kepala).exists()
    event = SecondFactorEvent.objects.get(user=kepala)
    assert (event.kind, event.actor) == (SecondFactorEventKind.RESET, admin_user)
    assert "Admin portal" in mail.outbox[-1].body and mail.outbox[-1].to == [kepala.email]
    page = client.get(reverse("admin:accounts_user_change", args=[kepala.pk])).content.decode()
    assert "Verifikasi dua langkah direset oleh admin" in page

    # The Kepala signs in with the password and must set up a new phone at once.
    client.post(reverse("accounts:logout"))
    password_step(client, kepala)
    assert client.get(reverse("portal:home")).url.startswith(
        reverse("accounts:second_factor_enrol")
    )


def test_only_a_superuser_may_reset(client):
    kepala, _device, _codes = enrolled(Role.KEPALA_BKPSDM)
    with pytest.raises(PermissionDenied):
        services.reset_by_admin(actor=user_with_role(Role.TIM_COACHING), user=kepala)
    assert TOTPDevice.objects.filter(user=kepala).exists()


def test_the_admin_never_shows_a_devices_secret(client):
    admin_user = user_with_role(Role.ADMIN)
    client.force_login(admin_user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_device(admin_user).persistent_id
    session.save()
    page = client.get(reverse("admin:index")).content.decode()
    assert "TOTP" not in page
    assert "otp_totp" not in page


# Recovery codes as stored -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("abcde-fghjk", "ABCDEFGHJK"),
        (" ABCDE FGHJK ", "ABCDEFGHJK"),
        ("ABCDEFGHJK", "ABCDEFGHJK"),
        ("ABCDE-FGHJ", None),  # too short
        ("ABCDE-FGHJ0", None),  # 0 is never in a code
        ("123456", None),
    ],
)
def test_a_recovery_code_is_read_however_it_is_typed(typed, expected):
    assert normalize_recovery_code(typed) == expected


def test_a_stolen_table_of_recovery_codes_signs_nobody_in():
    user, _device, codes = enrolled(codes=True)
    rows = list(RecoveryCode.objects.filter(device__user=user).values("salt", "digest"))
    assert len({row["salt"] for row in rows}) == 10
    device = RecoveryCodeDevice.objects.get(user=user)
    assert not any(device.verify_token(row["digest"][:10]) for row in rows)
    assert device.verify_token(codes[3])


def test_public_pages_are_known_by_djangos_own_mark():
    # is_public reads the attribute Django's decorator sets: should Django change it, every
    # public page would close to a half-signed-in session, and this says why.
    assert is_public(login_not_required(lambda request: None), "any")
