"""Python's cyclic garbage collector held off while a block builds a great many objects
that it keeps to its end: a PDF's render (core/pdf.py), a step of the demo's seed."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector held off for the block, and resumed after it as it was.

    Its full passes are set off each time the objects it tracks have grown by a quarter,
    and each walks all of them: for a block that builds hundreds of thousands of objects
    and keeps them, pass after pass finds next to nothing to free. What the block leaves
    is collected afterwards, by the collector's next passes.

    The collector is the process's: of two blocks overlapping in threads (the development
    server's renders), the first to end resumes it, which costs the other time, never
    memory."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
