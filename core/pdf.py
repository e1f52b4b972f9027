"""PDF documents, rendered by WeasyPrint from templates that share the portal's print
stylesheet (static/css/print.css).

A render takes a few hundred milliseconds to a few seconds of one core, and the web workers
must keep answering while it runs: at most ``PDF_RENDER_SLOTS`` renders run at once on one
machine, web workers and task worker together (``render_slot``). The slots are PostgreSQL
advisory locks of the transaction that renders, so every process of the machine counts
them, and a process that dies or a transaction that fails gives its slot back at once.

Python's cyclic garbage collector is paused while WeasyPrint works (core.collector): a
render builds hundreds of thousands of objects (boxes, styles, text lines) for a daftar
hadir of 300 and keeps most of them to the end, and the collector's full passes walked them
again and again for next to nothing: an eighth to a sixth of the render's CPU time, with the
same peak memory (docs/benchmarks.md, "The garbage collector during a render").
"""

import base64
import functools
import os
import socket
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection, transaction
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from core.collector import collector_paused

EMBLEM_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
# How often a render waiting for a slot asks again.
SLOT_POLL_SECONDS = 0.05


class RenderBusy(Exception):
    """Every render slot stayed taken for as long as the caller could wait."""


@functools.cache
def emblem_data_uri(path: str) -> str:
    """The letterhead's emblem as a data: URI, so that WeasyPrint fetches nothing; "" when
    the file is missing or of a kind it cannot show (the letterhead then has none)."""
    file = Path(path)
    media_type = EMBLEM_TYPES.get(file.suffix.lower())
    if media_type is None or not file.is_file():
        return ""
    return f"data:{media_type};base64,{base64.b64encode(file.read_bytes()).decode()}"


@functools.cache
def slot_namespace() -> int:
    """The advisory locks' first key (a signed 32-bit number): one set of slots per machine,
    since the cores they share out are the machine's."""
    digest = zlib.crc32(f"coaching-portal pdf render {socket.gethostname()}".encode())
    return digest - 2**32 if digest >= 2**31 else digest


def _take_slot() -> bool:
    with connection.cursor() as cursor:
        for slot in range(settings.PDF_RENDER_SLOTS):
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [slot_namespace(), slot])
            if cursor.fetchone()[0]:
                return True
    return False


@contextmanager
def render_slot(*, wait: float | None = None) -> Iterator[None]:
    """Hold one render slot until the end of the transaction around it (one is opened when
    there is none). ``wait``: how many seconds to wait for one before raising
    ``RenderBusy``; None waits as long as it takes (the task worker, commands)."""
    deadline = None if wait is None else time.monotonic() + wait
    with transaction.atomic():
        while not _take_slot():
            if deadline is not None and time.monotonic() >= deadline:
                raise RenderBusy
            time.sleep(SLOT_POLL_SECONDS)
        yield


def render_pdf(template: str, context: dict, *, wait: float | None = None) -> bytes:
    """The PDF of ``template``, rendered in a render slot (``wait`` as for ``render_slot``)."""
    return render_pdf_timed(template, context, wait=wait)[0]


def render_pdf_timed(
    template: str, context: dict, *, wait: float | None = None
) -> tuple[bytes, float]:
    """As ``render_pdf``, with the seconds its render took (the template and WeasyPrint,
    not the wait for a slot)."""
    started = time.perf_counter()
    html = _printed_html(template, context)
    templated = time.perf_counter() - started
    with render_slot(wait=wait):
        started = time.perf_counter()
        pdf = _write_pdf(html)
        return pdf, templated + time.perf_counter() - started


def _printed_html(template: str, context: dict) -> str:
    """A printout's HTML, with the letterhead's parts every printout may show."""
    return render_to_string(
        template,
        {
            "portal": settings.PORTAL,
            "emblem": emblem_data_uri(settings.PORTAL["EMBLEM"]),
            **context,
        },
    )


def _write_pdf(html: str) -> bytes:
    with collector_paused(until_delivered=True):
        return HTML(string=html).write_pdf(stylesheets=[print_stylesheet()])


def print_stylesheet() -> CSS:
    """The print stylesheet, parsed once per version of its file (15–25 ms a parse, for
    every PDF): WeasyPrint only reads a parsed stylesheet's rules as it renders, as it does
    with its own default sheet. A version is the file's modification time and size; a file
    it would @import is read with it and not watched."""
    path = finders.find("css/print.css")
    stat = os.stat(path)
    return _parsed_stylesheet(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=1)
def _parsed_stylesheet(path: str, _modified: int, _size: int) -> CSS:
    return CSS(filename=path)


def warm_up() -> None:
    """Render the letterhead every printout begins with, its PDF thrown away, outside any
    render slot: WeasyPrint's first render in a process loads the fonts (fontconfig and
    Pango) and parses the print stylesheet, and this one pays for that instead of a
    reader's. gunicorn's master does it before forking (deploy/gunicorn.conf.py), so that
    every worker starts with them loaded (docs/benchmarks.md, sixteenth section). It makes
    no query and leaves no thread running, which forking after it requires (tested)."""
    _write_pdf(_printed_html("includes/pdf_kop.html", {}))
