"""The row locks a step takes, read from its SQL: for the tests that pin a lock's strength.

A transaction that neither deletes a row it locks nor changes its key locks it FOR NO KEY
UPDATE, which another transaction's foreign-key check on the row passes; FOR UPDATE would
make that check wait, and with the named versions a wait can become a deadlock
(docs/architecture.md, tests/bookings/test_concurrency.py)."""

import re
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.shared import statement_text

NO_KEY = "NO KEY UPDATE"
UPDATE = "UPDATE"

_LOCK = re.compile(
    r'\bFOR (?P<strength>NO KEY UPDATE|UPDATE|KEY SHARE|SHARE)(?: OF "(?P<of>\w+)")?'
)
_TABLE = re.compile(r'\bFROM "(\w+)"')


def row_locks(run: Callable[[], object]) -> set[tuple[str, str]]:
    """The rows ``run()`` locks, as (table, strength) pairs: ("surveys_survey", NO_KEY)."""
    with CaptureQueriesContext(connection) as queries:
        run()
    locks = set()
    for query in queries.captured_queries:
        sql = statement_text(query["sql"])
        lock = _LOCK.search(sql)
        if lock is not None:
            table = lock["of"] or _TABLE.search(sql)[1]
            locks.add((table, lock["strength"]))
    return locks
