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
an ASN saving a telephone number no longer sends everyone else's next page to the database,
nor its own: the kept pegawai holds no contact (``UNKEPT_PEGAWAI_FIELDS``), so a save of
the contact alone renews nobody.

A token is replaced once the change is committed, and who holds a changed row (a
superior's subordinates) is worked out then: a request that read the old rows in the
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
from django.db import DatabaseError, transaction

from accounts.models import Pegawai, Skpd, User

GENERATION_KEY = "accounts:users-generation"

# What a kept user's pegawai (and its superior's) is loaded without: the contact and the
# row's own timestamps, which no page reads of its signed-in user. A save that writes only
# these (an ASN's new phone number) renews nobody's kept user; a page that shows them reads
# them as stored (the profile). A service saves a pegawai it has read afresh, never the
# signed-in user's: Django would write only the loaded fields of that one.
UNKEPT_PEGAWAI_FIELDS = frozenset({"email", "phone", "created_at", "updated_at"})

logger = logging.getLogger(__name__)


def _user_key(user_id) -> str:
    # The release too: a user kept by the code before an update (its model's fields, what
    # the backend annotates) is not read by the code after it.
    return f"accounts:user:{settings.RELEASE}:{user_id}"


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


def forget_users(user_ids: Iterable[int | None]) -> None:
    """The kept users of ``user_ids`` are loaded afresh by their next request, once this
    transaction commits."""
    if settings.USER_CACHE_SECONDS:
        transaction.on_commit(partial(_renew_users, list(user_ids)))


def forget_all_users() -> None:
    """Every kept user is loaded afresh by its next request, once this transaction commits."""
    if settings.USER_CACHE_SECONDS:
        transaction.on_commit(partial(_renew, [GENERATION_KEY]))


def _renew_users(user_ids: list[int | None]) -> None:
    _renew(sorted({_token_key(pk) for pk in user_ids if pk is not None}))


def _renew(keys: list[str]) -> None:
    if not keys:
        return
    try:
        cache.set_many({key: _new_token() for key in keys}, timeout=None)
    except Exception as error:  # the change is committed: a cache that is down must not
        # fail its caller; what a reachable cache still keeps expires in USER_CACHE_SECONDS.
        logger.warning("Could not renew the kept users' tokens: %s", error)


# The models a signed-in user is loaded with (connected in accounts/apps.py) --------------


def row_before_save(sender, instance, update_fields=None, **kwargs) -> None:
    """``pre_save`` of a row linked to an account (a pegawai, a role, a second-factor
    device): the account it is linked to before this save, which keeps holding the row
    when the save links it to another account (a role handed to a successor)."""
    if not settings.USER_CACHE_SECONDS or instance.pk is None:
        return
    if update_fields is not None and "user" not in update_fields:
        return
    linked = sender._default_manager.filter(pk=instance.pk).values_list("user_id", flat=True)
    instance._user_id_before_save = linked.first()


def row_saved(sender, instance, **kwargs) -> None:
    """``post_save``: the accounts holding the row are loaded afresh, worked out once the
    change is committed (an SKPD: every account, since any of its pegawai's may hold it)."""
    if not settings.USER_CACHE_SECONDS:
        return
    if isinstance(instance, Skpd):
        forget_all_users()
        return
    update_fields = kwargs.get("update_fields")
    if isinstance(instance, Pegawai) and update_fields and update_fields <= UNKEPT_PEGAWAI_FIELDS:
        return
    before = getattr(instance, "_user_id_before_save", None)
    transaction.on_commit(partial(_renew_holders, instance, before))


def row_deleted(sender, instance, **kwargs) -> None:
    """``post_delete``: the account that held the row is loaded afresh; every account for
    an SKPD, and for a pegawai, whose subordinates the deletion has already unlinked."""
    if isinstance(instance, Skpd | Pegawai):
        forget_all_users()
    else:
        forget_users([_account_of(instance)])


def _renew_holders(instance, before: int | None) -> None:
    """After the commit: the row's account, the one it was linked to before, and for a
    pegawai its subordinates' accounts (they are kept with their superior)."""
    user_ids = [before, _account_of(instance)]
    try:
        if isinstance(instance, Pegawai):
            subordinates = Pegawai.objects.filter(atasan=instance, user__isnull=False)
            user_ids += subordinates.values_list("user_id", flat=True)
    except DatabaseError:  # who they are cannot be told: everyone is loaded afresh
        _renew([GENERATION_KEY])
        return
    _renew_users(user_ids)


def _account_of(instance) -> int | None:
    return instance.pk if isinstance(instance, User) else instance.user_id
