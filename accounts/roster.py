"""The roster import: the regency's personnel export (CSV or Excel) read, checked row by row,
previewed, then applied in one transaction — all rows or none.

Columns (header names as the personnel records export them; case and spacing are free):
NIP, Nama, Jabatan, Jenjang, Unit Kerja, NIP Atasan, Email, No HP, and optionally Status
(PNS / PPPK). A row without a Status keeps the kind stored for its NIP, or is PNS when the NIP
is new; each NIP is checked by the rules of that kind only.
"""

import io
import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import (
    JENJANG_RANK,
    ImportStatus,
    Jenjang,
    Pegawai,
    RosterImport,
    Skpd,
    User,
)
from accounts.nip import NipKind, format_nip, is_digits, normalize_nip, parse_nip
from accounts.user_cache import forget_all_users
from core.history import fit_reason, stamp
from core.spreadsheets import SpreadsheetError, header_key, read_table

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
# The export's columns with room for a few more; cells farther right are not read.
MAX_COLUMNS = 40
SHOWN_ROWS = 200  # rows of each kind listed in the preview
ROSTER_IMPORT_LOCK = 720_001  # PostgreSQL advisory lock key of the roster import

HEADERS = {
    "nip": "nip",
    "nama": "name",
    "nama lengkap": "name",
    "nama dengan gelar": "name",
    "nama lengkap dengan gelar": "name",
    "jabatan": "jabatan",
    "nama jabatan": "jabatan",
    "jenjang": "jenjang",
    "jenjang jabatan": "jenjang",
    "unit kerja": "unit",
    "skpd": "unit",
    "opd": "unit",
    "nip atasan": "atasan",
    "nip atasan langsung": "atasan",
    "email": "email",
    "e-mail": "email",
    "surel": "email",
    "no hp": "phone",
    "nomor hp": "phone",
    "hp": "phone",
    "telepon": "phone",
    "whatsapp": "phone",
    "nomor hp/whatsapp": "phone",
    "status": "kind",
    "status kepegawaian": "kind",
    "status pegawai": "kind",
    "jenis pegawai": "kind",
}
REQUIRED = {
    "nip": "NIP",
    "name": "Nama",
    "jabatan": "Jabatan",
    "jenjang": "Jenjang",
    "unit": "Unit Kerja",
}
TEMPLATE_HEADER = [
    "NIP",
    "Nama",
    "Jabatan",
    "Jenjang",
    "Unit Kerja",
    "NIP Atasan",
    "Email",
    "No HP",
    "Status",
]
PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{7,18}$")  # at most 20 characters
KINDS = {"pns": NipKind.PNS, "pppk": NipKind.PPPK}
# The PNS rules a NI PPPK usually breaks: its digits 13-14 are no month, its sequence may be 000.
PNS_ONLY_CODES = {"tmt", "tmt_future", "tmt_too_young", "sequence"}


class RosterFileError(SpreadsheetError):
    """The file as a whole cannot be read; the message says why, in Indonesian."""


@dataclass
class RowCheck:
    line: int
    nip: str
    name: str
    outcome: str = ""  # new / changed / unchanged / error
    errors: list[str] = field(default_factory=list)
    changes: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class RosterCheck:
    rows: list[RowCheck]
    wanted: dict[str, dict] = field(default_factory=dict)  # NIP -> the row's checked values

    def of(self, outcome: str) -> list[RowCheck]:
        return [row for row in self.rows if row.outcome == outcome]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(["new", "changed", "unchanged", "error"], 0)
        for row in self.rows:
            counts[row.outcome] += 1
        return counts

    def as_summary(self) -> dict:
        """What the preview page shows, kept with the import."""
        return {
            "counts": self.counts(),
            "errors": [
                {"line": r.line, "nip": r.nip, "name": r.name, "errors": r.errors}
                for r in self.of("error")
            ],
            "changed": [
                {"line": r.line, "nip": r.nip, "name": r.name, "changes": r.changes}
                for r in self.of("changed")[:SHOWN_ROWS]
            ],
            "new": [
                {"line": r.line, "nip": r.nip, "name": r.name} for r in self.of("new")[:SHOWN_ROWS]
            ],
        }


# Reading ----------------------------------------------------------------------------------


def read_roster(uploaded) -> list[dict]:
    """The file's rows as dicts of text, each with its line number in the file."""
    content = uploaded.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise RosterFileError(_("Berkas lebih dari 10 MB. Pecah menjadi beberapa berkas."))
    try:
        # Room for the title row and blank lines around the data rows.
        table = read_table(content, max_rows=MAX_ROWS + 100, max_columns=MAX_COLUMNS)
    except SpreadsheetError as error:
        raise RosterFileError(str(error)) from error
    return _rows_of(table)


def _rows_of(table) -> list[dict]:
    header_line, keys = None, []
    rows = []
    for line, values in table:
        cells = ["" if v is None else v for v in values]
        if header_line is None:
            if not any(str(c).strip() for c in cells):
                continue
            header_line = line
            keys = [HEADERS.get(header_key(c)) for c in cells]
            missing = [label for key, label in REQUIRED.items() if key not in keys]
            if missing:
                raise RosterFileError(
                    _("Kolom wajib tidak ditemukan di baris judul: %(columns)s.")
                    % {"columns": ", ".join(missing)}
                )
            continue
        if not any(str(c).strip() for c in cells):
            continue
        row = {"line": line}
        for key, value in zip(keys, cells, strict=False):
            if key and key not in row:
                row[key] = _cell_text(key, value)
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise RosterFileError(_("Berkas berisi lebih dari 100.000 baris."))
    if header_line is None:
        raise RosterFileError(_("Berkas tidak berisi baris judul kolom."))
    if not rows:
        raise RosterFileError(_("Berkas hanya berisi judul kolom, tanpa baris data pegawai."))
    return rows


def _cell_text(key: str, value) -> str:
    if isinstance(value, float) and key in ("nip", "atasan"):
        # Excel keeps 15 significant digits: an 18-digit NIP typed as a number has lost its
        # last digits already. Marked so the check reports it on its row.
        return "#ANGKA"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# Checking ---------------------------------------------------------------------------------


def _jenjang_of(text: str) -> str | None:
    key = " ".join(text.replace("_", " ").lower().split())
    for value, label in Jenjang.choices:
        if key in (value.replace("_", " "), str(label).lower()):
            return value
    return None


def check_rows(rows: list[dict]) -> RosterCheck:
    """Each row's outcome against the database as it is now: new, changed (with what
    changes), unchanged, or refused with its reasons."""
    skpd_by_key = {}
    for skpd in Skpd.objects.filter(is_active=True).only("pk", "name", "short_name"):
        skpd_by_key[skpd.name.lower()] = skpd
        skpd_by_key[skpd.short_name.lower()] = skpd

    nips = {normalize_nip(row.get("nip", "")) for row in rows}
    nips |= {normalize_nip(row.get("atasan", "")) for row in rows if row.get("atasan")}
    existing = {
        p.nip: p
        for p in Pegawai.objects.filter(nip__in=nips).select_related("skpd", "atasan", "user")
    }
    checks, wanted, first_line = [], {}, {}
    for row in rows:
        current = existing.get(normalize_nip(row.get("nip", "")))
        check, data = _check_one(row, skpd_by_key, first_line, current)
        checks.append(check)
        if not check.errors:
            wanted[check.nip] = data

    _check_superiors(checks, wanted, existing)
    _check_emails(checks, wanted)
    for check in checks:
        if check.errors:
            check.outcome = "error"
            continue
        current = existing.get(check.nip)
        if current is not None and not current.is_active:
            check.errors.append(
                _(
                    "Pegawai ini sudah dinonaktifkan (pensiun atau berhenti). Hapus barisnya, "
                    "atau minta admin mengaktifkannya kembali bila ia memang bekerja lagi."
                )
            )
            check.outcome = "error"
        elif current is None:
            check.outcome = "new"
        else:
            check.changes = _changes(current, wanted[check.nip])
            check.outcome = "changed" if check.changes else "unchanged"
    return RosterCheck(checks, wanted)


def _check_one(
    row: dict, skpd_by_key: dict, first_line: dict, current: Pegawai | None
) -> tuple[RowCheck, dict]:
    nip = normalize_nip(row.get("nip", ""))
    check = RowCheck(line=row["line"], nip=nip, name=row.get("name", ""))
    errors = check.errors
    data = {}

    kind_text = row.get("kind", "").strip()
    if row.get("nip") == "#ANGKA":
        errors.append(
            _(
                "NIP tersimpan sebagai angka di Excel dan kehilangan digit; format kolom NIP "
                "sebagai Teks."
            )
        )
    elif kind_text and kind_text.lower() not in KINDS:
        errors.append(
            _("Status kepegawaian “%(value)s” tidak dikenal; isi PNS atau PPPK.")
            % {"value": kind_text[:40]}
        )
    else:
        stored_kind = current.kind if current is not None else None
        data["kind"] = KINDS.get(kind_text.lower()) or stored_kind or NipKind.PNS
        try:
            parse_nip(nip, data["kind"])
        except ValidationError as error:
            message = error.messages[0]
            if not kind_text and not stored_kind and error.code in PNS_ONLY_CODES:
                # Checked as PNS only because nothing said otherwise.
                hint = _("Bila pegawai ini PPPK, tulis PPPK di kolom Status.")
                message = f"{message} {hint}"
            errors.append(message)
    if nip in first_line:
        errors.append(_("NIP sama dengan baris %(line)d.") % {"line": first_line[nip]})
    else:
        first_line[nip] = check.line

    for key, label, limit in (("name", _("Nama"), 200), ("jabatan", _("Jabatan"), 255)):
        value = " ".join(row.get(key, "").split())
        if not value:
            errors.append(_("%(column)s wajib diisi.") % {"column": label})
        elif len(value) > limit:
            errors.append(
                _("%(column)s lebih dari %(limit)d karakter.") % {"column": label, "limit": limit}
            )
        data[key] = value

    data["jenjang"] = _jenjang_of(row.get("jenjang", ""))
    if data["jenjang"] is None:
        errors.append(
            _("Jenjang “%(value)s” tidak dikenal; pilih salah satu: %(choices)s.")
            % {
                "value": row.get("jenjang", ""),
                "choices": ", ".join(str(label) for _v, label in Jenjang.choices),
            }
        )
    unit = row.get("unit", "").strip()
    data["skpd"] = skpd_by_key.get(unit.lower())
    if data["skpd"] is None:
        errors.append(_("Unit kerja “%(value)s” tidak dikenal.") % {"value": unit})

    email = row.get("email", "").strip()
    if email:
        try:
            validate_email(email)
            if len(email) > 254:
                raise ValidationError("too long")
        except ValidationError:
            errors.append(_("E-mail “%(value)s” tidak valid.") % {"value": email[:80]})
    data["email"] = email
    phone = row.get("phone", "").strip()
    if phone and not PHONE.match(phone):
        errors.append(_("Nomor HP “%(value)s” tidak valid.") % {"value": phone})
    data["phone"] = phone

    atasan = row.get("atasan", "").strip()
    data["atasan"] = ""
    if atasan == "#ANGKA":
        errors.append(
            _("NIP atasan tersimpan sebagai angka di Excel; format kolomnya sebagai Teks.")
        )
    elif atasan:
        atasan = normalize_nip(atasan)
        if not is_digits(atasan) or len(atasan) != 18:
            errors.append(_("NIP atasan harus 18 digit angka."))
        elif atasan == nip:
            errors.append(_("Pegawai tidak dapat menjadi atasan dirinya sendiri."))
        data["atasan"] = atasan
    return check, data


def _check_superiors(checks: list[RowCheck], wanted: dict, existing: dict) -> None:
    """The superior named on each row: known, at least a Pengawas, not below, no cycle."""
    jenjang_of = {nip: p.jenjang for nip, p in existing.items()}
    # The whole chain, not just the people in the file: a cycle may run through others.
    parent_of = {
        nip: atasan or ""
        for nip, atasan in Pegawai.objects.filter(is_active=True).values_list("nip", "atasan__nip")
    }
    for nip, data in wanted.items():
        jenjang_of[nip] = data["jenjang"]
        parent_of[nip] = data["atasan"]
    for check in checks:
        data = wanted.get(check.nip)
        if check.errors or data is None or not data["atasan"]:
            continue
        atasan = data["atasan"]
        if atasan not in jenjang_of:
            check.errors.append(
                _("NIP atasan %(nip)s tidak ada di berkas maupun di data pegawai.")
                % {"nip": format_nip(atasan)}
            )
            continue
        atasan_rank = JENJANG_RANK[Jenjang(jenjang_of[atasan])]
        if atasan_rank > JENJANG_RANK[Jenjang.PENGAWAS]:
            check.errors.append(_("Atasan langsung paling rendah berjenjang Pengawas."))
        elif atasan_rank > JENJANG_RANK[Jenjang(data["jenjang"])]:
            check.errors.append(
                _("Atasan langsung tidak boleh berjenjang lebih rendah dari pegawainya.")
            )
        seen, current = set(), atasan
        while current and current not in seen:
            if current == check.nip:
                check.errors.append(_("Rantai atasan kembali ke pegawai ini sendiri."))
                break
            seen.add(current)
            current = parent_of.get(current, "")


def _check_emails(checks: list[RowCheck], wanted: dict) -> None:
    """An e-mail names one person: not twice in the file, not another person's login."""
    emails = {data["email"].lower() for data in wanted.values() if data["email"]}
    owners = dict(
        User.objects.annotate(lower_email=Lower("email"))
        .filter(lower_email__in=emails)
        .values_list("lower_email", "username")
    )
    first = {}
    for check in checks:
        data = wanted.get(check.nip)
        if check.errors or data is None or not data["email"]:
            continue
        email = data["email"].lower()
        if email in first:
            check.errors.append(_("E-mail sama dengan baris %(line)d.") % {"line": first[email]})
            continue
        first[email] = check.line
        if owners.get(email, check.nip) != check.nip:
            check.errors.append(_("E-mail ini sudah dipakai akun pegawai lain."))


def _changes(current: Pegawai, data: dict) -> list[tuple[str, str, str]]:
    """(field label, old, new) for what the row would change. An empty e-mail or phone in
    the file keeps what is known ("where known")."""
    changes = []

    def differ(label, old, new):
        if (old or "") != (new or ""):
            changes.append((str(label), old or "—", new or "—"))

    differ(_("Nama"), current.name, data["name"])
    differ(_("Jabatan"), current.jabatan, data["jabatan"])
    differ(_("Jenjang"), current.get_jenjang_display(), str(Jenjang(data["jenjang"]).label))
    differ(_("Unit kerja"), current.skpd.name, data["skpd"].name)
    differ(_("Status kepegawaian"), current.get_kind_display(), str(NipKind(data["kind"]).label))
    differ(
        _("NIP atasan"),
        format_nip(current.atasan.nip) if current.atasan else "",
        format_nip(data["atasan"]) if data["atasan"] else "",
    )
    if data["email"]:
        differ(_("E-mail"), current.email, data["email"])
    if data["phone"]:
        differ(_("Nomor HP"), current.phone, data["phone"])
    return changes


# Storing and applying ---------------------------------------------------------------------


def preview_import(*, actor: User, file_name: str, rows: list[dict]) -> RosterImport:
    """Keep the rows read from an upload with their check, for the preview page."""
    check = check_rows(rows)
    return RosterImport.objects.create(
        file_name=file_name[:255], rows=rows, summary=check.as_summary(), uploaded_by=actor
    )


class RosterImportRefused(Exception):
    """Why an import was not applied: refused rows, data changed since the preview, or
    applied already. Nothing changed."""

    ROWS, STALE, APPLIED = "rows", "stale", "applied"

    def __init__(self, why: str, check: RosterCheck | None = None):
        super().__init__(why)
        self.why = why
        self.check = check


def apply_import(*, actor: User, import_id: int) -> dict[str, int]:
    """Apply a previewed import: every row or none. The rows are checked again against the
    database as it is now; refused rows, or any difference from the preview, refuse the
    whole import, and the preview is brought up to date for another look."""
    with transaction.atomic():
        outcome = _apply_locked(actor, import_id)
    if isinstance(outcome, RosterImportRefused):
        if outcome.check is not None:
            summary = json.loads(json.dumps(outcome.check.as_summary()))
            RosterImport.objects.filter(pk=import_id).update(summary=summary)
        raise outcome
    return outcome


def _apply_locked(actor: User, import_id: int) -> "dict[str, int] | RosterImportRefused":
    # One import at a time: two files adding the same NIP must not race.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ROSTER_IMPORT_LOCK])
    roster_import = RosterImport.objects.select_for_update(no_key=True).get(pk=import_id)
    if roster_import.status != ImportStatus.PREVIEW:
        return RosterImportRefused(RosterImportRefused.APPLIED)
    check = check_rows(roster_import.rows)
    if check.of("error"):
        return RosterImportRefused(RosterImportRefused.ROWS, check)
    if json.loads(json.dumps(check.as_summary())) != roster_import.summary:
        return RosterImportRefused(RosterImportRefused.STALE, check)

    reason = fit_reason(_("Impor data pegawai: %(file)s") % {"file": roster_import.file_name})
    wanted = check.wanted
    now = timezone.now()

    new_nips = {row.nip for row in check.of("new")}
    changed_nips = {row.nip for row in check.of("changed")}
    superiors = {
        data["atasan"]
        for nip, data in wanted.items()
        if nip in new_nips | changed_nips and data["atasan"]
    }
    pk_of = dict(Pegawai.objects.filter(nip__in=superiors).values_list("nip", "pk"))
    _create_superiors_first(new_nips, wanted, pk_of, actor, reason)
    _update_changed(changed_nips, wanted, pk_of, actor, reason, now)
    forget_all_users()  # written in bulk, without the signals that renew the kept users

    roster_import.status = ImportStatus.APPLIED
    roster_import.applied_at = now
    roster_import.save(update_fields=["status", "applied_at"])
    return check.counts()


def _create_superiors_first(
    new_nips: set[str], wanted: dict, pk_of: dict, actor: User, reason: str
) -> None:
    """Insert new pegawai layer by layer, superiors before their subordinates, so that each
    row is created with its superior in place (the check has ruled out cycles)."""
    waiting = set(new_nips)
    while waiting:
        layer = sorted(nip for nip in waiting if wanted[nip]["atasan"] not in waiting)
        people = [
            Pegawai(
                nip=nip,
                atasan_id=pk_of.get(wanted[nip]["atasan"]),
                **{key: value for key, value in wanted[nip].items() if key != "atasan"},
            )
            for nip in layer
        ]
        bulk_create_with_history(
            people, Pegawai, batch_size=2000, default_user=actor, default_change_reason=reason
        )
        pk_of.update((pegawai.nip, pegawai.pk) for pegawai in people)
        waiting -= set(layer)


UPDATED_FIELDS = ["name", "jabatan", "jenjang", "skpd", "kind", "email", "phone", "atasan"]


def _update_changed(
    changed_nips: set[str], wanted: dict, pk_of: dict, actor: User, reason: str, now
) -> None:
    """Write the rows that differ, each with one history record. An empty e-mail or phone
    in the file keeps what is known."""
    people = list(Pegawai.objects.filter(nip__in=changed_nips))
    moved = [p.pk for p in people if p.skpd_id != wanted[p.nip]["skpd"].pk]
    for skpd in Skpd.objects.filter(head_id__in=moved):
        # A head who moves to another SKPD heads the old one no more.
        skpd.head = None
        stamp(skpd, actor, reason)
        skpd.save(update_fields=["head"])
    for pegawai in people:
        data = wanted[pegawai.nip]
        pegawai.name, pegawai.jabatan, pegawai.jenjang = (
            data["name"],
            data["jabatan"],
            data["jenjang"],
        )
        pegawai.skpd, pegawai.kind = data["skpd"], data["kind"]
        pegawai.email = data["email"] or pegawai.email
        pegawai.phone = data["phone"] or pegawai.phone
        pegawai.atasan_id = pk_of.get(data["atasan"]) if data["atasan"] else None
        pegawai.is_active = True
        pegawai.updated_at = now
    bulk_update_with_history(
        people,
        Pegawai,
        [*UPDATED_FIELDS, "is_active", "updated_at"],
        batch_size=500,
        default_user=actor,
        default_change_reason=reason,
    )


def template_xlsx() -> bytes:
    """An empty roster with its header; the NIP columns are text, so that Excel keeps all 18
    digits, and the Status column offers PNS or PPPK."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data pegawai"
    sheet.append(TEMPLATE_HEADER)
    for column in ("A", "F"):
        sheet.column_dimensions[column].width = 22
    for column in ("B", "C", "E"):
        sheet.column_dimensions[column].width = 36
    for row in range(2, 1002):
        for column in ("A", "F"):
            sheet[f"{column}{row}"].number_format = "@"
    kinds = DataValidation(
        type="list",
        formula1='"{}"'.format(",".join(name.upper() for name in KINDS)),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Status kepegawaian"),
        error=_("Isi PNS atau PPPK, atau kosongkan untuk status yang sudah tersimpan."),
    )
    column = get_column_letter(TEMPLATE_HEADER.index("Status") + 1)
    kinds.add(f"{column}2:{column}1001")
    sheet.add_data_validation(kinds)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
