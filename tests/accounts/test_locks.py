"""Each step locks the rows it works on FOR NO KEY UPDATE, unless it deletes them (turning the
second factor off): tests/locks.py says why."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roster, services
from accounts.models import RecoveryCodeDevice, Registration, Role, RosterImport
from accounts.twofactor import services as twofactor
from tests.accounts.factories import RegistrationFactory, SkpdFactory, user_with_role
from tests.accounts.second_factor import confirmed_device, totp_code
from tests.accounts.test_roster_import import csv_file, preview
from tests.locks import NO_KEY, UPDATE, row_locks

pytestmark = pytest.mark.django_db

TOTP = (TOTPDevice._meta.db_table, NO_KEY)


def confirm_enrolment(w):
    device = twofactor.begin_enrolment(user=w["user"])
    twofactor.confirm_enrolment(user=w["user"], code=totp_code(device))


def check_app_code(w):
    assert twofactor.check_code(user=w["user"], code=totp_code(confirmed_device(w["user"])))


STEPS = {
    "apply_import": (
        lambda w: roster.apply_import(actor=w["team"], import_id=w["roster_import"].pk),
        {(RosterImport._meta.db_table, NO_KEY)},
    ),
    "reject_registration": (
        lambda w: services.reject_registration(
            actor=w["admin"], registration_id=w["registration"].pk, reason="Bukan ASN"
        ),
        {(Registration._meta.db_table, NO_KEY)},
    ),
    "confirm_enrolment": (confirm_enrolment, {TOTP}),
    "check_code (app)": (check_app_code, {TOTP}),
    "check_code (recovery)": (
        lambda w: twofactor.check_code(user=w["user"], code=w["recovery_code"]),
        {(RecoveryCodeDevice._meta.db_table, NO_KEY)},
    ),
    # The device that proves it is deleted with the others.
    "turn_off": (
        lambda w: twofactor.turn_off(user=w["user"], proof=w["recovery_code"]),
        {(RecoveryCodeDevice._meta.db_table, UPDATE)},
    ),
}


@pytest.fixture
def world():
    """A roster file previewed, a registration waiting, and a user with an authenticator
    app and recovery codes."""
    SkpdFactory(name="Dinas Kesehatan", short_name="DINKES")
    team = user_with_role(Role.TIM_COACHING)
    user = user_with_role(Role.ASN)
    device = twofactor.begin_enrolment(user=user)
    _device, codes = twofactor.confirm_enrolment(user=user, code=totp_code(device))
    return {
        "team": team,
        "admin": user_with_role(Role.ADMIN),
        "roster_import": preview(
            team, csv_file("199505202020121007;Ahmad;Staf;Pelaksana;Dinas Kesehatan;;;")
        ),
        "registration": RegistrationFactory(),
        "user": user,
        "recovery_code": codes[0],
    }


@pytest.mark.parametrize("name", list(STEPS))
def test_a_step_locks_its_rows_as_it_uses_them(world, name):
    step, locks = STEPS[name]
    assert row_locks(lambda: step(world)) == locks
