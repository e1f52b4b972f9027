"""The list of ASN whose SKP is not yet approved in e-Kinerja, as the Kasubag downloads it.
Every text goes through core.spreadsheets.append_row, so no cell becomes a formula."""

import io

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.models import Skpd
from accounts.nip import format_nip
from core.spreadsheets import append_row
from ekinerja.models import EkinerjaImport
from skp_drafts.models import SkpStatus


def gap_workbook(skpd: Skpd, year: int, source: EkinerjaImport, people) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Belum disetujui")
    append_row(
        sheet,
        [
            _("ASN %(skpd)s yang SKP %(year)s-nya belum disetujui di e-Kinerja")
            % {"skpd": skpd.name, "year": year}
        ],
    )
    sheet["A1"].font = Font(bold=True, size=12)
    append_row(sheet, [source_line(source)])
    append_row(sheet, [])
    header = [
        _("NIP"),
        _("Nama"),
        _("Jabatan"),
        _("Status di e-Kinerja"),
        _("Booking coaching"),
        _("Kehadiran coaching"),
        _("Draf SKP di portal"),
    ]
    append_row(sheet, header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for person in people:
        append_row(
            sheet,
            [
                format_nip(person.nip),
                person.name,
                person.jabatan,
                person.ekinerja_status or _("Tidak ada di ekspor"),
                person.booked,
                person.attended,
                str(SkpStatus(person.draft_status).label)
                if person.draft_status
                else _("Belum ada"),
            ],
        )
    for column, width in zip("ABCDEFG", (24, 36, 36, 22, 16, 18, 22), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def source_line(source: EkinerjaImport) -> str:
    """ "Sumber: impor e-Kinerja 3 Desember 2026" (the day it was applied)."""
    return _("Sumber: impor e-Kinerja %(date)s") % {
        "date": date_format(timezone.localtime(source.applied_at), "j F Y")
        if source.applied_at
        else "—"
    }
