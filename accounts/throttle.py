"""How often one client, or one e-mail address, may make the portal send a message, and
how often one client address may fail to log in, and how many wrong second-factor codes
one account may get.

Registration and password reset mail the address typed into the form; without a limit
anyone could have the portal mail any address over and over. Each throttle of
settings.THROTTLES allows so many requests per window (fixed windows, counted in the
shared cache, so every app server and worker counts together). Keys are hashed: the cache
holds no e-mail address in clear.

Failed logins count per client address whatever account they named: django-axes locks one
NIP at one address after a few failures, but one address trying one password on forty NIPs
(password spraying) fails only once per NIP. Past the limit, ``AddressLoginThrottle``
refuses that address's logins without checking any password until the window ends.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils.translation import ngettext

from accounts.audit import address_held
from core.clients import client_ip

LOGIN_FAILURES = "login_failures_ip"


def _cache_key(name: str, key: str) -> str:
    _limit, window = settings.THROTTLES[name]
    digest = hashlib.sha256(f"{name}:{key.strip().lower()}".encode()).hexdigest()[:40]
    return f"throttle:{name}:{digest}:{int(time.time() // window)}"


def count(name: str, key: str) -> int:
    """Count one request of ``key`` against throttle ``name``: how many it has made in the
    current window, this one included."""
    _limit, window = settings.THROTTLES[name]
    cache_key = _cache_key(name, key)
    cache.add(cache_key, 0, timeout=window + 60)
    try:
        return cache.incr(cache_key)
    except ValueError:  # the window ended between add and incr
        cache.add(cache_key, 1, timeout=window + 60)
        return 1


def allow(name: str, key: str) -> bool:
    """Count one request of ``key`` against throttle ``name``; False when it is over the
    limit and must be refused."""
    return count(name, key) <= settings.THROTTLES[name][0]


def exhausted(name: str, key: str) -> bool:
    """Whether ``key`` has used up throttle ``name`` in the current window, without counting
    a request: for throttles that count failures only (``allow`` after each failure)."""
    return (cache.get(_cache_key(name, key)) or 0) >= settings.THROTTLES[name][0]


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


class AddressLoginThrottle:
    """An authentication backend before the one that checks passwords: a client address
    that has failed too many logins is refused at once, whichever account it names and
    whether or not the password is right, so that the refusal tells it nothing.
    ``LoginForm`` shows the refusal's own message."""

    def authenticate(self, request, username=None, password=None, **credentials):
        if request is not None and exhausted(LOGIN_FAILURES, client_ip(request) or "unknown"):
            request.login_refused_for_address = True
            # Django's authenticate() stops at PermissionDenied and reports a failed login.
            raise PermissionDenied
        return None


def count_failed_login(sender, credentials, request=None, **kwargs) -> None:
    """``user_login_failed``: one more failure of the client's address. A login refused by
    the throttle itself does not count: the window ends when it would have."""
    if request is None or getattr(request, "login_refused_for_address", False):
        return
    failures = count(LOGIN_FAILURES, client_ip(request) or "unknown")
    limit, window = settings.THROTTLES[LOGIN_FAILURES]
    if failures == limit:
        address_held(request, failures=failures, minutes=window // 60)


def login_refusal() -> str:
    _limit, window = settings.THROTTLES[LOGIN_FAILURES]
    minutes = max(1, window // 60)
    return ngettext(
        "Untuk sementara kami menahan upaya masuk dari jaringan Anda, karena terlalu banyak "
        "percobaan yang gagal. Silakan coba lagi dalam %(minutes)d menit. Bila perlu segera, "
        "hubungi Tim Coaching BKPSDM.",
        "Untuk sementara kami menahan upaya masuk dari jaringan Anda, karena terlalu banyak "
        "percobaan yang gagal. Silakan coba lagi dalam %(minutes)d menit. Bila perlu segera, "
        "hubungi Tim Coaching BKPSDM.",
        minutes,
    ) % {"minutes": minutes}
