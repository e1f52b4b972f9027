"""The demo's e-Kinerja exports of this year, as BKN's administrators download them, run
through the real import: a Laporan SKP (most ASN approved, each SKPD at its own pace, a few
Plt/Plh rows, people who moved, NIPs the portal does not know, a damaged row) and a Laporan
Penilaian SKP with a few predikat that disagree with the kuadran. Idempotent: the same
pegawai give the same files, and the same file is one import."""

import csv
import datetime
import io
import random
from typing import NamedTuple

from django.utils import timezone

from accounts.models import Pegawai, Role
from accounts.nip import NipKind
from accounts.rules import role_holders
from core.choices import choice_labels
from ekinerja import services
from ekinerja.kuadran import KUADRAN, Predikat
from ekinerja.models import ImportStatus, ReportKind

SKP_HEADER = [
    "skp_id", "nip", "nama", "jabatan", "unit", "jenis_pegawai", "skp_status", "skp_model",
    "skp_unor", "skp_unor_atasan", "skp_unor_induk", "periode_awal", "periode_akhir",
    "is_plt_plh", "created_at",
]  # fmt: skip
PENILAIAN_HEADER = [
    "nip", "nama", "hasil_kerja", "perilaku_kerja", "hasil_akhir", "pegawai_atasan_nip",
    "pegawai_atasan_nama", "waktu_dinilai", "is_skp_plt_plh_pjb",
]  # fmt: skip
RATING_TEXT = {"di_atas": "DIATAS EKSPEKTASI", "sesuai": "SESUAI EKSPEKTASI",
               "di_bawah": "DIBAWAH EKSPEKTASI"}  # fmt: skip


def _csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def _laporan_skp(people, year: int, rng: random.Random) -> bytes:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    pace = {}
    rows = []
    for n, person in enumerate(people):
        # Each SKPD approves at its own pace, between 60 and 98 %.
        share = pace.setdefault(person.skpd_id, rng.uniform(0.6, 0.98))
        status = "persetujuan" if rng.random() < share else rng.choice(["draft", "pengajuan"])
        row = [f"demo-{year}-{n}", person.nip, person.name, person.jabatan, "",
               person.kind_label, status, "kuantitatif", "", "", person.skpd_name,
               start, end, 0, f"{year}-01-{rng.randint(2, 28):02d} 09:00:00"]  # fmt: skip
        if rng.random() < 0.03:  # moved during the year: its older SKP elsewhere
            rows.append([*row[:6], "draft", *row[7:12], datetime.date(year, 6, 30), 0, row[14]])
        rows.append(row)
        if rng.random() < 0.02:  # acting for a superior: not its own SKP
            rows.append([*row[:6], "persetujuan", *row[7:13], 1, row[14]])
    for n in range(8):
        rows.append([f"demo-x{n}", f"19800101200501100{n + 1}", "Pegawai pindahan", "", "",
                     "PNS", "persetujuan", "", "", "", "", start, end, 0, ""])  # fmt: skip
    rows.append(["demo-rusak", "1980 0101", "Baris rusak", "", "", "PNS", "persetujuan", "",
                 "", "", "", start, end, 0, ""])  # fmt: skip
    return _csv(SKP_HEADER, rows)


def _laporan_penilaian(people, year: int, rng: random.Random) -> bytes:
    cells = list(KUADRAN.items())
    rows = []
    for person in people:
        if rng.random() > 0.3:
            continue
        (hasil, perilaku), predikat = rng.choice(cells)
        if rng.random() < 0.04:  # typed by hand in e-Kinerja, not what the kuadran gives
            predikat = rng.choice([p for p in Predikat if p != predikat])
        rows.append([person.nip, person.name, RATING_TEXT[hasil], RATING_TEXT[perilaku],
                     str(predikat.label).upper(), person.atasan_nip or "",
                     person.atasan_name or "", f"{year}-01-20 10:00:00", 0])  # fmt: skip
    return _csv(PENILAIAN_HEADER, rows)


class _Person(NamedTuple):
    nip: str
    name: str
    jabatan: str
    kind_label: str
    skpd_id: int
    skpd_name: str
    atasan_nip: str | None
    atasan_name: str | None


def _people() -> list[_Person]:
    """The active pegawai of active SKPD as the exports list them: plain rows, not models
    (50,000 of them at the benchmark's scale)."""
    kind_label = choice_labels(NipKind)
    rows = (
        Pegawai.objects.filter(is_active=True, skpd__is_active=True)
        .order_by("nip")
        .values_list(
            "nip", "name", "jabatan", "kind", "skpd_id", "skpd__name", "atasan__nip",
            "atasan__name",
        )
    )  # fmt: skip
    return [
        _Person(nip, name, jabatan, kind_label[kind], *rest)
        for nip, name, jabatan, kind, *rest in rows
    ]


def build_demo_ekinerja() -> int:
    """Import and apply this year's two exports; returns how many were applied now."""
    coach = next(iter(role_holders(Role.TIM_COACHING)), None)
    if coach is None:
        return 0
    year = timezone.localdate().year
    people = _people()
    applied = 0
    for kind, make in (
        (ReportKind.LAPORAN_SKP, _laporan_skp),
        (ReportKind.PENILAIAN, _laporan_penilaian),
    ):
        content = make(people, year, random.Random(f"ekinerja-{kind}-{year}"))
        made, _created = services.preview_import(
            actor=coach,
            kind=kind,
            year=year,
            file_name=f"{kind}-ekinerja-{year}.csv",
            content=content,
        )
        if made.status == ImportStatus.PREVIEW:
            services.apply_import(actor=coach, import_id=made.pk)
            applied += 1
    return applied
