"""How often one client, or one e-mail address, may make the portal send a message, and
how many wrong second-factor codes one account may get.

Registration and password reset mail the address typed into the form; without a limit
anyone could have the portal mail any address over and over. Each throttle of
settings.THROTTLES allows so many requests per window (fixed windows, counted in the
shared cache, so every app server and worker counts together). Keys are hashed: the cache
holds no e-mail address in clear.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import ngettext

from accounts.backends import client_ip


def _cache_key(name: str, key: str, window: int) -> str:
    digest = hashlib.sha256(f"{name}:{key.strip().lower()}".encode()).hexdigest()[:40]
    return f"throttle:{name}:{digest}:{int(time.time() // window)}"


def allow(name: str, key: str) -> bool:
    """Count one request of ``key`` against throttle ``name``; False when it is over the
    limit and must be refused."""
    limit, window = settings.THROTTLES[name]
    cache_key = _cache_key(name, key, window)
    cache.add(cache_key, 0, timeout=window + 60)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window ended between add and incr
        cache.add(cache_key, 1, timeout=window + 60)
        count = 1
    return count <= limit


def exhausted(name: str, key: str) -> bool:
    """Whether ``key`` has used up throttle ``name`` in this window, without counting a
    request: for throttles that count failures only (``allow`` after each failure)."""
    limit, window = settings.THROTTLES[name]
    return (cache.get(_cache_key(name, key, window)) or 0) >= limit


def allow_client(name: str, request) -> bool:
    return allow(name, client_ip(request) or "unknown")


def refusal(name: str) -> str:
    """The message shown when throttle ``name`` refuses: when to try again."""
    _limit, window = settings.THROTTLES[name]
    hours = max(1, window // 3600)
    return ngettext(
        "Terlalu banyak permintaan dalam waktu singkat. Silakan coba lagi dalam %(hours)d "
        "jam, atau hubungi Tim Coaching BKPSDM.",
        "Terlalu banyak permintaan dalam waktu singkat. Silakan coba lagi dalam %(hours)d "
        "jam, atau hubungi Tim Coaching BKPSDM.",
        hours,
    ) % {"hours": hours}
