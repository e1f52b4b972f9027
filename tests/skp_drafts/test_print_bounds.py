"""An SKP is bounded so that its PDF lays out in a few seconds: counts of RHK and indicators,
each field's length, and the print size of the whole (rows and lines weigh more than
letters). The editor, the Excel import and copying refuse more, say why, and change
nothing."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from skp_drafts import excel, services
from skp_drafts.content import (
    MAX_INDICATORS,
    MAX_PRINT_SIZE,
    MAX_RHKS,
    PRINT_LINE,
    PRINT_ROW,
    TEXT_MAX,
    IndicatorContent,
    RhkContent,
    SkpContent,
    SkpError,
    content_of,
    document_print_size,
    print_size,
)
from skp_drafts.document import load_document
from tests.skp_drafts.factories import SkpFactory
from tests.skp_drafts.helpers import editor_post

TOO_LONG = "terlalu panjang untuk dicetak"


def sentence(length: int) -> str:
    return ("Tersusunnya laporan evaluasi pelaksanaan program pelayanan kesehatan " * 40)[:length]


def rhk_rows(count: int, indicators: int, *, text: int, indicator_text: int) -> list[RhkContent]:
    return [
        RhkContent(
            id=None,
            kind="utama",
            text=sentence(text),
            parent_text=sentence(text),
            indicators=[
                IndicatorContent(id=None, text=sentence(indicator_text), target="12 dokumen")
                for _ in range(indicators)
            ],
        )
        for _ in range(count)
    ]


def unsaved(rhks=(), **fields) -> SkpContent:
    return SkpContent(
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        approach="kuantitatif",
        rhks=list(rhks),
        **fields,
    )


@pytest.mark.unit
def test_the_print_size_counts_letters_rows_lines_and_the_intervened_rhk():
    rhk = RhkContent(
        id=None,
        kind="utama",
        text="abc",
        parent_id=7,
        indicators=[IndicatorContent(id=None, text="de", target="1 x")] * 2,
    )
    content = unsaved(
        [rhk, RhkContent(id=None, kind="tambahan", text="f", parent_text="gh")],
        konsekuensi="satu\n\ndua",
        expectations={"akuntabel": "a\nb"},
    )
    letters = 3 + 5 + 2 * (2 + 3) + 1 + 2 + len("satu\n\ndua") + len("a\nb")
    # Three rows (an RHK without indicators takes one), two lampiran items, one line break.
    assert print_size(content, {7: "x" * 5}) == letters + 3 * PRINT_ROW + 3 * PRINT_LINE


def test_a_realistic_large_skp_is_accepted(chain):
    """Forty RHK of three indicators in ordinary sentences: about twenty pages."""
    skp = services.create_skp(actor=chain["kasi"].user, pegawai=chain["kasi"], year=2026)
    content = content_of(load_document(skp))
    content.rhks = rhk_rows(MAX_RHKS, 3, text=150, indicator_text=90)
    assert services.save_content(
        actor=chain["kasi"].user, skp_id=skp.pk, content=content, expected_version=1
    )
    assert document_print_size(load_document(skp)) <= MAX_PRINT_SIZE


@pytest.mark.parametrize(
    ("rhks", "message"),
    [
        (rhk_rows(MAX_RHKS + 1, 1, text=20, indicator_text=20), f"paling banyak {MAX_RHKS} RHK"),
        (
            rhk_rows(1, MAX_INDICATORS + 1, text=20, indicator_text=20),
            f"paling banyak {MAX_INDICATORS} indikator",
        ),
        # Every field inside its own limit, the counts too: sixty thousand letters of RHK.
        (rhk_rows(20, 1, text=TEXT_MAX, indicator_text=100), TOO_LONG),
        # Short texts, but many rows.
        (rhk_rows(MAX_RHKS, MAX_INDICATORS, text=200, indicator_text=120), TOO_LONG),
    ],
    ids=["rhk", "indicators", "long texts", "many rows"],
)
def test_an_skp_beyond_its_bounds_is_refused_and_nothing_changes(chain, rhks, message):
    skp = services.create_skp(actor=chain["kasi"].user, pegawai=chain["kasi"], year=2026)
    content = content_of(load_document(skp))
    content.rhks = rhks
    with pytest.raises(SkpError, match=message):
        services.save_content(
            actor=chain["kasi"].user, skp_id=skp.pk, content=content, expected_version=1
        )
    skp.refresh_from_db()
    assert skp.version == 1 and not skp.rhks.exists()


def test_a_lampiran_of_many_short_lines_counts_its_lines(chain):
    skp = services.create_skp(actor=chain["kasi"].user, pegawai=chain["kasi"], year=2026)
    content = content_of(load_document(skp))
    # Within the field's 5,000 letters: 2,500 items of one letter each.
    content.konsekuensi = "\n".join("x" * 2500)
    with pytest.raises(SkpError, match=TOO_LONG):
        services.save_content(
            actor=chain["kasi"].user, skp_id=skp.pk, content=content, expected_version=1
        )
    skp.refresh_from_db()
    assert (skp.version, skp.konsekuensi) == (1, "")


def test_the_editor_refuses_an_skp_too_long_to_print_and_keeps_what_was_typed(valid, client):
    skp = valid["skp"]
    rows = [
        {
            "text": f"RHK {number} " + sentence(TEXT_MAX - 10),
            "parent_text": sentence(TEXT_MAX),
            "indicators": [{"text": sentence(500), "target": "12 dokumen"}],
        }
        for number in range(20)
    ]
    client.force_login(valid["kasi"].user)
    response = client.post(reverse("skp_drafts:edit", args=[skp.pk]), editor_post(skp, rows))
    assert response.status_code == 200
    html = response.content.decode()
    assert TOO_LONG in html and "RHK 19 " in html  # the typed rows are still on the page
    skp.refresh_from_db()
    assert skp.version == 1
    assert list(skp.rhks.values_list("text", flat=True)) == ["Tersedianya data surveilans"]


def test_an_excel_import_too_long_to_print_changes_nothing(valid, client):
    skp = valid["skp"]
    book = load_workbook(io.BytesIO(excel.export_skp(load_document(skp), blank=True)))
    sheet = book["Hasil Kerja"]
    for number in range(1, 26):
        sheet.append(
            [number, "Tambahan", None, sentence(TEXT_MAX), "Kuantitas", sentence(900), "2 kali"]
        )
    out = io.BytesIO()
    book.save(out)
    client.force_login(valid["kasi"].user)
    response = client.post(
        reverse("skp_drafts:import", args=[skp.pk]),
        {"file": SimpleUploadedFile("skp.xlsx", out.getvalue())},
    )
    assert response.status_code == 200 and TOO_LONG in response.content.decode()
    skp.refresh_from_db()
    assert skp.version == 1 and skp.rhks.count() == 1


def test_copying_an_skp_too_long_to_print_is_refused(chain):
    """An SKP stored before the bounds were set stays readable (its PDF is prepared by the
    task worker), but it is not copied into a new year as it is."""
    old = SkpFactory(pegawai=chain["kasi"], year=2025)
    old.konsekuensi = "\n".join("x" * 2500)
    old.save()
    with pytest.raises(SkpError, match=TOO_LONG):
        services.create_skp(
            actor=chain["kasi"].user, pegawai=chain["kasi"], year=2026, copy_previous=True
        )
    assert not chain["kasi"].skps.filter(year=2026).exists()
