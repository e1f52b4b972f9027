"""Data built once for a whole test module or class: inside one transaction that is rolled
back when they are done, each test running in a savepoint of its own. Only for tests that do
not need committed data (no transactional_db, no live_server)."""

import contextlib
import re

from django.db import connection, transaction
from django.test import override_settings

# The tests' password hasher (tests/conftest.py), also for data built before a test starts.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextlib.contextmanager
def built_once(django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)


def statement_text(sql: str) -> str:
    """The SQL behind a captured query. A compiled query runs as the EXECUTE of its
    prepared statement from its second run on a session (core/compiled.py): for that, the
    statement as prepared, ``PREPARE compiled_N (types) AS SELECT …`` with $1, $2… for the
    values."""
    executed = re.match(r"EXECUTE (\w+)", sql)
    if executed is None:
        return sql
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE name = %s", [executed[1]]
        )
        return cursor.fetchone()[0]
