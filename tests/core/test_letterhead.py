"""The letterhead (kop surat) of every document: the configured identity, with its emblem."""

import pytest

from core.pdf import emblem_data_uri, render_pdf
from tests.pdf import PdfText


def test_the_emblem_is_embedded_and_a_missing_one_leaves_none(tmp_path):
    emblem = tmp_path / "lambang.png"
    emblem.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert emblem_data_uri(str(emblem)).startswith("data:image/png;base64,")
    assert emblem_data_uri(str(tmp_path / "tidak-ada.png")) == ""
    assert emblem_data_uri(str(tmp_path / "lambang.gif")) == ""


@pytest.mark.django_db  # a render takes a render slot, a lock in the database
@pytest.mark.parametrize(
    "template",
    [
        "bookings/disposition_sheet.html",
        "surveys/results_pdf.html",
    ],
)
def test_every_document_carries_the_configured_letterhead(settings, template):
    settings.PORTAL = {
        **settings.PORTAL,
        "GOVERNMENT": "Pemerintah Kabupaten Contoh",
        "AGENCY": "Badan Kepegawaian Daerah",
        "ADDRESS": "Jl. Contoh No. 1, Paringin",
        "PHONE": "(0526) 2028000",
        "EMAIL": "bkpsdm@contoh.go.id",
        "WEBSITE": "bkpsdm.contoh.go.id",
    }
    text = PdfText(render_pdf(template, {"dispositions": [], "filter_labels": []}))
    for line in (
        "PEMERINTAH KABUPATEN CONTOH",
        "BADAN KEPEGAWAIAN DAERAH",
        "Jl. Contoh No. 1, Paringin",
        "(0526) 2028000",
        "bkpsdm@contoh.go.id",
        "bkpsdm.contoh.go.id",
    ):
        assert line in text
