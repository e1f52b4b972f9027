"""Login with a NIP (typed with or without spaces and dots) or a staff login name."""

from django.contrib.auth.backends import ModelBackend

from accounts.models import RoleAssignment, User
from accounts.nip import looks_like_nip, normalize_nip
from accounts.twofactor.policy import DEVICE_ANNOTATIONS
from accounts.user_cache import UNKEPT_PEGAWAI_FIELDS, cached_user
from core.compiled import CompiledQuery


def normalize_login(username: str | None) -> str:
    username = (username or "").strip()
    return normalize_nip(username) if looks_like_nip(username) else username


def axes_username(request, credentials=None) -> str:
    """The name django-axes counts failures under: the same NIP however it was typed."""
    if credentials is None:
        username = request.POST.get("username", "")
    else:
        username = credentials.get("username", "")
    # Cut to what axes' table holds: a longer name (the admin's login form lets one
    # through) would otherwise fail the failure's own record with a server error.
    return normalize_login(username)[:255]


_USER_LOADED = CompiledQuery(
    lambda user_id: (
        User.objects.select_related("pegawai__skpd", "pegawai__atasan")
        .defer(
            *(f"pegawai__{name}" for name in UNKEPT_PEGAWAI_FIELDS),
            *(f"pegawai__atasan__{name}" for name in UNKEPT_PEGAWAI_FIELDS),
        )
        .annotate(**DEVICE_ANNOTATIONS)
        .filter(pk=user_id)
    ),
    by_id=True,
    user_id=int,
)

# Compiled too, rather than prefetched: the ORM's prefetch built its query anew for every
# user loaded, which is each user's first request and the first after each change to what
# it holds (docs/benchmarks.md, "A user loaded afresh").
_ROLES_LOADED = CompiledQuery(
    lambda user_id: RoleAssignment.objects.select_related("skpd").filter(user_id=user_id),
    user_id=int,
)


class NipBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        return super().authenticate(
            request, username=normalize_login(username), password=password, **kwargs
        )

    def get_user(self, user_id):
        user = cached_user(user_id, self._load_user)
        return user if user is not None and self.user_can_authenticate(user) else None

    @staticmethod
    def _load_user(user_id) -> User | None:
        # One query for the account with its pegawai, SKPD and superior (and its second
        # factor's devices), one for its roles (User.role_assignments), both compiled once.
        # Every page needs both for the navigation, and a user is loaded again after each
        # change to its account.
        try:
            user_id = int(user_id)  # as the session keeps it
        except (TypeError, ValueError):
            return None
        user = _USER_LOADED.first(user_id=user_id)
        if user is not None:
            user.role_assignments = _ROLES_LOADED.rows(user_id=user_id)
            for assignment in user.role_assignments:
                assignment.user = user
        return user

    def user_can_authenticate(self, user) -> bool:
        # A retired pegawai (inactive profile) keeps its history but can no
        # longer log in, whatever roles it held; this also ends its running sessions.
        pegawai = getattr(user, "pegawai", None)
        return super().user_can_authenticate(user) and (pegawai is None or pegawai.is_active)
