"""Reads of people and SKPD, each with its joins set so that pages run a fixed number of
queries whatever the size of the regency."""

import contextlib
import datetime
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import (
    JENJANG_RANK,
    Jenjang,
    Pegawai,
    Registration,
    RegistrationStatus,
    Role,
    RoleAssignment,
    Skpd,
)
from accounts.nip import is_digits, looks_like_nip, normalize_nip
from core.compiled import CompiledQuery
from core.models import AuditEvent

COLLEAGUES_SHOWN = 10


@dataclass(frozen=True)
class RegencyFigures:
    skpd: int
    pegawai: int
    with_account: int


def pegawai_with_relations() -> QuerySet[Pegawai]:
    return Pegawai.objects.select_related("skpd", "atasan", "user")


def pegawai_search(
    queryset: QuerySet[Pegawai],
    *,
    text: str = "",
    skpd_id: int | None = None,
    jenjang: str = "",
    active_only: bool = True,
) -> QuerySet[Pegawai]:
    """Filter a (permission-scoped) pegawai queryset by name or NIP, SKPD and jenjang."""
    text = text.strip()
    if text:
        digits = normalize_nip(text)
        if is_digits(digits):
            queryset = queryset.filter(nip__startswith=digits)
        else:
            queryset = queryset.filter(Q(name__icontains=text) | Q(jabatan__icontains=text))
    if skpd_id:
        queryset = queryset.filter(skpd_id=skpd_id)
    if jenjang:
        queryset = queryset.filter(jenjang=jenjang)
    if active_only:
        queryset = queryset.filter(is_active=True)
    return queryset.select_related("skpd", "atasan").order_by("name", "pk")


def _reporting_to(atasan_id: int) -> QuerySet[Pegawai]:
    return Pegawai.objects.filter(atasan_id=atasan_id, is_active=True).order_by("name")


def direct_subordinates(pegawai: Pegawai) -> QuerySet[Pegawai]:
    return _reporting_to(pegawai.pk)


# What the home's team panel shows of a person (accounts/includes/person_list.html).
PERSON = ("pk", "name", "jabatan")


def _first_shown(people: QuerySet[Pegawai], *extra: str) -> QuerySet:
    return people.values(*PERSON, *extra)[:COLLEAGUES_SHOWN]


# Read on every home of an ASN: compiled once (core/compiled.py). With a superior, both lists
# in one query: the first of each, ordered by list and name.
_SUBORDINATES_SHOWN = CompiledQuery(
    lambda pegawai_id: _first_shown(_reporting_to(pegawai_id)), pegawai_id=int
)
_TEAM_SHOWN = CompiledQuery(
    lambda atasan_id, pegawai_id: (
        _first_shown(_reporting_to(pegawai_id).annotate(colleague=Value(False)), "colleague")
        .union(
            _first_shown(
                _reporting_to(atasan_id).exclude(pk=pegawai_id).annotate(colleague=Value(True)),
                "colleague",
            ),
            all=True,
        )
        .order_by("colleague", "name")
    ),
    atasan_id=int,
    pegawai_id=int,
)


def team_shown(pegawai: Pegawai) -> tuple[list[dict], list[dict]]:
    """The first ``COLLEAGUES_SHOWN`` direct subordinates and colleagues of ``pegawai``, by
    name, as ``PERSON``: what its home shows of its team."""
    if pegawai.atasan_id is None:
        return _SUBORDINATES_SHOWN.rows(pegawai_id=pegawai.pk), []
    subordinates, colleagues = [], []
    for person in _TEAM_SHOWN.rows(atasan_id=pegawai.atasan_id, pegawai_id=pegawai.pk):
        (colleagues if person.pop("colleague") else subordinates).append(person)
    return subordinates, colleagues


def skpd_jenjang_counts(skpd: Skpd) -> list[tuple[str, int]]:
    """Active pegawai of one SKPD per jenjang, in cascade order, zero counts included."""
    counts = dict(
        skpd.pegawai.filter(is_active=True)
        .values_list("jenjang")
        .annotate(total=Count("pk"))
        .values_list("jenjang", "total")
    )
    # JPT Utama and Madya serve in ministries and provinces, not in a regency's SKPD: shown
    # only where the data has them.
    rare = {Jenjang.JPT_UTAMA, Jenjang.JPT_MADYA}
    return [
        (label, counts.get(value, 0))
        for value, label in Jenjang.choices
        if value not in rare or counts.get(value)
    ]


def skpd_with_figures() -> QuerySet[Skpd]:
    """SKPD with their active pegawai and how many of those can log in."""
    active = Q(pegawai__is_active=True)
    return Skpd.objects.select_related("head").annotate(
        pegawai_count=Count("pegawai", filter=active),
        account_count=Count("pegawai", filter=active & Q(pegawai__user__is_active=True)),
    )


def regency_figures() -> RegencyFigures:
    pegawai = Pegawai.objects.filter(is_active=True).aggregate(
        total=Count("pk"), with_account=Count("pk", filter=Q(user__is_active=True))
    )
    return RegencyFigures(
        skpd=Skpd.objects.filter(is_active=True).count(),
        pegawai=pegawai["total"],
        with_account=pegawai["with_account"],
    )


def coaching_team() -> QuerySet[RoleAssignment]:
    """The BKPSDM people who run the clinic: the head of the agency, the Kepala Bidang, then
    the coaches."""
    order = [Role.KEPALA_BKPSDM, Role.KEPALA_BIDANG, Role.TIM_COACHING]
    return (
        RoleAssignment.objects.filter(role__in=order, user__is_active=True)
        .select_related("user__pegawai")
        .annotate(rank=Case(*(When(role=role, then=Value(i)) for i, role in enumerate(order))))
        .order_by("rank", "user__pegawai__name", "user__username")
    )


def kasubag_assignments(skpd_ids: Iterable[int]) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.filter(role=Role.KASUBAG_UMUM, skpd_id__in=skpd_ids)
        .select_related("user__pegawai", "skpd")
        .order_by("skpd__name")
    )


def recent_pegawai_changes(limit: int = 10) -> QuerySet:
    """The latest entries of the pegawai audit history, with who made them."""
    return Pegawai.history.select_related("history_user__pegawai", "skpd").order_by(
        "-history_date"
    )[:limit]


def possible_superiors(pegawai: Pegawai) -> QuerySet[Pegawai]:
    """Who may be this pegawai's direct superior: an active Pengawas or higher of its SKPD,
    not itself, and whoever it has now (a head's superior sits in another SKPD)."""
    eligible = [j for j, rank in JENJANG_RANK.items() if rank <= JENJANG_RANK[Jenjang.PENGAWAS]]
    in_skpd = Q(skpd_id=pegawai.skpd_id, is_active=True, jenjang__in=eligible)
    current = Q(pk=pegawai.atasan_id) if pegawai.atasan_id else Q(pk__in=[])
    return (
        Pegawai.objects.filter(in_skpd | current)
        .exclude(pk=pegawai.pk)
        .order_by("name")
        .only("pk", "name", "jabatan")
    )


def registration_queue(queryset: QuerySet[Registration], *, status: str) -> QuerySet[Registration]:
    """Registrations of one status, the oldest waiting first, the latest decided first."""
    order = "created_at" if status == RegistrationStatus.SUBMITTED else "-decided_at"
    return (
        queryset.filter(status=status)
        .select_related("pegawai", "skpd", "decided_by__pegawai")
        .order_by(order, "pk")
    )


def pending_registrations_by_skpd(skpd_ids: Iterable[int]) -> dict[int, int]:
    """Waiting registrations per deciding SKPD (the pegawai's own, else the one named)."""
    deciding = Coalesce("pegawai__skpd_id", "skpd_id")
    return dict(
        Registration.objects.filter(status=RegistrationStatus.SUBMITTED)
        .annotate(deciding=deciding)
        .filter(deciding__in=list(skpd_ids))
        .values_list("deciding")
        .annotate(total=Count("pk"))
        .values_list("deciding", "total")
    )


def audit_events(
    *,
    text: str = "",
    kind: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit trail, newest first, narrowed by who (a login name or NIP, a name, an
    address, or words of the entry), kind and days (WITA, both ends included)."""
    events = AuditEvent.objects.select_related("user__pegawai")
    text = text.strip()
    if text:
        who = (
            Q(login_name__icontains=text)
            | Q(user__pegawai__name__icontains=text)
            | Q(detail__icontains=text)
        )
        if looks_like_nip(text):  # typed with spaces or dots
            who |= Q(login_name=normalize_nip(text))
        with contextlib.suppress(ValueError):  # not an address
            who |= Q(ip_address=str(ipaddress.ip_address(text)))
        events = events.filter(who)
    if kind:
        events = events.filter(kind=kind)
    zone = timezone.get_current_timezone()
    if since:
        events = events.filter(at__gte=datetime.datetime.combine(since, datetime.time(), zone))
    if until:
        next_day = until + datetime.timedelta(days=1)
        events = events.filter(at__lt=datetime.datetime.combine(next_day, datetime.time(), zone))
    return events
