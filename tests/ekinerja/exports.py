"""e-Kinerja exports as the tests make them: a Laporan SKP or Laporan Penilaian SKP workbook
with the export's own column names (or the variants a test names)."""

import datetime
import io
import random

from openpyxl import Workbook

from tests.accounts.factories import valid_nip

SKP_COLUMNS = [
    "skp_id",
    "nip",
    "nama",
    "jabatan",
    "unit",
    "jenis_pegawai",
    "skp_status",
    "skp_model",
    "skp_unor",
    "skp_unor_atasan",
    "skp_unor_induk",
    "periode_awal",
    "periode_akhir",
    "is_plt_plh",
    "created_at",
]
PENILAIAN_COLUMNS = [
    *SKP_COLUMNS,
    "hasil_kerja",
    "perilaku_kerja",
    "hasil_akhir",
    "pegawai_atasan_nip",
    "pegawai_atasan_nama",
    "waktu_dinilai",
]


def skp_row(nip: str, status: str = "persetujuan", *, year: int = 2026, **values) -> dict:
    row = {
        "skp_id": f"skp-{nip}",
        "nip": nip,
        "nama": "Pegawai Uji",
        "jabatan": "Analis Kepegawaian",
        "unit": "Sub Bagian Umum",
        "jenis_pegawai": "PNS",
        "skp_status": status,
        "skp_model": "kuantitatif",
        "skp_unor": "Sub Bagian Umum",
        "skp_unor_atasan": "Sekretariat",
        "skp_unor_induk": "Dinas Uji",
        "periode_awal": datetime.date(year, 1, 1),
        "periode_akhir": datetime.date(year, 12, 31),
        "is_plt_plh": 0,
        "created_at": datetime.datetime(year, 1, 15, 9, 0),
    }
    row.update(values)
    return row


def workbook(rows: list[dict], columns: list[str] | None = None, *, headers=None) -> bytes:
    """An .xlsx of ``rows`` under ``columns``; ``headers`` renames them as written."""
    columns = columns or SKP_COLUMNS
    book = Workbook()
    sheet = book.active
    sheet.title = "Laporan SKP"
    sheet.append(headers or columns)
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def realistic_export(skpds, pegawai_by_skpd, *, year: int, seed: int = 20) -> tuple[bytes, dict]:
    """A Laporan SKP like an administrator downloads: every pegawai of the portal with a row
    (most approved), some who moved (two rows, the later one counts), Plt/Plh rows, NIPs the
    portal does not know and damaged rows. Returns the file and the hand counts."""
    rng = random.Random(seed)
    rows, approved_by_skpd = [], {}
    for skpd in skpds:
        approved = 0
        for pegawai in pegawai_by_skpd[skpd.pk]:
            status = "persetujuan" if rng.random() < 0.75 else rng.choice(["draft", "pengajuan"])
            if rng.random() < 0.05:
                # Moved during the year: an older row elsewhere, not approved.
                rows.append(
                    skp_row(
                        pegawai.nip,
                        "draft",
                        year=year,
                        periode_akhir=datetime.date(year, 6, 30),
                        skp_unor_induk="SKPD lama",
                    )
                )
            rows.append(skp_row(pegawai.nip, status, year=year, nama=pegawai.name))
            approved += status == "persetujuan"
            if rng.random() < 0.05:
                # The same person acting for its superior: not its own SKP.
                rows.append(skp_row(pegawai.nip, "draft", year=year, is_plt_plh=1))
        approved_by_skpd[skpd.pk] = approved
    unknown = [skp_row(valid_nip(90_000 + n), "persetujuan", year=year) for n in range(12)]
    bad = [
        skp_row("12345", year=year),
        skp_row(valid_nip(95_001), year=year, periode_awal="bukan tanggal"),
        skp_row(valid_nip(95_002), "", year=year),
        skp_row(valid_nip(95_003), year=year, periode_awal=datetime.date(year - 1, 1, 1)),
    ]
    rows += unknown + bad
    rng.shuffle(rows)
    return workbook(rows), {
        "approved": approved_by_skpd,
        "unknown": len(unknown),
        "bad": len(bad),
        "rows": len(rows),
    }
