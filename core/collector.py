"""Python's cyclic garbage collector held off while a block builds a great many objects
that it keeps to its end: a PDF's render (core/pdf.py), a step of the demo's seed. A
render's garbage is collected once its reader has the document: after the response is
delivered, or after the task worker has filed it."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# Set while a unit of work runs in this context (thread) whose renders' garbage waits for
# its end: a request under a WSGI server, between Django's request_started and
# request_finished (sent once the server has delivered the response: its close()), or a
# task that files a document (``collection_deferred``).
_deferring = ContextVar("deferring", default=False)
# A block of such a unit ended with the collector held off for it. Process-wide, as the
# collector is: whichever unit ends or begins next resumes it, also in a thread other than
# the one that left it off (the development server's thread of a request that has gone).
_owed = False


@contextmanager
def collector_paused(*, until_delivered: bool = False) -> Iterator[None]:
    """The collector held off for the block, and resumed after it as it was.

    Its full passes are set off each time the objects it tracks have grown by a quarter,
    and each walks all of them: for a block that builds hundreds of thousands of objects
    and keeps them, pass after pass finds next to nothing to free. What the block leaves
    is collected afterwards, by the collector's next passes: the first, at the next
    allocation, walks everything the block built (a daftar hadir of 300: 0.17-0.28 s).

    ``until_delivered``: in a request (or a ``collection_deferred`` task) the collector
    stays off until the unit ends, so that the reader does not wait for that pass
    (docs/benchmarks.md, seventeenth section); a second such block of the same unit
    collects the first one's garbage before it starts. Outside one (a command; a request
    under ASGI, where the signals come from another context), it resumes after the block.

    The collector is the process's: of two blocks overlapping in threads (the development
    server's renders), the first to end resumes it, which costs the other time, never
    memory."""
    global _owed
    if _owed and _deferring.get():
        _owed = False
        gc.collect(0)  # the unit's earlier render: everything it built is in the youngest
        was_enabled = True
    else:
        was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if until_delivered and _deferring.get():
                _owed = True
            else:
                gc.enable()


@contextmanager
def collection_deferred() -> Iterator[None]:
    """A unit of work outside a request (the task that files a document) whose renders'
    garbage is collected at its end, as a request's is once its response is delivered."""
    token = _deferring.set(True)
    try:
        yield
    finally:
        _deferring.reset(token)
        _resume_owed()


def request_started(**kwargs) -> None:
    """A request begins (Django's signal, connected in core.apps): what an earlier one
    left off (its response never closed, its receiver never reached) is resumed now."""
    _resume_owed()
    _deferring.set(True)


def request_finished(**kwargs) -> None:
    """The request's response is delivered (Django's signal, connected in core.apps)."""
    _deferring.set(False)
    _resume_owed()


def _resume_owed() -> None:
    global _owed
    if _owed:
        _owed = False
        gc.enable()
