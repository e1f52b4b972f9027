"""Python's cyclic garbage collector paused for a block (core.collector) and resumed
afterwards as it was, also when the block fails: around WeasyPrint's renders, and the demo
seed's steps (tests/operations/test_seed_steps.py). A render in a request leaves it paused
until the response is delivered, one in the task worker until the document is filed."""

import gc

import pytest
import weasyprint
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse

from core import downloads, pdf
from core.collector import collector_paused
from core.documents import PRINTOUTS, Preparing, Printout, request_pdf
from core.models import IssuedDocument
from core.pdf import render_pdf
from core.tasks import issue_document
from tests.accounts.factories import PegawaiWithAccountFactory
from tests.skp_drafts.factories import SkpFactory


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


@pytest.fixture
def signals_of_a_server():
    """Django's request signals as a server sends them, without the receiver that closes the
    database connection between requests (the test's own: the test client leaves it out
    too)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def collector_on():
    assert gc.isenabled()
    yield
    gc.enable()  # for the tests after this one, whatever happened


@pytest.mark.django_db
def test_a_render_in_a_request_leaves_the_collector_paused_until_the_response_is_delivered(
    collector_on, signals_of_a_server, monkeypatch
):
    monkeypatch.setattr(pdf, "render_to_string", lambda template, context: "<p>Daftar hadir</p>")
    request_started.send(sender=None)
    try:
        assert render_pdf("any.html", {}).startswith(b"%PDF")
        assert not gc.isenabled()
    finally:
        request_finished.send(sender=None)

    assert gc.isenabled()


@pytest.mark.django_db
def test_a_second_render_of_a_request_collects_the_first_ones_garbage_first(
    collector_on, signals_of_a_server, monkeypatch
):
    monkeypatch.setattr(pdf, "render_to_string", lambda template, context: "<p>Daftar hadir</p>")
    passes = []

    def noted(phase, info):
        if phase == "start":
            passes.append(info["generation"])

    request_started.send(sender=None)
    gc.callbacks.append(noted)
    try:
        render_pdf("any.html", {})
        assert passes == [] and not gc.isenabled()
        with collector_paused(until_delivered=True):
            assert passes == [0]  # the first render's garbage, before the second builds more
        assert not gc.isenabled()
    finally:
        gc.callbacks.remove(noted)
        request_finished.send(sender=None)

    assert gc.isenabled()


@pytest.mark.django_db
def test_a_pdf_page_is_answered_before_the_collector_resumes(collector_on, client, monkeypatch):
    """The SKP's PDF, rendered in the request: the collector is still off as the response is
    made, and on again once the client has it (the test client closes it, as a server)."""
    skp = SkpFactory(pegawai=PegawaiWithAccountFactory())
    seen = []
    made = downloads.pdf_response

    def recorded(*args, **kwargs):
        seen.append(gc.isenabled())
        return made(*args, **kwargs)

    monkeypatch.setattr(downloads, "pdf_response", recorded)
    client.force_login(skp.pegawai.user)

    response = client.get(reverse("skp_drafts:pdf", args=[skp.pk]))

    assert response.content.startswith(b"%PDF")
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.django_db
def test_a_response_never_closed_leaves_the_collector_to_the_next_request(
    collector_on, signals_of_a_server, monkeypatch
):
    monkeypatch.setattr(pdf, "render_to_string", lambda template, context: "<p>Daftar hadir</p>")
    request_started.send(sender=None)
    render_pdf("any.html", {})
    assert not gc.isenabled()

    request_started.send(sender=None)  # its server went on without closing the response

    assert gc.isenabled()
    request_finished.send(sender=None)
    assert gc.isenabled()


def test_outside_a_request_the_collector_resumes_after_the_block(collector_on):
    with collector_paused(until_delivered=True):
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.django_db
def test_the_task_worker_files_a_document_before_the_collector_resumes(
    collector_on, monkeypatch, settings
):
    """A document too large for the request: the task renders it, and the collector is
    still off as its file is saved (the render's own block ended before), on again once
    the task is done."""
    printout = Printout(
        "surveys/results_pdf.html",
        {"filter_labels": []},
        kind="UJI",
        subject="uji:1",
        title="Rekap",
        seconds=settings.PDF_INLINE_SECONDS + 1,
    )
    monkeypatch.setitem(PRINTOUTS, "UJI", lambda **args: printout)
    assert isinstance(request_pdf("UJI", {}), Preparing)
    [waiting] = IssuedDocument.objects.filter(file="")
    seen = []
    save = IssuedDocument.save

    def recorded(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return save(self, *args, **kwargs)

    monkeypatch.setattr(IssuedDocument, "save", recorded)

    issue_document.call(waiting.pk, "UJI", {})

    waiting.refresh_from_db()
    assert waiting.file
    assert seen == [False]
    assert gc.isenabled()
