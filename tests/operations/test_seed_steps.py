"""The demo seed's steps (seed_demo): each runs with Python's garbage collector paused, said
with what it made."""

import gc
from io import StringIO

from operations.management.commands.seed_demo import Command as SeedDemo


def test_each_step_runs_with_the_collector_paused_and_resumes_it():
    seen = []
    said = StringIO()
    SeedDemo(stdout=said)._timed("uji", lambda: seen.append(gc.isenabled()) or "satu langkah")
    assert seen == [False]
    assert gc.isenabled()
    assert "uji: satu langkah" in said.getvalue()
