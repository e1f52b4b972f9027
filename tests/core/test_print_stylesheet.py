"""The print stylesheet is parsed once per version of its file: every PDF is rendered with
the same parsed rules until the file changes, and then with the new ones."""

import io
import os

import pytest
from pypdf import PdfReader

from core import pdf
from tests.pdf import PdfText

pytestmark = pytest.mark.django_db


@pytest.fixture
def stylesheet(tmp_path, monkeypatch):
    """A print stylesheet of the test's own, where the finders look for css/print.css."""
    path = tmp_path / "print.css"
    path.write_text("@page { size: A4; }")
    monkeypatch.setattr(
        pdf.finders, "find", lambda name: str(path) if name == "css/print.css" else None
    )
    pdf._parsed_stylesheet.cache_clear()
    yield path
    pdf._parsed_stylesheet.cache_clear()


def parses(monkeypatch) -> list[str]:
    seen = []
    parse = pdf.CSS

    def counted(*args, **kwargs):
        seen.append(kwargs.get("filename"))
        return parse(*args, **kwargs)

    monkeypatch.setattr(pdf, "CSS", counted)
    return seen


def test_renders_share_one_parse_of_the_stylesheet(stylesheet, monkeypatch):
    seen = parses(monkeypatch)
    first = pdf.render_pdf("includes/pdf_kop.html", {})
    second = pdf.render_pdf("includes/pdf_kop.html", {})
    assert seen == [str(stylesheet)]
    assert PdfText(second).pages == PdfText(first).pages
    assert "BALANGAN" in PdfText(first)


def test_a_changed_stylesheet_is_parsed_again(stylesheet, monkeypatch):
    seen = parses(monkeypatch)
    portrait = pdf.render_pdf("includes/pdf_kop.html", {})
    stylesheet.write_text("@page { size: A4 landscape; }")
    modified = os.stat(stylesheet).st_mtime_ns + 1_000_000_000
    os.utime(stylesheet, ns=(modified, modified))
    landscape = pdf.render_pdf("includes/pdf_kop.html", {})
    assert seen == [str(stylesheet)] * 2
    assert page_size(portrait) == (595, 842) and page_size(landscape) == (842, 595)


def test_warming_up_parses_the_stylesheet_for_the_renders_after_it_and_makes_no_query(
    stylesheet, monkeypatch, django_assert_num_queries
):
    """What gunicorn's master does before forking (deploy/gunicorn.conf.py): no database
    (a connection made there would be shared by every worker), no render slot."""
    seen = parses(monkeypatch)
    with django_assert_num_queries(0):
        pdf.warm_up()
    assert seen == [str(stylesheet)]
    assert "BALANGAN" in PdfText(pdf.render_pdf("includes/pdf_kop.html", {}))
    assert seen == [str(stylesheet)]


def page_size(content: bytes) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(content)).pages[0].mediabox
    return round(box.width), round(box.height)
