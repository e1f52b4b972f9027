"""The monitoring dashboard: for each SKPD its active pegawai, those with an SKP of the year in
the regulation's format ("sesuai format", the office's measure), the share against the 90 %
target, the coaching sessions held and the request letters waiting; the total; and the
months of the year. Every figure is counted by PostgreSQL: a fixed number of queries,
whether the regency has 40 SKPD or 400.

The figures are cached (Django's default cache). The key carries the data's version: the
newest audit-history row of every table the figures read (pegawai, SKPD, SKP, sessions,
request letters). Every change in the portal writes such a row — the services, the roster
import's bulk writes and the demo seed alike — so any change gives a new key, on every
server process at once, and a stale figure is never served. That costs one indexed query
per page instead of six.
"""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone

from accounts.models import Pegawai, Skpd
from bookings.models import CoachingSession, RequestStatus, SessionKind, SkpdRequest
from bookings.selectors import held_sessions
from ekinerja import selectors as ekinerja
from ekinerja.models import EkinerjaImport, StatusMeaning
from reports.selectors import TARGET_PERCENT
from skp_drafts.models import Skp, SkpStatus

CACHE_SECONDS = 60 * 60
CACHE_PREFIX = "reports:dashboard:v2"


class SubqueryCount(Subquery):
    """The number of rows of a correlated subquery (0 when there is none)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


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


@dataclass(frozen=True)
class Dashboard:
    filters: DashboardFilter
    rows: list[dict]
    totals: dict
    months: list[Month]
    # The applied e-Kinerja Laporan SKP of the year: {"id", "applied_on"} (the page says
    # "Sumber: impor e-Kinerja 3 Desember 2026"), or None: the portal's own figure only.
    ekinerja_source: dict | None = None

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


def _skpd_scope(queryset: QuerySet[Skpd], filters: DashboardFilter) -> QuerySet[Skpd]:
    queryset = queryset.filter(is_active=True)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.skpd_ids is not None:
        queryset = queryset.filter(pk__in=filters.skpd_ids)
    return queryset


def _annotated(filters: DashboardFilter, source_id: int | None = None) -> QuerySet[Skpd]:
    """The SKPD in scope, each with its counts for the year as correlated subqueries. Each
    is driven by an index on the SKPD (pegawai by SKPD, then their one SKP of the year by
    the unique pegawai-and-year index), so the cost grows with the regency, not with its
    square."""
    year = filters.year
    pegawai = Pegawai.objects.filter(skpd=OuterRef("pk"), is_active=True).order_by()
    in_format = Skp.objects.filter(pegawai=OuterRef("pk"), year=year, status=SkpStatus.REVIEWED)
    sessions = held_sessions().filter(start__year=year).order_by()
    at_skpd = sessions.filter(kind=SessionKind.SKPD, skpd_request__skpd=OuterRef("pk"))
    individual = sessions.filter(kind=SessionKind.INDIVIDUAL, booking__pegawai__skpd=OuterRef("pk"))
    waiting = SkpdRequest.objects.filter(
        skpd=OuterRef("pk"), status=RequestStatus.SUBMITTED
    ).order_by()
    # Approved in e-Kinerja: the applied import's matched row of the pegawai, with a status
    # the mapping table approves (no import: none).
    approved = ekinerja.approved_exists(source_id) if source_id else Value(False)
    return _skpd_scope(Skpd.objects.all(), filters).annotate(
        pegawai_count=SubqueryCount(pegawai.values("pk")),
        ekinerja_count=SubqueryCount(pegawai.filter(approved).values("pk")),
        reviewed_count=SubqueryCount(pegawai.filter(Exists(in_format)).values("pk")),
        skpd_sessions=SubqueryCount(at_skpd.values("pk")),
        individual_sessions=SubqueryCount(individual.values("pk")),
        waiting_requests=SubqueryCount(waiting.values("pk")),
    )


FIGURES = [
    "pegawai_count",
    "ekinerja_count",
    "reviewed_count",
    "skpd_sessions",
    "individual_sessions",
    "waiting_requests",
]


def skpd_figures(filters: DashboardFilter, source_id: int | None = None) -> list[dict]:
    """One row per SKPD with its figures for the year (one query), and its share of the
    target (a division of two of them), in the portal and in e-Kinerja."""
    rows = list(
        _annotated(filters, source_id)
        .values("pk", "name", "short_name", "kind", *FIGURES)
        .order_by("name")
    )
    for row in rows:
        row["percent"] = _share(row["reviewed_count"], row["pegawai_count"])
        row["ekinerja_percent"] = (
            _share(row["ekinerja_count"], row["pegawai_count"]) if source_id else None
        )
        row["ekinerja_needed"] = (
            ekinerja.needed_for_target(row["ekinerja_count"], row["pegawai_count"])
            if source_id
            else 0
        )
    return rows


def _share(part: int, whole: int) -> float | None:
    return part * 100 / whole if whole else None


def totals_of(filters: DashboardFilter, source_id: int | None = None) -> dict:
    """The sums over the SKPD in scope (one query)."""
    # The sums' names differ from the annotations': an aggregate named like the annotation
    # it sums would hide it from the inner query.
    sums = _annotated(filters, source_id).aggregate(
        n_skpd=Count("pk"),
        n_pegawai=Coalesce(Sum("pegawai_count"), 0),
        n_ekinerja=Coalesce(Sum("ekinerja_count"), 0),
        n_reviewed=Coalesce(Sum("reviewed_count"), 0),
        n_skpd_sessions=Coalesce(Sum("skpd_sessions"), 0),
        n_individual_sessions=Coalesce(Sum("individual_sessions"), 0),
        n_waiting_requests=Coalesce(Sum("waiting_requests"), 0),
    )
    totals = {name.removeprefix("n_"): value for name, value in sums.items()}
    totals["percent"] = _share(totals["reviewed"], totals["pegawai"])
    totals["ekinerja_percent"] = (
        _share(totals["ekinerja"], totals["pegawai"]) if source_id else None
    )
    return totals


def months_of(filters: DashboardFilter) -> list[Month]:
    """Sessions held per month of the year, and the SKP of the year in format by the end of
    each month, counted from the day each first became so (two queries)."""
    year = filters.year
    sessions = held_sessions().filter(start__year=year)
    skpd_scope = _skpd_scope(Skpd.objects.all(), filters).values("pk")
    sessions = sessions.filter(
        Q(skpd_request__skpd__in=skpd_scope) | Q(booking__pegawai__skpd__in=skpd_scope)
    )
    per_month = {
        (row["month"], row["kind"]): row["n"]
        for row in sessions.annotate(month=ExtractMonth("start"))
        .values("month", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    first_reviewed = (
        Skp.history.filter(id=OuterRef("pk"), status=SkpStatus.REVIEWED)
        .order_by("history_date")
        .values("history_date")[:1]
    )
    # An SKP saved in bulk has no history: its last change is the best date there is.
    reviewed = (
        Skp.objects.filter(
            year=year,
            status=SkpStatus.REVIEWED,
            pegawai__is_active=True,
            pegawai__skpd__in=skpd_scope,
        )
        .annotate(reviewed_at=Coalesce(Subquery(first_reviewed), F("updated_at")))
        .annotate(at_year=ExtractYear("reviewed_at"), at_month=ExtractMonth("reviewed_at"))
        .values("at_year", "at_month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    before, in_year = 0, {}
    for row in reviewed:
        if row["at_year"] < year:
            before += row["n"]
        elif row["at_year"] == year:
            in_year[row["at_month"]] = row["n"]
    months, running = [], before
    for number in range(1, 13):
        running += in_year.get(number, 0)
        months.append(
            Month(
                number=number,
                skpd_sessions=per_month.get((number, SessionKind.SKPD), 0),
                individual_sessions=per_month.get((number, SessionKind.INDIVIDUAL), 0),
                reviewed_by_then=running,
            )
        )
    return months


def data_version() -> str:
    """The newest audit-history row of each table the dashboard reads (one query on their
    primary keys)."""
    tables = [
        model.history.model._meta.db_table
        for model in (Pegawai, Skpd, Skp, CoachingSession, SkpdRequest)
    ] + [model.history.model._meta.db_table for model in (EkinerjaImport, StatusMeaning)]
    sql = "SELECT " + ", ".join(
        f"(SELECT MAX(history_id) FROM {connection.ops.quote_name(table)})" for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return ".".join(str(value or 0) for value in cursor.fetchone())


def _compute(filters: DashboardFilter) -> Dashboard:
    source = ekinerja.skp_source(filters.year)
    source_id = source.pk if source else None
    return Dashboard(
        filters=filters,
        rows=skpd_figures(filters, source_id),
        totals=totals_of(filters, source_id),
        months=months_of(filters),
        ekinerja_source={"id": source.pk, "applied_on": timezone.localdate(source.applied_at)}
        if source
        else None,
    )


def dashboard(filters: DashboardFilter) -> Dashboard:
    """The dashboard's figures, from the cache while the data have not changed."""
    key = ":".join(
        [CACHE_PREFIX, data_version(), str(filters.year), filters.kind or "all", filters.scope_key]
    )
    found = cache.get(key)
    if found is None:
        found = _compute(filters)
        cache.set(key, found, CACHE_SECONDS)
    return found


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
