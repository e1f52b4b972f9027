"""The dashboard's recap as an Excel workbook (openpyxl)."""

import datetime
import io

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from accounts.models import SkpdKind
from reports.dashboard import Dashboard

PERCENT = '0.0" %"'


def dashboard_workbook(board: Dashboard, rows: list[dict]) -> bytes:
    """One sheet of SKPD rows and their total, the same figures as the page; one sheet of
    the months."""
    filters = board.filters
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Rekap per SKPD")
    sheet.append([_("Monitoring SKP sesuai format PermenPANRB 6/2022 — Kabupaten Balangan")])
    sheet["A1"].font = Font(bold=True, size=12)
    kind = str(SkpdKind(filters.kind).label) if filters.kind else _("Semua jenis SKPD")
    sheet.append(
        [
            _("Tahun SKP %(year)s · %(kind)s · target %(target)s %% · dicetak %(today)s")
            % {
                "year": filters.year,
                "kind": kind,
                "target": board.target_percent,
                "today": date_format(timezone.localdate(), "j F Y"),
            }
        ]
    )
    sheet.append([])
    header = [
        _("No."),
        _("SKPD"),
        _("Jenis"),
        _("Pegawai aktif"),
        _("SKP sesuai format"),
        _("Capaian (%)"),
        _("Mencapai target"),
        _("Sesi di SKPD"),
        _("Sesi individual"),
        _("Permohonan menunggu"),
    ]
    sheet.append(header)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8F3EE")
        cell.alignment = Alignment(wrap_text=True, vertical="top")

    def reached(percent):
        if percent is None:
            return ""
        return _("Ya") if percent >= board.target_percent else _("Belum")

    for number, row in enumerate(rows, 1):
        sheet.append(
            [
                number,
                row["name"],
                str(SkpdKind(row["kind"]).label) if row["kind"] in SkpdKind.values else row["kind"],
                row["pegawai_count"],
                row["reviewed_count"],
                round(row["percent"], 1) if row["percent"] is not None else None,
                reached(row["percent"]),
                row["skpd_sessions"],
                row["individual_sessions"],
                row["waiting_requests"],
            ]
        )
        sheet.cell(sheet.max_row, 6).number_format = PERCENT
    totals = board.totals
    sheet.append(
        [
            "",
            _("Jumlah (%(count)s SKPD)") % {"count": totals["skpd"]},
            "",
            totals["pegawai"],
            totals["reviewed"],
            round(totals["percent"], 1) if totals["percent"] is not None else None,
            reached(totals["percent"]),
            totals["skpd_sessions"],
            totals["individual_sessions"],
            totals["waiting_requests"],
        ]
    )
    sheet.cell(sheet.max_row, 6).number_format = PERCENT
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column, width in enumerate([5, 48, 16, 12, 12, 11, 11, 10, 10, 12], 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 3)

    months = workbook.create_sheet(_("Per bulan"))
    months.append(
        [
            _("Bulan"),
            _("Sesi di SKPD"),
            _("Sesi individual"),
            _("SKP sesuai format (kumulatif)"),
            _("Capaian (%)"),
        ]
    )
    for cell in months[1]:
        cell.font = Font(bold=True)
    for month in board.months:
        percent = board.month_percent(month)
        months.append(
            [
                date_format(datetime.date(filters.year, month.number, 1), "F Y"),
                month.skpd_sessions,
                month.individual_sessions,
                month.reviewed_by_then,
                round(percent, 1) if percent is not None else None,
            ]
        )
        months.cell(months.max_row, 5).number_format = PERCENT
    for column, width in enumerate([18, 12, 14, 26, 12], 1):
        months.column_dimensions[get_column_letter(column)].width = width

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
