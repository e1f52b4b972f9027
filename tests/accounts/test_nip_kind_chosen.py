"""Issue 14: a NIP's kind (PNS or PPPK) is chosen or stored, never guessed from its digits.
Each kind is checked by its own rules and answers with its own message (shared/domain/nip.md):
at registration, in the roster import, in the admin and in the SKP header's NIP fields."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts import roster, services
from accounts.forms import RegistrationForm
from accounts.models import Jenjang, Pegawai, Registration, Role
from accounts.nip import NipKind
from skp_drafts.forms import HeaderForm
from skp_drafts.models import Approach, Skp
from tests.accounts.factories import PegawaiFactory, SkpdFactory, user_with_role

pytestmark = pytest.mark.django_db

# A PNS NIP: born 26 Sep 1986, TMT CPNS May 2015, male, number 001.
PNS_NIP = "198609262015051001"
# The same person's digits with an impossible TMT month and with sequence 000: wrong as a
# PNS NIP, yet well formed as an NI PPPK (birth date, year 2015, sex digit 1).
PNS_TMT_MONTH_13 = "198609262015131001"
PNS_SEQUENCE_000 = "198609262015051000"
# An NI PPPK: born 1 Jan 1995, appointed 2023, code 2, first contract, male, number 001.
# Read as PNS its "TMT" is month 21.
PPPK_NIP = "199501012023211001"
PPPK_IN_THE_FUTURE = "199501012099211001"

TMT_MESSAGE = "TMT CPNS pada NIP (digit 9–14, TTTTBB) bukan bulan yang valid."
SEQUENCE_MESSAGE = "Nomor urut pada NIP (digit 16–18) harus antara 001 dan 999."
PPPK_FUTURE_MESSAGE = "Tahun pengangkatan PPPK pada NIP (digit 9–12) tidak boleh di masa depan."


# Registration -----------------------------------------------------------------------------


def registration_data(nip: str, kind: str | None, **extra) -> dict:
    data = {"nip": nip, "email": "asn@contoh.go.id", "phone": "081234567890", **extra}
    if kind is not None:
        data["kind"] = kind
    return data


def newcomer_profile(skpd) -> dict:
    return {
        "profile_shown": "1",
        "name": "Rahmat Hidayat, S.Kom.",
        "jabatan": "Pranata Komputer",
        "jenjang": Jenjang.FUNGSIONAL,
        "skpd": skpd.pk,
    }


def test_the_registration_form_asks_for_the_kind_first_with_pns_chosen():
    form = RegistrationForm()
    assert list(form.fields)[:2] == ["kind", "nip"]
    assert form.fields["kind"].required
    assert form["kind"].value() == NipKind.PNS
    assert [value for value, _label in form.fields["kind"].choices] == NipKind.values


@pytest.mark.parametrize(
    ("nip", "kind", "message"),
    [
        # Before issue 14 both were silently taken as PPPK.
        (PNS_TMT_MONTH_13, NipKind.PNS, TMT_MESSAGE),
        (PNS_SEQUENCE_000, NipKind.PNS, SEQUENCE_MESSAGE),
        # A PPPK number registered as PNS gets the PNS rules and the PNS message.
        (PPPK_NIP, NipKind.PNS, TMT_MESSAGE),
        (PPPK_IN_THE_FUTURE, NipKind.PPPK, PPPK_FUTURE_MESSAGE),
        (PPPK_NIP, None, "Bidang ini tidak boleh kosong."),
        (PPPK_NIP, "p3k", "Masukkan pilihan yang valid"),
    ],
)
def test_a_nip_wrong_for_its_chosen_kind_is_refused_with_that_kinds_message(
    client, nip, kind, message
):
    response = client.post(reverse("accounts:register"), registration_data(nip, kind))
    assert response.status_code == 200
    errors = response.context["form"].errors
    field = "kind" if kind not in NipKind.values else "nip"
    assert any(message in error for error in errors[field]), errors
    assert message in response.content.decode()
    assert not Registration.objects.exists()
    assert not Pegawai.objects.exists()


@pytest.mark.parametrize("nip", [PNS_TMT_MONTH_13, PNS_SEQUENCE_000, PPPK_NIP])
def test_a_number_well_formed_as_pppk_registers_when_pppk_is_chosen(client, nip):
    skpd = SkpdFactory()
    first = client.post(reverse("accounts:register"), registration_data(nip, NipKind.PPPK))
    assert "nip" not in first.context["form"].errors  # only the profile is asked for now
    response = client.post(
        reverse("accounts:register"),
        registration_data(nip, NipKind.PPPK, **newcomer_profile(skpd)),
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.nip, registration.kind, registration.pegawai) == (
        nip,
        NipKind.PPPK,
        None,
    )


def test_a_pppk_newcomer_is_approved_into_the_roster_as_pppk(client):
    skpd = SkpdFactory()
    kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=skpd)
    client.post(
        reverse("accounts:register"),
        registration_data("19950101 2023 2 1 1 001", NipKind.PPPK, **newcomer_profile(skpd)),
    )
    registration = Registration.objects.get()
    services.approve_registration(actor=kasubag, registration_id=registration.pk)
    pegawai = Pegawai.objects.get(nip=PPPK_NIP)
    assert (pegawai.kind, pegawai.user.username) == (NipKind.PPPK, PPPK_NIP)


def test_a_valid_pns_nip_registers_as_pns_by_default(client):
    pegawai = PegawaiFactory(nip=PNS_NIP)
    response = client.post(
        reverse("accounts:register"), registration_data("19860926 201505 1 001", NipKind.PNS)
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.pegawai, registration.kind) == (pegawai, NipKind.PNS)


def test_the_register_page_shows_the_kind_as_labelled_radios_before_the_nip(client):
    page = client.get(reverse("accounts:register")).content.decode()
    assert "Jenis pegawai" in page
    pns = page.index('type="radio" class="form-check-input"  name="kind" value="pns"')
    assert 'value="pppk"' in page[pns:]
    assert "checked" in page[pns : page.index('value="pppk"')]
    assert pns < page.index('name="nip"')


@pytest.mark.parametrize(
    ("nip", "kind", "message"),
    [
        (PNS_TMT_MONTH_13, NipKind.PNS, TMT_MESSAGE),
        (PNS_SEQUENCE_000, NipKind.PNS, SEQUENCE_MESSAGE),
        (PNS_TMT_MONTH_13, NipKind.PPPK, None),
        (PPPK_IN_THE_FUTURE, NipKind.PPPK, PPPK_FUTURE_MESSAGE),
    ],
)
def test_a_registration_is_checked_by_its_own_kind_in_the_admin(nip, kind, message):
    registration = Registration(nip=nip, kind=kind, email="asn@contoh.go.id")
    if message is None:
        registration.clean()
        return
    with pytest.raises(ValidationError) as caught:
        registration.clean()
    assert caught.value.message_dict["nip"] == [message]


# Roster import ----------------------------------------------------------------------------


@pytest.fixture
def dinkes():
    return SkpdFactory(name="Dinas Kesehatan", short_name="DINKES")


@pytest.fixture
def team_user():
    return user_with_role(Role.TIM_COACHING)


def roster_preview(user, header: str, *lines: str):
    content = "\n".join([header, *lines]) + "\n"
    uploaded = SimpleUploadedFile("pegawai.csv", content.encode(), "text/csv")
    result = roster.preview_import(
        actor=user, file_name=uploaded.name, rows=roster.read_roster(uploaded)
    )
    result.refresh_from_db()
    return result


def errors_by_line(result) -> dict[int, str]:
    return {row["line"]: " ".join(row["errors"]) for row in result.summary["errors"]}


WITH_STATUS = "NIP;Nama;Jabatan;Jenjang;Unit Kerja;Status"
WITHOUT_STATUS = "NIP;Nama;Jabatan;Jenjang;Unit Kerja"


def test_the_status_column_decides_each_rows_rules(dinkes, team_user):
    stored_pns = PegawaiFactory(
        nip="197305121998031004", skpd=dinkes, jenjang=Jenjang.PELAKSANA, jabatan="Staf"
    )
    good = [
        f"{PPPK_NIP};Nur Aini;Perawat;Fungsional;DINKES;PPPK",  # line 2
        f"{stored_pns.nip};{stored_pns.name};Staf;Pelaksana;DINKES;PPPK",  # line 3
    ]
    result = roster_preview(
        team_user,
        WITH_STATUS,
        *good,
        f"{PNS_TMT_MONTH_13};Salah Bulan;Staf;Pelaksana;DINKES;PNS",  # line 4
        f"{PNS_SEQUENCE_000};Salah Urut;Staf;Pelaksana;DINKES; pns ",  # line 5
        "199001012015031009;Honorer;Staf;Pelaksana;DINKES;Honorer",  # line 6
        f"{PPPK_IN_THE_FUTURE};Masa Depan;Staf;Pelaksana;DINKES;pppk",  # line 7
    )
    assert result.summary["counts"] == {"new": 1, "changed": 1, "unchanged": 0, "error": 4}
    errors = errors_by_line(result)
    assert errors == {
        4: TMT_MESSAGE,
        5: SEQUENCE_MESSAGE,
        6: "Status kepegawaian “Honorer” tidak dikenal; isi PNS atau PPPK.",
        7: PPPK_FUTURE_MESSAGE,
    }
    (changed,) = result.summary["changed"]
    assert changed["changes"] == [["Status kepegawaian", "PNS", "PPPK"]]

    roster.apply_import(actor=team_user, import_id=roster_preview(team_user, WITH_STATUS, *good).pk)
    assert Pegawai.objects.get(nip=PPPK_NIP).kind == NipKind.PPPK
    stored_pns.refresh_from_db()
    assert stored_pns.kind == NipKind.PPPK


def test_without_a_status_the_stored_kind_or_else_pns_rules(dinkes, team_user):
    stored_pppk = PegawaiFactory(
        nip=PPPK_NIP, kind=NipKind.PPPK, skpd=dinkes, jenjang=Jenjang.PELAKSANA, jabatan="Staf"
    )
    good = [
        f"{stored_pppk.nip};{stored_pppk.name};Staf;Pelaksana;DINKES",  # line 2
        "199505202020121007;Ahmad Syahrani;Staf;Pelaksana;DINKES",  # line 3
    ]
    result = roster_preview(
        team_user,
        WITHOUT_STATUS,
        *good,
        f"{PNS_TMT_MONTH_13};Salah Bulan;Staf;Pelaksana;DINKES",  # line 4
        f"{PNS_SEQUENCE_000};Salah Urut;Staf;Pelaksana;DINKES",  # line 5
        "199601012024211002;PPPK Baru;Staf;Pelaksana;DINKES",  # line 6
    )
    assert result.summary["counts"] == {"new": 1, "changed": 0, "unchanged": 1, "error": 3}
    errors = errors_by_line(result)
    hint = "Bila pegawai ini PPPK, tulis PPPK di kolom Status."
    # Never taken as PPPK because the PNS rules failed.
    assert errors == {
        4: f"{TMT_MESSAGE} {hint}",
        5: f"{SEQUENCE_MESSAGE} {hint}",
        6: f"{TMT_MESSAGE} {hint}",
    }
    roster.apply_import(
        actor=team_user, import_id=roster_preview(team_user, WITHOUT_STATUS, *good).pk
    )
    assert dict(Pegawai.objects.filter(skpd=dinkes).values_list("nip", "kind")) == {
        PPPK_NIP: NipKind.PPPK,
        "199505202020121007": NipKind.PNS,
    }


def test_an_empty_status_cell_keeps_the_stored_kind(dinkes, team_user):
    stored_pppk = PegawaiFactory(
        nip=PPPK_NIP, kind=NipKind.PPPK, skpd=dinkes, jenjang=Jenjang.PELAKSANA, jabatan="Staf"
    )
    result = roster_preview(
        team_user, WITH_STATUS, f"{stored_pppk.nip};{stored_pppk.name};Staf;Pelaksana;DINKES;"
    )
    assert result.summary["counts"]["unchanged"] == 1


def test_the_roster_template_offers_pns_or_pppk_in_its_status_column(client, team_user):
    client.force_login(team_user)
    response = client.get(reverse("accounts:roster_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["I1"].value == "Status"
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"PNS,PPPK"'
    assert "I2" in validation.sqref


# Admin ------------------------------------------------------------------------------------


def admin_pegawai_data(skpd, nip: str, kind: str) -> dict:
    return {
        "nip": nip,
        "kind": kind,
        "name": "Nur Aini, A.Md.Kep.",
        "jabatan": "Perawat Terampil",
        "jenjang": Jenjang.FUNGSIONAL,
        "skpd": skpd.pk,
        "is_active": "on",
    }


@pytest.mark.parametrize(
    ("nip", "kind", "message"),
    [
        (PNS_TMT_MONTH_13, NipKind.PNS, TMT_MESSAGE),
        (PNS_SEQUENCE_000, NipKind.PNS, SEQUENCE_MESSAGE),
        (PPPK_NIP, NipKind.PNS, TMT_MESSAGE),
        (PPPK_IN_THE_FUTURE, NipKind.PPPK, PPPK_FUTURE_MESSAGE),
        (PPPK_NIP, NipKind.PPPK, None),
        ("19860926 2015 13 1 001", NipKind.PPPK, None),
    ],
)
def test_the_admin_checks_a_pegawais_nip_by_the_chosen_kind(client, nip, kind, message):
    client.force_login(user_with_role(Role.ADMIN))
    skpd = SkpdFactory()
    response = client.post(
        reverse("admin:accounts_pegawai_add"), admin_pegawai_data(skpd, nip, kind)
    )
    if message is None:
        assert response.status_code == 302
        pegawai = Pegawai.objects.get()
        assert (len(pegawai.nip), pegawai.kind) == (18, kind)
    else:
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["nip"] == [message]
        assert not Pegawai.objects.exists()


def test_the_admin_refuses_turning_a_pppk_into_pns_when_its_nip_is_not_a_pns_nip(client):
    client.force_login(user_with_role(Role.ADMIN))
    pegawai = PegawaiFactory(nip=PPPK_NIP, kind=NipKind.PPPK, jenjang=Jenjang.FUNGSIONAL)
    data = admin_pegawai_data(pegawai.skpd, PPPK_NIP, NipKind.PNS)
    response = client.post(reverse("admin:accounts_pegawai_change", args=[pegawai.pk]), data)
    assert response.context["adminform"].form.errors["nip"] == [TMT_MESSAGE]
    pegawai.refresh_from_db()
    assert pegawai.kind == NipKind.PPPK


# The SKP header's NIP fields --------------------------------------------------------------


def header_form(skp: Skp, penilai: str) -> HeaderForm:
    data = {
        "period_start": "2026-01-02",
        "period_end": "2026-12-31",
        "approach": Approach.KUANTITATIF,
        "pejabat_penilai": penilai,
    }
    form = HeaderForm(data, skp=skp)
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("stored", "typed", "message"),
    [
        # A pegawai stored as PPPK is checked by the PPPK rules.
        ((PPPK_NIP, NipKind.PPPK), PPPK_NIP, None),
        ((PNS_NIP, NipKind.PNS), "19860926 201505 1 001", None),
        # Nobody has the NIP: the PNS rules and the PNS message, never a PPPK reading.
        (None, PNS_TMT_MONTH_13, TMT_MESSAGE),
        (None, PNS_SEQUENCE_000, SEQUENCE_MESSAGE),
        (None, PPPK_NIP, TMT_MESSAGE),
        (None, PNS_NIP, "NIP ini tidak ditemukan di data pegawai aktif."),
    ],
)
def test_the_pejabat_penilais_nip_is_checked_by_its_stored_kind(stored, typed, message):
    owner = PegawaiFactory()
    if stored is not None:
        nip, kind = stored
        penilai = PegawaiFactory(nip=nip, kind=kind, jenjang=Jenjang.PENGAWAS)
    form = header_form(Skp(pegawai=owner), typed)
    if message is None:
        assert "pejabat_penilai" not in form.errors, form.errors
        assert form.cleaned_data["pejabat_penilai"] == penilai
    else:
        assert form.errors["pejabat_penilai"] == [message]
