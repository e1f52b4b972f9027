"""The SKP in Excel: template, export and import share one layout; a bad row is reported
with its number and reason, and then nothing changes."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from skp_drafts import excel
from skp_drafts.document import load_document
from skp_drafts.services import SkpError


def upload(content: bytes, name="skp.xlsx"):
    return SimpleUploadedFile(name, content)


def workbook_of(skp, **options):
    return load_workbook(io.BytesIO(excel.export_skp(load_document(skp), **options)))


def as_upload(workbook):
    out = io.BytesIO()
    workbook.save(out)
    return upload(out.getvalue())


def test_the_export_holds_the_skp(valid):
    book = workbook_of(valid["skp"])
    assert book.sheetnames == [
        "Petunjuk",
        "Identitas",
        "Hasil Kerja",
        "Perilaku Kerja",
        "Lampiran",
        "Daftar",
    ]
    rows = list(book["Hasil Kerja"].iter_rows(values_only=True))
    assert list(rows[0]) == [*excel.result_columns(valid["skp"]), "ID"]
    assert rows[1][:4] == (1, "Utama", valid["kabid_rhk"].text, "Tersedianya data surveilans")
    assert rows[1][4:] == ("Kuantitas", "Jumlah laporan", "12 laporan", valid["rhk"].pk)
    assert rows[2][:4] == (None, None, None, None) and rows[2][5] == "Laporan yang akurat"
    assert book["Hasil Kerja"].column_dimensions["H"].hidden
    identity = dict(book["Identitas"].iter_rows(values_only=True))
    assert identity["NIP pejabat penilai kinerja"] == valid["kabid"].nip
    assert book["Daftar"].sheet_state == "hidden"
    assert book["Daftar"]["D1"].value == valid["kabid_rhk"].text


def test_an_exported_skp_imports_back_unchanged(valid):
    document = load_document(valid["skp"])
    content, problems = excel.read_skp(as_upload(workbook_of(valid["skp"])), document)
    assert problems == []
    original = excel.content_of(document)
    assert content == original  # ids matched by their words, every field the same


def test_a_template_imports_the_rows_typed_into_it(valid, chain):
    skp = valid["skp"]
    book = workbook_of(skp, blank=True)
    sheet = book["Hasil Kerja"]
    assert sheet.max_row == 1
    sheet.append(
        [
            1,
            "Utama",
            chain["kabid_rhk"].text,
            "Terverifikasinya data",
            "Kuantitas",
            "Data terverifikasi",
            "100 %",
        ]
    )
    sheet.append([None, None, None, None, "Waktu", "Tepat waktu", "12 bulan"])
    sheet.append([2, "Tambahan", None, "Menjadi narasumber", "Kuantitas", "Kegiatan", "2 kali"])
    content, problems = excel.read_skp(as_upload(book), load_document(skp))
    assert problems == []
    assert [(r.text, r.kind, r.parent_id, len(r.indicators)) for r in content.rhks] == [
        ("Terverifikasinya data", "utama", chain["kabid_rhk"].pk, 2),
        ("Menjadi narasumber", "tambahan", None, 1),
    ]


def test_every_bad_row_is_reported_and_nothing_changes(valid, client):
    skp = valid["skp"]
    book = workbook_of(skp, blank=True)
    sheet = book["Hasil Kerja"]
    sheet.append(
        [1, "Pokok", "RHK yang tidak ada", "Terverifikasinya data", "Mutu", "Data", "100 %"]
    )
    sheet.append([None, None, None, None, "Kuantitas", None, "12 dokumen"])
    sheet.append([2, "Utama", None, "Rencana", "Kuantitas", "Indikator", "x" * 101])
    book["Perilaku Kerja"].append([8, "Disiplin", "Datang tepat waktu"])
    book["Identitas"]["B3"] = "tanggal salah"
    client.force_login(valid["kasi"].user)
    response = client.post(reverse("skp_drafts:import", args=[skp.pk]), {"file": as_upload(book)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tidak ada yang diubah" in html
    for expected in [
        "Hasil Kerja, baris 2: jenis harus Utama atau Tambahan.",
        "Hasil Kerja, baris 2: RHK pimpinan “RHK yang tidak ada” tidak ada di SKP 2026",
        "Hasil Kerja, baris 2: aspek harus Kuantitas, Kualitas, Waktu atau Biaya.",
        "Hasil Kerja, baris 3: indikator kinerja individu kosong.",
        "Hasil Kerja, baris 4: target lebih dari 100 huruf.",
        "Perilaku Kerja, baris 9: bukan salah satu dari tujuh nilai BerAKHLAK.",
        "Identitas, baris 3: tanggal tidak dapat dibaca",
    ]:
        assert expected in html, expected
    skp.refresh_from_db()
    assert skp.version == 1
    assert list(skp.rhks.values_list("text", flat=True)) == ["Tersedianya data surveilans"]


def test_an_import_replaces_the_content_as_a_new_version(valid, client):
    skp = valid["skp"]
    book = workbook_of(skp)
    book["Hasil Kerja"]["G2"] = "24 laporan"
    client.force_login(valid["kasi"].user)
    response = client.post(reverse("skp_drafts:import", args=[skp.pk]), {"file": as_upload(book)})
    assert response.status_code == 302
    skp.refresh_from_db()
    assert skp.version == 2
    assert skp.history.first().history_change_reason == "Diimpor dari skp.xlsx"
    assert valid["rhk"].indicators.get(aspect="kuantitas").target == "24 laporan"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"No;Jenis\n1;Utama\n", "bukan Excel"),
        (b"PK\x03\x04 rusak", "tidak dapat dibaca"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(valid, content, message):
    with pytest.raises(SkpError, match=message):
        excel.read_skp(upload(content), load_document(valid["skp"]))


def test_a_workbook_without_the_results_sheet_is_refused(valid):
    book = workbook_of(valid["skp"])
    del book["Hasil Kerja"]
    with pytest.raises(SkpError, match="Hasil Kerja"):
        excel.read_skp(as_upload(book), load_document(valid["skp"]))


def test_the_template_of_an_skp_is_offered_to_its_owner_only(valid, client, coach):
    url = reverse("skp_drafts:template_xlsx", args=[valid["skp"].pk])
    client.force_login(valid["kasi"].user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    client.force_login(coach)
    assert client.get(url).status_code == 404
