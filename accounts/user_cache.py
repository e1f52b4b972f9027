"""The signed-in user, kept between requests in the shared cache.

Every page needs its user with the pegawai, SKPD, superior, roles and second-factor devices
(``NipBackend.get_user``): two queries and some 4 ms of ORM work, more than the rest of an
empty page. With a shared cache (Redis, ``CACHE_URL``) the loaded user is kept there for
``USER_CACHE_SECONDS``, stamped with two random tokens: the *generation*, which a change
that may touch anyone's kept user replaces (an SKPD saved, a pegawai deleted, a roster
import), and the user's own *token*, which a change to what that user holds replaces (the
account, its roles, its second-factor devices, the bell's counter; its pegawai or that
pegawai's superior saved). A user kept under an older token is loaded afresh, so a revoked
role, a deactivated pegawai or a reset authenticator counts from the next request on, while
an ASN saving a telephone number no longer sends everyone else's next page to the database.

A token is replaced once the change is committed: a request that read the old rows in the
meantime kept them under the old token, which nobody reads any more. Random tokens rather
than counters: a counter evicted from the cache would start again and meet old entries.
The time limit bounds what a change made outside the ORM (raw SQL) could leave behind.

Without a shared cache (one process's memory) nothing is kept: another worker would go on
with a role revoked in this one.
"""

import logging
import secrets
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete

from accounts.models import Pegawai, Skpd, User

GENERATION_KEY = "accounts:users-generation"

logger = logging.getLogger(__name__)


def _user_key(user_id) -> str:
    return f"accounts:user:{user_id}"


def _token_key(user_id) -> str:
    return f"accounts:user-token:{user_id}"


def _new_token() -> str:
    return secrets.token_hex(8)


def cached_user(user_id, load):
    """The user ``user_id``, from the cache when current, else ``load(user_id)`` (kept)."""
    seconds = settings.USER_CACHE_SECONDS
    if not seconds:
        return load(user_id)
    key, token_key = _user_key(user_id), _token_key(user_id)
    found = cache.get_many([GENERATION_KEY, token_key, key])
    stamp = (_current(found, GENERATION_KEY), _current(found, token_key))
    kept = found.get(key)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    user = load(user_id)
    if user is not None and None not in stamp:
        cache.set(key, (stamp, user), seconds)
    return user


def _current(found: dict, key: str) -> str | None:
    """The token under ``key``; a missing one (never set, or evicted) is started anew, and
    nothing kept under an older one matches it."""
    if key not in found:
        cache.add(key, _new_token(), timeout=None)
        return cache.get(key)
    return found[key]


def forget_users(user_ids: Iterable[int] | None = None) -> None:
    """The kept users of ``user_ids`` (None: every kept user) are loaded afresh by their next
    request, once this transaction commits."""
    if not settings.USER_CACHE_SECONDS:
        return
    if user_ids is None:
        transaction.on_commit(partial(_renew, [GENERATION_KEY]))
        return
    keys = sorted({_token_key(pk) for pk in user_ids if pk is not None})
    if keys:
        transaction.on_commit(partial(_renew, keys))


def _renew(keys: list[str]) -> None:
    try:
        cache.set_many({key: _new_token() for key in keys}, timeout=None)
    except Exception as error:  # the change is committed: a cache that is down must not
        # fail its caller; what a reachable cache still keeps expires in USER_CACHE_SECONDS.
        logger.warning("Could not renew the kept users' tokens: %s", error)


def user_changed(sender, instance, **kwargs) -> None:
    """``post_save`` / ``post_delete`` of a model a signed-in user is loaded with: the kept
    users it is part of are loaded afresh."""
    forget_users(_users_holding(instance, deleted=kwargs["signal"] is post_delete))


def pegawai_before_save(sender, instance: Pegawai, **kwargs) -> None:
    """``pre_save`` of a pegawai: the account it was linked to until now, which still holds
    it when the admin links the pegawai to another (told in ``user_changed``)."""
    linked = Pegawai.objects.filter(pk=instance.pk).values_list("user_id", flat=True)
    instance._account_before = linked.first() if instance.pk else None


def _users_holding(instance, *, deleted: bool) -> list[int] | None:
    """The users whose kept object holds ``instance``; None when they cannot be told
    (an SKPD: its pegawai's users; a pegawai deleted: its subordinates, whose superior the
    deletion has already cleared)."""
    if isinstance(instance, User):
        return [instance.pk]
    if isinstance(instance, Skpd) or (isinstance(instance, Pegawai) and deleted):
        return None
    if isinstance(instance, Pegawai):
        subordinates = Pegawai.objects.filter(atasan=instance, user__isnull=False)
        return [
            instance.user_id,
            getattr(instance, "_account_before", None),
            *subordinates.values_list("user_id", flat=True),
        ]
    return [instance.user_id]  # a role or a second-factor device
