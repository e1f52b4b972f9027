"""SKP in Excel: the template, the import and the export share one layout, so an exported
SKP can be edited in Excel and imported again.

Sheets: "Identitas" (label in column A, value in B), "Hasil Kerja" (one row per indicator;
a row with an empty "No" and "Rencana Hasil Kerja" continues the RHK above it, as merged
cells do), "Perilaku Kerja", "Lampiran" (one item per row in three columns), and a hidden
"Daftar" with the choices that the other sheets offer as drop-down lists.

The import checks every row and reports each bad one with its row number and the reason;
when any row is bad nothing is changed.
"""

import datetime
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.models import Pegawai
from accounts.nip import normalize_nip
from core import spreadsheets
from skp_drafts.berakhlak import CoreValue
from skp_drafts.checker import same_words
from skp_drafts.content import (
    LAMPIRAN_MAX,
    MAX_INDICATORS,
    MAX_RHKS,
    PANGKAT_MAX,
    TARGET_MAX,
    TEXT_MAX,
    IndicatorContent,
    RhkContent,
    SkpContent,
    SkpError,
    content_of,
)
from skp_drafts.document import Document
from skp_drafts.models import LAMPIRAN_FIELDS, Approach, Aspect, Perspective, RhkKind, Skp

# What it unpacks to is bounded by the one spreadsheet reader (core/spreadsheets.py).
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000

SHEET_IDENTITY = "Identitas"
SHEET_RESULTS = "Hasil Kerja"
SHEET_BEHAVIOURS = "Perilaku Kerja"
SHEET_LAMPIRAN = "Lampiran"
SHEET_LISTS = "Daftar"

# Sheet and column names stay Indonesian in every language: they are what the import finds
# its columns by (in any order), and the office's own Excel drafts use them.
COL_ID = "ID"
COL_NO = "No"
COL_KIND = "Jenis"
COL_PARENT = "RHK Pimpinan yang Diintervensi"
COL_TEXT = "Rencana Hasil Kerja"
COL_PERSPECTIVE = "Perspektif"
COL_ASPECT = "Aspek"
COL_INDICATOR = "Indikator Kinerja Individu"
COL_TARGET = "Target"

IDENTITY_ROWS = [
    ("year", "Tahun"),
    ("pegawai", "Pegawai yang dinilai"),
    ("period_start", "Awal periode"),
    ("period_end", "Akhir periode"),
    ("approach", "Pendekatan"),
    ("pangkat", "Pangkat/golongan ruang"),
    ("pejabat_penilai", "NIP pejabat penilai kinerja"),
    ("penilai_pangkat", "Pangkat/golongan pejabat penilai"),
    ("atasan_penilai", "NIP atasan pejabat penilai"),
    ("atasan_penilai_pangkat", "Pangkat/golongan atasan pejabat penilai"),
]
LAMPIRAN_HEADERS = {
    "dukungan_sumber_daya": "Dukungan Sumber Daya",
    "skema_pertanggungjawaban": "Skema Pertanggungjawaban",
    "konsekuensi": "Konsekuensi",
}
MONTHS = {
    "januari": 1, "februari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "agustus": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
}  # fmt: skip

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")


def result_columns(skp: Skp) -> list[str]:
    """The columns of "Hasil Kerja" as people fill them (the hidden ID comes after)."""
    if skp.is_jpt:
        return [COL_NO, COL_KIND, COL_TEXT, COL_PERSPECTIVE, COL_INDICATOR, COL_TARGET]
    return [COL_NO, COL_KIND, COL_PARENT, COL_TEXT, COL_ASPECT, COL_INDICATOR, COL_TARGET]


# Writing -----------------------------------------------------------------------------------


def export_skp(document: Document, *, blank: bool = False) -> bytes:
    """The SKP as a workbook to edit and import again; ``blank`` leaves the RHK, behaviour
    expectations and attachment empty (the template of this SKP)."""
    skp = document.skp
    workbook = Workbook()
    guide = workbook.active
    guide.title = "Petunjuk"
    for line in _instructions(skp):
        spreadsheets.append_row(guide, [line])
    guide.column_dimensions["A"].width = 110

    lists = workbook.create_sheet(SHEET_LISTS)
    lists.sheet_state = "hidden"
    choice_lists = [
        [str(kind.label) for kind in RhkKind],
        [str(aspect.label) for aspect in Aspect],
        [str(perspective.label) for perspective in Perspective],
        [rhk.text[:250] for rhk in document.superior_rhks],
        [str(approach.label) for approach in Approach],
    ]
    for column, values in enumerate(choice_lists, start=1):
        for row, value in enumerate(values, start=1):
            lists.cell(row=row, column=column, value=value).data_type = "s"

    def choices(column: int) -> str:
        letter = get_column_letter(column)
        return f"={SHEET_LISTS}!${letter}$1:${letter}${max(len(choice_lists[column - 1]), 1)}"

    identity = workbook.create_sheet(SHEET_IDENTITY, 1)
    values = _identity_values(skp)
    for key, label in IDENTITY_ROWS:
        spreadsheets.append_row(identity, [label, values[key]])
        cell = identity.cell(row=identity.max_row, column=2)
        if isinstance(values[key], datetime.date):
            cell.number_format = "DD/MM/YYYY"
        elif key in ("pejabat_penilai", "atasan_penilai"):
            cell.number_format = "@"
    identity.column_dimensions["A"].width = 40
    identity.column_dimensions["B"].width = 60
    approach_list = DataValidation(type="list", formula1=choices(5), allow_blank=False)
    identity.add_data_validation(approach_list)
    approach_list.add("B5")

    results = workbook.create_sheet(SHEET_RESULTS, 2)
    columns = result_columns(skp)
    results.append([*columns, COL_ID])
    # The RHK's id, hidden: an import of this file finds each RHK again even when its text
    # was edited, so that its comments, history and the RHK that intervene it follow it.
    results.column_dimensions[get_column_letter(len(columns) + 1)].hidden = True
    for cell in results[1]:
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP
    results.freeze_panes = "A2"
    widths = {COL_NO: 6, COL_KIND: 12, COL_PARENT: 45, COL_TEXT: 45, COL_PERSPECTIVE: 20,
              COL_ASPECT: 12, COL_INDICATOR: 45, COL_TARGET: 16}  # fmt: skip
    for position, name in enumerate(columns, start=1):
        results.column_dimensions[get_column_letter(position)].width = widths[name]
    if not blank:
        for rhk in document.rhks:
            for index, indicator in enumerate(rhk.indicator_list or [None]):
                first = index == 0
                row = {
                    COL_NO: rhk.number if first else None,
                    COL_KIND: str(RhkKind(rhk.kind).label) if first else None,
                    COL_PARENT: (rhk.parent.text if rhk.parent_id else rhk.parent_text)
                    if first
                    else None,
                    COL_TEXT: rhk.text if first else None,
                    COL_PERSPECTIVE: rhk.get_perspective_display() if first else None,
                    COL_ASPECT: indicator.get_aspect_display() if indicator else None,
                    COL_INDICATOR: indicator.text if indicator else None,
                    COL_TARGET: indicator.target if indicator else None,
                }
                spreadsheets.append_row(
                    results,
                    [*(row[name] or None for name in columns), rhk.pk if first else None],
                )
                for cell in results[results.max_row]:
                    cell.alignment = WRAP
    last = max(results.max_row, 200)
    for name, list_column in ((COL_KIND, 1), (COL_ASPECT, 2), (COL_PERSPECTIVE, 3)):
        if name in columns:
            _validate(results, columns.index(name) + 1, last, choices(list_column))
    if COL_PARENT in columns and document.superior_rhks:
        _validate(results, columns.index(COL_PARENT) + 1, last, choices(4), strict=False)

    behaviours = workbook.create_sheet(SHEET_BEHAVIOURS, 3)
    behaviours.append(["No", "Perilaku Kerja", "Ekspektasi Khusus Pimpinan"])
    for cell in behaviours[1]:
        cell.font, cell.fill = BOLD, HEADER_FILL
    expectations = {b.value: b.expectation for b in document.behaviours}
    for number, value in enumerate(CoreValue, start=1):
        spreadsheets.append_row(
            behaviours,
            [number, str(value.label), "" if blank else expectations.get(value, "")],
        )
    behaviours.column_dimensions["B"].width = 28
    behaviours.column_dimensions["C"].width = 80

    lampiran = workbook.create_sheet(SHEET_LAMPIRAN, 4)
    lampiran.append(list(LAMPIRAN_HEADERS.values()))
    for cell in lampiran[1]:
        cell.font, cell.fill = BOLD, HEADER_FILL
    if not blank:
        items = [skp.lampiran_lists()[i][1] for i in range(len(LAMPIRAN_FIELDS))]
        for row in range(max((len(column) for column in items), default=0)):
            spreadsheets.append_row(
                lampiran, [column[row] if row < len(column) else None for column in items]
            )
    for letter in "ABC":
        lampiran.column_dimensions[letter].width = 50

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _validate(sheet, column: int, last_row: int, formula: str, *, strict: bool = True) -> None:
    validation = DataValidation(type="list", formula1=formula, allow_blank=True)
    # The intervened RHK may also be typed when the superior's SKP is not in the portal.
    validation.showErrorMessage = strict
    sheet.add_data_validation(validation)
    letter = get_column_letter(column)
    validation.add(f"{letter}2:{letter}{last_row}")


def _identity_values(skp: Skp) -> dict:
    return {
        "year": skp.year,
        "pegawai": f"{skp.pegawai.name} ({skp.pegawai.nip_display})"
        if skp.pegawai_id
        else skp.example_title,
        "period_start": skp.period_start,
        "period_end": skp.period_end,
        "approach": str(Approach(skp.approach).label),
        "pangkat": skp.pangkat,
        "pejabat_penilai": skp.pejabat_penilai.nip if skp.pejabat_penilai else "",
        "penilai_pangkat": skp.penilai_pangkat,
        "atasan_penilai": skp.atasan_penilai.nip if skp.atasan_penilai else "",
        "atasan_penilai_pangkat": skp.atasan_penilai_pangkat,
    }


def _instructions(skp: Skp) -> list[str]:
    return [
        _("Templat SKP %(year)s — Coaching Clinic SKP BKPSDM Kabupaten Balangan")
        % {"year": skp.year},
        "",
        _("1. Isi lembar “Identitas”, “Hasil Kerja”, “Perilaku Kerja” dan “Lampiran”."),
        _(
            "2. Hasil Kerja: satu baris untuk satu indikator. Untuk RHK dengan beberapa "
            "indikator, kosongkan kolom No dan Rencana Hasil Kerja pada baris berikutnya."
        ),
        _("3. Pilih Jenis (Utama/Tambahan), Aspek dan Perspektif dari daftar pilihan."),
        _(
            "4. RHK Pimpinan yang Diintervensi dipilih dari daftar RHK atasan langsung; bila "
            "SKP atasan belum ada di portal, tuliskan RHK atasan tersebut."
        ),
        _("5. Target ditulis dengan angka dan satuannya, misalnya 12 dokumen atau 100 %."),
        _(
            "6. Unggah berkas di halaman SKP: isi SKP di portal diganti isi berkas, dan versi "
            "sebelumnya tetap tersimpan di riwayat versi."
        ),
    ]


# Reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    reason: str

    def __str__(self):
        if self.row is None:
            return f"{self.sheet}: {self.reason}"
        return _("%(sheet)s, baris %(row)d: %(reason)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "reason": self.reason,
        }


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


def _key(value) -> str:
    return " ".join(_text(value).casefold().split())


def _open(uploaded):
    if uploaded.size > MAX_BYTES:
        raise SkpError(_("Berkas lebih dari 5 MB."))
    uploaded.seek(0)
    content = uploaded.read(MAX_BYTES + 1)
    if not spreadsheets.is_workbook(content):
        raise SkpError(_("Berkas bukan Excel (.xlsx). Simpan sebagai .xlsx lalu unggah lagi."))
    try:
        return spreadsheets.open_workbook(content)
    except spreadsheets.SpreadsheetError as error:
        raise SkpError(str(error)) from error


# The widest sheet of the layout, with room for a column or two typed beside it; cells far
# to the right (a stray value in column XFD) are not read.
MAX_COLUMNS = 12


def _rows(workbook, name: str) -> list[tuple[int, list]]:
    try:
        return spreadsheets.read_sheet(workbook, name, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
    except spreadsheets.SpreadsheetError as error:
        raise SkpError(
            _("Lembar “%(sheet)s”: %(error)s") % {"sheet": name, "error": error}
        ) from error


def read_skp(uploaded, document: Document) -> tuple[SkpContent, list[Problem]]:
    """The SKP content of an uploaded workbook and the problems of its rows. Sheets other
    than "Hasil Kerja" may be left out: their part of the SKP then stays as it is."""
    workbook = _open(uploaded)
    try:
        if SHEET_RESULTS not in workbook.sheetnames:
            raise SkpError(
                _("Lembar “%(sheet)s” tidak ditemukan. Gunakan templat dari portal.")
                % {"sheet": SHEET_RESULTS}
            )
        content = content_of(document)
        problems: list[Problem] = []
        _read_identity(_rows(workbook, SHEET_IDENTITY), document, content, problems)
        content.rhks = _read_results(_rows(workbook, SHEET_RESULTS), document, problems)
        _read_behaviours(_rows(workbook, SHEET_BEHAVIOURS), content, problems)
        _read_lampiran(_rows(workbook, SHEET_LAMPIRAN), content, problems)
    except spreadsheets.UNREADABLE as error:
        raise SkpError(_("Berkas Excel tidak dapat dibaca atau rusak.")) from error
    finally:
        workbook.close()
    return content, problems


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _key(value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    parts = text.split()
    if len(parts) == 3 and parts[1] in MONTHS and parts[0].isdigit() and parts[2].isdigit():
        try:
            return datetime.date(int(parts[2]), MONTHS[parts[1]], int(parts[0]))
        except ValueError:
            return None
    return None


def _read_identity(rows, document: Document, content: SkpContent, problems) -> None:
    labels = {_key(label): key for key, label in IDENTITY_ROWS}
    for number, values in rows:
        key = labels.get(_key(values[0] if values else ""))
        value = values[1] if len(values) > 1 else None
        if key in ("period_start", "period_end"):
            day = _date(value)
            if day is None:
                problems.append(
                    Problem(
                        SHEET_IDENTITY,
                        number,
                        _("tanggal tidak dapat dibaca (contoh: 01/01/2026)."),
                    )
                )
            else:
                setattr(content, key, day)
        elif key == "approach":
            approach = {_key(a.label): a.value for a in Approach}.get(_key(value))
            if approach is None:
                problems.append(
                    Problem(
                        SHEET_IDENTITY, number, _("pendekatan harus Kuantitatif atau Kualitatif.")
                    )
                )
            else:
                content.approach = approach
        elif key in ("pangkat", "penilai_pangkat", "atasan_penilai_pangkat"):
            if not document.skp.is_example:
                text = _text(value)
                if len(text) > PANGKAT_MAX:
                    problems.append(
                        Problem(
                            SHEET_IDENTITY,
                            number,
                            _("paling banyak %(max)d huruf.") % {"max": PANGKAT_MAX},
                        )
                    )
                else:
                    setattr(content, key, text)
        elif key in ("pejabat_penilai", "atasan_penilai") and not document.skp.is_example:
            nip = normalize_nip(_text(value))
            if not nip:
                setattr(content, f"{key}_id", None)
                continue
            pegawai = Pegawai.objects.filter(nip=nip, is_active=True).only("pk").first()
            if pegawai is None:
                problems.append(
                    Problem(
                        SHEET_IDENTITY,
                        number,
                        _("NIP %(nip)s tidak ditemukan di data pegawai aktif.") % {"nip": nip},
                    )
                )
            else:
                setattr(content, f"{key}_id", pegawai.pk)
    if content.period_end < content.period_start:
        problems.append(
            Problem(SHEET_IDENTITY, None, _("akhir periode tidak boleh sebelum awal periode."))
        )


def _choice(value, choices) -> str | None:
    """The stored value of a choice typed as its label (or its value); "" when empty."""
    key = _key(value)
    if not key:
        return ""
    for choice in choices:
        if key in (_key(choice.label), choice.value):
            return choice.value
    return None


def _read_results(rows, document: Document, problems) -> list[RhkContent]:
    skp = document.skp
    if not rows:
        problems.append(Problem(SHEET_RESULTS, None, _("lembar ini kosong.")))
        return []
    header_number, header = rows[0]
    positions = {_key(name): index for index, name in enumerate(header) if _key(name)}
    expected = result_columns(skp)
    missing = [name for name in expected if _key(name) not in positions]
    if missing:
        problems.append(
            Problem(
                SHEET_RESULTS,
                header_number,
                _("kolom tidak ditemukan: %(columns)s. Gunakan templat SKP ini dari portal.")
                % {"columns": ", ".join(missing)},
            )
        )
        return []

    def cell(values, name) -> str:
        index = positions.get(_key(name))
        return _text(values[index]) if index is not None and index < len(values) else ""

    unmatched = list(document.rhks)
    rhks: list[RhkContent] = []
    current: RhkContent | None = None
    current_no = ""
    for number, values in rows[1:]:
        no, text = cell(values, COL_NO), cell(values, COL_TEXT)
        indicator_text, target = cell(values, COL_INDICATOR), cell(values, COL_TARGET)
        row_cells = [cell(values, name) for name in expected]
        if not any(row_cells):
            continue
        reasons: list[str] = []
        # A row with an RHK's text starts that RHK, unless it repeats the text of the RHK
        # above (some type it on every row of its indicators instead of merging the cells).
        repeats = current is not None and text == current.text and no in ("", current_no)
        starts = bool(text) and not repeats
        if not text and no and no != current_no:
            reasons.append(_("nomor RHK tanpa rencana hasil kerja."))
        if starts:
            kind = _choice(cell(values, COL_KIND), RhkKind)
            if kind is None:
                reasons.append(_("jenis harus Utama atau Tambahan."))
            if len(text) > TEXT_MAX:
                reasons.append(
                    _("rencana hasil kerja lebih dari %(max)d huruf.") % {"max": TEXT_MAX}
                )
            parent_id, parent_text = None, ""
            if not skp.is_jpt:
                parent_id, parent_text = _parent_of(cell(values, COL_PARENT), document, reasons)
            perspective = ""
            if skp.is_jpt:
                perspective = _choice(cell(values, COL_PERSPECTIVE), Perspective)
                if perspective is None:
                    reasons.append(
                        _(
                            "perspektif harus Penerima Layanan, Proses Bisnis, Penguatan "
                            "Internal atau Anggaran."
                        )
                    )
            current = RhkContent(
                id=_matching_id(unmatched, text, cell(values, COL_ID)),
                kind=kind or RhkKind.UTAMA,
                text=text,
                parent_id=parent_id,
                parent_text=parent_text,
                perspective=perspective or "",
            )
            current_no = no
            rhks.append(current)
        elif current is None:
            reasons.append(_("indikator tanpa rencana hasil kerja di atasnya."))
        if indicator_text or target or (not starts and current is not None):
            aspect = "" if skp.is_jpt else _choice(cell(values, COL_ASPECT), Aspect)
            if aspect is None:
                reasons.append(_("aspek harus Kuantitas, Kualitas, Waktu atau Biaya."))
            if not indicator_text:
                reasons.append(_("indikator kinerja individu kosong."))
            if len(indicator_text) > TEXT_MAX:
                reasons.append(_("indikator lebih dari %(max)d huruf.") % {"max": TEXT_MAX})
            if len(target) > TARGET_MAX:
                reasons.append(_("target lebih dari %(max)d huruf.") % {"max": TARGET_MAX})
            if current is not None and indicator_text:
                current.indicators.append(
                    IndicatorContent(
                        id=None, text=indicator_text, target=target, aspect=aspect or ""
                    )
                )
                if len(current.indicators) > MAX_INDICATORS:
                    reasons.append(
                        _("satu RHK paling banyak %(max)d indikator.") % {"max": MAX_INDICATORS}
                    )
        problems += [Problem(SHEET_RESULTS, number, reason) for reason in reasons]
    if len(rhks) > MAX_RHKS:
        problems.append(
            Problem(SHEET_RESULTS, None, _("paling banyak %(max)d RHK.") % {"max": MAX_RHKS})
        )
    _match_indicators(document, rhks)
    return rhks


def _parent_of(text: str, document: Document, reasons: list[str]) -> tuple[int | None, str]:
    if not text:
        return None, ""
    if len(text) > TEXT_MAX:
        reasons.append(_("RHK pimpinan lebih dari %(max)d huruf.") % {"max": TEXT_MAX})
        return None, ""
    if document.skp.is_example or document.superior_skp is None:
        return None, text
    for rhk in document.superior_rhks:
        # The drop-down list offers the first 250 letters of each superior RHK.
        if same_words(rhk.text, text) or same_words(rhk.text[:250], text):
            return rhk.pk, ""
    reasons.append(
        _("RHK pimpinan “%(text)s” tidak ada di SKP %(year)s atasan langsung; pilih dari daftar.")
        % {"text": text[:80], "year": document.skp.year}
    )
    return None, ""


def _matching_id(unmatched: list, text: str, row_id: str = "") -> int | None:
    """The id of the SKP's RHK that this row is (each used once): the one the export's
    hidden ID names, else the one with the same words. So comments, the version history
    and the RHK that intervene it follow an RHK through an export and an import."""
    for rhk in unmatched:
        if row_id and str(rhk.pk) == row_id:
            unmatched.remove(rhk)
            return rhk.pk
    for rhk in unmatched:
        if same_words(rhk.text, text):
            unmatched.remove(rhk)
            return rhk.pk
    return None


def _match_indicators(document: Document, rhks: list[RhkContent]) -> None:
    """The indicators of a matched RHK keep their ids where their words are the same."""
    existing = {rhk.pk: rhk for rhk in document.rhks}
    for rhk in rhks:
        if rhk.id is None:
            continue
        unmatched = list(existing[rhk.id].indicator_list)
        for indicator in rhk.indicators:
            indicator.id = _matching_id(unmatched, indicator.text)


def _read_behaviours(rows, content: SkpContent, problems) -> None:
    labels = {_key(value.label): value.value for value in CoreValue}
    seen: set[str] = set()
    for number, values in rows[1:]:
        name = _key(values[1] if len(values) > 1 else "")
        expectation = _text(values[2] if len(values) > 2 else "")
        if not name and not expectation:
            continue
        value = labels.get(name)
        if value is None:
            problems.append(
                Problem(SHEET_BEHAVIOURS, number, _("bukan salah satu dari tujuh nilai BerAKHLAK."))
            )
        elif value in seen:
            problems.append(Problem(SHEET_BEHAVIOURS, number, _("nilai ini tertulis dua kali.")))
        elif len(expectation) > TEXT_MAX:
            problems.append(
                Problem(
                    SHEET_BEHAVIOURS,
                    number,
                    _("ekspektasi lebih dari %(max)d huruf.") % {"max": TEXT_MAX},
                )
            )
        else:
            seen.add(value)
            content.expectations[value] = expectation


def _read_lampiran(rows, content: SkpContent, problems) -> None:
    if not rows:
        return
    items: dict[str, list[str]] = {name: [] for name in LAMPIRAN_FIELDS}
    header = [_key(value) for value in rows[0][1]]
    columns = {
        name: header.index(_key(label))
        for name, label in LAMPIRAN_HEADERS.items()
        if _key(label) in header
    }
    for _number, values in rows[1:]:
        for name, index in columns.items():
            text = _text(values[index]) if index < len(values) else ""
            if text:
                items[name].append(text)
    for name in columns:
        text = "\n".join(items[name])
        if len(text) > LAMPIRAN_MAX:
            problems.append(
                Problem(
                    SHEET_LAMPIRAN,
                    None,
                    _("daftar “%(list)s” lebih dari %(max)d huruf.")
                    % {"list": LAMPIRAN_HEADERS[name], "max": LAMPIRAN_MAX},
                )
            )
        else:
            setattr(content, name, text)


def follow_up_workbook(skpd, year: int, people: list) -> bytes:
    """The SKPD's pegawai without an SKP of ``year`` in format, with their superior."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Belum sesuai format")
    spreadsheets.append_row(
        sheet,
        [
            _("SKP %(year)s belum ada atau belum sesuai format — %(skpd)s")
            % {"year": year, "skpd": skpd.name}
        ],
    )
    sheet["A1"].font = Font(bold=True)
    spreadsheets.append_row(sheet, [])
    spreadsheets.append_row(
        sheet,
        [_("NIP"), _("Nama"), _("Jabatan"), _("Jenjang"), _("Status SKP"), _("Atasan langsung")],
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for person in people:
        spreadsheets.append_row(
            sheet,
            [
                person.nip,
                person.name,
                person.jabatan,
                person.get_jenjang_display(),
                str(person.skp_choice.label) if person.skp_choice else _("Belum ada SKP"),
                person.atasan.name if person.atasan else "",
            ],
        )
    for letter, width in zip("ABCDEF", (21, 32, 36, 18, 24, 32), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
