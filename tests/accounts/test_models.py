import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Jenjang, Pegawai, Role, RoleAssignment, User
from tests.accounts.factories import (
    PegawaiFactory,
    PegawaiWithAccountFactory,
    SkpdFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_database_refuses_a_nip_that_is_not_18_digits():
    pegawai = PegawaiFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Pegawai.objects.filter(pk=pegawai.pk).update(nip="19860926201505100X")
    assert Pegawai.objects.get(pk=pegawai.pk).nip == pegawai.nip


def test_database_refuses_a_pegawai_as_its_own_superior():
    pegawai = PegawaiFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Pegawai.objects.filter(pk=pegawai.pk).update(atasan=pegawai)


def test_clean_stores_the_nip_without_spaces_and_reports_its_mistake():
    pegawai = PegawaiFactory.build(nip="19860926 201505 1 001", skpd=SkpdFactory())
    pegawai.full_clean()
    assert pegawai.nip == "198609262015051001"

    pegawai.nip = "19860926 201505 3 001"
    with pytest.raises(ValidationError) as caught:
        pegawai.full_clean()
    assert "jenis kelamin" in caught.value.message_dict["nip"][0]


@pytest.mark.parametrize(
    ("atasan_jenjang", "jenjang", "allowed"),
    [
        (Jenjang.JPT_PRATAMA, Jenjang.ADMINISTRATOR, True),
        (Jenjang.ADMINISTRATOR, Jenjang.ADMINISTRATOR, True),  # Camat and Sekcam
        (Jenjang.PENGAWAS, Jenjang.PELAKSANA, True),
        (Jenjang.ADMINISTRATOR, Jenjang.FUNGSIONAL, True),
        (Jenjang.PENGAWAS, Jenjang.ADMINISTRATOR, False),
        (Jenjang.PELAKSANA, Jenjang.PELAKSANA, False),
        (Jenjang.FUNGSIONAL, Jenjang.PELAKSANA, False),
    ],
)
def test_direct_superior_is_at_least_a_pengawas_and_not_below_its_subordinate(
    atasan_jenjang, jenjang, allowed
):
    atasan = PegawaiFactory(jenjang=atasan_jenjang)
    pegawai = PegawaiFactory.build(jenjang=jenjang, skpd=atasan.skpd, atasan=atasan)
    if allowed:
        pegawai.full_clean()
    else:
        with pytest.raises(ValidationError) as caught:
            pegawai.full_clean()
        assert "atasan" in caught.value.message_dict


def test_kasubag_role_needs_an_skpd_and_other_roles_none():
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.KASUBAG_UMUM)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.TIM_COACHING, skpd=SkpdFactory())
    assert not RoleAssignment.objects.exists()


def test_a_role_is_held_once_per_user_and_skpd():
    user, skpd = UserFactory(), SkpdFactory()
    RoleAssignment.objects.create(user=user, role=Role.TIM_COACHING)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.TIM_COACHING)
    RoleAssignment.objects.create(user=user, role=Role.KASUBAG_UMUM, skpd=skpd)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.KASUBAG_UMUM, skpd=skpd)
    # Kasubag of a second SKPD is fine.
    RoleAssignment.objects.create(user=user, role=Role.KASUBAG_UMUM, skpd=SkpdFactory())
    assert RoleAssignment.objects.filter(user=user).count() == 3


def test_roles_follow_from_assignments_the_pegawai_profile_and_superuser():
    user = UserFactory(is_superuser=True)
    assert user.roles == {Role.ADMIN}
    pegawai = PegawaiFactory(user=user)
    RoleAssignment.objects.create(user=user, role=Role.KASUBAG_UMUM, skpd=pegawai.skpd)
    user = type(user).objects.get(pk=user.pk)
    assert user.roles == {Role.ADMIN, Role.ASN, Role.KASUBAG_UMUM}
    assert user.kasubag_skpd_ids == {pegawai.skpd_id}


def test_every_change_to_a_pegawai_is_kept_in_its_history():
    pegawai = PegawaiFactory(jabatan="Pengadministrasi Perkantoran")
    pegawai.jabatan = "Pengolah Data dan Informasi"
    pegawai._change_reason = "mutasi jabatan"
    pegawai.save()
    history = list(pegawai.history.order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert history[-1].jabatan == "Pengolah Data dan Informasi"
    assert history[-1].history_change_reason == "mutasi jabatan"
    assert history[0].jabatan == "Pengadministrasi Perkantoran"


def test_user_history_never_stores_the_password_hash():
    user = UserFactory()
    field_names = {field.name for field in user.history.model._meta.fields}
    assert "password" not in field_names
    assert "last_login" not in field_names


def test_a_superior_chain_may_not_turn_back_on_itself():
    top = PegawaiFactory(jenjang=Jenjang.ADMINISTRATOR)
    middle = PegawaiFactory(skpd=top.skpd, jenjang=Jenjang.ADMINISTRATOR, atasan=top)
    top.atasan = middle
    with pytest.raises(ValidationError) as caught:
        top.full_clean()
    assert "atasan" in caught.value.message_dict


def test_a_login_name_typed_as_a_grouped_nip_is_stored_as_its_digits():
    user = UserFactory.build(username="19860926.201505.1.001")
    user.full_clean(exclude=["password"])
    assert user.username == "198609262015051001"


def test_the_nip_form_field_accepts_groups_and_stores_digits():
    field = Pegawai._meta.get_field("nip").formfield()
    assert field.clean("19860926 201505 1 001") == "198609262015051001"
    assert field.widget.attrs["maxlength"] == "30"
    with pytest.raises(ValidationError):
        field.clean("19860926 201505 1 0011")


def test_a_user_is_named_by_its_pegawai_else_its_full_name_else_its_login():
    pegawai = PegawaiWithAccountFactory(name="Siti Aminah")
    staff = UserFactory(username="operator", first_name="Budi", last_name="Santoso")
    bare = UserFactory(username="admin2", first_name="", last_name="")
    assert [pegawai.user.display_name, staff.display_name, bare.display_name] == [
        "Siti Aminah",
        "Budi Santoso",
        "admin2",
    ]
    # The same rule for users read as values (the open slots' coach filter).
    named = User.objects.filter(pk__in=[pegawai.user.pk, staff.pk, bare.pk]).order_by("pk")
    assert [User.name_shown(*name) for name in named.values_list(*User.NAME_FIELDS)] == [
        user.display_name for user in named
    ]
