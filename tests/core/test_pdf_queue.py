"""PDFs under load: a page that asks for a large document, or finds no free render slot,
hands the render to the task worker and is told "being prepared"; however many ask, one
render is queued; the worker files it as the same issued document, with the content as it
is when it renders."""

import datetime
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone, translation

from core import documents, downloads
from core.documents import PRINTOUTS, Preparing, Printout, request_pdf
from core.models import IssuedDocument
from tests.core.test_render_slots import slot_held_for
from tests.pdf import PdfText

pytestmark = pytest.mark.django_db

TEMPLATE = "surveys/results_pdf.html"


@pytest.fixture
def recap(monkeypatch):
    """A kind of document "UJI" whose content and expected render time the test sets."""
    state = {"scope": "Dinas Kesehatan", "seconds": 0.0}

    def build(**args) -> Printout:
        return Printout(
            TEMPLATE,
            {"filter_labels": [("SKPD", state["scope"])]},
            kind="UJI",
            subject=f"uji:{args['number']}",
            title=f"Rekap ({state['scope']})",
            seconds=state["seconds"],
        )

    monkeypatch.setitem(PRINTOUTS, "UJI", build)
    return state


def pending() -> list[IssuedDocument]:
    return list(IssuedDocument.objects.filter(file=""))


def test_a_small_document_is_rendered_at_once_and_handed_out_again(recap):
    first = request_pdf("UJI", {"number": 1})
    assert first.startswith(b"%PDF-") and "Dinas Kesehatan" in PdfText(first)
    assert request_pdf("UJI", {"number": 1}) == first
    document = IssuedDocument.objects.get()
    assert document.file and document.version == 1


def test_a_large_document_is_prepared_once_however_many_ask(
    recap, settings, client, django_capture_on_commit_callbacks
):
    recap["seconds"] = settings.PDF_INLINE_SECONDS + 1
    with django_capture_on_commit_callbacks() as renders:
        first = request_pdf("UJI", {"number": 1})
        second = request_pdf("UJI", {"number": 1})
    assert len(renders) == 1  # one render queued for two requests
    # Each is told when it is expected: its render time, less what it has waited so far.
    assert first == Preparing(recap["seconds"])
    assert isinstance(second, Preparing) and 0 < second.seconds < recap["seconds"]
    [waiting] = pending()
    # A version being prepared is not issued yet: its code verifies nothing.
    assert client.get(reverse("portal:verify", args=[waiting.code])).status_code == 404

    renders[0]()  # the worker takes the task
    waiting.refresh_from_db()
    with django_capture_on_commit_callbacks() as more:
        pdf = request_pdf("UJI", {"number": 1})
    assert not more and pending() == []
    assert waiting.file and waiting.code in PdfText(pdf)
    with waiting.file.open("rb") as filed:
        assert filed.read() == pdf
    assert client.get(reverse("portal:verify", args=[waiting.code])).status_code == 200


def test_asking_again_while_it_is_prepared_reads_one_row_not_the_printout(
    recap, settings, monkeypatch, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """The "being prepared" page asks again every few seconds, and so does everyone who waits
    for it: none of those asks gathers the printout again until the worker has filed it."""
    recap["seconds"] = settings.PDF_INLINE_SECONDS + 4
    build = PRINTOUTS["UJI"]
    built = []
    monkeypatch.setitem(PRINTOUTS, "UJI", lambda **args: built.append(args) or build(**args))
    with django_capture_on_commit_callbacks() as renders:
        assert request_pdf("UJI", {"number": 1}) == Preparing(recap["seconds"])
        assert len(built) == 1
        for _ask in range(3):
            with django_assert_num_queries(1):
                again = request_pdf("UJI", {"number": 1})
            assert isinstance(again, Preparing) and 0 < again.seconds < recap["seconds"]
        assert len(built) == 1
        # Another document of the kind is its own.
        assert isinstance(request_pdf("UJI", {"number": 2}), Preparing) and len(built) == 2
    assert len(renders) == 2  # one render each, however often asked
    renders[0]()  # the worker files the first
    pdf = request_pdf("UJI", {"number": 1})
    assert pdf.startswith(b"%PDF-") and "Dinas Kesehatan" in PdfText(pdf)


def test_content_changed_while_it_waits_is_what_the_worker_files(
    recap, settings, django_capture_on_commit_callbacks
):
    recap["seconds"] = settings.PDF_INLINE_SECONDS + 1
    with django_capture_on_commit_callbacks() as renders:
        assert isinstance(request_pdf("UJI", {"number": 1}), Preparing)
        recap["scope"] = "Dinas Pendidikan"
        # Still the one being prepared.
        assert isinstance(request_pdf("UJI", {"number": 1}), Preparing)
    assert len(renders) == 1
    renders[0]()
    pdf = request_pdf("UJI", {"number": 1})
    assert "Dinas Pendidikan" in PdfText(pdf)
    assert IssuedDocument.objects.get().version == 1


def test_a_changed_document_supersedes_the_filed_one_when_the_worker_files_it(
    recap, settings, django_capture_on_commit_callbacks
):
    old_pdf = request_pdf("UJI", {"number": 1})
    recap.update(scope="Dinas Pendidikan", seconds=settings.PDF_INLINE_SECONDS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        request_pdf("UJI", {"number": 1})
    old, new = IssuedDocument.objects.order_by("version")
    assert (old.superseded_by, new.version) == (new, 2)
    new_pdf = request_pdf("UJI", {"number": 1})
    assert new_pdf.startswith(b"%PDF-") and new_pdf != old_pdf


def test_a_render_lost_on_the_way_is_queued_again(
    recap, settings, django_capture_on_commit_callbacks
):
    recap["seconds"] = settings.PDF_INLINE_SECONDS + 1
    with django_capture_on_commit_callbacks() as renders:
        request_pdf("UJI", {"number": 1})
    assert len(renders) == 1
    [waiting] = pending()
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.PDF_PENDING_RETRY + 1)
    IssuedDocument.objects.filter(pk=waiting.pk).update(issued_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True) as again:
        pdf = request_pdf("UJI", {"number": 1})
    assert len(again) == 1 and pending() == []
    # This request's commit is the test's: the next one gets it.
    assert pdf == Preparing(recap["seconds"])
    assert request_pdf("UJI", {"number": 1}).startswith(b"%PDF-")


def test_a_document_whose_record_is_gone_is_not_issued(recap, settings):
    recap["seconds"] = settings.PDF_INLINE_SECONDS + 1
    request_pdf("UJI", {"number": 1})
    [waiting] = pending()

    def gone(**args):
        raise IssuedDocument.DoesNotExist

    PRINTOUTS["UJI"] = gone
    documents.file_pending(waiting.pk, "UJI", {"number": 1})
    assert not IssuedDocument.objects.exists()


# This machine's pace -------------------------------------------------------------------------


@pytest.mark.machine_pace
def test_a_kind_that_renders_slower_here_than_estimated_goes_to_the_worker(
    recap, settings, monkeypatch
):
    """Estimated under the inline limit on the reference machine, rendered here in three
    times that: the next version of its kind is expected to take longer than the limit and
    handed to the worker, expected when it would be ready here."""
    recap["seconds"] = 0.8
    render_timed = documents.render_pdf_timed
    monkeypatch.setattr(
        documents,
        "render_pdf_timed",
        lambda *args, **kwargs: (render_timed(*args, **kwargs)[0], 3 * recap["seconds"]),
    )
    assert request_pdf("UJI", {"number": 1}).startswith(b"%PDF-")
    assert documents.pace("UJI") == pytest.approx(1.6)  # 1.0 + 0.3 * (3.0 - 1.0)

    recap["scope"] = "Dinas Pendidikan"  # another content: another version
    later = request_pdf("UJI", {"number": 1})

    assert later == Preparing(pytest.approx(0.8 * 1.6))
    assert len(pending()) == 1
    assert documents.pace("OTHER") == 1.0  # each kind its own


@pytest.mark.machine_pace
def test_a_kind_that_renders_faster_here_stays_in_the_page(recap, monkeypatch):
    recap["seconds"] = 1.2  # over the limit on the reference machine
    for _render in range(5):
        documents._note_render(documents.build_printout("UJI", {"number": 1}), 0.4)

    assert documents.pace("UJI") == pytest.approx(0.5 + 0.5 * 0.7**5)
    assert request_pdf("UJI", {"number": 1}).startswith(b"%PDF-")


@pytest.mark.machine_pace
def test_one_render_moves_the_pace_by_a_share_and_never_past_its_bounds(recap):
    recap["seconds"] = 1.0
    printout = documents.build_printout("UJI", {"number": 1})
    documents._note_render(printout, 60.0)  # a render held up by something else
    assert documents.pace("UJI") == pytest.approx(1.9)  # 4.0 at most, a share of it
    for _render in range(50):
        documents._note_render(printout, 60.0)
    assert documents.pace("UJI") == pytest.approx(4.0)
    for _render in range(50):
        documents._note_render(printout, 0.001)
    assert documents.pace("UJI") == pytest.approx(0.5)


@pytest.mark.machine_pace
def test_a_printout_without_an_estimate_has_no_pace(recap):
    recap["seconds"] = 0.0
    documents._note_render(documents.build_printout("UJI", {"number": 1}), 5.0)
    assert documents.pace("UJI") == 1.0


def test_without_pdf_pace_the_estimates_stand(recap, settings):
    """As where the cache is each process's own, and in the tests outside those of the pace
    (tests/conftest.py)."""
    assert not settings.PDF_PACE
    recap["seconds"] = 0.5
    documents._note_render(documents.build_printout("UJI", {"number": 1}), 2.0)
    request_pdf("UJI", {"number": 1})
    settings.PDF_PACE = True
    assert documents.pace("UJI") == 1.0  # nothing was noted


class DeadCache:
    def get(self, *args, **kwargs):
        raise ConnectionError("Redis is down")

    set = delete = get


@pytest.mark.machine_pace
def test_a_cache_that_does_not_answer_leaves_the_estimates_and_the_document_is_filed(
    recap, monkeypatch
):
    recap["seconds"] = 0.5
    monkeypatch.setattr(documents, "cache", DeadCache())
    assert documents.pace("UJI") == 1.0
    document = documents.issue_printout(documents.build_printout("UJI", {"number": 1}))
    assert document.startswith(b"%PDF-") and IssuedDocument.objects.get().file


# Every render slot taken ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_page_that_finds_every_slot_taken_hands_the_render_to_the_worker(
    recap, settings, monkeypatch
):
    """With the immediate task backend (development) the worker is the request itself,
    after its commit: the page gets the PDF once the slot is free, rendered once."""
    settings.PDF_RENDER_SLOTS, settings.PDF_SLOT_WAIT = 1, 0.2
    queued = []
    issue_logged = documents._issue_logged

    def worker(*args):
        queued.append(args)
        issue_logged(*args)

    monkeypatch.setattr(documents, "_issue_logged", worker)
    holder = slot_held_for(1.0)
    started = time.monotonic()
    pdf = request_pdf("UJI", {"number": 1})
    holder.join(timeout=10)
    assert time.monotonic() - started >= 1.0  # the render waited for the slot, in the worker
    assert pdf.startswith(b"%PDF-") and len(queued) == 1
    assert IssuedDocument.objects.get().file


def test_a_render_past_its_expected_time_is_expected_at_once(
    recap, settings, django_capture_on_commit_callbacks
):
    recap["seconds"] = settings.PDF_INLINE_SECONDS + 1
    with django_capture_on_commit_callbacks():  # the worker is busy with others
        request_pdf("UJI", {"number": 1})
    late = timezone.now() - datetime.timedelta(seconds=recap["seconds"] + 5)
    IssuedDocument.objects.filter(file="").update(issued_at=late)
    assert request_pdf("UJI", {"number": 1}) == Preparing(0.0)


@pytest.mark.parametrize(
    ("ready_in", "refresh", "says"),
    [
        (3.15, "4", "memeriksa lagi dalam 4 detik, saat dokumennya diperkirakan siap"),
        (0.4, "2", "memeriksa lagi dalam 2 detik"),  # not sooner: each ask reads it again
        (12.0, "12", "memeriksa lagi dalam 12 detik"),
        (90.0, "20", "memeriksa lagi dalam 20 detik"),
        (0.0, "3", "memeriksa lagi setiap 3 detik"),  # late: the worker is busy
        (None, "3", "memeriksa lagi setiap 3 detik"),  # nothing known of the render
    ],
)
def test_the_preparing_page_asks_again_when_the_pdf_is_expected(rf, ready_in, refresh, says):
    request = rf.get("/skp/1/pdf/")
    request.user = AnonymousUser()
    response = downloads.preparing_response(request, ready_in=ready_in)
    assert response.status_code == 202 and response["Retry-After"] == refresh
    html = response.content.decode()
    assert f'<meta http-equiv="refresh" content="{refresh}">' in html
    assert says in html
    with translation.override("en"):
        english = downloads.preparing_response(request, ready_in=ready_in).content.decode()
    assert f" {refresh} seconds" in english
