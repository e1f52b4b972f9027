"""Issued documents: a number, a code and a QR on the paper, the public verification page,
the same version for the same content, a new version (and the old superseded) after a
change, and a calm page for an unknown code."""

import hashlib

import pytest
from django.urls import reverse

from accounts.models import Role
from bookings.visits import pdf
from bookings.visits import services as visits
from core import pdf as core_pdf
from core.documents import build_printout, normalize_code, verification_qr, verification_url
from core.models import IssuedDocument
from tests.accounts.factories import SkpdFactory, user_with_role
from tests.bookings.test_requests import new_request
from tests.pdf import PdfText

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    skpd = SkpdFactory(name="Dinas Kesehatan")
    kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=skpd)
    return new_request(skpd, kasubag)


def test_a_document_carries_its_number_and_code_and_verifies(letter, client):
    content = pdf.disposition_sheet(letter)
    document = IssuedDocument.objects.get()
    text = PdfText(content)
    assert document.number in text and document.code in text
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    page = client.get(reverse("portal:verify", args=[document.code]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Dokumen ini asli" in html and document.sha256 in html
    assert "Lembar disposisi surat 800/123/DINKES/2026 dari Dinas Kesehatan" in html
    # Typed from paper in lower case, without the dash: still found.
    typed = document.code.lower().replace("-", "")
    assert client.get(reverse("portal:verify", args=[typed])).status_code == 200


def test_the_same_content_is_the_same_version_and_a_change_supersedes_it(letter, client):
    first = pdf.disposition_sheet(letter)
    assert pdf.disposition_sheet(letter) == first  # the filed bytes again
    assert IssuedDocument.objects.count() == 1
    old = IssuedDocument.objects.get()
    visits.return_request(
        actor=user_with_role(Role.KEPALA_BKPSDM), request_id=letter.pk, instruction="Lengkapi."
    )
    letter.refresh_from_db()
    second = pdf.disposition_sheet(letter)
    assert second != first
    old.refresh_from_db()
    new = IssuedDocument.objects.exclude(pk=old.pk).get()
    assert (new.version, old.superseded_by) == (2, new)
    html = client.get(reverse("portal:verify", args=[old.code])).content.decode()
    assert "sudah digantikan" in html and new.code in html


@pytest.mark.parametrize("code", ["ZZZZ-ZZZZ", "abc", "<script>", "A" * 200])
def test_an_unknown_or_tampered_code_gets_a_calm_not_found(client, code):
    response = client.get(reverse("portal:verify", args=[code]))
    assert response.status_code == 404
    assert "tidak ditemukan" in response.content.decode()


def test_codes_are_normalized_as_typed_from_paper():
    assert normalize_code("abcd ef23") == "ABCD-EF23"
    assert normalize_code("ABCDEF23") == "ABCD-EF23"
    assert normalize_code("xyz") == "xyz"


def test_a_lost_filed_copy_is_issued_again_as_a_new_version(letter):
    pdf.disposition_sheet(letter)
    old = IssuedDocument.objects.get()
    old.file.storage.delete(old.file.name)
    pdf.disposition_sheet(letter)
    old.refresh_from_db()
    assert old.superseded_by is not None and old.superseded_by.version == 2


def test_renders_that_share_the_parsed_stylesheet_print_as_a_fresh_parse(letter):
    """The print stylesheet (running foot, page counters) parsed once serves every render
    alike: the same pages as with a stylesheet parsed for the render alone."""
    printout = build_printout("DISPOSISI", {"pk": letter.pk})
    url = verification_url("K7QM2X9P")
    context = {
        **printout.context,
        "verification": {
            "document": IssuedDocument(code="K7QM2X9P", number="DISPOSISI/1", version=1),
            "url": url,
            "qr": verification_qr(url),
            "signed": False,
        },
    }
    core_pdf._parsed_stylesheet.cache_clear()
    fresh = PdfText(core_pdf.render_pdf(printout.template, context)).pages
    shared = [PdfText(core_pdf.render_pdf(printout.template, context)).pages for _ in range(2)]
    assert core_pdf._parsed_stylesheet.cache_info().hits == 2
    assert shared == [fresh, fresh]
    assert "K7QM2X9P" in fresh[0] and "Halaman 1 dari 1" in fresh[0]
