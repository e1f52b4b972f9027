"""Pages of the coaching hours on record (bookings/development.py): the ASN's year with its
certificates, and the team's recap per SKPD with the Excel export."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts.models import Skpd
from accounts.rules import own_pegawai, rule_required
from bookings import development
from core.downloads import issued_pdf_response, xlsx_response


def _year(request, years: list[int] | None = None) -> int:
    """The year asked for with ?tahun=, this year when it is none of ``years`` (or, without
    them, not within ten years of now)."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        return this_year
    allowed = years if years is not None else range(this_year - 10, this_year + 1)
    return year if year in allowed else this_year


def _own_pegawai(request):
    pegawai = own_pegawai(request.user)
    if pegawai is None:
        raise PermissionDenied
    return pegawai


@rule_required("bookings.book")
def my_development(request):
    pegawai = _own_pegawai(request)
    years = development.years_of(pegawai)
    year = _year(request, years)
    records = development.records_of(pegawai, year)
    context = {
        "year": year,
        "years": years,
        "records": records,
        "total_jp": sum(record.jp for record in records),
    }
    return render(request, "bookings/my_development.html", context)


@rule_required("bookings.book")
def development_certificate(request, pk: int):
    pegawai = _own_pegawai(request)
    attendance = get_object_or_404(development.attended_all().filter(pegawai=pegawai), pk=pk)
    name = f"surat-keterangan-{timezone.localtime(attendance.session.start):%Y%m%d}.pdf"
    return issued_pdf_response(request, "SKET", {"attendance": attendance.pk}, name)


@rule_required("bookings.book")
def development_year_certificate(request, year: int):
    pegawai = _own_pegawai(request)
    if year not in development.years_of(pegawai) or not development.records_of(pegawai, year):
        raise Http404
    return issued_pdf_response(
        request,
        "SKET",
        {"pegawai": pegawai.pk, "year": year},
        f"surat-keterangan-coaching-{year}.pdf",
    )


@rule_required("bookings.view_agenda")
def development_recap(request):
    year = _year(request)
    rows = development.skpd_totals(year)
    context = {
        "year": year,
        "years": range(timezone.localdate().year, timezone.localdate().year - 4, -1),
        "rows": rows,
        "totals": {
            "people": sum(row["people"] for row in rows),
            "sessions": sum(row["sessions"] for row in rows),
            "jp": sum(row["jp"] or 0 for row in rows),
        },
    }
    return render(request, "bookings/development_recap.html", context)


@rule_required("bookings.view_agenda")
def development_export(request):
    year = _year(request)
    skpd = None
    if request.GET.get("skpd", "").isdigit():
        skpd = get_object_or_404(Skpd, pk=int(request.GET["skpd"]))
    scope = skpd.short_name if skpd else "semua-skpd"
    return xlsx_response(
        development.export(year, skpd), f"pengembangan-kompetensi-{year}-{scope}.xlsx"
    )
