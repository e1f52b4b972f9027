"""System checks of the production set-up (``manage.py check --deploy``)."""

from django.conf import settings
from django.core import checks


def check_shared_cache(app_configs, **kwargs):
    """Throttles and cached sessions need one cache for every process: a per-process memory
    cache would let each gunicorn worker count on its own."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache"):
        return [
            checks.Warning(
                "The cache is each process's own memory: throttles of registration and "
                "password reset count per worker, and sessions are not cached.",
                hint="Set CACHE_URL to the Redis server (e.g. redis://127.0.0.1:6379/0).",
                id="operations.W001",
            )
        ]
    return []
