"""Who may do what to which person or SKPD: the one place that answers it.

Predicates compose (django-rules) into permissions checked with ``user.has_perm(name, obj)``
and ``{% has_perm %}`` in templates. The ``visible_*`` functions apply the same rules to
querysets, so a list can never show rows its reader may not open.
"""

from functools import wraps

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from accounts.models import Pegawai, Registration, Role, RoleAssignment, Skpd, User


def _has_role(role: Role):
    @rules.predicate(name=f"has_role_{role.value}")
    def predicate(user: User) -> bool:
        return user.is_authenticated and role in user.roles

    return predicate


is_asn = _has_role(Role.ASN)
is_kasubag = _has_role(Role.KASUBAG_UMUM)
is_tim_coaching = _has_role(Role.TIM_COACHING)
is_kepala_bidang = _has_role(Role.KEPALA_BIDANG)
is_kepala_bkpsdm = _has_role(Role.KEPALA_BKPSDM)
is_admin = _has_role(Role.ADMIN)

# The coaching team in the wide sense: who serves every SKPD.
is_coaching_team = is_tim_coaching | is_kepala_bidang
is_bkpsdm_staff = is_coaching_team | is_kepala_bkpsdm | is_admin


@rules.predicate
def is_self(user: User, pegawai: Pegawai | None) -> bool:
    return pegawai is not None and user.is_authenticated and pegawai.user_id == user.pk


@rules.predicate
def is_kasubag_of_pegawai(user: User, pegawai: Pegawai | None) -> bool:
    return (
        pegawai is not None and user.is_authenticated and pegawai.skpd_id in user.kasubag_skpd_ids
    )


@rules.predicate
def is_direct_superior_of(user: User, pegawai: Pegawai | None) -> bool:
    own = own_pegawai(user)
    return pegawai is not None and own is not None and pegawai.atasan_id == own.pk


@rules.predicate
def is_kasubag_of_skpd(user: User, skpd: Skpd | None) -> bool:
    return skpd is not None and user.is_authenticated and skpd.pk in user.kasubag_skpd_ids


@rules.predicate
def works_in_skpd(user: User, skpd: Skpd | None) -> bool:
    own = own_pegawai(user)
    return skpd is not None and own is not None and own.skpd_id == skpd.pk


def own_pegawai(user: User) -> Pegawai | None:
    """The user's own active pegawai profile, if it has one."""
    if not user.is_authenticated:
        return None
    pegawai = getattr(user, "pegawai", None)
    return pegawai if pegawai is not None and pegawai.is_active else None


def owns_record_of(user: User, pegawai_id: int | None) -> bool:
    """Whether a record kept for ``pegawai_id`` (a booking, an SKP) is the user's own: the
    one answer to "who owns it", by the user's active profile."""
    own = own_pegawai(user)
    return own is not None and pegawai_id is not None and pegawai_id == own.pk


@rules.predicate
def is_kasubag_of_registration(user: User, registration: Registration | None) -> bool:
    """The Kasubag of the SKPD where the applicant works now: the pegawai's own SKPD when
    it is in the roster (it may have moved since it applied), else the one it named."""
    if registration is None or not user.is_authenticated:
        return False
    skpd_id = registration.pegawai.skpd_id if registration.pegawai_id else registration.skpd_id
    return skpd_id in user.kasubag_skpd_ids


STAFF_ROLES = [Role.TIM_COACHING, Role.KEPALA_BIDANG, Role.KEPALA_BKPSDM]


@rules.predicate
def holds_bkpsdm_role(user: User, pegawai: Pegawai | None) -> bool:
    """Whether the pegawai is one of the coaching team, whose record only the team and the
    admin keep (a Kasubag of BKPSDM must not lock the team out)."""
    if pegawai is None or pegawai.user_id is None:
        return False
    return RoleAssignment.objects.filter(user_id=pegawai.user_id, role__in=STAFF_ROLES).exists()


# The names differ from Django's model permissions (view_pegawai, …), which the admin checks
# without an object and which stay with the admin's own groups and flags.
rules.add_perm(
    "accounts.open_pegawai",
    is_self | is_direct_superior_of | is_kasubag_of_pegawai | is_bkpsdm_staff,
)
rules.add_perm("accounts.list_pegawai", is_kasubag | is_bkpsdm_staff)
rules.add_perm("accounts.open_skpd", works_in_skpd | is_kasubag_of_skpd | is_bkpsdm_staff)
rules.add_perm("accounts.list_skpd", is_bkpsdm_staff)
rules.add_perm("accounts.view_team", is_bkpsdm_staff)
# Keeping the roster: the SKPD's own Kasubag, or the coaching team for every SKPD.
rules.add_perm(
    "accounts.manage_pegawai",
    (is_kasubag_of_pegawai & ~is_self & ~holds_bkpsdm_role) | is_coaching_team | is_admin,
)
rules.add_perm("accounts.import_roster", is_coaching_team | is_admin)
# Registrations are verified by the Kasubag who knows the staff of the SKPD.
rules.add_perm("accounts.list_registrations", is_kasubag | is_admin)
rules.add_perm("accounts.decide_registration", is_kasubag_of_registration | is_admin)
# The audit trail names who logged in from where and who took whose data: the admin's alone.
rules.add_perm("accounts.view_audit_log", is_admin)


def visible_pegawai(user: User) -> QuerySet[Pegawai]:
    """The pegawai whose profile ``user`` may open (the rows of accounts.open_pegawai)."""
    if not user.is_authenticated:
        return Pegawai.objects.none()
    if is_bkpsdm_staff(user):
        return Pegawai.objects.all()
    visible = Q(skpd_id__in=user.kasubag_skpd_ids)
    own = own_pegawai(user)
    if own is not None:
        visible |= Q(pk=own.pk) | Q(atasan_id=own.pk)
    return Pegawai.objects.filter(visible)


def visible_skpd(user: User) -> QuerySet[Skpd]:
    """The SKPD whose page ``user`` may open (the rows of accounts.open_skpd)."""
    if not user.is_authenticated:
        return Skpd.objects.none()
    if is_bkpsdm_staff(user):
        return Skpd.objects.all()
    visible = Q(pk__in=user.kasubag_skpd_ids)
    own = own_pegawai(user)
    if own is not None:
        visible |= Q(pk=own.skpd_id)
    return Skpd.objects.filter(visible)


def visible_registrations(user: User) -> QuerySet[Registration]:
    """The registrations ``user`` may see and decide (accounts.decide_registration)."""
    if not user.is_authenticated:
        return Registration.objects.none()
    if is_admin(user):
        return Registration.objects.all()
    return Registration.objects.filter(registrations_of_skpds(user.kasubag_skpd_ids))


def registrations_of_skpds(skpd_ids) -> Q:
    """Registrations decided in these SKPD (see is_kasubag_of_registration)."""
    return Q(pegawai__skpd_id__in=skpd_ids) | Q(pegawai__isnull=True, skpd_id__in=skpd_ids)


def role_holders(role: Role, skpd: Skpd | None = None) -> list[User]:
    """The active logins holding ``role`` (for Kasubag Umum: of ``skpd``), by name."""
    assignments = RoleAssignment.objects.filter(role=role, user__is_active=True)
    if skpd is not None:
        assignments = assignments.filter(skpd=skpd)
    assignments = assignments.select_related("user__pegawai").order_by("user__pegawai__name", "pk")
    return [assignment.user for assignment in assignments]


def kasubag_users(skpd: Skpd) -> list[User]:
    """The active logins holding the Kasubag Umum role of ``skpd``."""
    return role_holders(Role.KASUBAG_UMUM, skpd)


def rule_required(permission: str):
    """View decorator: log in first, then hold ``permission`` (without an object) or get 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not rules.has_perm(permission, request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
