"""The monitoring dashboard: for each SKPD its active pegawai, those with an SKP of the year in
the regulation's format ("sesuai format", the office's measure), the share against the 90 %
target, the coaching sessions held and the request letters waiting; the total; and the
months of the year.

Every figure is counted by PostgreSQL in one grouped query per family over the SKPD in scope
(pegawai, SKP in format by month, sessions by month, letters waiting): a fixed number of
queries, whether the regency has 40 SKPD or 400. The totals and the months of a scope are
sums over its SKPD's rows, in Python; the kind filter picks rows. For one SKPD (a Kasubag's)
the same queries start from the SKPD's own rows through their indexes.

The figures are cached (Django's default cache) under the data's version: one of core's
named versions (core.versions), which PostgreSQL triggers renew only when a change can move
a figure (reports migration 0005 lists the columns, table by table): a contact saved or an
SKP's content edited keeps the cache, an SKP declared in format or a session held renews it,
on every server process at once, whichever code wrote the change. A figure read from a new
column needs its column added there.
"""

import datetime
from dataclasses import dataclass, field, replace
from functools import cached_property

from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone

from accounts.models import Skpd
from bookings.models import RequestStatus, SessionKind, SkpdRequest
from bookings.selectors import held_sessions
from core import versions
from ekinerja import selectors as ekinerja
from reports.selectors import TARGET_PERCENT
from skp_drafts.models import Skp, SkpStatus

CACHE_SECONDS = 60 * 60
# v5: the figures' versions come from core's sequence (reports migration 0006), whose
# numbers could meet those of v4's keys.
CACHE_PREFIX = "reports:dashboard:v5"
# The figures' version (core.versions), renewed by the triggers of reports migrations 0005
# and 0006 whenever a row changes in a way that can change a figure.
FIGURES_VERSION = "dashboard_figures"


@dataclass(frozen=True)
class DashboardFilter:
    year: int
    kind: str = ""  # an SkpdKind, or "" for every kind
    # None: every SKPD (BKPSDM); a set: only these (a Kasubag's own).
    skpd_ids: frozenset[int] | None = None

    @property
    def scope_key(self) -> str:
        if self.skpd_ids is None:
            return "all"
        return "-".join(str(pk) for pk in sorted(self.skpd_ids)) or "none"


@dataclass(frozen=True)
class Month:
    number: int
    skpd_sessions: int
    individual_sessions: int
    reviewed_by_then: int  # SKP sesuai format by the end of the month, cumulative

    @property
    def sessions(self) -> int:
        return self.skpd_sessions + self.individual_sessions


def _twelve() -> list[int]:
    return [0] * 12


@dataclass
class SkpdFigures:
    """One SKPD's figures of the year: its row as the page shows it, and its months."""

    row: dict
    skpd_sessions: list[int] = field(default_factory=_twelve)
    individual_sessions: list[int] = field(default_factory=_twelve)
    reviewed: list[int] = field(default_factory=_twelve)  # first in format in each month
    reviewed_before: int = 0  # first in format before the year began


@dataclass(frozen=True)
class Counted:
    """What is counted and cached for a year and a scope: its SKPD by name, and the year's
    e-Kinerja source."""

    skpds: list[SkpdFigures]
    ekinerja_source: dict | None


@dataclass(frozen=True)
class Dashboard:
    filters: DashboardFilter
    rows: list[dict]
    totals: dict
    months: list[Month]
    # The applied e-Kinerja Laporan SKP of the year: {"id", "applied_on"} (the page says
    # "Sumber: impor e-Kinerja 3 Desember 2026"), or None: the portal's own figure only.
    ekinerja_source: dict | None = None
    # The board's key in the cache, which names its data's version: a page drawn from the
    # board may be kept under it (the dashboard's page keeps its drawn body). None: counted
    # without a version, nothing drawn from it may be kept.
    cache_key: str | None = None

    def ranking(self, limit: int = 10) -> list[dict]:
        """The SKPD furthest from the target in e-Kinerja: most ASN still needed first."""
        if self.ekinerja_source is None:
            return []
        rows = [row for row in self.rows if row["ekinerja_needed"]]
        return sorted(rows, key=SORTS["gap"])[:limit]

    @property
    def target_percent(self) -> int:
        return TARGET_PERCENT

    def month_percent(self, month: Month) -> float | None:
        pegawai = self.totals["pegawai"]
        return None if not pegawai else month.reviewed_by_then * 100 / pegawai


def _in_scope(queryset: QuerySet, skpd_lookup: str, skpd_ids: frozenset[int] | None):
    if skpd_ids is None:
        return queryset
    return queryset.filter(**{f"{skpd_lookup}__in": skpd_ids})


def _pegawai_figures(skpd_ids: frozenset[int] | None, source_id: int | None) -> QuerySet:
    """The active SKPD in scope by name, each with its active pegawai and those with an SKP
    approved in the e-Kinerja source (one query: the pegawai joined and grouped by SKPD)."""
    active = Q(pegawai__is_active=True)
    counts = {"pegawai_count": Count("pegawai", filter=active)}
    if source_id:
        if skpd_ids is None:
            # The whole regency: the import's approved rows hashed once.
            approved = Q(pegawai__in=ekinerja.approved_rows(source_id).values("pegawai_id"))
        else:
            # A few SKPD: each of their pegawai's row looked up by its index.
            approved = Q(ekinerja.approved_exists(source_id, "pegawai"))
        counts["ekinerja_count"] = Count("pegawai", filter=active & approved)
    skpds = _in_scope(Skpd.objects.filter(is_active=True), "pk", skpd_ids)
    return skpds.values("pk", "name", "short_name", "kind").annotate(**counts).order_by("name")


def _reviewed_by_month(year: int, skpd_ids: frozenset[int] | None) -> QuerySet:
    """The active pegawai's SKP of the year in format, by SKPD and by the month each was
    first declared so (one query)."""
    # An SKP put in format without the review step (written in bulk) dates from its last
    # change.
    at = Coalesce("reviewed_at", "updated_at")
    skps = Skp.objects.filter(year=year, status=SkpStatus.REVIEWED, pegawai__is_active=True)
    return (
        _in_scope(skps, "pegawai__skpd_id", skpd_ids)
        .annotate(at=at)
        .values(skpd=F("pegawai__skpd_id"), at_year=ExtractYear("at"), at_month=ExtractMonth("at"))
        .annotate(n=Count("pk"))
        .order_by()
    )


def _sessions_by_month(year: int, skpd_ids: frozenset[int] | None) -> QuerySet:
    """The sessions held in the year by SKPD, kind and month (one query). A visit counts
    for the SKPD of its letter, an individual session for its ASN's: two grouped halves
    joined by UNION ALL, each reaching one SKPD's sessions through its own index, where one
    condition with an OR across both joins would read them all."""
    held = held_sessions().filter(start__year=year)

    def grouped(kind: str, skpd_lookup: str) -> QuerySet:
        return (
            _in_scope(held.filter(kind=kind), skpd_lookup, skpd_ids)
            .values("kind", skpd=F(skpd_lookup), month=ExtractMonth("start"))
            .annotate(n=Count("pk"))
            .order_by()
        )

    return grouped(SessionKind.SKPD, "skpd_request__skpd_id").union(
        grouped(SessionKind.INDIVIDUAL, "booking__pegawai__skpd_id"), all=True
    )


def _waiting_requests(skpd_ids: frozenset[int] | None) -> QuerySet:
    """The request letters waiting for a disposition, by SKPD (one query)."""
    letters = SkpdRequest.objects.filter(status=RequestStatus.SUBMITTED)
    return (
        _in_scope(letters, "skpd_id", skpd_ids).values("skpd_id").annotate(n=Count("pk")).order_by()
    )


def count_figures(year: int, skpd_ids: frozenset[int] | None) -> Counted:
    """Every figure of the year for the active SKPD in scope (None: all): the year's
    e-Kinerja source and the four grouped queries, five in all."""
    source = ekinerja.skp_source(year)
    source_id = source.pk if source else None
    skpds = {}
    for row in _pegawai_figures(skpd_ids, source_id):
        row.setdefault("ekinerja_count", 0)
        row.update(reviewed_count=0, skpd_sessions=0, individual_sessions=0, waiting_requests=0)
        skpds[row["pk"]] = SkpdFigures(row=row)
    # Rows of an SKPD no longer active (none in ``skpds``) are left out.
    for found in _reviewed_by_month(year, skpd_ids):
        if figures := skpds.get(found["skpd"]):
            figures.row["reviewed_count"] += found["n"]
            if found["at_year"] < year:
                figures.reviewed_before += found["n"]
            elif found["at_year"] == year:
                figures.reviewed[found["at_month"] - 1] += found["n"]
    for found in _sessions_by_month(year, skpd_ids):
        if figures := skpds.get(found["skpd"]):
            kind = "skpd_sessions" if found["kind"] == SessionKind.SKPD else "individual_sessions"
            figures.row[kind] += found["n"]
            getattr(figures, kind)[found["month"] - 1] += found["n"]
    for found in _waiting_requests(skpd_ids):
        if figures := skpds.get(found["skpd_id"]):
            figures.row["waiting_requests"] = found["n"]
    for figures in skpds.values():
        row = figures.row
        row["percent"] = _share(row["reviewed_count"], row["pegawai_count"])
        row["ekinerja_percent"] = (
            _share(row["ekinerja_count"], row["pegawai_count"]) if source_id else None
        )
        row["ekinerja_needed"] = (
            ekinerja.needed_for_target(row["ekinerja_count"], row["pegawai_count"])
            if source_id
            else 0
        )
    return Counted(
        skpds=list(skpds.values()),
        ekinerja_source={"id": source.pk, "applied_on": timezone.localdate(source.applied_at)}
        if source
        else None,
    )


def _share(part: int, whole: int) -> float | None:
    return part * 100 / whole if whole else None


TOTALS = {
    "pegawai": "pegawai_count",
    "ekinerja": "ekinerja_count",
    "reviewed": "reviewed_count",
    "skpd_sessions": "skpd_sessions",
    "individual_sessions": "individual_sessions",
    "waiting_requests": "waiting_requests",
}


def board_of(filters: DashboardFilter, counted: Counted) -> Dashboard:
    """The dashboard of the SKPD of the kind asked for: their rows, and the total and the
    months summed from them (no query)."""
    chosen = [f for f in counted.skpds if not filters.kind or f.row["kind"] == filters.kind]
    rows = [figures.row for figures in chosen]
    totals = {"skpd": len(rows)}
    totals.update({name: sum(row[column] for row in rows) for name, column in TOTALS.items()})
    totals["percent"] = _share(totals["reviewed"], totals["pegawai"])
    totals["ekinerja_percent"] = (
        _share(totals["ekinerja"], totals["pegawai"]) if counted.ekinerja_source else None
    )
    months, running = [], sum(figures.reviewed_before for figures in chosen)
    for index in range(12):
        running += sum(figures.reviewed[index] for figures in chosen)
        months.append(
            Month(
                number=index + 1,
                skpd_sessions=sum(figures.skpd_sessions[index] for figures in chosen),
                individual_sessions=sum(figures.individual_sessions[index] for figures in chosen),
                reviewed_by_then=running,
            )
        )
    return Dashboard(
        filters=filters,
        rows=rows,
        totals=totals,
        months=months,
        ekinerja_source=counted.ekinerja_source,
    )


def dashboard(filters: DashboardFilter) -> Dashboard:
    """The dashboard's figures, from the cache while no change has moved them. Each scope
    (the regency, a Kasubag's SKPD) has its counted figures for the year, and each kind its
    board made from them, so a page served from the cache reads one entry."""
    return _board(filters, versions.current(FIGURES_VERSION))


def _board(filters: DashboardFilter, version: int | None) -> Dashboard:
    if version is None:
        return board_of(filters, count_figures(filters.year, filters.skpd_ids))
    counted_key = _counted_key(version, filters.year, filters.scope_key)
    board_key = _board_key(version, filters)
    board = cache.get(board_key)
    if board is None:
        counted = cache.get(counted_key)
        if counted is None:
            counted = _picked_from_regency(version, filters) or count_figures(
                filters.year, filters.skpd_ids
            )
            cache.set(counted_key, counted, CACHE_SECONDS)
        board = replace(board_of(filters, counted), cache_key=board_key)
        cache.set(board_key, board, CACHE_SECONDS)
    return board


class KeptDashboard:
    """The dashboard of ``filters`` as its page asks for it: first only the board's key
    and its number of rows, which name the page's kept body (read from a small entry kept
    beside the board); the board itself, some 40 KB to unpickle for the regency, only when
    its figures are drawn, which a page whose body is kept never needs."""

    def __init__(self, filters: DashboardFilter):
        self.filters = filters
        self.version = versions.current(FIGURES_VERSION)
        self.cache_key = None if self.version is None else _board_key(self.version, filters)
        rows = None if self.cache_key is None else cache.get(_rows_key(self.cache_key))
        if rows is None:
            rows = len(self.board.rows)
            if self.cache_key is not None:  # kept beside the board for the next page
                cache.set(_rows_key(self.cache_key), rows, CACHE_SECONDS)
        self.row_count = rows

    @cached_property
    def board(self) -> Dashboard:
        return _board(self.filters, self.version)


def _board_key(version: int, filters: DashboardFilter) -> str:
    return f"{_counted_key(version, filters.year, filters.scope_key)}:{filters.kind or 'all'}"


def _rows_key(board_key: str) -> str:
    return f"{board_key}:rows"


def _counted_key(version: int, year: int, scope_key: str) -> str:
    return ":".join([CACHE_PREFIX, str(version), str(year), scope_key])


def _picked_from_regency(version: int, filters: DashboardFilter) -> Counted | None:
    """A Kasubag's figures taken from the regency's of the same version when those are in
    the cache (the Kepala Bidang's and the team's dashboards keep them there): an SKPD's row
    of the regency is what counting that SKPD alone gives. None: count them."""
    if filters.skpd_ids is None:
        return None
    regency = cache.get(_counted_key(version, filters.year, "all"))
    if regency is None:
        return None
    return Counted(
        skpds=[figures for figures in regency.skpds if figures.row["pk"] in filters.skpd_ids],
        ekinerja_source=regency.ekinerja_source,
    )


SORTS = {
    "name": lambda row: (row["name"],),
    # The SKPD furthest from the target first: where the team is needed.
    "lowest": lambda row: (row["percent"] is None, row["percent"] or 0, row["name"]),
    # The biggest gap to the target in e-Kinerja first: the SKPD to visit next.
    "gap": lambda row: (
        -row["ekinerja_needed"],
        row["ekinerja_percent"] is None,
        row["ekinerja_percent"] or 0,
        row["name"],
    ),
}


def sorted_rows(board: Dashboard, sort: str) -> list[dict]:
    """The rows in the order asked for (sorting the cached figures, no query)."""
    return sorted(board.rows, key=SORTS.get(sort, SORTS["name"]))


def year_choices(today: datetime.date) -> list[int]:
    return list(range(today.year + 1, 2021, -1))
