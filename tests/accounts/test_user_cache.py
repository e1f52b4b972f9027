"""The signed-in user kept in the shared cache between requests (accounts/user_cache.py):
a page after the first loads it without a query, and every change to what it holds (a role,
the pegawai, the authenticator, the bell) counts from the next request on."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.backends import NipBackend
from accounts.models import Role, RoleAssignment, User
from accounts.notifications import mark_read, notify
from accounts.services import update_contact
from accounts.twofactor.policy import is_enrolled
from accounts.user_cache import GENERATION_KEY
from tests.accounts.factories import (
    PegawaiFactory,
    PegawaiWithAccountFactory,
    RoleAssignmentFactory,
    user_with_role,
)
from tests.accounts.second_factor import confirmed_device

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_users")]


@pytest.fixture
def kept_users():
    cache.clear()
    with override_settings(USER_CACHE_SECONDS=300):
        yield
    cache.clear()


@pytest.fixture
def user():
    return PegawaiWithAccountFactory().user


def load(user):
    return NipBackend().get_user(user.pk)


def test_the_second_load_costs_no_query(user, django_assert_num_queries):
    with django_assert_num_queries(2):
        first = load(user)
    with django_assert_num_queries(0):
        again = load(user)
    assert again.pk == first.pk
    assert again.pegawai.skpd.name == first.pegawai.skpd.name
    assert again.roles == first.roles == {Role.ASN}


def test_a_new_release_loads_the_user_afresh(user, django_assert_num_queries, settings):
    load(user)
    settings.RELEASE = "next-release"
    with django_assert_num_queries(2):
        load(user)
    with django_assert_num_queries(0):
        load(user)


def test_nothing_is_kept_without_a_shared_cache(user, django_assert_num_queries):
    with override_settings(USER_CACHE_SECONDS=0):
        load(user)
        with django_assert_num_queries(2):
            load(user)


def test_a_role_given_or_taken_counts_from_the_next_load(user, django_capture_on_commit_callbacks):
    load(user)
    with django_capture_on_commit_callbacks(execute=True):
        assignment = RoleAssignmentFactory(user=user, role=Role.TIM_COACHING)
    assert Role.TIM_COACHING in load(user).roles
    with django_capture_on_commit_callbacks(execute=True):
        RoleAssignment.objects.filter(pk=assignment.pk).delete()
    assert Role.TIM_COACHING not in load(user).roles


def test_a_change_waits_for_its_commit(user, django_capture_on_commit_callbacks):
    load(user)
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        RoleAssignmentFactory(user=user, role=Role.TIM_COACHING)
    # Not committed yet: another request still reads the kept user (the old rows).
    assert Role.TIM_COACHING not in load(user).roles
    for callback in waiting:
        callback()
    assert Role.TIM_COACHING in load(user).roles


def test_a_retired_pegawai_is_signed_out_at_the_next_request(
    user, django_capture_on_commit_callbacks
):
    assert load(user) is not None
    with django_capture_on_commit_callbacks(execute=True):
        user.pegawai.is_active = False
        user.pegawai.save()
    assert load(user) is None


def test_a_reset_authenticator_ends_the_sessions_proof(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        device = confirmed_device(user)
    assert load(user).totp_device_ids == [device.pk]
    with django_capture_on_commit_callbacks(execute=True):
        TOTPDevice.objects.filter(user=user).delete()
    assert load(user).totp_device_ids == []


def test_each_loaded_user_has_its_own_devices(user):
    """The devices' annotations are made once and shared by every load (the policy's
    DEVICE_ANNOTATIONS): each load still reads its own user's."""
    other = user_with_role(Role.KEPALA_BIDANG)
    device = confirmed_device(other)
    for _ in range(2):
        assert NipBackend._load_user(user.pk).totp_device_ids == []
        assert NipBackend._load_user(other.pk).totp_device_ids == [device.pk]
    assert is_enrolled(NipBackend._load_user(other.pk))
    assert not is_enrolled(NipBackend._load_user(user.pk))


def test_a_notification_shows_on_the_bell_at_once(user, django_capture_on_commit_callbacks):
    assert load(user).unread_notifications == 0
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], text="Jadwal Anda berubah.", mail=False)
    assert load(user).unread_notifications == 1


def test_an_evicted_generation_loads_afresh(user, django_assert_num_queries):
    load(user)
    cache.delete(GENERATION_KEY)
    with django_assert_num_queries(2):
        load(user)


def test_a_page_shows_a_new_role_in_the_menu(client, user, django_capture_on_commit_callbacks):
    client.force_login(user)
    assert "Permohonan SKPD" not in client.get(reverse("portal:home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        RoleAssignmentFactory(user=user, role=Role.TIM_COACHING)
    assert "Permohonan SKPD" in client.get(reverse("portal:home")).content.decode()


def test_a_cache_that_is_down_does_not_fail_the_change(
    user, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    # A command run while Redis is down (the benchmark seeds before starting it).
    def down(*args, **kwargs):
        raise ConnectionError("Error 2 connecting to redis.sock")

    monkeypatch.setattr(cache, "set_many", down)
    with django_capture_on_commit_callbacks(execute=True):
        RoleAssignmentFactory(user=user, role=Role.TIM_COACHING)
    assert RoleAssignment.objects.filter(user=user).exists()
    assert "Could not renew the kept users' tokens" in caplog.text


def test_a_change_to_one_user_leaves_the_others_kept(
    user, django_assert_num_queries, django_capture_on_commit_callbacks
):
    other = PegawaiWithAccountFactory().user
    load(user)
    load(other)
    with django_capture_on_commit_callbacks(execute=True):
        user.pegawai.jabatan = "Analis Kebijakan Ahli Muda"  # the roster keeper saves it
        user.pegawai.save()
        notify([user], text="Jadwal Anda berubah.", mail=False)
    with django_assert_num_queries(0):
        load(other)
    with django_assert_num_queries(2):
        changed = load(user)
    assert changed.pegawai.jabatan == "Analis Kebijakan Ahli Muda"
    assert changed.unread_notifications == 1


def test_a_contact_saved_renews_no_kept_user(
    user, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """The kept pegawai (the user's and its superior's) holds no contact: a new phone
    number or e-mail saved on its own sends nobody's next page to the database."""
    subordinate = PegawaiWithAccountFactory(atasan=user.pegawai).user
    load(user)
    load(subordinate)
    with django_capture_on_commit_callbacks(execute=True):
        update_contact(user=user, email=user.email, phone="081250000999")
    with django_assert_num_queries(0):
        kept = load(user)
        kept_subordinate = load(subordinate)
    with django_assert_num_queries(2):  # read as stored, never from a kept copy
        assert kept.pegawai.phone == "081250000999"
        assert kept_subordinate.pegawai.atasan.phone == "081250000999"


@pytest.mark.parametrize("fields", [None, ["phone", "jabatan"]])
def test_a_contact_saved_with_more_renews_the_holders(
    user, fields, django_assert_num_queries, django_capture_on_commit_callbacks
):
    subordinate = PegawaiWithAccountFactory(atasan=user.pegawai).user
    load(user)
    load(subordinate)
    pegawai = user.pegawai
    pegawai.phone, pegawai.jabatan = "081250000999", "Analis Kebijakan Ahli Muda"
    with django_capture_on_commit_callbacks(execute=True):
        pegawai.save(update_fields=fields)
    with django_assert_num_queries(2):
        assert load(user).pegawai.jabatan == "Analis Kebijakan Ahli Muda"
    with django_assert_num_queries(2):
        assert load(subordinate).pegawai.atasan.jabatan == "Analis Kebijakan Ahli Muda"


def test_a_kept_user_saves_a_new_phone_number_in_a_fixed_number_of_queries(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """The session, then the account from the cache; the save reads the pegawai under its
    lock and the account as stored, then writes the pegawai and its history row (inside a
    savepoint of the test's transaction). Nothing reads the contact before the save."""
    user = PegawaiWithAccountFactory(user__email="saya@contoh.go.id").user
    client.force_login(user)
    client.get(reverse("accounts:profile"))  # the user is kept
    posted = {"email": "saya@contoh.go.id", "phone": "081250000999"}
    with django_assert_num_queries(7) as captured:
        response = client.post(reverse("accounts:profile"), posted)
    assert response.status_code == 302
    statements = [query["sql"].split()[0] for query in captured.captured_queries]
    assert statements.count("UPDATE") == 1 and statements.count("INSERT") == 1
    with django_assert_num_queries(0):  # the next page's user, from the cache
        load(user)


def test_the_profile_shows_the_contact_as_stored(client, django_capture_on_commit_callbacks):
    user = PegawaiWithAccountFactory(user__email="saya@contoh.go.id").user
    client.force_login(user)
    assert client.get(reverse("accounts:profile")).status_code == 200  # the user is kept
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:profile"), {"email": user.email, "phone": "081250000999"}
        )
    assert response.status_code == 302
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'value="081250000999"' in page
    assert "Kontak Anda sudah diperbarui" in page


def test_a_superior_saved_renews_the_subordinates(user, django_capture_on_commit_callbacks):
    superior = PegawaiWithAccountFactory().user.pegawai
    with django_capture_on_commit_callbacks(execute=True):
        user.pegawai.atasan = superior
        user.pegawai.save()
    assert load(user).pegawai.atasan.name == superior.name
    with django_capture_on_commit_callbacks(execute=True):
        superior.name = "Dr. Hj. Rahmah, M.Si."
        superior.save()
    assert load(user).pegawai.atasan.name == "Dr. Hj. Rahmah, M.Si."


def test_an_skpd_saved_renews_every_kept_user(
    user, django_assert_num_queries, django_capture_on_commit_callbacks
):
    other = PegawaiWithAccountFactory().user
    load(user)
    load(other)
    skpd = other.pegawai.skpd
    with django_capture_on_commit_callbacks(execute=True):
        skpd.name = "Dinas Pendidikan dan Kebudayaan"
        skpd.save()
    assert load(other).pegawai.skpd.name == "Dinas Pendidikan dan Kebudayaan"
    with django_assert_num_queries(2):  # another SKPD's user too: the SKPD's are not told
        load(user)


def test_an_evicted_token_loads_afresh(user, django_assert_num_queries):
    load(user)
    cache.delete(f"accounts:user-token:{user.pk}")
    with django_assert_num_queries(2):
        load(user)


def test_a_pegawai_linked_to_another_account_leaves_the_first(
    user, django_capture_on_commit_callbacks
):
    pegawai = user.pegawai
    load(user)
    other = User.objects.create_user(username="akun-baru", password="rahasia-123")
    with django_capture_on_commit_callbacks(execute=True):
        pegawai.user = other  # the admin links the pegawai to another account
        pegawai.save()
    assert not hasattr(load(user), "pegawai")
    assert load(other).pegawai.pk == pegawai.pk


def test_a_role_handed_to_another_account_leaves_the_first(
    user, django_capture_on_commit_callbacks
):
    successor = PegawaiWithAccountFactory().user
    with django_capture_on_commit_callbacks(execute=True):
        assignment = RoleAssignmentFactory(user=user, role=Role.KEPALA_BIDANG)
    assert Role.KEPALA_BIDANG in load(user).roles
    load(successor)
    with django_capture_on_commit_callbacks(execute=True):
        assignment.user = successor  # the admin hands the role to a successor
        assignment.save()
    assert Role.KEPALA_BIDANG not in load(user).roles
    assert Role.KEPALA_BIDANG in load(successor).roles


def test_a_deactivated_account_is_signed_out_at_the_next_request(
    user, django_capture_on_commit_callbacks
):
    assert load(user) is not None
    with django_capture_on_commit_callbacks(execute=True):
        user.is_active = False
        user.save()
    assert load(user) is None


def test_a_deleted_superior_leaves_the_subordinates(user, django_capture_on_commit_callbacks):
    superior = PegawaiFactory()
    with django_capture_on_commit_callbacks(execute=True):
        user.pegawai.atasan = superior
        user.pegawai.save()
    assert load(user).pegawai.atasan_id == superior.pk
    with django_capture_on_commit_callbacks(execute=True):
        superior.delete()
    assert load(user).pegawai.atasan is None


def test_the_bell_read_counts_at_once(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], text="Jadwal Anda berubah.", mail=False)
    assert load(user).unread_notifications == 1
    with django_capture_on_commit_callbacks(execute=True):
        mark_read(user)
    assert load(user).unread_notifications == 0


def test_a_user_is_loaded_whole_and_an_id_nobody_can_have_loads_nobody(
    user, django_assert_num_queries
):
    RoleAssignmentFactory(user=user, role=Role.TIM_COACHING)
    RoleAssignmentFactory(user=user, role=Role.KASUBAG_UMUM, skpd=user.pegawai.skpd)
    with django_assert_num_queries(2):  # the account with its pegawai, SKPD, superior; roles
        loaded = NipBackend._load_user(str(user.pk))  # as a session may keep it
    with django_assert_num_queries(0):
        assert loaded.pegawai.skpd.name == user.pegawai.skpd.name
        assert loaded.roles == {Role.ASN, Role.TIM_COACHING, Role.KASUBAG_UMUM}
        assert (loaded.totp_device_ids, loaded.recovery_device_ids) == ([], [])
        assert all(role.user is loaded for role in loaded.role_assignments)
        assert loaded.kasubag_skpd_ids == {user.pegawai.skpd_id}
        assert {role.skpd.name if role.skpd else None for role in loaded.role_assignments} == {
            None,
            user.pegawai.skpd.name,
        }
    for nobody in (10**30, -1, 0, "x", None):
        assert NipBackend().get_user(nobody) is None
