"""Reads of the e-Kinerja imports: the year's source, which rows count as an approved SKP,
the list of ASN an SKPD still has to chase, and the predikat that disagree with the kuadran."""

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.models import Pegawai, Skpd
from bookings.models import Attendance, Booking, BookingStatus
from ekinerja.models import (
    DEFAULT_MEANINGS,
    EkinerjaImport,
    EkinerjaRow,
    ImportStatus,
    ReportKind,
    RowOutcome,
    StatusMeaning,
)
from skp_drafts.models import Skp

TARGET_SHARE = 90  # percent: the office's target is more than this


def source_of(kind: str, year: int) -> EkinerjaImport | None:
    """The applied import of a kind and year: the source of its figures (one query)."""
    return (
        EkinerjaImport.objects.filter(kind=kind, year=year, status=ImportStatus.APPLIED)
        .select_related("applied_by")
        .defer("summary")
        .first()
    )


def approved_status() -> Q:
    """A row whose status counts as approved: the mapping table's rows say so, or the
    defaults do and no row says otherwise (subqueries, no query of its own)."""
    table = StatusMeaning.objects.values("key")
    defaults = [key for key, approved in DEFAULT_MEANINGS.items() if approved]
    return Q(status_key__in=table.filter(approved=True)) | (
        Q(status_key__in=defaults) & ~Q(status_key__in=table.filter(approved=False))
    )


def approved_status_keys() -> set[str]:
    """The keys counted as approved, for the preview (one query)."""
    meanings = dict(DEFAULT_MEANINGS)
    meanings.update(StatusMeaning.objects.values_list("key", "approved"))
    return {key for key, approved in meanings.items() if approved}


def approved_rows(import_id: int) -> QuerySet[EkinerjaRow]:
    """The rows of an import that count a pegawai's SKP as approved: matched (so neither
    Plt/Plh nor superseded), with a status the mapping table approves."""
    return EkinerjaRow.objects.filter(
        approved_status(), ekinerja_import_id=import_id, outcome=RowOutcome.MATCHED
    )


def approved_exists(import_id: int, pegawai_ref: str = "pk") -> Exists:
    """Whether the pegawai of the outer query has an approved SKP in the import."""
    return Exists(approved_rows(import_id).filter(pegawai=OuterRef(pegawai_ref)))


def needed_for_target(approved: int, pegawai: int) -> int:
    """How many more ASN need an approved SKP for the share to exceed the target."""
    if not pegawai:
        return 0
    least = pegawai * TARGET_SHARE // 100 + 1  # strictly more than 90 %
    return max(0, min(least, pegawai) - approved)


def regency_share(import_id: int) -> dict:
    """The regency's active pegawai and those approved in the import (one query)."""
    return Pegawai.objects.filter(is_active=True, skpd__is_active=True).aggregate(
        pegawai=Count("pk"),
        approved=Count("pk", filter=Q(approved_exists(import_id))),
    )


def _count_of(queryset: QuerySet, field: str = "pegawai") -> Coalesce:
    counted = queryset.order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def gap_list(skpd: Skpd, year: int, source: EkinerjaImport | None) -> QuerySet[Pegawai]:
    """The SKPD's active pegawai whose SKP of the year is not approved in the source import,
    each with its coaching: bookings made, sessions attended, its draft's status in the
    portal, and what e-Kinerja says (one query, whatever their number)."""
    people = Pegawai.objects.filter(skpd=skpd, is_active=True)
    if source is None:
        return people.none()
    own_row = EkinerjaRow.objects.filter(
        ekinerja_import=source, pegawai=OuterRef("pk"), outcome=RowOutcome.MATCHED
    )
    bookings = Booking.objects.filter(pegawai=OuterRef("pk")).exclude(
        status__in=[BookingStatus.CANCELLED, BookingStatus.RESCHEDULED]
    )
    attended = Attendance.objects.filter(pegawai=OuterRef("pk"), present=True)
    attended_bookings = Booking.objects.filter(
        pegawai=OuterRef("pk"), status=BookingStatus.ATTENDED
    )
    draft = Skp.objects.filter(pegawai=OuterRef("pk"), year=year).values("status")[:1]
    return (
        people.exclude(approved_exists(source.pk))
        .annotate(
            ekinerja_status=Subquery(own_row.values("status_text")[:1]),
            booked=_count_of(bookings),
            attended=_count_of(attended) + _count_of(attended_bookings),
            draft_status=Subquery(draft),
        )
        .order_by("name", "pk")
    )


def disagreements(source: EkinerjaImport | None, skpd_ids=None) -> QuerySet[EkinerjaRow]:
    """Rows of a Laporan Penilaian whose predikat is not the one the kuadran gives, SKPD by
    SKPD (the pegawai's SKPD in the portal; unmatched NIPs last)."""
    if source is None:
        return EkinerjaRow.objects.none()
    rows = (
        EkinerjaRow.objects.filter(ekinerja_import=source)
        .exclude(expected_predikat="")
        .exclude(outcome=RowOutcome.REFUSED)
        .exclude(expected_predikat=F("hasil_akhir"))
        .select_related("pegawai__skpd")
    )
    if skpd_ids is not None:
        rows = rows.filter(pegawai__skpd_id__in=skpd_ids)
    return rows.order_by("pegawai__skpd__name", "line")


def penilaian_source(year: int) -> EkinerjaImport | None:
    return source_of(ReportKind.PENILAIAN, year)


def skp_source(year: int) -> EkinerjaImport | None:
    return source_of(ReportKind.LAPORAN_SKP, year)
