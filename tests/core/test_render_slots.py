"""At most PDF_RENDER_SLOTS WeasyPrint renders run at once, counted across database
connections (so across the web workers and the task worker of a machine); one that cannot
get a slot within its wait gives up, and a slot comes back when its transaction ends."""

import threading
import time

import pytest
from django.db import connection

from core.pdf import RenderBusy, render_pdf_timed, render_slot

pytestmark = pytest.mark.django_db(transaction=True)


def hold_slot(taken: threading.Event, release: threading.Event) -> None:
    try:
        with render_slot(wait=5):
            taken.set()
            release.wait(timeout=30)
    finally:
        connection.close()


def slot_held_for(seconds: float) -> threading.Thread:
    """A thread holding a render slot, taken before this returns and given back ``seconds``
    later (join it)."""
    taken, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_slot, args=(taken, release))
    holder.start()
    assert taken.wait(timeout=10)
    threading.Timer(seconds, release.set).start()
    return holder


def test_no_more_renders_run_at_once_than_there_are_slots(settings):
    settings.PDF_RENDER_SLOTS = 2
    release = threading.Event()
    holders = []
    for _ in range(2):
        taken = threading.Event()
        holder = threading.Thread(target=hold_slot, args=(taken, release))
        holder.start()
        assert taken.wait(timeout=10)
        holders.append(holder)
    started = time.monotonic()
    with pytest.raises(RenderBusy), render_slot(wait=0.3):
        pass
    assert time.monotonic() - started >= 0.3  # it waited, then gave up
    release.set()
    for holder in holders:
        holder.join(timeout=10)
    with render_slot(wait=1):
        pass  # both given back at the end of their transactions


def test_a_render_that_fails_gives_its_slot_back(settings):
    settings.PDF_RENDER_SLOTS = 1

    def fail_while_holding():
        try:
            with render_slot(wait=5):
                raise RuntimeError("WeasyPrint broke")
        except RuntimeError:
            pass
        finally:
            connection.close()

    thread = threading.Thread(target=fail_while_holding)
    thread.start()
    thread.join(timeout=10)
    with render_slot(wait=0):
        pass


def test_a_render_is_timed_without_its_wait_for_a_slot(settings):
    settings.PDF_RENDER_SLOTS = 1
    holder = slot_held_for(1.0)
    started = time.monotonic()

    pdf, seconds = render_pdf_timed("includes/pdf_kop.html", {}, wait=5)

    holder.join(timeout=10)
    assert pdf.startswith(b"%PDF-")
    assert time.monotonic() - started >= 1.0  # it waited for the slot
    assert 0 < seconds < time.monotonic() - started - 0.9
