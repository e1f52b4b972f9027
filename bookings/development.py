"""Coaching hours on record: every session a pegawai attended (an individual session, or a
Coaching Clinic at an SKPD that took place) counts as competency development, in JP (jam
pelajaran: one for every ``JP_MINUTES`` minutes, default 45, at least one per session). The
ASN sees its year and downloads a surat keterangan per session or for the year; the team
exports the year's records per SKPD.

The records are read from the attendance, not copied: a correction of the attendance is a
correction of the record, and a certificate issued again after it is a new version.
"""

import datetime
import io
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, IntegerField, QuerySet, Sum, Value
from django.db.models.functions import Extract, Floor, Greatest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.models import Pegawai, Role, Skpd
from accounts.rules import role_holders
from bookings.models import Attendance, SessionKind
from bookings.selectors import held_sessions
from core import spreadsheets
from core.documents import Printout, issue_printout, printout


def jp_of(start: datetime.datetime, end: datetime.datetime) -> int:
    minutes = int((end - start).total_seconds() // 60)
    return max(1, minutes // settings.BOOKING_RULES["JP_MINUTES"])


@dataclass(frozen=True)
class Record:
    attendance: Attendance

    @property
    def session(self):
        return self.attendance.session

    @property
    def jp(self) -> int:
        return jp_of(self.session.start, self.session.end)

    @property
    def minutes(self) -> int:
        return int((self.session.end - self.session.start).total_seconds() // 60)

    @property
    def activity(self) -> str:
        if self.session.kind == SessionKind.SKPD:
            return _("Coaching Clinic penyusunan SKP di %(skpd)s") % {
                "skpd": self.session.skpd_request.skpd.name
            }
        return _("Coaching individual penyusunan SKP")

    @property
    def coaches(self) -> str:
        return ", ".join(coach.display_name for coach in self.session.coaches.all())


def attended_all() -> QuerySet[Attendance]:
    """Every attendance that counts: present at a session that took place."""
    return (
        Attendance.objects.filter(present=True, session__in=held_sessions())
        .select_related("session__skpd_request__skpd", "pegawai__skpd")
        .prefetch_related("session__coaches__pegawai")
        .order_by("session__start", "pk")
    )


def attended(year: int) -> QuerySet[Attendance]:
    return attended_all().filter(session__start__year=year)


def records_of_year(year: int) -> list[Record]:
    return [Record(attendance) for attendance in attended(year)]


def records_of(pegawai: Pegawai, year: int) -> list[Record]:
    return [Record(attendance) for attendance in attended(year).filter(pegawai=pegawai)]


def years_of(pegawai: Pegawai) -> list[int]:
    """The years with a record, newest first, and always this year."""
    years = {
        day.year
        for day in Attendance.objects.filter(
            pegawai=pegawai, present=True, session__in=held_sessions()
        ).dates("session__start", "year")
    }
    return sorted(years | {timezone.localdate().year}, reverse=True)


def skpd_totals(year: int) -> list[dict]:
    """Per SKPD: how many of its pegawai attended, how many attendances, and their JP, in
    one grouped query (the JP of a session computed in the database, as ``jp_of`` does)."""
    seconds = Extract(F("session__end") - F("session__start"), "epoch")
    jp = Greatest(Value(1), Floor(seconds / 60 / settings.BOOKING_RULES["JP_MINUTES"]))
    return list(
        Attendance.objects.filter(
            present=True, session__in=held_sessions(), session__start__year=year
        )
        .values("pegawai__skpd_id", "pegawai__skpd__name")
        .annotate(
            people=Count("pegawai_id", distinct=True),
            sessions=Count("pk"),
            jp=Sum(jp, output_field=IntegerField()),
        )
        .order_by("pegawai__skpd__name")
    )


def _signer():
    """The Kepala Bidang signs the surat keterangan (the first, should there be two)."""
    return next(iter(role_holders(Role.KEPALA_BIDANG)), None)


# Render time on the reference machine: a page, and a row per session of a year's list.
CERTIFICATE_SECONDS, CERTIFICATE_SECONDS_PER_ROW = 0.3, 0.012


@printout("SKET")
def certificate_printout(
    attendance: int | None = None, pegawai: int | None = None, year: int | None = None
) -> Printout:
    """The surat keterangan of one attended session (``attendance``), or of a pegawai's
    year (``pegawai`` and ``year``): each session with its JP, and the total."""
    if attendance is not None:
        record = Record(attended_all().get(pk=attendance))
        return _printout([record], subject=record.attendance, year=None)
    person = Pegawai.objects.select_related("skpd").get(pk=pegawai)
    return _printout(records_of(person, year), subject=f"jp:{person.pk}:{year}", year=year)


def certificate(record: Record) -> bytes:
    """The surat keterangan of one attended session, now."""
    return issue_printout(_printout([record], subject=record.attendance, year=None))


def year_certificate(pegawai: Pegawai, year: int) -> bytes:
    """The surat keterangan of a pegawai's year, now."""
    return issue_printout(certificate_printout(pegawai=pegawai.pk, year=year))


def _printout(records: list[Record], *, subject, year: int | None) -> Printout:
    pegawai = records[0].attendance.pegawai
    signer = _signer()
    title = (
        _("Surat keterangan pengembangan kompetensi %(name)s tahun %(year)s")
        % {"name": pegawai.name, "year": year}
        if year
        else _("Surat keterangan pengembangan kompetensi %(name)s, %(day)s")
        % {
            "name": pegawai.name,
            "day": date_format(timezone.localtime(records[0].session.start), "j F Y"),
        }
    )
    return Printout(
        "bookings/development_certificate.html",
        {
            "pegawai": pegawai,
            "records": records,
            "total_jp": sum(record.jp for record in records),
            "year": year,
            "signer": signer,
            "jp_minutes": settings.BOOKING_RULES["JP_MINUTES"],
            "printed": timezone.now(),
        },
        kind="SKET",
        subject=subject,
        title=title,
        signed_by=signer.display_name if signer else "",
        seconds=CERTIFICATE_SECONDS + CERTIFICATE_SECONDS_PER_ROW * len(records),
    )


def export(year: int, skpd: Skpd | None = None) -> bytes:
    """The year's records, one row per attended session, for the whole regency or an SKPD;
    a second sheet with each pegawai's total."""
    rows = attended(year)
    if skpd is not None:
        rows = rows.filter(pegawai__skpd=skpd)
    records = [
        Record(attendance)
        for attendance in rows.order_by("pegawai__skpd__name", "pegawai__name", "session__start")
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Sesi")
    scope = skpd.name if skpd else _("Seluruh SKPD")
    spreadsheets.append_row(
        sheet,
        [
            _("Pengembangan kompetensi: Coaching Clinic SKP %(year)s — %(scope)s")
            % {"year": year, "scope": scope}
        ],
    )
    sheet["A1"].font = Font(bold=True)
    spreadsheets.append_row(sheet, [])
    header = [
        _("NIP"),
        _("Nama"),
        _("Jabatan"),
        _("SKPD"),
        _("Tanggal"),
        _("Kegiatan"),
        _("Menit"),
        _("JP"),
        _("Coach"),
    ]
    spreadsheets.append_row(sheet, header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    totals: dict[int, list] = {}
    for record in records:
        pegawai = record.attendance.pegawai
        spreadsheets.append_row(
            sheet,
            [
                pegawai.nip,
                pegawai.name,
                pegawai.jabatan,
                pegawai.skpd.name,
                date_format(timezone.localtime(record.session.start), "j F Y"),
                record.activity,
                record.minutes,
                record.jp,
                record.coaches,
            ],
        )
        total = totals.setdefault(pegawai.pk, [pegawai.nip, pegawai.name, pegawai.skpd.name, 0, 0])
        total[3] += 1
        total[4] += record.jp
    for letter, width in zip("ABCDEFGHI", (21, 30, 30, 30, 18, 45, 8, 6, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    summary = workbook.create_sheet(_("Jumlah per pegawai"))
    spreadsheets.append_row(summary, [_("NIP"), _("Nama"), _("SKPD"), _("Sesi"), _("JP")])
    for row in sorted(totals.values(), key=lambda row: (row[2], row[1])):
        spreadsheets.append_row(summary, row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
