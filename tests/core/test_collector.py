"""Python's cyclic garbage collector paused for a block (core.collector) and resumed
afterwards as it was, also when the block fails: around WeasyPrint's renders, and the demo
seed's steps (tests/operations/test_seed_steps.py)."""

import gc

import pytest
import weasyprint

from core import pdf
from core.collector import collector_paused
from core.pdf import render_pdf


class RecordingHTML(weasyprint.HTML):
    """WeasyPrint's HTML, noting whether the collector ran while it wrote the PDF."""

    collector_enabled: list[bool] = []

    def write_pdf(self, *args, **kwargs):
        RecordingHTML.collector_enabled.append(gc.isenabled())
        return super().write_pdf(*args, **kwargs)


@pytest.mark.django_db
def test_a_render_runs_with_the_collector_paused_and_resumes_it(monkeypatch):
    monkeypatch.setattr(pdf, "HTML", RecordingHTML)
    monkeypatch.setattr(RecordingHTML, "collector_enabled", [])
    monkeypatch.setattr(pdf, "render_to_string", lambda template, context: "<p>Daftar hadir</p>")
    assert gc.isenabled()

    document = render_pdf("any.html", {})

    assert document.startswith(b"%PDF")
    assert RecordingHTML.collector_enabled == [False]
    assert gc.isenabled()


def test_the_collector_resumes_after_a_failing_block():
    try:
        with pytest.raises(RuntimeError), collector_paused():
            assert not gc.isenabled()
            raise RuntimeError("WeasyPrint broke")
        assert gc.isenabled()
    finally:
        gc.enable()  # for the tests after this one, whatever happened


def test_a_collector_paused_before_stays_paused():
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
