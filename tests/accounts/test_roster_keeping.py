import pytest
from django.urls import reverse

from accounts.models import Jenjang, Pegawai, Role
from tests.accounts.factories import (
    PegawaiFactory,
    PegawaiWithAccountFactory,
    SkpdFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def skpd():
    return SkpdFactory()


@pytest.fixture
def kasubag(skpd):
    return user_with_role(Role.KASUBAG_UMUM, skpd=skpd)


@pytest.mark.parametrize("action", ["pegawai_update", "pegawai_transfer", "pegawai_deactivate"])
def test_a_kasubag_gets_404_for_another_skpds_pegawai(client, kasubag, action):
    other = PegawaiFactory()
    client.force_login(kasubag)
    assert client.get(reverse(f"accounts:{action}", args=[other.pk])).status_code == 404
    assert (
        client.post(reverse(f"accounts:{action}", args=[other.pk]), {"reason": "x"}).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.is_active


@pytest.mark.parametrize("action", ["pegawai_update", "pegawai_transfer", "pegawai_deactivate"])
def test_an_asn_may_not_change_its_own_record(client, action):
    user = user_with_role(Role.ASN)
    client.force_login(user)
    assert client.get(reverse(f"accounts:{action}", args=[user.pegawai.pk])).status_code == 403


def test_kasubag_changes_jabatan_and_superior_with_history(client, skpd, kasubag):
    head = PegawaiFactory(skpd=skpd, jenjang=Jenjang.ADMINISTRATOR, name="Kepala Bidang")
    pegawai = PegawaiFactory(skpd=skpd, jabatan="Pengadministrasi Perkantoran")
    client.force_login(kasubag)
    response = client.post(
        reverse("accounts:pegawai_update", args=[pegawai.pk]),
        {
            "jabatan": "Pengolah Data",
            "jenjang": Jenjang.PELAKSANA,
            "atasan": head.pk,
            "phone": "081234567890",
            "reason": "SK Bupati 800/123/2026",
        },
        follow=True,
    )
    assert "sudah diperbarui" in response.content.decode()
    pegawai.refresh_from_db()
    assert (pegawai.jabatan, pegawai.atasan) == ("Pengolah Data", head)
    latest = pegawai.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        kasubag,
        "SK Bupati 800/123/2026",
    )


def test_a_superior_below_pengawas_is_refused_with_a_message(client, skpd, kasubag):
    staff = PegawaiFactory(skpd=skpd, jenjang=Jenjang.PELAKSANA)
    pegawai = PegawaiFactory(skpd=skpd)
    client.force_login(kasubag)
    response = client.post(
        reverse("accounts:pegawai_update", args=[pegawai.pk]),
        {"jabatan": "Staf", "jenjang": Jenjang.PELAKSANA, "atasan": staff.pk, "reason": "x"},
    )
    assert response.status_code == 200
    assert "atasan" in response.context["form"].errors  # not even offered
    pegawai.refresh_from_db()
    assert pegawai.atasan is None


def test_mutasi_moves_the_pegawai_and_frees_its_subordinates(client, skpd, kasubag):
    target = SkpdFactory(name="Dinas Sosial")
    boss = PegawaiFactory(skpd=skpd, jenjang=Jenjang.PENGAWAS)
    skpd.head = boss
    skpd.save()
    staff = PegawaiFactory(skpd=skpd, atasan=boss)
    client.force_login(kasubag)
    response = client.post(
        reverse("accounts:pegawai_transfer", args=[boss.pk]),
        {"skpd": target.pk, "jabatan": "Kepala Seksi Rehabilitasi", "reason": "SK mutasi 12/2026"},
        follow=True,
    )
    content = response.content.decode()
    assert "dipindahkan ke Dinas Sosial" in content
    assert "Atasan langsung perlu ditetapkan lagi" in content
    boss.refresh_from_db()
    staff.refresh_from_db()
    skpd.refresh_from_db()
    assert (boss.skpd, boss.atasan, boss.jabatan) == (target, None, "Kepala Seksi Rehabilitasi")
    assert staff.atasan is None
    assert skpd.head is None
    # Gone from this Kasubag's reach.
    assert client.get(reverse("accounts:pegawai_detail", args=[boss.pk])).status_code == 404


def test_retirement_deactivates_never_deletes(client, skpd, kasubag):
    pegawai = PegawaiWithAccountFactory(skpd=skpd)
    client.force_login(kasubag)
    client.post(
        reverse("accounts:pegawai_deactivate", args=[pegawai.pk]), {"reason": "Pensiun BUP"}
    )
    pegawai.refresh_from_db()
    pegawai.user.refresh_from_db()
    assert (pegawai.is_active, pegawai.user.is_active) == (False, False)
    assert Pegawai.objects.filter(pk=pegawai.pk).exists()
    assert pegawai.history.first().history_change_reason == "Pensiun BUP"
    page = client.get(reverse("accounts:pegawai_list")).context["page"]
    assert pegawai not in page.object_list


def test_the_team_keeps_any_skpds_roster(client, skpd):
    pegawai = PegawaiFactory(skpd=skpd)
    client.force_login(user_with_role(Role.TIM_COACHING))
    assert client.get(reverse("accounts:pegawai_update", args=[pegawai.pk])).status_code == 200


def test_a_kasubag_may_not_change_its_own_record_nor_the_coaching_teams(client, skpd, kasubag):
    coach = user_with_role(Role.TIM_COACHING, skpd=skpd)
    client.force_login(kasubag)
    for pegawai in (kasubag.pegawai, coach.pegawai):
        url = reverse("accounts:pegawai_deactivate", args=[pegawai.pk])
        assert client.post(url, {"reason": "x"}).status_code == 403
        pegawai.refresh_from_db()
        assert pegawai.is_active


def test_the_model_refuses_a_superior_below_pengawas_through_the_service(skpd, kasubag):
    from django.core.exceptions import ValidationError

    from accounts import services

    staff = PegawaiFactory(skpd=skpd, jenjang=Jenjang.PELAKSANA)
    pegawai = PegawaiFactory(skpd=skpd)
    with pytest.raises(ValidationError, match="paling rendah berjenjang Pengawas"):
        services.update_pegawai(
            actor=kasubag,
            pegawai=pegawai,
            jabatan="Staf",
            jenjang=Jenjang.PELAKSANA,
            atasan=staff,
            phone="",
            reason="uji",
        )
    pegawai.refresh_from_db()
    assert pegawai.atasan is None
