"""Common and breached passwords are refused offline, with one Indonesian message, wherever
a password is chosen (activation, reset, change)."""

import socket

import pytest
from django.contrib.auth.password_validation import (
    get_default_password_validators,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.passwords import BreachedPasswordValidator
from tests.accounts.factories import PASSWORD, PegawaiWithAccountFactory

REFUSED = "terlalu umum atau pernah bocor"

# In breach lists but not in Django's 20,000: what people here would pick.
BREACHED = ["bismillah123", "indonesia123", "alhamdulillah", "sayangkamu", "Password123!"]
# In Django's list (ten characters or more, so that only this validator speaks).
COMMON = ["iloveyou123", "qwertyuiop", "1234567890"]
STRONG = ["Coaching-Balangan-2026", "kopi pagi di paringin tepat waktu", "Tanjung#Laut-88"]


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the password check reached for the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("password", [*BREACHED, *COMMON, "BISMILLAH123", "  iloveyou123 "])
def test_breached_and_common_passwords_are_refused_offline(password, no_network):
    with pytest.raises(ValidationError) as refused:
        BreachedPasswordValidator().validate(password)
    assert refused.value.code == "password_too_common"
    assert REFUSED in refused.value.messages[0]


@pytest.mark.parametrize("password", STRONG)
def test_a_strong_password_passes(password, no_network):
    BreachedPasswordValidator().validate(password)
    validate_password(password)


def test_one_validator_stands_for_both_lists(settings):
    names = [validator["NAME"] for validator in settings.AUTH_PASSWORD_VALIDATORS]
    assert "accounts.passwords.BreachedPasswordValidator" in names
    assert "django.contrib.auth.password_validation.CommonPasswordValidator" not in names
    kinds = [type(validator) for validator in get_default_password_validators()]
    assert kinds.count(BreachedPasswordValidator) == 1


@pytest.mark.django_db
def test_a_breached_password_cannot_be_chosen_on_the_password_change_page(client):
    pegawai = PegawaiWithAccountFactory()
    client.force_login(pegawai.user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            **dict.fromkeys(["new_password1", "new_password2"], "bismillah123"),
        },
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    pegawai.user.refresh_from_db()
    assert pegawai.user.check_password(PASSWORD)
