"""PDFs that could take the portal down (issue 18): five ASN each ask at once for the PDF of
an SKP as large as the editor accepts, against gunicorn with the production settings,
several workers and the task worker. No web worker renders them: each request answers
"being prepared" at once, the task worker renders one after another in a render slot, and
meanwhile the login page keeps answering within a second. Every PDF arrives in the end,
each rendered once however often it was asked for."""

import threading
import time

import pytest
from django_tasks_db.models import DBTaskResult

from skp_drafts import services
from skp_drafts.content import (
    MAX_PRINT_SIZE,
    IndicatorContent,
    RhkContent,
    content_of,
    document_print_size,
)
from skp_drafts.document import load_document
from tests.accounts.factories import PegawaiWithAccountFactory
from tests.faults.cluster import signed_in

pytestmark = pytest.mark.django_db(transaction=True)

ASKERS = 5
# deploy/gunicorn.conf.py's 2 × cores + 1 on the reference machine's two cores.
WORKERS = 5
LOGIN_LIMIT_SECONDS = 1.0
PDF_DEADLINE_SECONDS = 240
RENDERS = (
    f"SELECT count(*) FROM {DBTaskResult._meta.db_table} "
    "WHERE task_path = 'core.tasks.issue_document'"
)


def sentence(length: int) -> str:
    return ("Tersusunnya laporan evaluasi pelaksanaan program pelayanan kesehatan " * 40)[:length]


def largest_accepted_skp(pegawai) -> int:
    """An SKP the editor accepts, shaped as the slowest measured (docs/benchmarks.md): long
    indicators kept on one page with their RHK, close to the print size's bound."""
    skp = services.create_skp(actor=pegawai.user, pegawai=pegawai, year=2026)
    content = content_of(load_document(skp))
    content.rhks = [
        RhkContent(
            id=None,
            kind="utama",
            text=sentence(1000),
            parent_text=sentence(1000),
            indicators=[
                IndicatorContent(id=None, text=sentence(1240), target="12 dokumen")
                for _ in range(indicators)
            ],
        )
        for indicators in (8, 8, 8, 8, 2)
    ]
    services.save_content(actor=pegawai.user, skp_id=skp.pk, content=content, expected_version=1)
    assert document_print_size(load_document(skp)) > 0.9 * MAX_PRINT_SIZE
    return skp.pk


def warm_up(served, pdf_url: str, cookie: str) -> None:
    """Every worker has served the pages the test asks for, a small SKP's PDF included (its
    templates, "being prepared" when the slot is taken), and the task worker is idle again:
    a worker's first request loads the URLs and compiles templates, which a running portal
    has long done."""
    for path, cookies in [("/masuk/", ""), (pdf_url, cookie), ("/masuk/", "")]:
        threads = [
            threading.Thread(target=served.request, args=(path,), kwargs={"cookies": cookies})
            for _ in range(2 * WORKERS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    deadline = time.monotonic() + 60
    while served.request(pdf_url, cookies=cookie)[0] != 200:
        assert time.monotonic() < deadline, "the small PDF never came"
        time.sleep(0.5)


def test_five_of_the_largest_pdfs_at_once_leave_the_login_page_answering(cluster, portal, tmp_path):
    askers = [PegawaiWithAccountFactory() for _ in range(ASKERS)]
    urls = [f"/skp/{largest_accepted_skp(pegawai)}/skp.pdf" for pegawai in askers]
    cookies = [signed_in(pegawai.user) for pegawai in askers]
    reader = PegawaiWithAccountFactory()
    small = services.create_skp(actor=reader.user, pegawai=reader, year=2026)
    reader_cookie = signed_in(reader.user)
    served = portal("pdfload", workers=WORKERS)
    worker = served.start_task_worker(tmp_path / "worker.log")
    warm_up(served, f"/skp/{small.pk}/skp.pdf", reader_cookie)
    renders_before = int(cluster.psql(RENDERS, database="pdfload"))
    start = threading.Barrier(ASKERS + 1)
    first: dict[int, tuple] = {}
    logins: list[tuple[int | str, float]] = []
    done = threading.Event()

    def ask(number: int) -> None:
        start.wait()
        began = time.monotonic()
        status, _headers, body = served.request(urls[number], cookies=cookies[number])
        first[number] = (status, time.monotonic() - began, body)

    def watch_the_login_page() -> None:
        start.wait()
        while not done.is_set():
            began = time.monotonic()
            try:
                status = served.request("/masuk/", timeout=10)[0]
            except OSError as error:  # refused, reset or timed out: not answering
                status = repr(error)
            logins.append((status, time.monotonic() - began))
            time.sleep(0.2)

    threads = [threading.Thread(target=ask, args=(n,), daemon=True) for n in range(ASKERS)]
    threads.append(threading.Thread(target=watch_the_login_page, daemon=True))
    arrived: dict[int, bytes] = {}
    try:
        for thread in threads:
            thread.start()
        for thread in threads[:-1]:
            thread.join(timeout=60)
        # No web worker renders them: each answers "being prepared".
        assert [first[n][0] for n in range(ASKERS)] == [202] * ASKERS
        assert all(b"Dokumen sedang disiapkan" in first[n][2] for n in range(ASKERS))

        # The readers' pages ask again every few seconds until their PDF comes.
        deadline = time.monotonic() + PDF_DEADLINE_SECONDS
        while len(arrived) < ASKERS and time.monotonic() < deadline:
            time.sleep(3)
            for number in set(range(ASKERS)) - set(arrived):
                status, headers, body = served.request(urls[number], cookies=cookies[number])
                assert status in (200, 202), status
                if status == 200:
                    assert headers["Content-Type"] == "application/pdf"
                    arrived[number] = body
    finally:
        done.set()
        threads[-1].join(timeout=30)
        worker.terminate()
        worker.wait(timeout=60)

    assert len(arrived) == ASKERS, (tmp_path / "worker.log").read_text()[-3000:]
    assert all(body.startswith(b"%PDF-") for body in arrived.values())
    slow = [
        (status, round(seconds, 2))
        for status, seconds in logins
        if status != 200 or seconds >= LOGIN_LIMIT_SECONDS
    ]
    assert len(logins) >= 10 and not slow, f"the login page answered {slow} of {len(logins)}"
    # One render each, however often a page asked.
    assert int(cluster.psql(RENDERS, database="pdfload")) - renders_before == ASKERS
