"""Who may open which person and SKPD: every role against own, subordinate, same-SKPD and
other-SKPD objects, through the permission and through the queryset scope alike."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from accounts.models import Jenjang, Role
from accounts.rules import visible_pegawai, visible_skpd
from tests.accounts.factories import PegawaiFactory, SkpdFactory, user_with_role

pytestmark = pytest.mark.django_db

ROLES = [
    Role.ASN,
    Role.KASUBAG_UMUM,
    Role.TIM_COACHING,
    Role.KEPALA_BIDANG,
    Role.KEPALA_BKPSDM,
    Role.ADMIN,
]
STAFF = {Role.TIM_COACHING, Role.KEPALA_BIDANG, Role.KEPALA_BKPSDM, Role.ADMIN}


@pytest.fixture
def world():
    home, other = SkpdFactory(), SkpdFactory()
    return {"home": home, "other": other}


def make(role, world):
    user = user_with_role(role, skpd=world["home"])
    own = getattr(user, "pegawai", None)
    subordinate = PegawaiFactory(skpd=world["home"], atasan=own) if own else None
    same_skpd = PegawaiFactory(skpd=world["home"])
    other_skpd = PegawaiFactory(skpd=world["other"])
    return user, own, subordinate, same_skpd, other_skpd


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_which_pegawai(role, world):
    user, own, subordinate, same_skpd, other_skpd = make(role, world)
    user = type(user).objects.get(pk=user.pk)
    expected = {
        "own": own is not None,
        "subordinate": subordinate is not None,
        "same_skpd": role in STAFF or role == Role.KASUBAG_UMUM,
        "other_skpd": role in STAFF,
    }
    targets = {
        "own": own,
        "subordinate": subordinate,
        "same_skpd": same_skpd,
        "other_skpd": other_skpd,
    }
    visible = set(visible_pegawai(user).values_list("pk", flat=True))
    for name, target in targets.items():
        if target is None:
            continue
        allowed = rules.has_perm("accounts.open_pegawai", user, target)
        assert allowed is expected[name], (role, name)
        assert (target.pk in visible) is expected[name], (role, name)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_which_skpd(role, world):
    user = user_with_role(role, skpd=world["home"])
    user = type(user).objects.get(pk=user.pk)
    works_there = role != Role.ADMIN
    assert rules.has_perm("accounts.open_skpd", user, world["home"]) is (
        works_there or role in STAFF
    )
    assert rules.has_perm("accounts.open_skpd", user, world["other"]) is (role in STAFF)
    visible = set(visible_skpd(user).values_list("pk", flat=True))
    assert (world["other"].pk in visible) is (role in STAFF)


@pytest.mark.parametrize(
    ("role", "list_pegawai", "list_skpd"),
    [
        (Role.ASN, False, False),
        (Role.KASUBAG_UMUM, True, False),
        (Role.TIM_COACHING, True, True),
        (Role.KEPALA_BIDANG, True, True),
        (Role.KEPALA_BKPSDM, True, True),
        (Role.ADMIN, True, True),
    ],
)
def test_which_roles_may_list_pegawai_and_skpd(role, list_pegawai, list_skpd, world):
    user = user_with_role(role, skpd=world["home"])
    assert rules.has_perm("accounts.list_pegawai", user) is list_pegawai
    assert rules.has_perm("accounts.list_skpd", user) is list_skpd


def test_a_pengawas_sees_its_own_subordinates_but_not_their_subordinates(world):
    user = user_with_role(Role.ASN, skpd=world["home"], jenjang=Jenjang.ADMINISTRATOR)
    pengawas = PegawaiFactory(skpd=world["home"], atasan=user.pegawai, jenjang=Jenjang.PENGAWAS)
    staff = PegawaiFactory(skpd=world["home"], atasan=pengawas)
    assert rules.has_perm("accounts.open_pegawai", user, pengawas)
    assert not rules.has_perm("accounts.open_pegawai", user, staff)


def test_anonymous_sees_nothing(world):
    PegawaiFactory(skpd=world["home"])
    anonymous = AnonymousUser()
    assert not visible_pegawai(anonymous).exists()
    assert not visible_skpd(anonymous).exists()
    assert not rules.has_perm("accounts.list_pegawai", anonymous)


def test_a_kasubag_of_two_skpd_sees_both(world):
    user = user_with_role(Role.KASUBAG_UMUM, skpd=world["home"])
    user.roleassignment_set.create(role=Role.KASUBAG_UMUM, skpd=world["other"])
    PegawaiFactory(skpd=world["other"])
    user = type(user).objects.get(pk=user.pk)
    assert set(visible_pegawai(user).values_list("skpd_id", flat=True)) == {
        world["home"].pk,
        world["other"].pk,
    }
