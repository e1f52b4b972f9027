import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from accounts.models import Jenjang, Role
from tests.accounts.factories import (
    PASSWORD,
    PegawaiFactory,
    PegawaiWithAccountFactory,
    SkpdFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

LOGIN_FAILED = "NIP/nama pengguna atau kata sandi salah"


def login(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


class TestLogin:
    def test_asn_logs_in_with_the_nip_typed_in_groups(self, client):
        pegawai = PegawaiWithAccountFactory(nip="198609262015051001")
        response = login(client, "19860926 201505 1 001")
        assert response.status_code == 302
        assert response.url == reverse("portal:home")
        assert client.session["_auth_user_id"] == str(pegawai.user.pk)

    def test_staff_logs_in_with_a_login_name(self, client, make_user):
        admin = make_user(Role.ADMIN)
        assert login(client, admin.username).status_code == 302

    @pytest.mark.parametrize("case", ["unknown nip", "wrong password", "inactive account"])
    def test_every_failure_gets_the_same_message(self, client, case):
        pegawai = PegawaiWithAccountFactory(nip="198609262015051001")
        username, password = pegawai.nip, PASSWORD
        if case == "unknown nip":
            username = "199001012015031002"
        elif case == "wrong password":
            password = "salah-sekali-123"
        else:
            pegawai.user.is_active = False
            pegawai.user.save()
        response = login(client, username, password)
        assert response.status_code == 200
        assert LOGIN_FAILED in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_five_failures_lock_the_nip_out_however_it_is_typed(self, client, settings):
        PegawaiWithAccountFactory(nip="198609262015051001")
        for typed in [
            "198609262015051001",
            "19860926 201505 1 001",
            "19860926.201505.1.001",
            "198609262015051001",
        ]:
            assert login(client, typed, "salah-sekali-123").status_code == 200
        assert login(client, "19860926 201505 1 001", "salah-sekali-123").status_code == 429
        response = login(client, "198609262015051001")  # the right password, too late
        assert response.status_code == 429
        assert "Terlalu banyak percobaan masuk" in response.content.decode()
        assert "_auth_user_id" not in client.session
        # One record under the NIP's 18 digits, however it was typed.
        assert AccessAttempt.objects.get().username == "198609262015051001"

    def test_a_retired_pegawai_can_no_longer_log_in_nor_keep_its_session(self, client):
        pegawai = PegawaiWithAccountFactory(nip="198609262015051001")
        client.force_login(pegawai.user)
        pegawai.is_active = False
        pegawai.save()
        assert client.get(reverse("portal:home")).status_code == 302
        response = login(client, pegawai.nip)
        assert LOGIN_FAILED in response.content.decode()
        assert response.context["user"].is_anonymous

    def test_logout_is_a_post_and_ends_the_session(self, client, make_user):
        client.force_login(make_user(Role.ASN))
        response = client.get(reverse("accounts:logout"))
        assert "Keluar dari portal?" in response.content.decode()
        assert "_auth_user_id" in client.session  # a GET only asks
        response = client.post(reverse("accounts:logout"), follow=True)
        assert "Anda telah keluar dari portal." in response.content.decode()
        assert "_auth_user_id" not in client.session
        assert client.get(reverse("accounts:logout")).url == reverse("accounts:login")

    def test_pages_need_a_login(self, client):
        response = client.get(reverse("portal:home"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


class TestHome:
    @pytest.mark.parametrize(
        ("role", "expected", "absent"),
        [
            (
                Role.ASN,
                ["Profil saya", "Tim kerja saya"],
                ["Kabupaten Balangan dalam angka", "SKPD yang Anda kelola"],
            ),
            (
                Role.KASUBAG_UMUM,
                ["SKPD yang Anda kelola", "Profil saya"],
                ["Kabupaten Balangan dalam angka"],
            ),
            (
                Role.TIM_COACHING,
                ["Kabupaten Balangan dalam angka", "Tim Coaching Clinic"],
                ["SKPD yang Anda kelola"],
            ),
            (Role.KEPALA_BIDANG, ["Kabupaten Balangan dalam angka", "Tim Coaching Clinic"], []),
            (Role.KEPALA_BKPSDM, ["Kabupaten Balangan dalam angka", "Tim Coaching Clinic"], []),
            (Role.ADMIN, ["Perubahan data pegawai terakhir", "Akun saya"], ["Profil saya"]),
        ],
    )
    def test_each_role_sees_its_panels(self, client, role, expected, absent):
        client.force_login(user_with_role(role))
        content = client.get(reverse("portal:home")).content.decode()
        for text in expected:
            assert text in content
        for text in absent:
            assert text not in content

    def test_asn_home_shows_its_profile_superior_and_subordinates(self, client):
        skpd = SkpdFactory(name="Dinas Kesehatan")
        head = PegawaiFactory(skpd=skpd, jenjang=Jenjang.PENGAWAS, name="Fitriani Hasanah")
        user = user_with_role(
            Role.ASN, skpd=skpd, atasan=head, jenjang=Jenjang.PENGAWAS, nip="198609262015051001"
        )
        PegawaiFactory(skpd=skpd, atasan=user.pegawai, name="Bawahan Satu")
        PegawaiFactory(skpd=skpd, atasan=head, name="Rekan Satu")
        client.force_login(user)
        content = client.get(reverse("portal:home")).content.decode()
        for text in [
            "19860926 201505 1 001",
            "Dinas Kesehatan",
            "Fitriani Hasanah",
            "Bawahan Satu",
            "Rekan Satu",
        ]:
            assert text in content

    def test_kasubag_home_counts_its_skpd(self, client):
        skpd = SkpdFactory()
        PegawaiFactory.create_batch(3, skpd=skpd, jenjang=Jenjang.PELAKSANA)
        PegawaiFactory(skpd=skpd, is_active=False)
        PegawaiFactory(skpd=SkpdFactory())  # another SKPD's pegawai is not counted
        client.force_login(user_with_role(Role.KASUBAG_UMUM, skpd=skpd))
        response = client.get(reverse("portal:home"))
        (entry,) = response.context["kasubag_skpds"]
        assert entry["skpd"].pegawai_count == 4  # three pelaksana and the Kasubag
        assert entry["skpd"].account_count == 1
        assert ("Pelaksana", 3) in entry["jenjang_counts"]

    @pytest.mark.parametrize(
        ("role", "queries"),
        [
            # session, user (with pegawai, SKPD and superior), roles, subordinates and
            # colleagues (one query), the active coaching booking, this year's SKP, the
            # coming week's visits
            (Role.ASN, 7),
            # + pending registrations, the SKPD with its figures, its jenjang counts, its
            # visits scheduled beyond this week
            (Role.KASUBAG_UMUM, 11),
            # ASN's seven + regency figures (2), the team, drafts waiting for a review, the
            # reports waiting for the coach, its follow-ups of evaluation meetings and the
            # months whose recap it owes, the coming week's booked slots
            (Role.TIM_COACHING, 15),
            # the coach's fifteen + the recaps waiting for her
            (Role.KEPALA_BIDANG, 16),
            # ASN's seven + regency figures (2), the team, request letters waiting
            (Role.KEPALA_BKPSDM, 11),
            # session, user, roles, regency figures (2), team, recent changes, the coming
            # week (slots and visits: an admin may coach)
            (Role.ADMIN, 9),
        ],
    )
    def test_home_runs_a_fixed_number_of_queries(
        self, client, django_assert_num_queries, role, queries
    ):
        skpd = SkpdFactory()
        head = PegawaiFactory(skpd=skpd, jenjang=Jenjang.ADMINISTRATOR)
        user = user_with_role(role, skpd=skpd, atasan=head)
        own = getattr(user, "pegawai", None)
        PegawaiFactory.create_batch(15, skpd=skpd, atasan=own)
        PegawaiFactory.create_batch(15, skpd=skpd, atasan=own.atasan if own else None)
        for staff_role in (Role.TIM_COACHING, Role.KEPALA_BIDANG):
            user_with_role(staff_role)
        client.force_login(user)
        with django_assert_num_queries(queries):
            assert client.get(reverse("portal:home")).status_code == 200


class TestPegawaiPages:
    def test_asn_may_not_open_the_pegawai_list(self, client, make_user):
        client.force_login(make_user(Role.ASN))
        response = client.get(reverse("accounts:pegawai_list"))
        assert response.status_code == 403
        assert "Akses ditolak" in response.content.decode()

    def test_kasubag_lists_only_its_own_skpd(self, client):
        skpd, other = SkpdFactory(), SkpdFactory()
        mine = PegawaiFactory(skpd=skpd, name="Pegawai Sendiri")
        PegawaiFactory(skpd=other, name="Pegawai Lain")
        client.force_login(user_with_role(Role.KASUBAG_UMUM, skpd=skpd))
        response = client.get(reverse("accounts:pegawai_list"))
        names = [p.name for p in response.context["page"].object_list]
        assert mine.name in names
        assert "Pegawai Lain" not in names
        # Choosing the other SKPD in the filter is refused by the form, not obeyed, and the
        # list stays empty rather than falling back to everything.
        response = client.get(reverse("accounts:pegawai_list"), {"skpd": other.pk})
        assert "skpd" in response.context["form"].errors
        assert list(response.context["page"].object_list) == []

    def test_team_searches_by_name_nip_and_jenjang(self, client, make_user):
        target = PegawaiFactory(
            name="Siti Mahmudah", nip="198411032009042002", jenjang=Jenjang.PENGAWAS
        )
        PegawaiFactory(name="Ahmad Rahman")
        client.force_login(make_user(Role.TIM_COACHING))
        url = reverse("accounts:pegawai_list")
        for params in [
            {"q": "mahmudah"},
            {"q": "19841103 200904"},
            {"jenjang": Jenjang.PENGAWAS, "q": "Siti"},
        ]:
            page = client.get(url, params).context["page"]
            assert [p.pk for p in page.object_list] == [target.pk], params

    def test_the_list_is_paginated_with_a_fixed_number_of_queries(
        self, client, make_user, django_assert_num_queries
    ):
        skpd = SkpdFactory()
        PegawaiFactory.create_batch(60, skpd=skpd)
        client.force_login(make_user(Role.KEPALA_BIDANG))  # the 61st pegawai
        url = reverse("accounts:pegawai_list")
        # session, user, roles, SKPD choices, count, page rows
        with django_assert_num_queries(6):
            response = client.get(url, {"page": 2})
        assert len(response.context["page"].object_list) == 25
        assert "Menampilkan 26–50 dari 61" in response.content.decode()
        assert client.get(url, {"page": "999"}).context["page"].number == 3
        for odd in ["abc", "0", "-1", ""]:
            assert client.get(url, {"page": odd}).context["page"].number == 1

    def test_empty_search_says_so(self, client, make_user):
        client.force_login(make_user(Role.TIM_COACHING))
        response = client.get(reverse("accounts:pegawai_list"), {"q": "tidak ada nama begini"})
        assert "Tidak ada pegawai yang cocok" in response.content.decode()

    @pytest.mark.parametrize(
        ("role", "target", "status"),
        [
            (Role.ASN, "own", 200),
            (Role.ASN, "subordinate", 200),
            (Role.ASN, "same_skpd", 404),
            (Role.KASUBAG_UMUM, "same_skpd", 200),
            (Role.KASUBAG_UMUM, "other_skpd", 404),
            (Role.TIM_COACHING, "other_skpd", 200),
        ],
    )
    def test_pegawai_detail_answers_404_for_what_the_user_may_not_see(
        self, client, role, target, status
    ):
        skpd = SkpdFactory()
        user = user_with_role(role, skpd=skpd, jenjang=Jenjang.PENGAWAS)
        targets = {
            "own": user.pegawai,
            "subordinate": PegawaiFactory(skpd=skpd, atasan=user.pegawai),
            "same_skpd": PegawaiFactory(skpd=skpd),
            "other_skpd": PegawaiFactory(),
        }
        client.force_login(user)
        response = client.get(reverse("accounts:pegawai_detail", args=[targets[target].pk]))
        assert response.status_code == status
        if status == 404:
            assert "Halaman tidak ditemukan" in response.content.decode()

    def test_a_profile_lists_only_the_subordinates_the_reader_may_open(self, client):
        skpd = SkpdFactory()
        user = user_with_role(Role.ASN, skpd=skpd, jenjang=Jenjang.ADMINISTRATOR)
        pengawas = PegawaiFactory(skpd=skpd, atasan=user.pegawai, jenjang=Jenjang.PENGAWAS)
        PegawaiFactory(skpd=skpd, atasan=pengawas, name="Staf Pengawas")
        client.force_login(user)
        response = client.get(reverse("accounts:pegawai_detail", args=[pengawas.pk]))
        assert response.status_code == 200
        assert "Staf Pengawas" not in response.content.decode()

    def test_detail_runs_a_fixed_number_of_queries(self, client, django_assert_num_queries):
        skpd = SkpdFactory()
        user = user_with_role(Role.KASUBAG_UMUM, skpd=skpd)
        target = PegawaiFactory(skpd=skpd, jenjang=Jenjang.PENGAWAS)
        PegawaiFactory.create_batch(12, skpd=skpd, atasan=target)
        client.force_login(user)
        # session, user, roles, the pegawai with SKPD, superior and account, subordinates
        with django_assert_num_queries(5):
            client.get(reverse("accounts:pegawai_detail", args=[target.pk]))


class TestSkpdPages:
    def test_team_lists_skpd_with_their_figures(self, client, make_user):
        skpd = SkpdFactory(name="Dinas Kesehatan")
        PegawaiFactory.create_batch(2, skpd=skpd)
        PegawaiWithAccountFactory(skpd=skpd)
        client.force_login(make_user(Role.TIM_COACHING))
        response = client.get(reverse("accounts:skpd_list"))
        row = next(s for s in response.context["page"].object_list if s.pk == skpd.pk)
        assert (row.pegawai_count, row.account_count) == (3, 1)

    def test_list_and_detail_run_a_fixed_number_of_queries(
        self, client, make_user, django_assert_num_queries
    ):
        skpds = SkpdFactory.create_batch(30)
        for skpd in skpds[:5]:
            PegawaiFactory.create_batch(3, skpd=skpd)
        client.force_login(make_user(Role.KEPALA_BKPSDM))
        # session, user, roles, count, page rows with figures and heads
        with django_assert_num_queries(5):
            client.get(reverse("accounts:skpd_list"))
        # session, user, roles, the SKPD with figures, jenjang counts, its Kasubag, whether
        # the reader coaches at the SKPD (for the link to its cascade)
        with django_assert_num_queries(7):
            client.get(reverse("accounts:skpd_detail", args=[skpds[0].pk]))

    def test_kasubag_may_not_list_all_skpd_but_opens_its_own(self, client):
        skpd, other = SkpdFactory(), SkpdFactory()
        client.force_login(user_with_role(Role.KASUBAG_UMUM, skpd=skpd))
        assert client.get(reverse("accounts:skpd_list")).status_code == 403
        assert client.get(reverse("accounts:skpd_detail", args=[skpd.pk])).status_code == 200
        assert client.get(reverse("accounts:skpd_detail", args=[other.pk])).status_code == 404


class TestLayout:
    def test_pages_speak_indonesian_even_to_an_english_browser(self, client, make_user):
        client.force_login(make_user(Role.ASN))
        response = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        assert response["Content-Language"] == "id"
        assert "Selamat datang" in response.content.decode()

    def test_the_language_switch_sets_english(self, client):
        response = client.post(reverse("set_language"), {"language": "en", "next": "/masuk/"})
        assert response.status_code == 302
        response = client.get(reverse("accounts:login"))
        assert response["Content-Language"] == "en"
        assert "Sign in to the portal" in response.content.decode()

    def test_content_security_policy_forbids_inline_scripts(self, client):
        policy = client.get(reverse("accounts:login"))["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy

    def test_unknown_address_gets_the_indonesian_404_page(self, client):
        response = client.get("/tidak-ada/")
        assert response.status_code == 404
        assert "Halaman tidak ditemukan" in response.content.decode()

    def test_login_form_posted_without_csrf_token_is_refused(self, make_user):
        from django.test import Client

        strict = Client(enforce_csrf_checks=True)
        response = strict.post(reverse("accounts:login"), {"username": "x", "password": "y"})
        assert response.status_code == 403
        assert "Formulir kedaluwarsa" in response.content.decode()


class TestAdminPages:
    @pytest.mark.parametrize(
        "url",
        [
            "admin:index",
            "admin:accounts_pegawai_changelist",
            "admin:accounts_skpd_changelist",
            "admin:accounts_user_changelist",
            "admin:accounts_roleassignment_changelist",
        ],
    )
    def test_admin_pages_open_for_the_admin(self, client, make_user, url):
        PegawaiFactory()
        client.force_login(make_user(Role.ADMIN))
        assert client.get(reverse(url)).status_code == 200

    def test_a_staff_flag_without_model_permissions_gets_no_admin_data(self, client):
        user = user_with_role(Role.TIM_COACHING)
        user.is_staff = True
        user.save()
        client.force_login(user)
        assert client.get(reverse("admin:accounts_pegawai_changelist")).status_code == 403

    def test_admin_accepts_a_grouped_nip_and_records_who_changed_it(self, client, make_user):
        admin = make_user(Role.ADMIN)
        pegawai = PegawaiFactory(jenjang=Jenjang.PELAKSANA)
        client.force_login(admin)
        url = reverse("admin:accounts_pegawai_change", args=[pegawai.pk])
        response = client.post(
            url,
            {
                "nip": "19860926 201505 1 001",
                "kind": "pns",
                "name": pegawai.name,
                "jabatan": "Pengolah Data dan Informasi",
                "jenjang": Jenjang.PELAKSANA,
                "skpd": pegawai.skpd_id,
                "is_active": "on",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        pegawai.refresh_from_db()
        assert pegawai.nip == "198609262015051001"
        assert pegawai.history.first().history_user == admin
