"""Reading an e-Kinerja export: columns found by their header names through one table
(``COLUMNS``), every row checked, each given its outcome (shared/domain/ekinerja.md).

- Laporan SKP: a row whose ``is_plt_plh`` is set is an SKP held as acting official and does
  not count; of a NIP's other rows (a transfer during the year) the latest counts, by
  ``periode_akhir``, then ``created_at``, then its place in the file; the older ones are
  superseded. A NIP that no active pegawai has is unmatched.
- Laporan Penilaian SKP: every rating period's row is kept; its predikat is checked against
  the kuadran kinerja.

A row is refused, with its reason, when its NIP is not a NIP, a date is no date, its period
lies outside the import's year, its status is empty, or a rating is unknown.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from accounts.models import Pegawai
from accounts.nip import NipKind, is_digits, normalize_nip, parse_nip
from core.spreadsheets import SpreadsheetError, header_key, read_table
from ekinerja.kuadran import predikat_from_text, predikat_of, rating_from_text
from ekinerja.models import ReportKind, RowOutcome

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 40

# The mapping of header names to what they hold: the export's own names, and the variants
# people and other tools write (compared by core.spreadsheets.header_key: case, spaces,
# underscores and dots do not matter).
COLUMNS = {
    "skp id": "skp_id",
    "id skp": "skp_id",
    "nip": "nip",
    "nip pegawai": "nip",
    "nip baru": "nip",
    "nama": "name",
    "nama pegawai": "name",
    "nama lengkap": "name",
    "jabatan": "jabatan",
    "nama jabatan": "jabatan",
    "unit": "unit_kerja",
    "unit kerja": "unit_kerja",
    "jenis pegawai": "jenis_pegawai",
    "status pegawai": "jenis_pegawai",
    "skp status": "skp_status",
    "status skp": "skp_status",
    "status": "skp_status",
    "skp model": "skp_model",
    "skp unor": "skp_unor",
    "skp unor atasan": "skp_unor_atasan",
    "skp unor induk": "unit",
    "unor induk": "unit",
    "unit induk": "unit",
    "periode awal": "periode_awal",
    "tanggal awal": "periode_awal",
    "periode akhir": "periode_akhir",
    "tanggal akhir": "periode_akhir",
    "is plt plh": "is_plt_plh",
    "is skp plt plh pjb": "is_plt_plh",
    "plt plh": "is_plt_plh",
    "plt/plh": "is_plt_plh",
    "is plt/plh": "is_plt_plh",
    "created at": "created_at",
    "tanggal dibuat": "created_at",
    "dibuat pada": "created_at",
    "hasil kerja": "hasil_kerja",
    "rating hasil kerja": "hasil_kerja",
    "perilaku kerja": "perilaku_kerja",
    "rating perilaku kerja": "perilaku_kerja",
    "hasil akhir": "hasil_akhir",
    "predikat": "hasil_akhir",
    "predikat kinerja": "hasil_akhir",
    "pegawai atasan nip": "atasan_nip",
    "nip atasan": "atasan_nip",
    "pegawai atasan nama": "atasan_name",
    "nama atasan": "atasan_name",
    "waktu dinilai": "waktu_dinilai",
    "tanggal dinilai": "waktu_dinilai",
}
REQUIRED = {
    ReportKind.LAPORAN_SKP: {"nip": "nip", "skp_status": "skp_status"},
    ReportKind.PENILAIAN: {
        "nip": "nip",
        "hasil_kerja": "hasil_kerja",
        "perilaku_kerja": "perilaku_kerja",
        "hasil_akhir": "hasil_akhir",
    },
}
TRUE_TEXTS = {"1", "true", "ya", "y", "yes", "plt", "plh", "plt/plh"}
NUMBER_NIP = "#ANGKA"
TEXT_LIMITS = {"name": 200, "jabatan": 255, "unit": 255, "skp_id": 64, "atasan_name": 200}


class ExportFileError(SpreadsheetError):
    """The file as a whole cannot be read as this export; the message says why."""


@dataclass
class CheckedRow:
    line: int
    nip: str
    outcome: str = RowOutcome.MATCHED
    reasons: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    pegawai_id: int | None = None

    @property
    def reason(self) -> str:
        return " ".join(self.reasons)[:500]


def read_export(content: bytes, kind: str) -> list[dict]:
    """The export's rows as dicts of raw cells by column key, each with its line number."""
    if len(content) > MAX_BYTES:
        raise ExportFileError(_("Berkas lebih dari 20 MB."))
    try:
        table = read_table(content, max_rows=MAX_ROWS + 100, max_columns=MAX_COLUMNS)
    except SpreadsheetError as error:
        raise ExportFileError(str(error)) from error
    header_line, keys, rows = None, [], []
    for line, cells in table:
        if header_line is None:
            if not any(str(c).strip() for c in cells if c is not None):
                continue
            header_line = line
            keys = [COLUMNS.get(header_key(c)) for c in cells]
            missing = [name for key, name in REQUIRED[kind].items() if key not in keys]
            if missing:
                raise ExportFileError(
                    _("Kolom wajib tidak ditemukan di baris judul: %(columns)s.")
                    % {"columns": ", ".join(missing)}
                )
            continue
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        row = {"line": line}
        for key, value in zip(keys, cells, strict=False):
            if key and key not in row:
                row[key] = value
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise ExportFileError(_("Berkas berisi lebih dari 100.000 baris."))
    if header_line is None:
        raise ExportFileError(_("Berkas tidak berisi baris judul kolom."))
    if not rows:
        raise ExportFileError(_("Berkas hanya berisi judul kolom, tanpa baris data."))
    return rows


# Cells ------------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def status_key(value) -> str:
    """A status as the mapping table keys it: lower case, single spaces."""
    return " ".join(_text(value).replace("_", " ").lower().split())


def _date(value, label: str, reasons: list[str]) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    try:
        found = parse_date(text[:10])
        if found is None and len(text) >= 10 and text[2] in "/-" and text[5] in "/-":
            found = datetime.date(int(text[6:10]), int(text[3:5]), int(text[:2]))
    except ValueError:
        found = None
    if found is None:
        reasons.append(
            _("%(column)s “%(value)s” bukan tanggal.") % {"column": label, "value": text[:30]}
        )
    return found


def _moment(
    value, label: str, reasons: list[str], zone: datetime.tzinfo
) -> datetime.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        found = value
    else:
        text = _text(value)
        try:
            found = parse_datetime(text)
        except ValueError:
            found = None
        if found is None:
            day = _date(value, label, reasons)
            if day is None:
                return None
            found = datetime.datetime.combine(day, datetime.time())
    if timezone.is_naive(found):
        found = timezone.make_aware(found, zone)
    return found


def _nip(value, kind_text: str, reasons: list[str], today: datetime.date) -> str:
    if isinstance(value, float):
        # Excel keeps 15 significant digits: an 18-digit NIP typed as a number lost some.
        reasons.append(
            _(
                "NIP tersimpan sebagai angka di Excel dan kehilangan digit; format kolom "
                "NIP sebagai Teks."
            )
        )
        return NUMBER_NIP
    nip = normalize_nip(_text(value))
    kind = NipKind.PPPK if "pppk" in kind_text.lower() else NipKind.PNS
    try:
        parse_nip(nip, kind, today=today)
    except ValidationError as error:
        reasons.append(error.messages[0])
    return nip[:40]


# Checking ---------------------------------------------------------------------------------


def check_rows(rows: list[dict], *, kind: str, year: int) -> list[CheckedRow]:
    """Every row's outcome: refused (with its reasons), Plt/Plh, superseded, unmatched or
    matched to an active pegawai (one query for the pegawai)."""
    # Once, not per row: tens of thousands of NIPs are checked against the day, and their
    # moments made aware in the zone.
    today, zone = timezone.localdate(), timezone.get_current_timezone()
    checked = [_check_one(row, kind, year, today, zone) for row in rows]
    nips = {row.nip for row in checked if row.outcome != RowOutcome.REFUSED}
    # The active roster read whole: an export lists the regency's ASN, and an IN of some
    # 50,000 NIPs took about ten times as long as reading the 50,000 pegawai.
    active = Pegawai.objects.filter(is_active=True).values_list("nip", "pk")
    pegawai_of = {nip: pk for nip, pk in active if nip in nips}
    for row in checked:
        if row.outcome == RowOutcome.MATCHED:
            row.pegawai_id = pegawai_of.get(row.nip)
            if row.pegawai_id is None:
                row.outcome = RowOutcome.UNMATCHED
    if kind == ReportKind.LAPORAN_SKP:
        _keep_latest_per_nip(checked)
    return checked


def _check_one(
    row: dict, kind: str, year: int, today: datetime.date, zone: datetime.tzinfo
) -> CheckedRow:
    reasons: list[str] = []
    nip = _nip(row.get("nip"), _text(row.get("jenis_pegawai")), reasons, today)
    values = {key: _text(row.get(key))[:limit] for key, limit in TEXT_LIMITS.items()}
    if not values["unit"]:
        values["unit"] = _text(row.get("unit_kerja"))[:255]
    values["is_plt_plh"] = _text(row.get("is_plt_plh")).lower() in TRUE_TEXTS
    values["periode_awal"] = _date(row.get("periode_awal"), "periode_awal", reasons)
    values["periode_akhir"] = _date(row.get("periode_akhir"), "periode_akhir", reasons)
    values["source_created_at"] = _moment(row.get("created_at"), "created_at", reasons, zone)
    for day in (values["periode_awal"], values["periode_akhir"]):
        if day is not None and day.year != year:
            reasons.append(
                _("Periode SKP %(day)s di luar tahun %(year)s.")
                % {"day": day.isoformat(), "year": year}
            )
            break
    if kind == ReportKind.LAPORAN_SKP:
        values["status_text"] = _text(row.get("skp_status"))[:100]
        values["status_key"] = status_key(values["status_text"])
        if not values["status_key"]:
            reasons.append(_("skp_status kosong."))
    else:
        _check_rating(row, values, reasons, zone)
    check = CheckedRow(line=row["line"], nip=nip, reasons=reasons, values=values)
    if reasons:
        check.outcome = RowOutcome.REFUSED
    elif values["is_plt_plh"]:
        check.outcome = RowOutcome.PLT_PLH
    return check


def _check_rating(row: dict, values: dict, reasons: list[str], zone: datetime.tzinfo) -> None:
    for column in ("hasil_kerja", "perilaku_kerja"):
        rating = rating_from_text(row.get(column))
        if rating is None:
            reasons.append(
                _(
                    "%(column)s “%(value)s” bukan rating yang dikenal (Di Atas, Sesuai, "
                    "Di Bawah Ekspektasi)."
                )
                % {"column": column, "value": _text(row.get(column))[:40]}
            )
        values[column] = rating or ""
    predikat = predikat_from_text(row.get("hasil_akhir"))
    if predikat is None:
        reasons.append(
            _("hasil_akhir “%(value)s” bukan predikat kinerja yang dikenal.")
            % {"value": _text(row.get("hasil_akhir"))[:40]}
        )
    values["hasil_akhir"] = predikat or ""
    values["expected_predikat"] = (
        predikat_of(values["hasil_kerja"], values["perilaku_kerja"])
        if values["hasil_kerja"] and values["perilaku_kerja"]
        else ""
    )
    atasan = normalize_nip(_text(row.get("atasan_nip")))
    values["atasan_nip"] = atasan[:40] if is_digits(atasan) else ""
    values["waktu_dinilai"] = _moment(row.get("waktu_dinilai"), "waktu_dinilai", reasons, zone)


def _keep_latest_per_nip(checked: list[CheckedRow]) -> None:
    """Of a NIP's own (not Plt/Plh) rows, the latest counts; the others are superseded."""
    minimum = datetime.date.min
    moment_min = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    latest: dict[str, CheckedRow] = {}

    def order(row: CheckedRow):
        return (
            row.values["periode_akhir"] or minimum,
            row.values["source_created_at"] or moment_min,
            row.line,
        )

    for row in checked:
        if row.outcome not in (RowOutcome.MATCHED, RowOutcome.UNMATCHED):
            continue
        kept = latest.get(row.nip)
        if kept is None or order(row) > order(kept):
            if kept is not None:
                kept.outcome = RowOutcome.SUPERSEDED
                kept.reasons = [_("Baris %(line)d lebih baru.") % {"line": row.line}]
            latest[row.nip] = row
        else:
            row.outcome = RowOutcome.SUPERSEDED
            row.reasons = [_("Baris %(line)d lebih baru.") % {"line": kept.line}]
