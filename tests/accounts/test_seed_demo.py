import time
from base64 import b32decode
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import RequestFactory
from django.utils import timezone
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import (
    Jenjang,
    Pegawai,
    RecoveryCodeDevice,
    Role,
    RoleAssignment,
    Skpd,
    SkpdKind,
    User,
)
from accounts.nip import NipKind, parse_nip
from accounts.twofactor.policy import is_required
from bookings.selectors import coming_week
from operations.demo.accounts import (
    DEMO_PASSWORD,
    DEMO_RECOVERY_CODES,
    DEMO_TOTP_SECRET,
    FIXED,
    build_demo_regency,
    demo_email,
    demo_second_factor_logins,
)
from tests.shared import built_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="class")
def regency(django_db_setup, django_db_blocker):
    """Built once for the class that uses it (tests/shared.py)."""
    with built_once(django_db_blocker):
        yield build_demo_regency(pegawai_target=600)


class TestTheDemoRegency:
    """One regency of 600 pegawai, built once for these tests."""

    def test_demo_regency_has_balangans_forty_skpd_by_kind(self, regency):
        assert Skpd.objects.count() == 40
        kinds = dict(Skpd.objects.values_list("kind").annotate(n=Count("pk")))
        assert kinds[SkpdKind.KECAMATAN] == 8
        assert kinds[SkpdKind.DINAS] >= 20
        assert {
            "Dinas Kesehatan",
            "Inspektorat Daerah",
            "Rumah Sakit Umum Daerah Balangan",
            "Kecamatan Paringin",
            "Sekretariat Daerah",
        } <= set(Skpd.objects.values_list("name", flat=True))

    def test_every_nip_is_valid_for_its_kind(self, regency):
        for nip, kind in Pegawai.objects.values_list("nip", "kind"):
            parse_nip(nip, kind)
        assert Pegawai.objects.filter(kind=NipKind.PPPK).exists()

    def test_every_skpd_has_a_head_and_a_correct_superior_chain(self, regency):
        sekda = Skpd.objects.get(short_name="SETDA").head
        assert sekda.atasan_id is None  # the Bupati is no civil servant
        for skpd in Skpd.objects.select_related("head").exclude(pk=sekda.skpd_id):
            assert skpd.head.skpd_id == skpd.pk
            assert skpd.head.atasan_id == sekda.pk, skpd.name
            kecamatan = skpd.kind == SkpdKind.KECAMATAN
            expected_head = Jenjang.ADMINISTRATOR if kecamatan else Jenjang.JPT_PRATAMA
            assert skpd.head.jenjang == expected_head, skpd.name
        heads = set(Skpd.objects.values_list("head_id", flat=True))
        for pegawai in Pegawai.objects.select_related("atasan").exclude(atasan=None):
            if pegawai.pk not in heads:
                assert pegawai.atasan.skpd_id == pegawai.skpd_id
            pegawai.full_clean()  # superior at least a Pengawas, never below, no cycle
        assert list(Pegawai.objects.filter(atasan=None).values_list("pk", flat=True)) == [sekda.pk]
        assert set(Pegawai.objects.values_list("jenjang", flat=True)) >= {
            Jenjang.JPT_PRATAMA,
            Jenjang.ADMINISTRATOR,
            Jenjang.PENGAWAS,
            Jenjang.PELAKSANA,
            Jenjang.FUNGSIONAL,
        }

    def test_each_skpd_has_one_kasubag_umum_and_bkpsdm_has_the_team(self, regency):
        kasubag = RoleAssignment.objects.filter(role=Role.KASUBAG_UMUM)
        assert kasubag.values("skpd").distinct().count() == 40
        assert kasubag.count() == 40
        for assignment in kasubag.select_related("user__pegawai"):
            assert assignment.user.pegawai.skpd_id == assignment.skpd_id
        team = RoleAssignment.objects.filter(skpd=None).select_related("user__pegawai__skpd")
        assert {a.user.pegawai.skpd.short_name for a in team} == {"BKPSDM"}
        assert sorted(a.role for a in team) == sorted(
            [Role.KEPALA_BKPSDM, Role.KEPALA_BIDANG] + [Role.TIM_COACHING] * 3
        )

    @pytest.mark.parametrize("key", list(FIXED))
    def test_demo_logins_work_with_the_demo_password(self, regency, key):
        nip = FIXED[key][0]
        request = RequestFactory().post("/masuk/")
        assert authenticate(request, username=nip, password=DEMO_PASSWORD) is not None

    def test_each_demo_login_has_its_own_email_on_account_and_pegawai(self, regency):
        """As registration and the profile have it: an account writes to its e-mail."""
        logins = Pegawai.objects.filter(user__isnull=False).values_list(
            "user__email", "email", "nip"
        )
        assert logins
        assert all(account == contact == demo_email(nip) for account, contact, nip in logins)
        assert len({account for account, _contact, _nip in logins}) == len(logins)
        assert not Pegawai.objects.filter(user__isnull=True).exclude(email="").exists()

    def test_the_admin_logs_in_with_the_demo_password(self, regency):
        request = RequestFactory().post("/masuk/")
        user = authenticate(request, username="admin", password=DEMO_PASSWORD)
        assert user is not None and user.is_superuser

    @pytest.mark.parametrize("login", demo_second_factor_logins())
    def test_the_obliged_demo_logins_have_the_published_second_factor(self, regency, login):
        user = User.objects.get(username=login)
        assert is_required(user)
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        key = b32decode(DEMO_TOTP_SECRET)
        assert device.bin_key == key
        assert device.verify_token(f"{hotp(key, int(time.time() // 30)):06d}")
        recovery = RecoveryCodeDevice.objects.get(user=user)
        assert recovery.codes.count() == len(DEMO_RECOVERY_CODES) == 10
        assert recovery.verify_token(DEMO_RECOVERY_CODES[0])
        assert not recovery.verify_token(DEMO_RECOVERY_CODES[0])

    def test_nobody_else_gets_a_demo_second_factor(self, regency):
        owners = set(TOTPDevice.objects.values_list("user__username", flat=True))
        assert owners == set(demo_second_factor_logins())

    def test_a_second_run_changes_nothing(self, regency):
        counts = (
            Skpd.objects.count(),
            Pegawai.objects.count(),
            User.objects.count(),
            RoleAssignment.objects.count(),
            Pegawai.history.count(),
        )
        assert build_demo_regency(pegawai_target=600) == {
            "skpd": 0,
            "pegawai": 0,
            "users": 0,
            "roles": 0,
            "registrations": 0,
            "second_factors": 0,
        }
        assert counts == (
            Skpd.objects.count(),
            Pegawai.objects.count(),
            User.objects.count(),
            RoleAssignment.objects.count(),
            Pegawai.history.count(),
        )

    def test_the_seed_is_recorded_in_the_history(self, regency):
        assert (
            Pegawai.history.filter(history_change_reason="seed_demo").count()
            == Pegawai.objects.count()
        )


def test_scale_adds_skpd_beyond_balangans_forty():
    created = build_demo_regency(pegawai_target=6_000)
    assert created["skpd"] == 48
    assert 5_900 <= Pegawai.objects.count() <= 6_100


def test_command_prints_the_demo_logins():
    out = StringIO()
    call_command("seed_demo", "--scale", "300", "--force", stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    for nip, _name in FIXED.values():
        if nip in (FIXED["coach_2"][0], FIXED["coach_3"][0]):
            continue
        assert nip in text
    assert "admin" in text
    assert DEMO_TOTP_SECRET in text and DEMO_RECOVERY_CODES[-1] in text
    # The demo coach has work today: an individual session and an SKPD visit, on its home.
    coach = User.objects.get(username=FIXED["coach_1"][0])
    today = [item.title for item in coming_week(coach) if item.start.date() == timezone.localdate()]
    assert any(title.startswith("Coaching individual") for title in today), today
    assert any(title.startswith("Coaching Clinic") for title in today), today


def test_without_debug_the_command_refuses_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="published password"):
        call_command("seed_demo", stdout=StringIO())
    assert not Pegawai.objects.exists()
