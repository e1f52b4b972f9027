"""The SKP as a PDF: its text holds the document; a long SKP repeats its table header."""

from django.urls import reverse
from django.utils import timezone

from core import pdf as core_pdf
from core.models import IssuedDocument
from skp_drafts import pdf
from skp_drafts.document import load_document
from tests.pdf import PdfText
from tests.skp_drafts.factories import IndicatorFactory, RhkFactory, SkpFactory


def test_the_pdf_holds_identity_results_behaviours_lampiran_and_signatures(valid, client, settings):
    skp = valid["skp"]
    skp.pangkat = "Penata, III/c"
    skp.konsekuensi = "Teguran tertulis\nPenundaan kenaikan pangkat"
    skp.save()
    skp.behaviours.filter(value="kolaboratif").update(expectation="Aktif dalam tim lintas bidang")
    client.force_login(valid["kasi"].user)
    response = client.get(reverse("skp_drafts:pdf", args=[skp.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert f"SKP-2026-{valid['kasi'].nip}.pdf" in response["Content-Disposition"]
    text = PdfText(response.content)
    today = timezone.localdate()
    for expected in [
        "SASARAN KINERJA PEGAWAI",
        "PENDEKATAN HASIL KERJA KUANTITATIF",
        "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL",
        "PERIODE PENILAIAN: 1 JANUARI S.D. 31 DESEMBER 2026",
        "PEGAWAI YANG DINILAI",
        "PEJABAT PENILAI KINERJA",
        valid["kasi"].name,
        valid["kasi"].nip_display,
        "Penata, III/c",
        valid["kasi"].jabatan,
        "Dinas Kesehatan",
        valid["kabid"].name,
        "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI",
        valid["kabid_rhk"].text,
        "Tersedianya data surveilans",
        "Jumlah laporan",
        "12 laporan",
        "Kualitas",
        "PERILAKU KERJA",
        "Berorientasi Pelayanan",
        "Memahami dan memenuhi kebutuhan masyarakat",
        "Aktif dalam tim lintas bidang",
        "LAMPIRAN SASARAN KINERJA PEGAWAI",
        "Penundaan kenaikan pangkat",
        f"{settings.PORTAL['CITY']}, {today.day}",
        "Pegawai yang Dinilai",
    ]:
        assert expected in text, expected


def test_a_jpt_pdf_has_the_perspectives(chain):
    text = PdfText(pdf.skp_pdf(load_document(chain["head_skp"])))
    assert "BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI" in text
    assert "PERSPEKTIF" in text and "Penerima Layanan" in text
    assert "DIINTERVENSI" not in text


def test_a_thirty_rhk_skp_spans_pages_with_the_header_on_each(valid):
    skp = valid["skp"]
    for number in range(2, 31):
        rhk = RhkFactory(
            skp=skp,
            parent=valid["kabid_rhk"],
            text=f"Tersusunnya laporan kegiatan surveilans triwulan nomor {number}.",
        )
        for aspect, target in [
            ("kuantitas", "4 laporan"),
            ("kualitas", "100 %"),
            ("waktu", "12 bulan"),
        ]:
            IndicatorFactory(
                rhk=rhk, aspect=aspect, text=f"Indikator {aspect} ke-{number}.", target=target
            )
    text = PdfText(pdf.skp_pdf(load_document(skp)))
    # Fixed column widths (issue 19): five RHK with their three indicators a page.
    assert len(text) == 7
    for number in (2, 15, 30):
        assert f"triwulan nomor {number}." in text
    # The results table's header is repeated on every page it runs over.
    results = text.pages_with("Indikator kuantitas ke-")
    assert results == [1, 2, 3, 4, 5]
    assert text.pages_with("INDIKATOR KINERJA INDIVIDU") == results
    assert text.pages_with("EKSPEKTASI KHUSUS PIMPINAN") == [5, 6]
    assert text.pages_with("Halaman") == list(range(1, 8))
    # An RHK is kept on one page with its last indicator: no page starts with indicators
    # cut off from their RHK.
    for number in range(2, 31):
        (page,) = text.pages_with(f"triwulan nomor {number}.")
        assert text.pages_with(f"Indikator waktu ke-{number}.") == [page], number


def test_a_large_skp_is_prepared_in_the_background_and_then_handed_out(
    valid, client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PDF_INLINE_SECONDS = 0  # every SKP counts as large
    monkeypatch.setattr(pdf, "BASE_SECONDS", 4.2)  # expected to take 4.2 s and a bit
    client.force_login(valid["kasi"].user)
    url = reverse("skp_drafts:pdf", args=[valid["skp"].pk])
    with django_capture_on_commit_callbacks() as renders:
        waiting = client.get(url)
        again = client.get(url)
    assert waiting.status_code == again.status_code == 202
    assert len(renders) == 1  # two requests, one render queued
    html = waiting.content.decode()
    assert "Dokumen sedang disiapkan" in html
    # It asks again by itself, without a script (the Content Security Policy allows none
    # inline), and no cache keeps this answer in place of the PDF.
    # It asks again when the SKP is expected, from its render time.
    assert '<meta http-equiv="refresh" content="5">' in html and "<script>" not in html
    assert waiting["Retry-After"] == "5" and "no-store" in waiting["Cache-Control"]

    renders[0]()  # the task worker renders and files it
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    document = IssuedDocument.objects.get(kind="SKP")
    assert document.code in PdfText(response.content)
    with document.file.open("rb") as filed:
        assert filed.read() == response.content


def test_an_example_waits_for_a_free_render_slot_on_the_page(client, coach, settings, monkeypatch):
    example = SkpFactory(pegawai=None, jenjang="pelaksana", example_title="Contoh Pelaksana")
    client.force_login(coach)
    monkeypatch.setattr(core_pdf, "_take_slot", lambda: False)  # every slot is taken
    settings.PDF_SLOT_WAIT = 0
    url = reverse("skp_drafts:pdf", args=[example.pk])
    assert client.get(url).status_code == 202
    monkeypatch.undo()
    response = client.get(url)
    assert response.status_code == 200 and "CONTOH" in PdfText(response.content)
    assert not IssuedDocument.objects.exists()  # an example is no issued document
