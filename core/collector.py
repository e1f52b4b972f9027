"""Python's cyclic garbage collector held off while a block builds a great many objects
that it keeps to its end: a PDF's render (core/pdf.py), a step of the demo's seed."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# Set while a request is being answered in this context (thread): between Django's
# request_started and request_finished, which the WSGI server sends once it has delivered
# the response (its close()).
_answering = ContextVar("answering", default=False)
# The collector was held off for a block of this request's, to be resumed once the
# response is delivered.
_owed = ContextVar("owed", default=False)


@contextmanager
def collector_paused(*, until_delivered: bool = False) -> Iterator[None]:
    """The collector held off for the block, and resumed after it as it was.

    Its full passes are set off each time the objects it tracks have grown by a quarter,
    and each walks all of them: for a block that builds hundreds of thousands of objects
    and keeps them, pass after pass finds next to nothing to free. What the block leaves
    is collected afterwards, by the collector's next passes: the first, at the next
    allocation, walks everything the block built (a daftar hadir of 300: 0.17-0.22 s).

    ``until_delivered``: in a request, the collector stays off until the response has been
    delivered, so that its reader does not wait for that pass (docs/benchmarks.md,
    seventeenth section); outside one (a task, a command), it resumes after the block.

    The collector is the process's: of two blocks overlapping in threads (the development
    server's renders), the first to end resumes it, which costs the other time, never
    memory."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if until_delivered and _answering.get():
                _owed.set(True)
            else:
                gc.enable()


def request_started(**kwargs) -> None:
    """Connected to Django's signal of that name (core.apps)."""
    _resume_owed()  # a response its server never closed owes nothing to the next one
    _answering.set(True)


def request_finished(**kwargs) -> None:
    """Connected to Django's signal of that name (core.apps)."""
    _answering.set(False)
    _resume_owed()


def _resume_owed() -> None:
    if _owed.get():
        _owed.set(False)
        gc.enable()
