import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.nip import NipKind, format_nip, normalize_nip, parse_nip

TODAY = datetime.date(2026, 11, 25)


def error_of(value, kind=NipKind.PNS):
    with pytest.raises(ValidationError) as caught:
        parse_nip(value, kind, today=TODAY)
    return caught.value


def test_a_valid_pns_nip_is_read_into_its_parts():
    info = parse_nip("198609262015051001", today=TODAY)
    assert info.nip == "198609262015051001"
    assert info.birth_date == datetime.date(1986, 9, 26)
    assert (info.appointment_year, info.appointment_month) == (2015, 5)
    assert info.sex == "1"
    assert info.sequence == 1


@pytest.mark.parametrize(
    "typed",
    [
        "19860926 201505 1 001",
        "19860926.201505.1.001",
        " 198609262015051001 ",
        "19860926  201505 1001",
    ],
)
def test_spaces_and_dots_between_groups_are_accepted_and_dropped(typed):
    assert parse_nip(typed, today=TODAY).nip == "198609262015051001"


@pytest.mark.parametrize(
    ("value", "code", "words"),
    [
        ("", "required", "wajib"),
        ("19860926-201505-1-001", "not_digits", "hanya boleh berisi angka"),
        ("1986092620150510O1", "not_digits", "hanya boleh berisi angka"),
        ("19860926201505100", "length", "17 digit"),
        ("1986092620150510011", "length", "19 digit"),
        ("198602302015051001", "birth_date", "Tanggal lahir"),  # 30 February
        ("198613012015051001", "birth_date", "Tanggal lahir"),  # month 13
        ("180001012015051001", "birth_date", "Tanggal lahir"),  # before 1900
        ("202712012045051001", "birth_date_future", "masa depan"),
        ("198609262015131001", "tmt", "TMT CPNS"),  # month 13
        ("198609262015001001", "tmt", "TMT CPNS"),  # month 00
        ("198609262027011001", "tmt_future", "masa depan"),
        ("198609262004081001", "tmt_too_young", "usia 18"),  # appointed at 17
        ("198609262015053001", "sex", "jenis kelamin"),
        ("198609262015050001", "sex", "jenis kelamin"),
        ("198609262015051000", "sequence", "001"),
    ],
)
def test_each_kind_of_mistake_has_its_own_message(value, code, words):
    error = error_of(value)
    assert error.code == code
    assert words in error.messages[0]


def test_tmt_in_the_month_of_the_18th_birthday_is_allowed():
    assert parse_nip("198609262004091001", today=TODAY).appointment_year == 2004


def test_tmt_in_the_current_month_is_allowed_but_not_the_next():
    assert parse_nip("199001012026111001", today=TODAY).appointment_month == 11
    assert error_of("199001012026121001").code == "tmt_future"


def test_length_message_counts_the_digits_typed():
    assert "17 digit" in error_of("1986 0926 2015 0510 0").messages[0]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("199501012023211001", None),
        ("199501012027211001", "appointment_future"),
        ("199501012010211001", "appointment_too_young"),
        ("199502302023211001", "birth_date"),
        ("199501012023213001", "sex"),
    ],
)
def test_pppk_numbers_check_birth_date_appointment_year_and_sex(value, code):
    if code is None:
        info = parse_nip(value, NipKind.PPPK, today=TODAY)
        assert (info.appointment_year, info.appointment_month) == (2023, None)
    else:
        assert error_of(value, NipKind.PPPK).code == code


def test_a_pppk_sequence_of_000_is_accepted_as_its_layout_is_unpublished():
    assert parse_nip("199501012023211000", NipKind.PPPK, today=TODAY).sequence == 0


@pytest.mark.parametrize(
    "value", ["19860926201505100²", "１９８６0926201505１001", "198609262015051٠01"]
)
def test_digits_of_other_scripts_are_refused_not_crashed_on(value):
    assert error_of(value).code in {"not_digits", "length"}


def test_a_pppk_number_is_not_a_valid_pns_nip():
    # Digits 13-14 of an NI PPPK ("21") are no month, so the PNS reading refuses it.
    assert error_of("199501012023211001").code == "tmt"


def test_format_groups_the_digits_and_normalize_undoes_it():
    assert format_nip("198609262015051001") == "19860926 201505 1 001"
    assert normalize_nip("19860926 201505 1 001") == "198609262015051001"
    assert format_nip("123") == "123"
