"""The signed-in user, kept between requests in the shared cache.

Every page needs its user with the pegawai, SKPD, superior, roles and second-factor devices
(``NipBackend.get_user``): two queries and some 4 ms of ORM work, more than the rest of an
empty page. With a shared cache (Redis, ``CACHE_URL``) the loaded user is kept there for
``USER_CACHE_SECONDS``, stamped with the current *generation*: a random token that any change
to what the object holds replaces (a user, pegawai, SKPD, role or second-factor device saved
or deleted; the bell's counter; a roster import). A user kept under an older token is loaded
afresh, so a revoked role, a deactivated pegawai or a reset authenticator counts from the
next request on.

The token is replaced once the change is committed: a request that read the old rows in the
meantime kept them under the old token, which nobody reads any more. A random token rather
than a counter: a counter evicted from the cache would start again and meet old entries.
The time limit bounds what a change made outside the ORM (raw SQL) could leave behind.

Without a shared cache (one process's memory) nothing is kept: another worker would go on
with a role revoked in this one.
"""

import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "accounts:users-generation"

logger = logging.getLogger(__name__)


def _user_key(user_id) -> str:
    return f"accounts:user:{user_id}"


def cached_user(user_id, load):
    """The user ``user_id``, from the cache when current, else ``load(user_id)`` (kept)."""
    seconds = settings.USER_CACHE_SECONDS
    if not seconds:
        return load(user_id)
    key = _user_key(user_id)
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        generation = cache.get(GENERATION_KEY)
    kept = found.get(key)
    if kept is not None and kept[0] == generation:
        return kept[1]
    user = load(user_id)
    if user is not None and generation is not None:
        cache.set(key, (generation, user), seconds)
    return user


def forget_users() -> None:
    """Every kept user is loaded afresh by its next request, once this transaction commits."""
    if not settings.USER_CACHE_SECONDS:
        return
    transaction.on_commit(_new_generation)


def _new_generation() -> None:
    try:
        cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    except Exception as error:  # the change is committed: a cache that is down must not
        # fail its caller; what a reachable cache still keeps expires in USER_CACHE_SECONDS.
        logger.warning("Could not renew the kept users' generation: %s", error)


def user_changed(sender, **kwargs) -> None:
    """``post_save`` / ``post_delete`` of a model a signed-in user is loaded with."""
    forget_users()
