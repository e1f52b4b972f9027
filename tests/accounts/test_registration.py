import re

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services
from accounts.models import Jenjang, Pegawai, Registration, RegistrationStatus, Role, User
from tests.accounts.factories import (
    PASSWORD,
    PegawaiFactory,
    PegawaiWithAccountFactory,
    RegistrationFactory,
    SkpdFactory,
    user_with_role,
)

# Mail leaves on commit (core.mail), so these tests commit for real.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail_after_each_request")]

NEUTRAL = "Pendaftaran terkirim"


def register(client, **fields):
    data = {"kind": "pns", "nip": "", "email": "asn@contoh.go.id", "phone": "081234567890"}
    data = {**data, **fields}
    return client.post(reverse("accounts:register"), data, follow=True)


def link_in(message) -> str:
    return re.search(r"https?://[^\s]+", message.body).group(0)


class TestSubmitting:
    def test_a_roster_pegawai_registers_and_its_kasubag_is_told(self, client):
        skpd = SkpdFactory()
        kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=skpd)
        kasubag.email = "kasubag@contoh.go.id"
        kasubag.save()
        pegawai = PegawaiFactory(skpd=skpd, nip="198609262015051001")
        response = register(client, nip="19860926 201505 1 001")
        assert NEUTRAL in response.content.decode()
        registration = Registration.objects.get()
        assert (registration.pegawai, registration.skpd) == (pegawai, skpd)
        assert registration.status == RegistrationStatus.SUBMITTED
        assert sorted(m.to[0] for m in mail.outbox) == ["asn@contoh.go.id", "kasubag@contoh.go.id"]

    def test_a_nip_outside_the_roster_is_asked_for_its_profile_first(self, client):
        skpd = SkpdFactory()
        response = register(client, nip="199001012015031009")
        assert "NIP ini belum ada dalam data kepegawaian" in response.content.decode()
        assert not Registration.objects.exists()
        response = register(client, nip="199001012015031009", profile_shown="1")
        assert "Wajib diisi karena NIP belum ada" in response.content.decode()
        response = register(
            client,
            nip="199001012015031009",
            profile_shown="1",
            name="Siti Aisyah, S.E.",
            jabatan="Pengadministrasi Perkantoran",
            jenjang=Jenjang.PELAKSANA,
            skpd=skpd.pk,
        )
        assert NEUTRAL in response.content.decode()
        registration = Registration.objects.get()
        assert (registration.pegawai, registration.name, registration.skpd) == (
            None,
            "Siti Aisyah, S.E.",
            skpd,
        )

    @pytest.mark.parametrize(
        ("nip", "message"),
        [
            ("12345", "NIP harus 18 digit"),
            ("19860926-201505-1-001", "hanya boleh berisi angka"),
            ("198602302015051001", "Tanggal lahir pada NIP"),
            ("198609262015053001", "jenis kelamin"),
        ],
    )
    def test_a_malformed_nip_gets_its_own_message_and_nothing_is_made(self, client, nip, message):
        response = register(client, nip=nip)
        assert message in response.content.decode()
        assert not Registration.objects.exists()
        assert mail.outbox == []

    def test_an_email_of_another_account_is_refused(self, client):
        PegawaiWithAccountFactory(user__email="dipakai@contoh.go.id")
        PegawaiFactory(nip="198609262015051001")
        response = register(client, nip="198609262015051001", email="DIPAKAI@contoh.go.id")
        assert "E-mail ini sudah dipakai sebuah akun" in response.content.decode()
        assert not Registration.objects.exists()

    def test_a_nip_with_an_account_gets_the_same_page_and_its_owner_is_warned(self, client):
        owner = PegawaiWithAccountFactory(
            nip="198609262015051001", user__email="pemilik@contoh.go.id"
        )
        response = register(client, nip=owner.nip, email="penyusup@contoh.go.id")
        assert NEUTRAL in response.content.decode()
        assert not Registration.objects.exists()
        by_address = {m.to[0]: m for m in mail.outbox}
        assert "NIP Anda" in by_address["pemilik@contoh.go.id"].subject
        # The applicant's receipt is word for word the one a new NIP gets.
        receipt = by_address["penyusup@contoh.go.id"].body
        mail.outbox.clear()
        PegawaiFactory(nip="199001012015031009")
        register(client, nip="199001012015031009", email="baru@contoh.go.id")
        assert mail.outbox[0].body == receipt.replace(
            "19860926 201505 1 001", "19900101 201503 1 009"
        )

    def test_a_second_registration_of_a_waiting_nip_changes_nothing(self, client):
        PegawaiFactory(nip="198609262015051001")
        register(client, nip="198609262015051001")
        response = register(client, nip="198609262015051001", email="lain@contoh.go.id")
        assert NEUTRAL in response.content.decode()
        assert Registration.objects.count() == 1

    def test_the_database_allows_one_waiting_registration_per_nip(self):
        registration = RegistrationFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            RegistrationFactory(nip=registration.nip, pegawai=registration.pegawai)
        assert Registration.objects.count() == 1

    def test_an_address_of_a_waiting_registration_tells_nothing_about_its_nip(self, client):
        PegawaiFactory(nip="198609262015051001")
        PegawaiFactory(nip="199001012015031009")
        register(client, nip="198609262015051001", email="sama@contoh.go.id")
        response = register(client, nip="199001012015031009", email="sama@contoh.go.id")
        assert NEUTRAL in response.content.decode()
        assert Registration.objects.count() == 2

    def test_an_account_address_is_refused_alike_for_every_nip(self, client):
        owner = PegawaiWithAccountFactory(user__email="dipakai@contoh.go.id")
        PegawaiFactory(nip="199001012015031009")
        answers = {
            register(client, nip=nip, email="dipakai@contoh.go.id").status_code
            for nip in (owner.nip, "199001012015031009")
        }
        assert answers == {200}
        assert not Registration.objects.exists()

    def test_a_nip_approved_but_not_yet_activated_cannot_be_registered_again(self, client):
        registration = RegistrationFactory(email="asli@contoh.go.id")
        services.approve_registration(
            actor=user_with_role(Role.ADMIN), registration_id=registration.pk
        )
        response = register(client, nip=registration.nip, email="penyusup@contoh.go.id")
        assert NEUTRAL in response.content.decode()
        assert Registration.objects.count() == 1
        assert User.objects.get(username=registration.nip).email == "asli@contoh.go.id"

    def test_an_overlong_email_gets_a_message_not_an_error(self, client):
        PegawaiFactory(nip="198609262015051001")
        response = register(client, nip="198609262015051001", email="a" * 250 + "@contoh.go.id")
        assert response.status_code == 200
        assert not Registration.objects.exists()


class TestDeciding:
    def test_kasubag_sees_only_its_own_skpds_queue(self, client):
        mine, other = RegistrationFactory(), RegistrationFactory()
        kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=mine.skpd)
        client.force_login(kasubag)
        page = client.get(reverse("accounts:registration_list")).context["page"]
        assert list(page.object_list) == [mine]
        url = reverse("accounts:registration_detail", args=[other.pk])
        assert client.get(url).status_code == 404
        response = client.post(reverse("accounts:registration_approve", args=[other.pk]))
        assert response.status_code == 404
        other.refresh_from_db()
        assert other.status == RegistrationStatus.SUBMITTED

    @pytest.mark.parametrize("role", [Role.ASN, Role.TIM_COACHING])
    def test_other_roles_may_not_open_the_queue(self, client, role):
        client.force_login(user_with_role(role))
        assert client.get(reverse("accounts:registration_list")).status_code == 403

    def test_approval_creates_the_login_and_mails_a_single_use_link(self, client):
        registration = RegistrationFactory(email="asn@contoh.go.id")
        client.force_login(user_with_role(Role.KASUBAG_UMUM, skpd=registration.skpd))
        client.post(reverse("accounts:registration_approve", args=[registration.pk]))
        registration.refresh_from_db()
        user = registration.pegawai.user
        assert registration.status == RegistrationStatus.APPROVED
        assert (user.username, user.email, user.has_usable_password()) == (
            registration.nip,
            "asn@contoh.go.id",
            False,
        )
        link = link_in(mail.outbox[-1])
        client.logout()
        path = link.split("8000", 1)[-1] if "8000" in link else link
        response = client.post(
            path, {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True
        )
        assert "Akun Anda aktif" in response.content.decode()
        user.refresh_from_db()
        assert user.check_password(PASSWORD)
        # The same link again: refused with the one message for every bad link.
        response = client.get(path)
        assert response.status_code == 400
        assert "sudah dipakai, sudah kedaluwarsa" in response.content.decode()

    def test_a_registration_follows_its_pegawai_to_a_new_skpd(self, client):
        registration = RegistrationFactory()
        old_kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=registration.skpd)
        new_skpd = SkpdFactory()
        new_kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=new_skpd)
        Pegawai.objects.filter(pk=registration.pegawai_id).update(skpd=new_skpd)
        client.force_login(old_kasubag)
        assert (
            client.post(
                reverse("accounts:registration_approve", args=[registration.pk])
            ).status_code
            == 404
        )
        client.force_login(new_kasubag)
        client.post(reverse("accounts:registration_approve", args=[registration.pk]))
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.APPROVED

    def test_a_retired_pegawai_is_not_approved(self):
        registration = RegistrationFactory()
        Pegawai.objects.filter(pk=registration.pegawai_id).update(is_active=False)
        with pytest.raises(services.AccountError, match="tidak aktif"):
            services.approve_registration(
                actor=user_with_role(Role.ADMIN), registration_id=registration.pk
            )
        assert not User.objects.filter(username=registration.nip).exists()

    def test_an_expired_or_forged_link_is_refused_kindly(
        self, client, settings, django_capture_on_commit_callbacks
    ):
        registration = RegistrationFactory()
        with django_capture_on_commit_callbacks(execute=True):
            services.approve_registration(
                actor=user_with_role(Role.ADMIN), registration_id=registration.pk
            )
        path = link_in(mail.outbox[-1]).split("8000", 1)[-1]
        settings.PASSWORD_RESET_TIMEOUT = -1
        response = client.get(path)
        assert response.status_code == 400
        assert "sudah dipakai, sudah kedaluwarsa" in response.content.decode()
        settings.PASSWORD_RESET_TIMEOUT = 3600
        assert client.get(path[:-3] + "xyz/").status_code == 400
        assert client.get(reverse("accounts:activate", args=["!!", "abc"])).status_code == 400

    def test_approval_of_a_newcomer_adds_it_to_the_roster(self):
        skpd = SkpdFactory()
        registration = RegistrationFactory(
            pegawai=None,
            skpd=skpd,
            nip="199001012015031009",
            name="Siti Aisyah, S.E.",
            jabatan="Pengadministrasi Perkantoran",
            jenjang=Jenjang.PELAKSANA,
        )
        kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=skpd)
        services.approve_registration(actor=kasubag, registration_id=registration.pk)
        pegawai = Pegawai.objects.get(nip="199001012015031009")
        assert (pegawai.skpd, pegawai.name, pegawai.user.username) == (
            skpd,
            "Siti Aisyah, S.E.",
            pegawai.nip,
        )
        assert pegawai.history.first().history_user == kasubag

    def test_approving_a_newcomer_settles_its_jabatan_and_superior(self, client):
        skpd = SkpdFactory()
        kasi = PegawaiFactory(skpd=skpd, jenjang=Jenjang.PENGAWAS, name="Kasi Umum")
        staff = PegawaiFactory(skpd=skpd, jenjang=Jenjang.PELAKSANA, name="Staf Lain")
        registration = RegistrationFactory(
            pegawai=None,
            skpd=skpd,
            nip="199001012015031009",
            name="Siti Aisyah, S.E.",
            jabatan="pengadministrasi",
            jenjang=Jenjang.PELAKSANA,
        )
        client.force_login(user_with_role(Role.KASUBAG_UMUM, skpd=skpd))
        page = client.get(reverse("accounts:registration_detail", args=[registration.pk]))
        form = page.context["approval_form"]
        assert form.initial["jabatan"] == "pengadministrasi"
        assert (
            kasi in form.fields["atasan"].queryset and staff not in form.fields["atasan"].queryset
        )
        url = reverse("accounts:registration_approve", args=[registration.pk])
        refused = client.post(url, {"jabatan": "", "atasan": kasi.pk})
        assert refused.status_code == 400 and "jabatan" in refused.context["approval_form"].errors
        assert not Pegawai.objects.filter(nip="199001012015031009").exists()
        client.post(url, {"jabatan": "Pengadministrasi Perkantoran", "atasan": kasi.pk})
        pegawai = Pegawai.objects.get(nip="199001012015031009")
        assert (pegawai.jabatan, pegawai.atasan) == ("Pengadministrasi Perkantoran", kasi)

    def test_a_newcomers_superior_follows_the_superior_rules(self):
        skpd = SkpdFactory()
        registration = RegistrationFactory(
            pegawai=None, skpd=skpd, name="Baru", jabatan="Analis", jenjang=Jenjang.PENGAWAS
        )
        staff = PegawaiFactory(skpd=skpd, jenjang=Jenjang.PELAKSANA)
        elsewhere = PegawaiFactory(jenjang=Jenjang.ADMINISTRATOR)
        kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=skpd)
        for atasan, message in [(staff, "paling rendah"), (elsewhere, "SKPD ini")]:
            with pytest.raises(services.AccountError, match=message):
                services.approve_registration(
                    actor=kasubag, registration_id=registration.pk, atasan=atasan
                )
        registration.refresh_from_db()
        assert registration.status == "submitted"

    def test_rejection_needs_a_reason_and_tells_the_applicant(self, client):
        registration = RegistrationFactory(email="asn@contoh.go.id")
        client.force_login(user_with_role(Role.KASUBAG_UMUM, skpd=registration.skpd))
        url = reverse("accounts:registration_reject", args=[registration.pk])
        assert client.post(url, {"reason": ""}).status_code == 400
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.SUBMITTED
        client.post(url, {"reason": "Bukan pegawai Dinas ini."})
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.REJECTED
        assert "Bukan pegawai Dinas ini." in mail.outbox[-1].body
        assert not User.objects.filter(username=registration.nip).exists()

    def test_a_decided_registration_cannot_be_decided_again(self, client):
        registration = RegistrationFactory()
        client.force_login(user_with_role(Role.KASUBAG_UMUM, skpd=registration.skpd))
        url = reverse("accounts:registration_approve", args=[registration.pk])
        client.post(url)
        response = client.post(url, follow=True)
        assert "sudah diputuskan" in response.content.decode()
        assert User.objects.filter(username=registration.nip).count() == 1

    def test_the_activation_link_can_be_sent_again_until_used(self, client):
        registration = RegistrationFactory()
        client.force_login(user_with_role(Role.KASUBAG_UMUM, skpd=registration.skpd))
        client.post(reverse("accounts:registration_approve", args=[registration.pk]))
        client.post(reverse("accounts:registration_resend", args=[registration.pk]))
        assert len(mail.outbox) == 2
        # Both mailed links open the activation form (the token carries the second it was
        # made, so the two need not be byte-identical).
        client.logout()
        for message in mail.outbox:
            path = link_in(message).split("8000", 1)[-1]
            assert client.get(path, follow=True).status_code == 200
        client.force_login(user_with_role(Role.KASUBAG_UMUM, skpd=registration.skpd))
        user = User.objects.get(username=registration.nip)
        user.set_password(PASSWORD)
        user.save()
        response = client.post(
            reverse("accounts:registration_resend", args=[registration.pk]), follow=True
        )
        assert "Akun ini sudah aktif" in response.content.decode()
        assert len(mail.outbox) == 2


class TestPasswordsAndProfile:
    def test_password_reset_mails_a_link_only_to_an_active_account(self, client):
        PegawaiWithAccountFactory(user__email="asn@contoh.go.id")
        url = reverse("accounts:password_reset")
        response = client.post(url, {"email": "asn@contoh.go.id"}, follow=True)
        assert "Periksa e-mail Anda" in response.content.decode()
        assert len(mail.outbox) == 1
        assert "kata sandi baru" in mail.outbox[0].body
        # An unknown address, a retired account and one not yet activated: the same page,
        # no mail.
        retired = PegawaiWithAccountFactory(user__email="pensiun@contoh.go.id")
        retired.user.is_active = False
        retired.user.save()
        waiting = PegawaiWithAccountFactory(user__email="menunggu@contoh.go.id")
        waiting.user.set_unusable_password()
        waiting.user.save()
        for address in ["tidak.ada@contoh.go.id", "pensiun@contoh.go.id", "menunggu@contoh.go.id"]:
            response = client.post(url, {"email": address}, follow=True)
            assert "Periksa e-mail Anda" in response.content.decode()
        assert len(mail.outbox) == 1

    def test_password_rules_apply(self, client):
        pegawai = PegawaiWithAccountFactory()
        client.force_login(pegawai.user)
        response = client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
        )
        assert response.status_code == 200
        pegawai.user.refresh_from_db()
        assert pegawai.user.check_password(PASSWORD)

    def test_the_asn_edits_its_own_email_and_phone_only(self, client):
        pegawai = PegawaiWithAccountFactory(jabatan="Pengadministrasi Perkantoran")
        client.force_login(pegawai.user)
        response = client.post(
            reverse("accounts:profile"),
            {"email": "baru@contoh.go.id", "phone": "081298765432", "jabatan": "Kepala Dinas"},
            follow=True,
        )
        assert "Kontak Anda sudah diperbarui" in response.content.decode()
        pegawai.refresh_from_db()
        pegawai.user.refresh_from_db()
        assert (pegawai.user.email, pegawai.email, pegawai.phone) == (
            "baru@contoh.go.id",
            "baru@contoh.go.id",
            "081298765432",
        )
        assert pegawai.jabatan == "Pengadministrasi Perkantoran"

    def test_only_what_changed_in_the_contact_is_written(self, client):
        pegawai = PegawaiWithAccountFactory(user__email="saya@contoh.go.id", phone="0811111111")
        pegawai.email = "saya@contoh.go.id"
        pegawai.save()
        user = pegawai.user
        client.force_login(user)
        url = reverse("accounts:profile")
        entries = (user.history.count(), pegawai.history.count())

        response = client.post(url, {"email": "saya@contoh.go.id", "phone": "0811111111"})
        assert "Tidak ada perubahan pada kontak Anda" in client.get(response.url).content.decode()
        assert (user.history.count(), pegawai.history.count()) == entries  # nothing written

        response = client.post(url, {"email": "saya@contoh.go.id", "phone": "0822222222"})
        assert "Kontak Anda sudah diperbarui" in client.get(response.url).content.decode()
        pegawai.refresh_from_db()
        assert pegawai.phone == "0822222222"
        # The phone is the roster's: the account and its history are left as they were.
        assert (user.history.count(), pegawai.history.count()) == (entries[0], entries[1] + 1)
        assert pegawai.history.first().history_change_reason == "Diubah sendiri di profil"

    def test_a_contact_is_compared_with_the_account_as_stored(self):
        pegawai = PegawaiWithAccountFactory(user__email="a@contoh.go.id", phone="0811111111")
        pegawai.email = "a@contoh.go.id"
        pegawai.save()
        stale = User.objects.get(pk=pegawai.user_id)  # as a second tab loaded it
        services.update_contact(
            user=User.objects.get(pk=pegawai.user_id),
            email="b@contoh.go.id",
            phone="0811111111",
            whatsapp=True,
        )
        # The old tab posts the address and the choice it shows, with a new phone: all three
        # are what is stored afterwards, the account's as well as the roster's.
        assert services.update_contact(
            user=stale, email="a@contoh.go.id", phone="0822222222", whatsapp=False
        )
        pegawai.refresh_from_db()
        pegawai.user.refresh_from_db()
        assert (pegawai.user.email, pegawai.email, pegawai.phone) == (
            "a@contoh.go.id",
            "a@contoh.go.id",
            "0822222222",
        )
        assert pegawai.user.whatsapp_opt_in is None

    def test_a_taken_email_is_refused_on_the_profile(self, client):
        PegawaiWithAccountFactory(user__email="dipakai@contoh.go.id")
        pegawai = PegawaiWithAccountFactory(user__email="saya@contoh.go.id")
        client.force_login(pegawai.user)
        response = client.post(
            reverse("accounts:profile"), {"email": "dipakai@contoh.go.id", "phone": ""}
        )
        assert "sudah dipakai" in response.content.decode()
        pegawai.user.refresh_from_db()
        assert pegawai.user.email == "saya@contoh.go.id"

    def test_an_email_in_use_is_found_in_any_case_through_the_unique_index(self):
        mine = PegawaiWithAccountFactory(user__email="Saya@Contoh.go.id").user
        PegawaiWithAccountFactory(user__email="")
        assert services.email_in_use("saya@contoh.GO.ID")
        assert not services.email_in_use("SAYA@contoh.go.id", except_user=mine)
        assert not services.email_in_use("")  # no account's address: many have none
        with CaptureQueriesContext(connection) as asked:
            services.email_in_use("saya@contoh.go.id")
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + asked.captured_queries[0]["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "user_unique_email" in plan, plan

    def test_the_landing_page_is_public(self, client):
        response = client.get(reverse("accounts:index"))
        content = response.content.decode()
        assert response.status_code == 200
        for text in ["Coaching individual", "Coaching di SKPD", "Jam layanan", "Daftar akun"]:
            assert text in content


def test_the_queue_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    skpd = SkpdFactory()
    RegistrationFactory.create_batch(15, pegawai__skpd=skpd, skpd=skpd)
    for n in range(5):
        RegistrationFactory(
            pegawai=None,
            skpd=skpd,
            nip=f"199001012015031{n + 1:03d}",
            name=f"Baru {n}",
            jabatan="Staf",
            jenjang=Jenjang.PELAKSANA,
        )
    client.force_login(user_with_role(Role.KASUBAG_UMUM, skpd=skpd))
    # session, user, roles, count, page rows with pegawai and SKPD
    with django_assert_num_queries(5):
        response = client.get(reverse("accounts:registration_list"))
    assert len(response.context["page"].object_list) == 20
