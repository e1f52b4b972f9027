"""The login between the password and the code.

A user with a second factor who typed the right password is not signed in yet: the session
remembers who it was (with the password's session hash and the time), for a few minutes.
Only the right code makes the login, with Django's ``login()`` and django-otp's, so a
password alone never yields a session that is signed in.
"""

import time

from django.conf import settings
from django.contrib.auth import load_backend
from django.contrib.auth import login as auth_login
from django.utils.crypto import constant_time_compare
from django_otp import login as otp_login
from django_otp.models import Device

from accounts.models import User

PENDING_KEY = "second_factor_pending"
# Long enough to find the phone and open the app.
PENDING_SECONDS = 10 * 60


def begin(request, user: User) -> None:
    # A new session key: whatever the visitor held before the password is worth nothing now.
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "hash": user.get_session_auth_hash(),
        "since": int(time.time()),
    }


def pending_user(request) -> User | None:
    """The user whose password this session proved a few minutes ago; None when there is
    none, it is too old, or the password (or the account) has changed since."""
    pending = request.session.get(PENDING_KEY)
    if (
        not isinstance(pending, dict)
        or pending.get("backend") not in settings.AUTHENTICATION_BACKENDS
    ):
        return None
    if time.time() - pending.get("since", 0) > PENDING_SECONDS:
        clear(request)
        return None
    user = load_backend(pending["backend"]).get_user(pending["user"])
    if user is None or not constant_time_compare(pending["hash"], user.get_session_auth_hash()):
        clear(request)
        return None
    user.backend = pending["backend"]
    return user


def clear(request) -> None:
    request.session.pop(PENDING_KEY, None)


def complete(request, user: User, device: Device) -> None:
    """Sign ``user`` in, verified by ``device``."""
    clear(request)
    auth_login(request, user, backend=user.backend)
    otp_login(request, device)
