import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts import roster
from accounts.models import ImportStatus, Jenjang, Pegawai, Role, RosterImport
from tests.accounts.factories import (
    PegawaiFactory,
    PegawaiWithAccountFactory,
    SkpdFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

HEADER = "NIP;Nama;Jabatan;Jenjang;Unit Kerja;NIP Atasan;Email;No HP\n"


def csv_file(*lines: str, name="roster.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + "\n".join(lines) + "\n").encode(), "text/csv")


@pytest.fixture
def dinkes():
    return SkpdFactory(name="Dinas Kesehatan", short_name="DINKES")


@pytest.fixture
def team_user():
    return user_with_role(Role.TIM_COACHING)


def preview(user, uploaded):
    rows = roster.read_roster(uploaded)
    return roster.preview_import(actor=user, file_name=uploaded.name, rows=rows)


def test_new_changed_unchanged_and_bad_rows_are_told_apart(dinkes, team_user):
    head = PegawaiFactory(
        nip="197305121998031004",
        skpd=dinkes,
        jenjang=Jenjang.JPT_PRATAMA,
        name="dr. Kepala",
        jabatan="Kepala Dinas Kesehatan",
    )
    changing = PegawaiFactory(
        nip="198411032009042002",
        skpd=dinkes,
        jenjang=Jenjang.PENGAWAS,
        name="Fitriani",
        jabatan="Kepala Seksi",
        atasan=head,
    )
    uploaded = csv_file(
        "197305121998031004;dr. Kepala;Kepala Dinas Kesehatan;JPT Pratama;Dinas Kesehatan;;;",
        "19841103 200904 2 002;Fitriani;Kepala Subbagian Umum;Pengawas;DINKES;197305121998031004;;",
        "199505202020121007;Ahmad Syahrani;Pengelola Layanan;Pelaksana;Dinas Kesehatan;"
        "198411032009042002;ahmad@contoh.go.id;081234567890",
        "199505202020121;Pendek;Staf;Pelaksana;Dinas Kesehatan;;;",
        "199601012020121003;Tanpa Unit;Staf;Pelaksana;Dinas Antah;;;",
        "199601012020121004;Jenjang Salah;Staf;Kepala;Dinas Kesehatan;;;",
        "199601012020121005;Atasan Pelaksana;Staf;Pelaksana;Dinas Kesehatan;199505202020121007;;",
    )
    result = preview(team_user, uploaded)
    result.refresh_from_db()  # as the preview page reads it
    assert result.summary["counts"] == {"new": 1, "changed": 1, "unchanged": 1, "error": 4}
    errors = {row["line"]: " ".join(row["errors"]) for row in result.summary["errors"]}
    assert "18 digit" in errors[5]
    assert "Unit kerja “Dinas Antah” tidak dikenal" in errors[6]
    assert "Jenjang “Kepala” tidak dikenal" in errors[7]
    assert "paling rendah berjenjang Pengawas" in errors[8]
    (changed,) = result.summary["changed"]
    assert changed["nip"] == changing.nip
    assert ["Jabatan", "Kepala Seksi", "Kepala Subbagian Umum"] in changed["changes"]


def test_a_file_with_a_bad_row_changes_nothing(dinkes, team_user):
    before = Pegawai.objects.count()
    result = preview(
        team_user,
        csv_file(
            "199505202020121007;Ahmad;Staf;Pelaksana;Dinas Kesehatan;;;",
            "199505202020121;Pendek;Staf;Pelaksana;Dinas Kesehatan;;;",
        ),
    )
    with pytest.raises(roster.RosterImportRefused):
        roster.apply_import(actor=team_user, import_id=result.pk)
    assert Pegawai.objects.count() == before
    assert RosterImport.objects.get(pk=result.pk).status == ImportStatus.PREVIEW


def test_applying_creates_and_updates_with_history_and_a_second_time_changes_nothing(
    dinkes, team_user
):
    head = PegawaiFactory(nip="197305121998031004", skpd=dinkes, jenjang=Jenjang.JPT_PRATAMA)
    lines = (
        f"{head.nip};{head.name};{head.jabatan};JPT Pratama;Dinas Kesehatan;;;",
        "198411032009042002;Fitriani Hasanah;Kepala Subbagian Umum;Pengawas;Dinas Kesehatan;"
        f"{head.nip};fitri@contoh.go.id;",
        "199505202020121007;Ahmad Syahrani;Pengelola Layanan;Pelaksana;DINKES;198411032009042002;;",
    )
    first = preview(team_user, csv_file(*lines))
    assert roster.apply_import(actor=team_user, import_id=first.pk) == {
        "new": 2,
        "changed": 0,
        "unchanged": 1,
        "error": 0,
    }
    ahmad = Pegawai.objects.select_related("atasan").get(nip="199505202020121007")
    assert ahmad.atasan.nip == "198411032009042002"
    assert ahmad.user is None  # no login until the ASN registers
    assert ahmad.history.first().history_user == team_user
    history_rows = Pegawai.history.count()

    second = preview(team_user, csv_file(*lines))
    assert second.summary["counts"] == {"new": 0, "changed": 0, "unchanged": 3, "error": 0}
    roster.apply_import(actor=team_user, import_id=second.pk)
    assert Pegawai.history.count() == history_rows


def test_a_file_with_a_long_name_is_applied_with_its_name_cut_in_the_history(dinkes, team_user):
    name = "data-pegawai-dinas-kesehatan-" + "x" * 200 + ".csv"
    result = preview(
        team_user, csv_file("199505202020121007;Ahmad;Staf;Pelaksana;DINKES;;;", name=name)
    )
    roster.apply_import(actor=team_user, import_id=result.pk)
    reason = Pegawai.objects.get(nip="199505202020121007").history.get().history_change_reason
    assert len(reason) == 100
    assert reason.startswith("Impor data pegawai: data-pegawai-dinas-kesehatan-xxx")
    assert reason.endswith("…")


def test_an_import_is_applied_once(dinkes, team_user):
    result = preview(team_user, csv_file("199505202020121007;Ahmad;Staf;Pelaksana;DINKES;;;"))
    roster.apply_import(actor=team_user, import_id=result.pk)
    with pytest.raises(roster.RosterImportRefused):
        roster.apply_import(actor=team_user, import_id=result.pk)
    assert Pegawai.objects.filter(nip="199505202020121007").count() == 1


def test_duplicates_cycles_and_taken_emails_are_refused(dinkes, team_user):
    PegawaiWithAccountFactory(user__email="dipakai@contoh.go.id")
    result = preview(
        team_user,
        csv_file(
            "197305121998031004;A;Kepala;Administrator;DINKES;198411032009042002;;",
            "198411032009042002;B;Sekretaris;Administrator;DINKES;197305121998031004;;",
            "199505202020121007;C;Staf;Pelaksana;DINKES;;dipakai@contoh.go.id;",
            "199505202020121007;C lagi;Staf;Pelaksana;DINKES;;;",
            "199601012020121004;D;Staf;Pelaksana;DINKES;;x@contoh.go.id;",
            "199601012020121005;E;Staf;Pelaksana;DINKES;;X@contoh.go.id;",
            "199601012020121006;F;Staf;Pelaksana;DINKES;;;12",
        ),
    )
    errors = {row["line"]: " ".join(row["errors"]) for row in result.summary["errors"]}
    assert "Rantai atasan kembali" in errors[2]
    assert "Rantai atasan kembali" in errors[3]
    assert "sudah dipakai akun pegawai lain" in errors[4]
    assert "NIP sama dengan baris 4" in errors[5]
    assert "E-mail sama dengan baris 6" in errors[7]
    assert "Nomor HP “12” tidak valid" in errors[8]


def test_excel_files_are_read_and_numeric_nips_are_caught(dinkes, team_user):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NIP", "Nama", "Jabatan", "Jenjang", "Unit Kerja", "Status"])
    sheet.append(["199501012023211001", "PPPK Baru", "Staf", "Pelaksana", "DINKES", "PPPK"])
    sheet.append([199505202020121007.0, "Angka", "Staf", "Pelaksana", "DINKES", ""])
    out = io.BytesIO()
    workbook.save(out)
    uploaded = SimpleUploadedFile("roster.xlsx", out.getvalue())
    result = preview(team_user, uploaded)
    assert result.summary["counts"]["new"] == 1
    assert "format kolom NIP sebagai Teks" in result.summary["errors"][0]["errors"][0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Berkas kosong"),
        (b"\x00\x01\x02binary", "bukan CSV maupun Excel"),
        (b"PK\x03\x04not really a zip", "Excel tidak dapat dibaca"),
        (
            b"Nama;Jabatan\nA;B\n",
            "Kolom wajib tidak ditemukan di baris judul: NIP, Jenjang, Unit Kerja",
        ),
    ],
)
def test_unreadable_files_are_refused_whole(content, message):
    with pytest.raises(roster.RosterFileError, match=message):
        roster.read_roster(SimpleUploadedFile("x.csv", content))


class TestImportPages:
    def test_only_the_team_and_admin_may_import(self, client, dinkes, team_user):
        pending = preview(team_user, csv_file("199505202020121007;Ahmad;Staf;Pelaksana;DINKES;;;"))
        apply_url = reverse("accounts:roster_import_apply", args=[pending.pk])
        for role, status in [
            (Role.ASN, 403),
            (Role.KASUBAG_UMUM, 403),
            (Role.KEPALA_BIDANG, 200),
            (Role.ADMIN, 200),
        ]:
            client.force_login(user_with_role(role))
            assert client.get(reverse("accounts:roster_import")).status_code == status
            if status == 403:
                assert client.post(apply_url).status_code == 403
        assert not Pegawai.objects.filter(nip="199505202020121007").exists()

    def test_upload_preview_and_apply_in_the_browser_flow(self, client, dinkes, team_user):
        client.force_login(team_user)
        response = client.post(
            reverse("accounts:roster_import"),
            {"file": csv_file("199505202020121007;Ahmad;Staf;Pelaksana;DINKES;;;")},
            follow=True,
        )
        assert "Terapkan impor" in response.content.decode()
        roster_import = RosterImport.objects.get()
        response = client.post(
            reverse("accounts:roster_import_apply", args=[roster_import.pk]), follow=True
        )
        assert "Impor diterapkan: 1 pegawai baru" in response.content.decode()
        assert Pegawai.objects.filter(nip="199505202020121007").exists()

    def test_a_wrong_file_type_gets_a_message(self, client, team_user):
        client.force_login(team_user)
        uploaded = SimpleUploadedFile("foto.png", b"\x89PNG\r\n")
        response = client.post(reverse("accounts:roster_import"), {"file": uploaded})
        assert "Unggah berkas .xlsx atau .csv" in response.content.decode()
        assert not RosterImport.objects.exists()

    def test_the_template_keeps_nips_as_text(self, client, team_user):
        client.force_login(team_user)
        response = client.get(reverse("accounts:roster_template"))
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert [cell.value for cell in sheet[1]][:5] == [
            "NIP",
            "Nama",
            "Jabatan",
            "Jenjang",
            "Unit Kerja",
        ]
        assert sheet["A2"].number_format == "@"


def test_changed_rows_are_written_with_history_and_a_moved_head_is_released(dinkes, team_user):
    other = SkpdFactory(name="Dinas Sosial", short_name="DINSOS")
    head = PegawaiFactory(nip="197305121998031004", skpd=dinkes, jenjang=Jenjang.JPT_PRATAMA)
    dinkes.head = head
    dinkes.save()
    result = preview(
        team_user,
        csv_file(
            f"{head.nip};{head.name};Kepala Dinas Sosial;JPT Pratama;DINSOS;;baru@contoh.go.id;",
        ),
    )
    assert roster.apply_import(actor=team_user, import_id=result.pk)["changed"] == 1
    head.refresh_from_db()
    dinkes.refresh_from_db()
    assert (head.skpd, head.jabatan, head.email) == (
        other,
        "Kepala Dinas Sosial",
        "baru@contoh.go.id",
    )
    assert dinkes.head is None
    latest = head.history.first()
    assert (latest.history_type, latest.history_user) == ("~", team_user)


def test_a_cycle_through_people_outside_the_file_is_refused(dinkes, team_user):
    a = PegawaiFactory(nip="197305121998031004", skpd=dinkes, jenjang=Jenjang.ADMINISTRATOR)
    c = PegawaiFactory(
        nip="198001012005011002", skpd=dinkes, jenjang=Jenjang.ADMINISTRATOR, atasan=a
    )
    PegawaiFactory(nip="198411032009042002", skpd=dinkes, jenjang=Jenjang.ADMINISTRATOR, atasan=c)
    result = preview(
        team_user,
        csv_file(
            f"{a.nip};{a.name};{a.jabatan};Administrator;DINKES;198411032009042002;;",
        ),
    )
    assert "Rantai atasan kembali" in result.summary["errors"][0]["errors"][0]


def test_a_retired_pegawai_in_the_file_is_refused_not_reactivated(dinkes, team_user):
    retired = PegawaiFactory(skpd=dinkes, is_active=False)
    result = preview(team_user, csv_file(f"{retired.nip};{retired.name};Staf;Pelaksana;DINKES;;;"))
    assert "sudah dinonaktifkan" in result.summary["errors"][0]["errors"][0]


def test_a_preview_made_stale_by_a_change_is_not_applied(dinkes, team_user):
    pegawai = PegawaiFactory(skpd=dinkes, jabatan="Staf")
    result = preview(
        team_user, csv_file(f"{pegawai.nip};{pegawai.name};Analis;Pelaksana;DINKES;;;")
    )
    Pegawai.objects.filter(pk=pegawai.pk).update(jabatan="Analis")  # someone else did it
    with pytest.raises(roster.RosterImportRefused) as refused:
        roster.apply_import(actor=team_user, import_id=result.pk)
    assert refused.value.why == roster.RosterImportRefused.STALE
    result.refresh_from_db()
    assert result.summary["counts"]["unchanged"] == 1
    assert result.status == ImportStatus.PREVIEW


def test_a_duplicate_row_is_not_blamed_for_the_first_rows_email(dinkes, team_user):
    result = preview(
        team_user,
        csv_file(
            "199505202020121007;A;Staf;Pelaksana;DINKES;;a@contoh.go.id;",
            "199505202020121007;A lagi;Staf;Pelaksana;DINKES;;;",
        ),
    )
    (row,) = result.summary["errors"]
    assert row["errors"] == ["NIP sama dengan baris 2."]


def test_a_broken_csv_is_refused_whole():
    content = HEADER.encode() + b'199505202020121007;"' + b"x" * 200_000 + b"\n"
    with pytest.raises(roster.RosterFileError):
        roster.read_roster(SimpleUploadedFile("x.csv", content))


def test_a_file_with_only_a_header_is_refused():
    with pytest.raises(roster.RosterFileError, match="tanpa baris data"):
        roster.read_roster(SimpleUploadedFile("x.csv", HEADER.encode()))
