import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """The dashboard caches its figures; each test starts without them."""
    cache.clear()
    yield
    cache.clear()
