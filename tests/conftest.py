import pytest
from django.core.cache import cache

from tests.accounts.factories import user_with_role


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Throttle counters and cached figures never leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(db):
    """make_user(Role.KASUBAG_UMUM, skpd=...) -> a logged-in-able user with that role."""
    return user_with_role
