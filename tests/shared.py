"""Data built once for a whole test module or class: inside one transaction that is rolled
back when they are done, each test running in a savepoint of its own. Only for tests that do
not need committed data (no transactional_db, no live_server)."""

import contextlib

from django.db import transaction
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
