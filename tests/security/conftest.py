"""One world for each test module of the sweep: built once, inside a transaction that
each test's own transaction nests in (a savepoint), so that whatever a test changes is
rolled back before the next, and rolled back whole at the module's end."""

import pytest
from django.db import transaction
from django.test import override_settings

from tests.security.world import build_world


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, world_media):
    # The world's uploaded files (the draft, the letters) live in the module's folder.
    settings.MEDIA_ROOT = world_media


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media):
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=world_media),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)
