from importlib import import_module

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import translation

from core import collector
from tests.accounts.factories import user_with_role
from tests.accounts.second_factor import verify_session
from tests.bookings.factories import SlotFactory
from tests.shared import FAST_HASHERS


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Throttle counters and cached figures never leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


# The triggers that renew a named version when their transaction commits, by name (one per
# event of the table that has the most): a test's transaction never commits.
OPEN_SLOTS = import_module("bookings.migrations.0011_open_slots_version")
RENEWED_AT_COMMIT = ", ".join(
    f"{OPEN_SLOTS.AT_COMMIT}_{number}"
    for number in range(max(len(events) for _table, events in OPEN_SLOTS.WATCHED))
)
TRANSACTIONAL = {"transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def _versions_renewed_without_the_commit(request):
    """A test's changes are never committed, so the named versions that are renewed at the
    commit are renewed at each statement instead, as if every change were committed when
    made (tests that commit, with ``transaction=True`` or a live server, renew them as the
    portal does)."""
    marker = request.node.get_closest_marker("django_db")
    fixtures = set(request.fixturenames)
    if (marker is None and "db" not in fixtures) or fixtures & TRANSACTIONAL:
        return
    if marker is not None and marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("db")
    with connection.cursor() as cursor:
        cursor.execute(f"SET CONSTRAINTS {RENEWED_AT_COMMIT} IMMEDIATE")


@pytest.fixture(autouse=True)
def _slots_from_the_day_after_tomorrow():
    """Each test's factory slots start two days ahead, hour after hour: the sequence counts
    from 0 in every test, not across all the tests a worker ran (after some 600 slots it
    would pass the booking horizon and the next booking would be refused)."""
    SlotFactory.reset_sequence()


@pytest.fixture(autouse=True)
def _portal_language_after_each_test(settings):
    """A request in English leaves English active in the thread (the portal's language
    middleware activates the reader's language for each request); the next test starts in
    the portal's own language again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(request, monkeypatch):
    """``client.force_login(user)`` stands for a finished login everywhere in the tests: for
    a user who has, or must have, a second factor (Admin and the Kepala), the session is
    also marked as verified by the user's device, made when it has none, as the login's
    code step would. Only the test client changes: the portal itself still refuses such a
    session without the mark (tests/accounts/test_second_factor.py, which opts out with
    ``@pytest.mark.raw_force_login``)."""
    if request.node.get_closest_marker("raw_force_login"):
        return
    force_login = Client.force_login

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        verify_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login_verified)


@pytest.fixture(autouse=True)
def _renders_at_the_reference_pace(request, settings):
    """Whether a page renders a document or hands it to the task worker follows its estimate
    times the pace of its kind's renders on this machine (core.documents.expected_seconds),
    where PDF_PACE is on (with CACHE_URL, which CI may set). How fast a test's earlier render
    ran (the process's first, a busy parallel run) must not decide that for its next: the
    estimates stand as measured, except in the tests of the pace
    (``@pytest.mark.machine_pace``), whose pace starts at 1.0 in an emptied cache
    (``_empty_cache``)."""
    settings.PDF_PACE = bool(request.node.get_closest_marker("machine_pace"))


@pytest.fixture(autouse=True)
def _collector_left_on():
    """A test whose request was never closed (a streaming download it did not read) would
    leave its render's collector off for the next tests: resumed as a server's next
    request would (core.collector)."""
    yield
    collector.request_finished()


@pytest.fixture
def make_user(db):
    """make_user(Role.KASUBAG_UMUM, skpd=...) -> a logged-in-able user with that role."""
    return user_with_role


@pytest.fixture
def mail_after_each_request(client, django_capture_on_commit_callbacks, monkeypatch):
    """The test's transaction never commits: what a request queues for its commit (the mail)
    runs when the request ends, as it does after the request's commit in production."""
    send = client.request

    def request_then_commit(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return send(**kwargs)

    monkeypatch.setattr(client, "request", request_then_commit)


# Markers by place (tests/e2e/ marks its own): `make quick` leaves out e2e and slow.
UNIT = ("tests/core/", "tests/test_layers.py", "tests/surveys/test_ikm.py")
SLOW = (
    "tests/faults/",
    "tests/operations/test_bench.py",
    "tests/operations/test_scaled_seed.py",
    "tests/operations/test_backup.py",
    "tests/accounts/test_seed_demo.py",
    "tests/surveys/test_privacy.py::test_no_pair",
    "tests/surveys/test_privacy.py::test_demo_regency",
)


# Files that take long without being slow builds: handed to the workers first with the
# slow and browser ones.
LONG = ("tests/security/", "tests/e2e/")


def pytest_collection_modifyitems(items):
    for item in items:
        place = item.nodeid
        if place.startswith(UNIT):
            item.add_marker(pytest.mark.unit)
        if place.startswith(SLOW):
            item.add_marker(pytest.mark.slow)
    # The workers take whole files in this order (--dist loadfile): the long ones first, so
    # that neither worker is left alone with a long file at the end.
    long = {
        item.path
        for item in items
        if item.nodeid.startswith(LONG)
        or item.get_closest_marker("slow")
        or item.get_closest_marker("e2e")
    }
    items.sort(key=lambda item: item.path not in long)
