"""Changes of the e-Kinerja imports: an upload read, checked and kept for its preview; a
previewed import applied, whole, as the year's source of the figures."""

import hashlib
from collections import Counter

from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Pegawai, User
from core.bulk import copy_rows
from core.errors import PortalError
from ekinerja.models import EkinerjaImport, EkinerjaRow, ImportStatus, ReportKind, RowOutcome
from ekinerja.reading import CheckedRow, check_rows, read_export

ROW_FIELDS = [
    "name",
    "jabatan",
    "unit",
    "skp_id",
    "status_text",
    "status_key",
    "is_plt_plh",
    "periode_awal",
    "periode_akhir",
    "source_created_at",
    "hasil_kerja",
    "perilaku_kerja",
    "hasil_akhir",
    "expected_predikat",
    "atasan_nip",
    "atasan_name",
    "waktu_dinilai",
]
# What a row stores for a value the check left out (None): its field's default, NULL where
# the column allows it, else "" (False for is_plt_plh).
_STORED_WHEN_MISSING = {
    name: EkinerjaRow._meta.get_field(name).get_default() for name in ROW_FIELDS
}
# A row as COPY writes it (_row_of): the import, what the check found, then its values.
ROW_COLUMNS = ["ekinerja_import_id", "line", "nip", "pegawai_id", "outcome", "reason", *ROW_FIELDS]


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def preview_import(
    *, actor: User, kind: str, year: int, file_name: str, content: bytes
) -> tuple[EkinerjaImport, bool]:
    """Read and check an uploaded export and keep it with its rows for the preview. The same
    file (by its SHA-256) for the same kind and year gives the import made before, and
    ``False``: nothing changes. Raises ``ExportFileError`` for a file that cannot be read."""
    digest = content_hash(content)
    found = EkinerjaImport.objects.filter(kind=kind, year=year, content_hash=digest).first()
    if found is not None:
        return found, False
    checked = check_rows(read_export(content, kind), kind=ReportKind(kind), year=year)
    try:
        with transaction.atomic():
            made = EkinerjaImport.objects.create(
                kind=kind,
                year=year,
                file_name=file_name[:255],
                content_hash=digest,
                uploaded_by=actor,
                summary=_summary(checked),
            )
            # COPY: an export has a row per ASN of the regency, and bulk_create's INSERTs
            # of tens of thousands of rows took seconds of SQL building alone.
            copy_rows(EkinerjaRow, ROW_COLUMNS, (_row_of(made, row) for row in checked))
    except IntegrityError:
        # The same file uploaded at the same moment by someone else.
        return EkinerjaImport.objects.get(kind=kind, year=year, content_hash=digest), False
    return made, True


def _row_of(made: EkinerjaImport, row: CheckedRow) -> tuple:
    values = row.values
    return (
        made.pk,
        row.line,
        row.nip,
        row.pegawai_id,
        row.outcome,
        row.reason,
        *(
            _STORED_WHEN_MISSING[name] if (value := values.get(name)) is None else value
            for name in ROW_FIELDS
        ),
    )


def _summary(checked: list[CheckedRow]) -> dict:
    outcomes = Counter(row.outcome for row in checked)
    statuses = Counter(
        row.values.get("status_key", "")
        for row in checked
        if row.outcome == RowOutcome.MATCHED and row.values.get("status_key")
    )
    disagreements = sum(
        1
        for row in checked
        if row.outcome == RowOutcome.MATCHED
        and row.values.get("expected_predikat")
        and row.values["expected_predikat"] != row.values.get("hasil_akhir")
    )
    return {
        "rows": len(checked),
        "counts": {outcome: outcomes.get(outcome, 0) for outcome in RowOutcome.values},
        "statuses": dict(sorted(statuses.items())),
        "disagreements": disagreements,
    }


class ImportRefused(PortalError):
    """An import that cannot be applied (already applied or replaced); nothing changed."""


@transaction.atomic
def apply_import(*, actor: User, import_id: int) -> EkinerjaImport:
    """Make a previewed import the source of its kind and year's figures, whole: its rows
    are matched again to the pegawai as they are now, the import applied before it (if any)
    is replaced, all in one transaction. Applying an import twice is refused."""
    # One apply per kind and year at a time: the previous one is locked with it.
    made = EkinerjaImport.objects.select_for_update(no_key=True).get(pk=import_id)
    if made.status != ImportStatus.PREVIEW:
        raise ImportRefused(
            _("Impor ini sudah diterapkan atau sudah diganti; tidak ada yang berubah.")
        )
    previous = list(
        EkinerjaImport.objects.select_for_update(no_key=True).filter(
            kind=made.kind, year=made.year, status=ImportStatus.APPLIED
        )
    )
    _match_again(made)
    for older in previous:
        older.status = ImportStatus.REPLACED
        older.save(update_fields=["status"])
    made.status = ImportStatus.APPLIED
    made.applied_by = actor
    made.applied_at = timezone.now()
    made.summary = {**made.summary, "counts": _counts(made)}
    made.save(update_fields=["status", "applied_by", "applied_at", "summary"])
    return made


def _match_again(made: EkinerjaImport) -> None:
    """The roster may have changed since the preview: the counted rows matched to the active
    pegawai of today (one statement, whatever the size). Only the rows whose match moved
    are written: rewriting every counted row, twice (50,000 of a Laporan SKP of the 10×
    regency), took seconds."""
    quote = connection.ops.quote_name
    rows, pegawai = quote(EkinerjaRow._meta.db_table), quote(Pegawai._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {rows} AS kept
            SET pegawai_id = today.pegawai_id, outcome = today.outcome
            FROM (
                SELECT counted.id, pegawai.id AS pegawai_id,
                    CASE WHEN pegawai.id IS NULL THEN %(unmatched)s ELSE %(matched)s END
                        AS outcome
                FROM {rows} AS counted
                LEFT JOIN {pegawai} AS pegawai
                    ON pegawai.nip = counted.nip AND pegawai.is_active
                WHERE counted.ekinerja_import_id = %(made)s
                    AND counted.outcome IN (%(matched)s, %(unmatched)s)
            ) AS today
            WHERE kept.id = today.id
                AND (kept.pegawai_id IS DISTINCT FROM today.pegawai_id
                     OR kept.outcome <> today.outcome)
            """,
            {"made": made.pk, "matched": RowOutcome.MATCHED, "unmatched": RowOutcome.UNMATCHED},
        )


def _counts(made: EkinerjaImport) -> dict:
    found = dict(
        made.rows.values_list("outcome")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("outcome", "n")
    )
    return {outcome: found.get(outcome, 0) for outcome in RowOutcome.values}
