"""Issue 14: the participant list names pegawai by NIP; each NIP is checked by the kind stored
with its pegawai, or by the PNS rules when the SKPD has nobody with it, never read as PPPK
because the PNS rules failed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.nip import NipKind
from bookings.models import SkpdRequest
from bookings.visits import services as visits
from tests.accounts.factories import PegawaiFactory, SkpdFactory

pytestmark = pytest.mark.django_db

TMT_MESSAGE = "TMT CPNS pada NIP (digit 9–14, TTTTBB) bukan bulan yang valid."
SEQUENCE_MESSAGE = "Nomor urut pada NIP (digit 16–18) harus antara 001 dan 999."
NOT_HERE = "bukan pegawai aktif SKPD ini."


def participant_list(*nips: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("peserta.csv", ("NIP\n" + "\n".join(nips) + "\n").encode())


@pytest.fixture
def dinkes():
    return SkpdFactory(name="Dinas Kesehatan", short_name="DINKES")


@pytest.mark.parametrize(
    ("stored", "typed", "outcome"),
    [
        # (nip, kind, own SKPD?) of a stored pegawai; what the list says; chosen or message.
        (("199501012023211001", NipKind.PPPK, True), "19950101 2023 2 1 1 001", "chosen"),
        (("198609262015051001", NipKind.PNS, True), "19860926.201505.1.001", "chosen"),
        # Nobody of this SKPD has it: the PNS rules and the PNS message.
        (None, "198609262015131001", TMT_MESSAGE),
        (None, "198609262015051000", SEQUENCE_MESSAGE),
        (None, "199501012023211001", TMT_MESSAGE),
        (None, "198609262015051001", NOT_HERE),
        # Another SKPD's PPPK answers as if unknown: the list tells nobody who works where.
        (("199501012023211001", NipKind.PPPK, False), "199501012023211001", TMT_MESSAGE),
        (("198609262015051001", NipKind.PNS, False), "198609262015051001", NOT_HERE),
    ],
)
def test_each_nip_is_checked_by_its_pegawais_kind(dinkes, stored, typed, outcome):
    if stored is not None:
        nip, kind, own = stored
        pegawai = PegawaiFactory(nip=nip, kind=kind, skpd=dinkes if own else SkpdFactory())
    chosen, errors = visits.read_participant_file(participant_list(typed), SkpdRequest(skpd=dinkes))
    if outcome == "chosen":
        assert (chosen, errors) == ([pegawai.pk], [])
    else:
        assert chosen == []
        (error,) = errors
        assert error.startswith("Baris 2: ") and error.endswith(outcome), error


def test_a_list_is_read_in_one_query_and_reported_line_by_line(dinkes, django_assert_num_queries):
    pppk = PegawaiFactory(nip="199501012023211001", kind=NipKind.PPPK, skpd=dinkes)
    pns = PegawaiFactory(nip="198609262015051001", skpd=dinkes)
    PegawaiFactory(nip="199001012015031009", skpd=dinkes, is_active=False)
    uploaded = participant_list(
        pppk.nip, "12345", "198609262015131001", pns.nip, "199001012015031009"
    )
    with django_assert_num_queries(1):
        chosen, errors = visits.read_participant_file(uploaded, SkpdRequest(skpd=dinkes))
    assert chosen == sorted([pppk.pk, pns.pk])
    assert [error.split(":")[0] for error in errors] == ["Baris 3", "Baris 4", "Baris 6"]
    assert "18 digit" in errors[0]
    assert errors[1].endswith(TMT_MESSAGE)
    assert errors[2].endswith(NOT_HERE)
