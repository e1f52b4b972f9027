"""The audit trail: what is recorded (logins, failed logins, lockouts, roles given and
taken, files handed out), the admin's page that searches it, and its pruning after
AUDIT_RETENTION_DAYS."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, RoleAssignment, User
from core import audit
from core.models import AuditEvent, AuditKind
from tests.accounts.factories import (
    PASSWORD,
    PegawaiWithAccountFactory,
    RoleAssignmentFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def kinds() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("kind", flat=True))


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


class TestRecorded:
    def test_a_login_and_a_failed_one_with_the_address(self, client):
        pegawai = PegawaiWithAccountFactory()
        log_in(client, pegawai.nip_display, "salah-ketik-123", REMOTE_ADDR="10.7.0.12")
        log_in(client, pegawai.nip, REMOTE_ADDR="10.7.0.12")
        failed, login = AuditEvent.objects.order_by("pk")
        assert (failed.kind, failed.user, failed.login_name) == (
            AuditKind.LOGIN_FAILED,
            pegawai.user,
            pegawai.nip,  # typed with spaces, recorded as the account's name
        )
        assert (login.kind, login.user, login.ip_address) == (
            AuditKind.LOGIN,
            pegawai.user,
            "10.7.0.12",
        )
        assert login.path == reverse("accounts:login")

    def test_a_name_without_an_account_is_recorded_as_typed(self, client):
        log_in(client, "tamu-tak-dikenal", "coba-coba-123")
        event = AuditEvent.objects.get()
        assert (event.kind, event.user, event.login_name) == (
            AuditKind.LOGIN_FAILED,
            None,
            "tamu-tak-dikenal",
        )

    def test_an_axes_lockout_once_then_failed_attempts(self, client, settings):
        pegawai = PegawaiWithAccountFactory()
        for _attempt in range(settings.AXES_FAILURE_LIMIT + 2):
            log_in(client, pegawai.nip, "salah-ketik-123")
        # Axes locks while it counts the fifth failure, before that failure is recorded.
        failed, lockout = AuditKind.LOGIN_FAILED, AuditKind.LOCKOUT
        assert kinds() == [failed] * 4 + [lockout] + [failed] * 3
        lockout = AuditEvent.objects.get(kind=AuditKind.LOCKOUT)
        assert lockout.user == pegawai.user
        assert "5 kali gagal dengan nama ini dari alamat ini; ditahan 15 menit" in lockout.detail
        assert AuditEvent.objects.filter(detail="saat nama ini ditahan").count() == 2

    def test_the_address_limit_once_and_then_nothing_per_attempt(self, client, settings):
        settings.THROTTLES = {**settings.THROTTLES, "login_failures_ip": (3, 900)}
        for number in range(6):
            log_in(client, f"1990010120150110{number:02d}", "musim-hujan-2026")
        assert kinds() == [AuditKind.LOGIN_FAILED] * 3 + [AuditKind.LOCKOUT]
        held = AuditEvent.objects.get(kind=AuditKind.LOCKOUT)
        assert held.detail.startswith("3 kali gagal masuk dari alamat ini, dengan nama apa pun")

    def test_roles_given_changed_and_taken_in_the_admin_name_who_did_it(self, client):
        admin = user_with_role(Role.ADMIN)
        coach = PegawaiWithAccountFactory().user
        AuditEvent.objects.all().delete()
        client.force_login(admin)
        url = reverse("admin:accounts_roleassignment_add")
        response = client.post(url, {"user": coach.pk, "role": Role.TIM_COACHING, "skpd": ""})
        assert response.status_code == 302
        assignment = RoleAssignment.objects.get(user=coach)
        change = reverse("admin:accounts_roleassignment_change", args=[assignment.pk])
        client.post(change, {"user": coach.pk, "role": Role.KEPALA_BIDANG, "skpd": ""})
        client.post(
            reverse("admin:accounts_roleassignment_delete", args=[assignment.pk]), {"post": "yes"}
        )
        events = AuditEvent.objects.exclude(kind=AuditKind.LOGIN).order_by("pk")
        assert [e.kind for e in events] == [
            AuditKind.ROLE_GRANTED,
            AuditKind.ROLE_CHANGED,
            AuditKind.ROLE_REVOKED,
        ]
        assert {e.user for e in events} == {admin}
        assert events[0].detail == (f"Tim Coaching untuk {coach.display_name} ({coach.username})")
        assert events[2].detail.startswith("Kepala Bidang untuk")

    def test_a_role_given_outside_a_request_has_no_actor(self):
        holder = PegawaiWithAccountFactory().user
        RoleAssignmentFactory(user=holder, role=Role.KEPALA_BKPSDM)
        event = AuditEvent.objects.get(kind=AuditKind.ROLE_GRANTED)
        assert (event.user, event.ip_address) == (None, None)
        assert holder.username in event.detail

    def test_the_admin_flag_is_a_role_too(self):
        user = PegawaiWithAccountFactory().user
        user.is_superuser = True
        user.save()
        user.save()  # unchanged: nothing
        user.is_superuser = False
        user.save()
        assert kinds() == [AuditKind.ROLE_GRANTED, AuditKind.ROLE_REVOKED]
        assert AuditEvent.objects.first().detail.startswith("Admin untuk")

    def test_a_file_handed_to_a_signed_in_user(self, client):
        coach = user_with_role(Role.TIM_COACHING)
        client.force_login(coach)
        AuditEvent.objects.all().delete()
        response = client.get(reverse("accounts:roster_template"))
        assert response.status_code == 200
        event = AuditEvent.objects.get()
        assert (event.kind, event.user, event.detail, event.path) == (
            AuditKind.FILE,
            coach,
            "templat-data-pegawai.xlsx",
            reverse("accounts:roster_template"),
        )

    def test_pages_and_refusals_are_no_files_handed_out(self, client):
        client.force_login(PegawaiWithAccountFactory().user)
        assert client.get(reverse("accounts:roster_template")).status_code == 403
        assert client.get(reverse("portal:home")).status_code == 200
        assert not AuditEvent.objects.filter(kind=AuditKind.FILE).exists()

    def test_the_address_is_stored_only_when_it_is_one(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="bukan-alamat")
        request.user = AnonymousUser()
        assert audit.record(AuditKind.LOGIN_FAILED, request=request).ip_address is None


def event(kind, *, days_ago=0, user=None, login_name="", detail="", ip="10.0.0.1"):
    return AuditEvent.objects.create(
        kind=kind,
        at=timezone.now() - datetime.timedelta(days=days_ago),
        user=user,
        login_name=login_name or (user.username if user else ""),
        detail=detail,
        ip_address=ip,
    )


class TestPage:
    URL = reverse("accounts:audit_log")

    @pytest.mark.parametrize(
        "role",
        [Role.ASN, Role.KASUBAG_UMUM, Role.TIM_COACHING, Role.KEPALA_BIDANG, Role.KEPALA_BKPSDM],
    )
    def test_only_the_admin_opens_it(self, client, role):
        client.force_login(user_with_role(role))
        assert client.get(self.URL).status_code == 403
        assert "Jejak audit" not in client.get(reverse("portal:home")).content.decode()

    def test_anonymous_visitors_are_sent_to_the_login(self, client):
        response = client.get(self.URL)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))

    def test_the_admin_reads_the_trail_newest_first_in_wita(self, client):
        admin = user_with_role(Role.ADMIN)
        pegawai = PegawaiWithAccountFactory(name="Siti Rahmah, S.E.")
        old = event(AuditKind.LOGIN, user=pegawai.user, days_ago=3)
        AuditEvent.objects.filter(pk=old.pk).update(
            at=datetime.datetime(2026, 11, 25, 0, 5, tzinfo=datetime.UTC)
        )
        event(AuditKind.FILE, user=pegawai.user, detail="skp-2026.xlsx")
        client.force_login(admin)
        assert "Jejak audit" in client.get(reverse("portal:home")).content.decode()
        page = client.get(self.URL).content.decode()
        assert page.index("skp-2026.xlsx") < page.index("25 November 2026")
        assert "08.05 WITA" in page
        assert "Siti Rahmah, S.E." in page
        assert "Berkas diunduh" in page and "Masuk" in page

    def test_searched_by_user_kind_and_days(self, client):
        admin = user_with_role(Role.ADMIN)
        siti = PegawaiWithAccountFactory(name="Siti Rahmah").user
        budi = PegawaiWithAccountFactory(name="Budi Santoso").user
        event(AuditKind.LOGIN, user=siti, days_ago=10, ip="10.9.9.9")
        event(AuditKind.FILE, user=siti, days_ago=1, detail="laporan-kegiatan-7.pdf")
        event(AuditKind.LOGIN_FAILED, user=budi, days_ago=1)
        event(AuditKind.ROLE_GRANTED, detail=f"Tim Coaching untuk Budi Santoso ({budi.username})")
        client.force_login(admin)

        def found(**query):
            response = client.get(self.URL, query)
            assert response.status_code == 200
            return sorted(
                (e.kind, e.user.username if e.user else "")
                for e in response.context["page"].object_list
                if e.user != admin
            )

        assert found(q="siti") == [("file", siti.username), ("login", siti.username)]
        grouped = (
            f"{siti.username[:8]} {siti.username[8:14]} {siti.username[14]} {siti.username[15:]}"
        )
        assert found(q=grouped) == found(q="siti")
        assert found(q=budi.username) == [("login_failed", budi.username), ("role_granted", "")]
        assert found(q="10.9.9.9") == [("login", siti.username)]
        assert found(kind="file") == [("file", siti.username)]
        today = timezone.localdate()
        since = (today - datetime.timedelta(days=2)).isoformat()
        assert found(q="siti", since=since, until=today.isoformat()) == [("file", siti.username)]

    @pytest.mark.parametrize(
        "query",
        [{"since": "2026-02-30"}, {"since": "1900-01-01"}, {"kind": "nuklir"}],
    )
    def test_a_filter_that_cannot_apply_shows_its_error_and_no_rows(self, client, query):
        event(AuditKind.LOGIN, user=PegawaiWithAccountFactory().user)
        client.force_login(user_with_role(Role.ADMIN))
        response = client.get(self.URL, query)
        assert response.status_code == 200
        assert not response.context["page"].object_list
        assert response.context["form"].errors

    def test_days_the_wrong_way_round_are_refused(self, client):
        client.force_login(user_with_role(Role.ADMIN))
        today = timezone.localdate()
        response = client.get(
            self.URL,
            {"since": today.isoformat(), "until": (today - datetime.timedelta(1)).isoformat()},
        )
        assert "Tanggal akhir tidak boleh sebelum tanggal awal." in response.content.decode()

    def test_paginated_with_a_fixed_number_of_queries(self, client, django_assert_num_queries):
        admin = user_with_role(Role.ADMIN)
        people = [PegawaiWithAccountFactory().user for _ in range(5)]
        for number in range(60):
            event(AuditKind.LOGIN, user=people[number % 5])
        client.force_login(admin)
        client.get(self.URL)  # the session's first stamp is written once
        # Session and user, the user's roles, the count, the page's rows.
        with django_assert_num_queries(5):
            response = client.get(self.URL, {"page": 2})
        page = response.context["page"]
        assert page.number == 2 and len(page.object_list) == 25
        assert "dari 3" in response.content.decode()

    def test_an_empty_search_says_so(self, client):
        client.force_login(user_with_role(Role.ADMIN))
        response = client.get(self.URL, {"q": "tidak-ada-siapa-pun"})
        assert "Tidak ada catatan yang cocok dengan pencarian ini." in response.content.decode()


def test_entries_are_kept_a_year_then_pruned(settings):
    assert settings.AUDIT_RETENTION_DAYS == 365
    kept = event(AuditKind.LOGIN, days_ago=364)
    event(AuditKind.LOGIN, days_ago=366)
    event(AuditKind.FILE, days_ago=800)
    call_command("prune_audit_log")
    assert list(AuditEvent.objects.all()) == [kept]


def test_every_kind_has_its_badge():
    assert {kind.badge for kind in AuditKind} <= {
        "success", "warning", "danger", "primary", "info", "secondary"
    }  # fmt: skip


def test_users_are_kept_apart_from_their_trail():
    user = user_with_role(Role.ADMIN)
    AuditEvent.objects.all().delete()
    event(AuditKind.LOGIN, user=user)
    User.objects.filter(pk=user.pk).delete()
    assert AuditEvent.objects.get().login_name == user.username
