"""The demo's draft SKP.

- The guide: one example SKP per jenjang and the team's presentation on PermenPANRB 6/2022.
- Dinas Kesehatan's cascade from its head down to the demo Kasubag, so that the demo ASN
  (who has no SKP yet) picks the RHK it intervenes from its superior's SKP; and one
  pelaksana's SKP waiting for the review of the coach it was brought to.
- In proportion to the regency, SKP of this year and the last for most pegawai, their RHK
  intervening their superiors' and their indicators, and the drafts brought to the past
  coaching (``seed_demo --scale 50000``: about 80,000 SKP and 250,000 RHK).

Bulk inserts (COPY, core/bulk.py) with their history rows; created once.
"""

import datetime
import random
from collections import defaultdict

from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import Case, Value, When
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import Jenjang, Pegawai, User
from bookings.models import Attendance, Booking, BookingStatus, CoachingSession, Slot
from bookings.services import book_slot
from core.bulk import (
    analyze_tables,
    copy_rows,
    copy_with_history,
    foreign_keys_checked_after,
    indexes_built_after,
    reserve_ids,
)
from core.pdf import render_pdf
from operations.demo.accounts import FIXED
from skp_drafts import services, workflow
from skp_drafts.berakhlak import CoreValue
from skp_drafts.content import IndicatorContent, RhkContent, content_of
from skp_drafts.document import load_document
from skp_drafts.models import (
    Behaviour,
    GuideMaterial,
    Indicator,
    Perspective,
    Rhk,
    RhkKind,
    Skp,
    SkpStatus,
)

REASON = "seed_demo"
LAMPIRAN = {
    "dukungan_sumber_daya": "Anggaran kegiatan pada DPA\nSarana komputer dan jaringan internet",
    "skema_pertanggungjawaban": "Laporan bulanan kepada atasan langsung\nLaporan kinerja triwulan",
    "konsekuensi": "Teguran lisan bila target triwulan tidak tercapai\n"
    "Menjadi bahan pertimbangan pengembangan karier",
}

# The guide --------------------------------------------------------------------------------

EXAMPLES = [
    (
        Jenjang.JPT_PRATAMA,
        "Contoh SKP Kepala Dinas (JPT Pratama)",
        [
            (
                "Meningkatnya derajat kesehatan masyarakat",
                "penerima_layanan",
                [("", "Angka harapan hidup", "70,5 tahun")],
            ),
            (
                "Meningkatnya mutu pelayanan kesehatan dasar dan rujukan",
                "proses_bisnis",
                [("", "Persentase puskesmas terakreditasi paripurna", "60 %")],
            ),
            (
                "Meningkatnya kapasitas sumber daya manusia kesehatan",
                "penguatan_internal",
                [("", "Persentase tenaga kesehatan yang memenuhi standar kompetensi", "85 %")],
            ),
            (
                "Terwujudnya pengelolaan anggaran dinas yang akuntabel",
                "anggaran",
                [("", "Persentase realisasi anggaran", "95 %")],
            ),
        ],
    ),
    (
        Jenjang.ADMINISTRATOR,
        "Contoh SKP Kepala Bidang (Administrator)",
        [
            (
                "Menurunnya angka kesakitan penyakit menular",
                "Meningkatnya derajat kesehatan masyarakat",
                [
                    ("kuantitas", "Jumlah kasus penyakit menular yang tertangani", "350 kasus"),
                    ("kualitas", "Persentase kasus yang tertangani sesuai standar", "95 %"),
                    ("waktu", "Penanganan kasus dalam waktu standar", "12 bulan"),
                ],
            ),
        ],
    ),
    (
        Jenjang.PENGAWAS,
        "Contoh SKP Kepala Seksi (Pengawas)",
        [
            (
                "Tersedianya data surveilans penyakit menular yang akurat",
                "Menurunnya angka kesakitan penyakit menular",
                [
                    ("kuantitas", "Jumlah laporan surveilans mingguan", "52 laporan"),
                    ("kualitas", "Persentase kelengkapan laporan puskesmas", "90 %"),
                    ("waktu", "Ketepatan waktu penyampaian laporan", "12 bulan"),
                ],
            ),
        ],
    ),
    (
        Jenjang.PELAKSANA,
        "Contoh SKP Pengadministrasi Perkantoran (Pelaksana)",
        [
            (
                "Tersusunnya arsip surat masuk dan keluar yang tertib",
                "Terlaksananya layanan administrasi umum dan kepegawaian yang tertib",
                [
                    ("kuantitas", "Jumlah surat yang diagendakan dan diarsipkan", "1.200 surat"),
                    (
                        "kualitas",
                        "Persentase arsip yang dapat ditemukan kembali kurang dari 5 menit",
                        "100 %",
                    ),
                    ("waktu", "Surat diagendakan pada hari diterima", "12 bulan"),
                ],
            ),
        ],
    ),
    (
        Jenjang.FUNGSIONAL,
        "Contoh SKP Analis Kebijakan Ahli Muda (Fungsional)",
        [
            (
                "Tersusunnya rekomendasi kebijakan peningkatan cakupan imunisasi",
                "Menurunnya angka kesakitan penyakit menular",
                [
                    ("kuantitas", "Jumlah policy brief yang disusun", "2 dokumen"),
                    ("kualitas", "Persentase rekomendasi yang ditindaklanjuti pimpinan", "50 %"),
                    ("waktu", "Penyampaian policy brief", "2 semester"),
                ],
            ),
        ],
    ),
]


def _rhk_contents(rows, *, jpt: bool, parents=None) -> list[RhkContent]:
    contents = []
    for position, (text, second, indicators) in enumerate(rows):
        parent = (parents or {}).get(position)
        contents.append(
            RhkContent(
                id=None,
                kind=RhkKind.UTAMA,
                text=text,
                perspective=second if jpt else "",
                parent_id=parent,
                parent_text="" if jpt or parent else second,
                indicators=[
                    IndicatorContent(id=None, aspect=aspect, text=label, target=target)
                    for aspect, label, target in indicators
                ],
            )
        )
    return contents


def build_guide(author: User) -> int:
    """The examples and the presentation, once."""
    if Skp.objects.filter(pegawai__isnull=True).exists():
        return 0
    for jenjang, title, rows in EXAMPLES:
        example = services.create_example(actor=author, jenjang=jenjang, title=title)
        content = content_of(load_document(example))
        content.rhks = _rhk_contents(rows, jpt=example.is_jpt)
        for name, text in LAMPIRAN.items():
            setattr(content, name, text)
        content.expectations[CoreValue.KOLABORATIF] = "Aktif berbagi data dengan bidang lain"
        services.save_content(
            actor=author, skp_id=example.pk, content=content, expected_version=None
        )
        services.publish_example(actor=author, skp_id=example.pk, published=True)
    presentation = ContentFile(
        render_pdf("skp_drafts/demo_material.html", {"values": list(CoreValue)}),
        name="paparan-permenpanrb-6-2022.pdf",
    )
    services.upload_material(
        actor=author,
        title="Paparan singkat PermenPANRB Nomor 6 Tahun 2022",
        description="Tahapan pengelolaan kinerja, kaskade dari Perjanjian Kinerja, susunan SKP, "
        "pendekatan kuantitatif dan kualitatif, perilaku kerja BerAKHLAK.",
        uploaded=presentation,
    )
    return len(EXAMPLES) + GuideMaterial.objects.count()


# Dinas Kesehatan's cascade ----------------------------------------------------------------

DINKES = {
    Jenjang.JPT_PRATAMA: EXAMPLES[0][2],
    Jenjang.ADMINISTRATOR: [
        (
            "Terwujudnya tata kelola keuangan dan perencanaan dinas yang akuntabel",
            3,
            [
                (
                    "kuantitas",
                    "Jumlah dokumen perencanaan dan laporan keuangan yang tersusun",
                    "8 dokumen",
                ),
                ("kualitas", "Nilai evaluasi SAKIP perangkat daerah", "70 poin"),
                ("waktu", "Ketepatan waktu penyampaian laporan", "12 bulan"),
            ],
        ),
        (
            "Meningkatnya kualitas pengelolaan kepegawaian dinas",
            2,
            [
                ("kuantitas", "Jumlah layanan kepegawaian yang diselesaikan", "600 layanan"),
                ("kualitas", "Persentase data pegawai yang mutakhir", "100 %"),
                ("waktu", "Rata-rata waktu penyelesaian layanan", "3 hari kerja"),
            ],
        ),
    ],
    Jenjang.PENGAWAS: [
        (
            "Tersedianya layanan administrasi kepegawaian Dinas Kesehatan yang tertib",
            1,
            [
                (
                    "kuantitas",
                    "Jumlah usulan kenaikan pangkat dan berkala yang diproses",
                    "120 usulan",
                ),
                ("kualitas", "Persentase usulan tanpa pengembalian berkas", "95 %"),
                ("waktu", "Usulan diproses sebelum batas waktu BKPSDM", "12 bulan"),
            ],
        ),
    ],
}


def _direct_skp(pegawai: Pegawai, year: int, status: str, rows, parents: list[Rhk]) -> Skp:
    """An SKP written straight to the database (its pegawai may have no login), with its
    history as version 1 and, when saved by a person, version 2."""
    start, end = Skp.annual_period(year)
    atasan = pegawai.atasan
    now = timezone.now()
    skp = Skp(
        pegawai=pegawai,
        jenjang=pegawai.jenjang,
        year=year,
        period_start=start,
        period_end=end,
        pejabat_penilai=atasan,
        atasan_penilai=atasan.atasan if atasan else None,
        status=status,
        reviewed_at=now if status == SkpStatus.REVIEWED else None,
        **LAMPIRAN,
    )

    def save(instance):
        # One history moment for every row: the SKP's version 1 as a whole.
        instance._history_date, instance._change_reason = now, REASON
        instance.save()

    save(skp)
    bulk_create_with_history(
        [Behaviour(skp=skp, value=value) for value in CoreValue],
        Behaviour,
        default_change_reason=REASON,
        default_date=now,
    )
    created = []
    for order, (text, second, indicators) in enumerate(rows):
        rhk = Rhk(skp=skp, order=order, text=text)
        if skp.is_jpt:
            rhk.perspective = second
        else:
            rhk.parent = parents[second] if parents else None
        save(rhk)
        for position, (aspect, label, target) in enumerate(indicators):
            save(Indicator(rhk=rhk, order=position, aspect=aspect, text=label, target=target))
        created.append(rhk)
    skp.created_rhks = created
    return skp


def build_dinkes(year: int) -> int:
    """The head, its secretary and the demo Kasubag of Dinas Kesehatan, each with an SKP of
    ``year`` that intervenes the one above; and a pelaksana's SKP waiting for its coach."""
    kasubag = (
        Pegawai.objects.filter(nip=FIXED["kasubag_dinkes"][0])
        .select_related("atasan__atasan")
        .first()
    )
    if kasubag is None or kasubag.atasan is None or kasubag.atasan.atasan is None:
        return 0
    if Skp.objects.filter(pegawai=kasubag, year=year).exists():
        return 0
    secretary, head = kasubag.atasan, kasubag.atasan.atasan
    head_skp = _direct_skp(head, year, SkpStatus.REVIEWED, DINKES[Jenjang.JPT_PRATAMA], [])
    secretary_skp = _direct_skp(
        secretary, year, SkpStatus.REVIEWED, DINKES[Jenjang.ADMINISTRATOR], head_skp.created_rhks
    )
    _direct_skp(
        kasubag, year, SkpStatus.DRAFT, DINKES[Jenjang.PENGAWAS], secretary_skp.created_rhks
    )
    return 3 + _submitted_draft(kasubag, year)


def _submitted_draft(kasubag: Pegawai, year: int) -> int:
    """A pelaksana under the demo Kasubag books the first coach's next open slot, brings its
    SKP and submits it: the coach's review queue is not empty."""
    asn_nip = FIXED["asn_dinkes"][0]
    # One of the Kasubag's own staff where it has some (the full demo), else a colleague.
    pelaksana = (
        Pegawai.objects.filter(
            skpd_id=kasubag.skpd_id,
            is_active=True,
            user__isnull=False,
            jenjang=Jenjang.PELAKSANA,
        )
        .exclude(nip=asn_nip)
        .exclude(bookings__status=BookingStatus.BOOKED)
        .annotate(mine=Case(When(atasan=kasubag, then=Value(0)), default=Value(1)))
        .order_by("mine", "nip")
        .first()
    )
    coach = User.objects.filter(username=FIXED["coach_1"][0]).first()
    slot = (
        Slot.objects.filter(coach=coach, start__gt=timezone.now() + datetime.timedelta(days=1))
        .exclude(bookings__status=BookingStatus.BOOKED)
        .order_by("start")
        .first()
    )
    if pelaksana is None or slot is None:
        return 0
    skp = services.create_skp(actor=pelaksana.user, pegawai=pelaksana, year=year)
    content = content_of(load_document(skp))
    parent = (
        Rhk.objects.filter(skp__pegawai_id=pelaksana.atasan_id, skp__year=year)
        .order_by("order")
        .first()
    )
    content.rhks = [
        RhkContent(
            id=None,
            kind=RhkKind.UTAMA,
            text="Terkelolanya berkas usulan kenaikan pangkat pegawai Dinas Kesehatan",
            parent_id=parent.pk if parent else None,
            indicators=[
                IndicatorContent(
                    id=None,
                    aspect="kuantitas",
                    text="Jumlah berkas yang diverifikasi",
                    target="120 berkas",
                ),
                IndicatorContent(
                    id=None,
                    aspect="kualitas",
                    text="Berkas yang lengkap saat dikirim",
                    target="Lengkap",
                ),
            ],
        )
    ]
    services.save_content(
        actor=pelaksana.user, skp_id=skp.pk, content=content, expected_version=skp.version
    )
    book_slot(
        pegawai=pelaksana, slot_id=slot.pk, jenjang=pelaksana.jenjang, topic="Target", skp_id=skp.pk
    )
    workflow.submit_skp(actor=pelaksana.user, skp_id=skp.pk)
    return 1


# The regency in proportion ----------------------------------------------------------------

SHARE_WITH_SKP = {0: 0.8, 1: 0.9}  # this year, the year before
PERSPECTIVES = list(Perspective)
JPT_RHK = [
    ("Meningkatnya kualitas pelayanan {unit}", "Indeks kepuasan masyarakat", "82 poin"),
    ("Meningkatnya efektivitas proses bisnis {unit}", "Persentase SOP yang diterapkan", "90 %"),
    (
        "Meningkatnya kapasitas SDM aparatur {unit}",
        "Persentase ASN dengan SKP sesuai format",
        "90 %",
    ),
    (
        "Meningkatnya akuntabilitas pengelolaan anggaran {unit}",
        "Persentase realisasi anggaran",
        "95 %",
    ),
]
OTHER_RHK = [
    "Tersusunnya laporan kegiatan {work}",
    "Terlaksananya layanan {work} yang tertib",
    "Tersedianya data {work} yang mutakhir",
    "Meningkatnya kualitas pelaksanaan {work}",
]
INDICATORS = [
    (
        "kuantitas",
        "Jumlah dokumen {work} yang diselesaikan",
        ["6 dokumen", "12 dokumen", "24 laporan"],
    ),
    ("kualitas", "Persentase hasil kerja {work} tanpa revisi", ["90 %", "95 %", "100 %"]),
    ("waktu", "Ketepatan waktu penyelesaian {work}", ["12 bulan", "4 triwulan"]),
]


CORE_VALUES = [value.value for value in CoreValue]  # plain strings: 600,000 rows to write


def _work(jabatan: str) -> str:
    """A pegawai's field of work from its jabatan: "Kepala Seksi Surveilans" → "surveilans"."""
    words = jabatan.split()
    for prefix in ("Kepala", "Sekretaris", "Seksi", "Subbagian", "Bidang", "Bagian"):
        if words and words[0] == prefix:
            words = words[1:]
    return " ".join(words).lower() or "tugas jabatan"


def seed_scaled(*, scale: int) -> dict[str, int]:
    """The guide, Dinas Kesehatan's cascade, and SKP of this year and the last for most of
    the regency, in proportion to ``scale``."""
    year = timezone.localdate().year
    author = User.objects.filter(username=FIXED["kepala_bidang"][0]).first()
    created = {"guide": build_guide(author) if author else 0, "dinkes_skp": build_dinkes(year)}
    if Skp.objects.filter(pegawai__isnull=False, year=year - 1).exists():
        return created
    rng = random.Random(f"skp-{scale}")
    people = _superiors_first(
        list(
            Pegawai.objects.filter(is_active=True).values_list(
                "pk", "jenjang", "atasan_id", "skpd_id", "jabatan"
            )
        )
    )
    skpd_names = dict(Pegawai.objects.values_list("skpd_id", "skpd__short_name").distinct())
    skip = set(Skp.objects.filter(year=year).values_list("pegawai_id", flat=True)) | set(
        Pegawai.objects.filter(nip=FIXED["asn_dinkes"][0]).values_list("pk", flat=True)
    )
    maturity = {skpd: rng.uniform(0.25, 0.95) for skpd in skpd_names}
    totals = defaultdict(int)
    rhk_ids = _IdBlocks(Rhk)
    drafts = CoachingSession.drafts.through
    loaded = [Skp, Behaviour, Rhk, Indicator]
    with (
        foreign_keys_checked_after(*loaded, drafts),
        indexes_built_after(*loaded, *(model.history.model for model in loaded)),
    ):
        for back in (1, 0):
            counts = _seed_year(
                rng,
                year - back,
                people,
                skpd_names,
                maturity,
                skip if back == 0 else set(),
                back,
                rhk_ids=rhk_ids,
            )
            for name, count in counts.items():
                totals[name] += count
        # The UPDATE below joins the fresh rows: without statistics the planner takes the
        # SKP table for empty and joins the bookings to it in a nested loop, for minutes.
        analyze_tables(Skp, Booking, Slot, Attendance, CoachingSession)
        totals["brought"] = _bring_to_coaching()
    return {**created, **totals}


class _IdBlocks:
    """Primary keys of one table handed out from blocks reserved in one round trip each
    (core.bulk.reserve_ids), for rows whose number is known only one at a time: one round
    trip per SKP's RHK would be 85,000 at the benchmark's scale. The ids left in the last
    block are never used, a gap in the sequence like a rolled-back insert's."""

    def __init__(self, model, block: int = 20_000):
        self.model, self.block = model, block
        self.ready: list[int] = []
        self.used = 0

    def take(self, count: int) -> list[int]:
        if self.used + count > len(self.ready):
            self.ready = self.ready[self.used :] + reserve_ids(self.model, max(self.block, count))
            self.used = 0
        self.used += count
        return self.ready[self.used - count : self.used]


def _superiors_first(people: list[tuple]) -> list[tuple]:
    """The pegawai ordered by their depth in the chain of superiors, so that an RHK can name
    its superior's, already made."""
    atasan_of = {row[0]: row[2] for row in people}
    depth: dict[int, int] = {}

    def depth_of(pk: int) -> int:
        chain = []
        while pk in atasan_of and pk not in depth and len(chain) < 20:
            chain.append(pk)
            pk = atasan_of[pk]
        known = depth.get(pk, -1)
        for position, member in enumerate(reversed(chain), start=1):
            depth[member] = known + position
        return depth[chain[0]] if chain else known

    return sorted(people, key=lambda row: depth_of(row[0]))


def _seed_year(rng, year, people, skpd_names, maturity, skip, back, *, rhk_ids) -> dict[str, int]:
    atasan_of = {pk: atasan for pk, _j, atasan, _s, _w in people}
    chosen = [row for row in people if row[0] not in skip and rng.random() < SHARE_WITH_SKP[back]]
    start, end = Skp.annual_period(year)
    opened, closed = _drafting_season(year)
    skp_ids = reserve_ids(Skp, len(chosen))
    skp_rows, rhk_plan, reviewed_on = [], [], {}
    for skp_id, (pegawai_id, jenjang, atasan_id, skpd_id, jabatan) in zip(
        skp_ids, chosen, strict=True
    ):
        reviewed = maturity[skpd_id] if back == 0 else 0.9
        roll = rng.random()
        status = (
            SkpStatus.REVIEWED
            if roll < reviewed
            else SkpStatus.SUBMITTED
            if roll < reviewed + (1 - reviewed) * 0.3
            else SkpStatus.REVISION
            if roll < reviewed + (1 - reviewed) * 0.4
            else SkpStatus.DRAFT
        )
        if status == SkpStatus.REVIEWED:
            reviewed_on[skp_id] = opened + (closed - opened) * rng.random()
        skp_rows.append(
            (
                skp_id,
                pegawai_id,
                jenjang,
                year,
                start,
                end,
                "kuantitatif",
                atasan_id,
                atasan_of.get(atasan_id),
                status,
                1,
                LAMPIRAN["dukungan_sumber_daya"],
                LAMPIRAN["skema_pertanggungjawaban"],
                LAMPIRAN["konsekuensi"],
                "",
                "",
                "",
                "",
                False,
                opened,
                reviewed_on.get(skp_id, opened),
                reviewed_on.get(skp_id),
            )
        )
        rhk_plan.append((skp_id, pegawai_id, jenjang, atasan_id, skpd_id, jabatan))
    columns = [
        "id",
        "pegawai_id",
        "jenjang",
        "year",
        "period_start",
        "period_end",
        "approach",
        "pejabat_penilai_id",
        "atasan_penilai_id",
        "status",
        "version",
        "dukungan_sumber_daya",
        "skema_pertanggungjawaban",
        "konsekuensi",
        "pangkat",
        "penilai_pangkat",
        "atasan_penilai_pangkat",
        "example_title",
        "is_published",
        "created_at",
        "updated_at",
        "reviewed_at",
    ]
    copy_rows(Skp, columns, skp_rows)
    # An SKP in format was submitted in the drafting week and declared in format on a day
    # of the year: its history holds both, so that the monitoring's months climb as they
    # would have.
    status, updated = columns.index("status"), columns.index("updated_at")
    reviewed_at = columns.index("reviewed_at")
    history = []
    for row in skp_rows:
        reviewed = reviewed_on.get(row[0])
        if reviewed is None:
            history.append((*row, opened, REASON, "+"))
            continue
        submitted = list(row)
        submitted[status], submitted[updated] = SkpStatus.SUBMITTED, opened
        submitted[reviewed_at] = None
        history += [(*submitted, opened, REASON, "+"), (*row, reviewed, REASON, "~")]
    copy_rows(
        Skp.history.model,
        [*columns, "history_date", "history_change_reason", "history_type"],
        history,
    )
    _behaviours(skp_ids, opened)

    # The RHK of the year made already (Dinas Kesehatan's), for their subordinates to name.
    rhks_of: dict[int, list[int]] = defaultdict(list)
    for pegawai_id, rhk_id in Rhk.objects.filter(
        skp__year=year, skp__pegawai__isnull=False
    ).values_list("skp__pegawai_id", "pk"):
        rhks_of[pegawai_id].append(rhk_id)
    rhk_rows, indicator_rows = [], []
    for skp_id, pegawai_id, jenjang, atasan_id, skpd_id, jabatan in rhk_plan:
        jpt = jenjang in (Jenjang.JPT_UTAMA, Jenjang.JPT_MADYA, Jenjang.JPT_PRATAMA)
        unit, work = skpd_names[skpd_id], _work(jabatan)
        if jpt:
            plan = [
                (text.format(unit=unit), perspective, [("", label, target)])
                for (text, label, target), perspective in zip(JPT_RHK, PERSPECTIVES, strict=True)
            ]
        else:
            count = rng.choice((2, 3, 3, 4))
            plan = [
                (
                    text.format(work=work),
                    "",
                    [
                        (aspect, label.format(work=work), rng.choice(targets))
                        for aspect, label, targets in INDICATORS
                    ],
                )
                for text in rng.sample(OTHER_RHK, count)
            ]
        ids = rhk_ids.take(len(plan))
        parents = rhks_of.get(atasan_id, [])
        for order, (rhk_id, (text, perspective, indicators)) in enumerate(
            zip(ids, plan, strict=True)
        ):
            # Most intervene one of the superior's RHK; a few forget (the cascade's gaps).
            parent = rng.choice(parents) if parents and rng.random() < 0.95 else None
            rhk_rows.append((rhk_id, skp_id, RhkKind.UTAMA, order, text, parent, "", perspective))
            for position, (aspect, label, target) in enumerate(indicators):
                indicator_rows.append((rhk_id, position, aspect, label, target))
        rhks_of[pegawai_id] = ids
    copy_with_history(
        Rhk,
        ["id", "skp_id", "kind", "order", "text", "parent_id", "parent_text", "perspective"],
        rhk_rows,
        history_date=opened,
    )
    indicator_ids = reserve_ids(Indicator, len(indicator_rows))
    copy_with_history(
        Indicator,
        ["id", "rhk_id", "order", "aspect", "text", "target"],
        [(pk, *row) for pk, row in zip(indicator_ids, indicator_rows, strict=True)],
        history_date=opened,
    )
    return {"skp": len(skp_rows), "rhk": len(rhk_rows), "indicators": len(indicator_rows)}


def _behaviours(skp_ids: list[int], created: datetime.datetime) -> None:
    """Each SKP's expectations of the seven core values, empty, with their history rows:
    made by PostgreSQL from the SKP's ids in one statement (600,000 rows and as many history
    rows at the benchmark's scale, numbered in the same order as COPY would have)."""
    table = connection.ops.quote_name(Behaviour._meta.db_table)
    history = connection.ops.quote_name(Behaviour.history.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH made AS (
                INSERT INTO {table} (skp_id, value, expectation)
                SELECT skp.id, core.value, ''
                FROM unnest(%s::bigint[]) WITH ORDINALITY AS skp (id, n),
                     unnest(%s::text[]) WITH ORDINALITY AS core (value, m)
                ORDER BY skp.n, core.m
                RETURNING id, skp_id, value, expectation
            )
            INSERT INTO {history} (
                id, skp_id, value, expectation,
                history_date, history_change_reason, history_type
            )
            SELECT id, skp_id, value, expectation, %s, %s, '+' FROM made
            """,
            [skp_ids, CORE_VALUES, created, REASON],
        )


def _drafting_season(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """When the SKP of ``year`` were drafted (its first working week) and by when they were
    reviewed (the year's last working days, or now for the current year)."""
    now = timezone.now()
    zone = timezone.get_current_timezone()
    opened = datetime.datetime(year, 1, 6, 9, tzinfo=zone)
    closed = datetime.datetime(year, 12, 18, 16, tzinfo=zone)
    latest = now - datetime.timedelta(hours=1)
    return min(opened, latest - datetime.timedelta(hours=1)), min(closed, latest)


def _bring_to_coaching() -> int:
    """The past coaching worked on the SKP of its year: an attended booking brought the
    pegawai's SKP, and each session lists the SKP of those present."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE bookings_booking b SET skp_id = s.id
            FROM bookings_slot t, skp_drafts_skp s
            WHERE t.id = b.slot_id AND s.pegawai_id = b.pegawai_id
              AND s.year = EXTRACT(YEAR FROM t.start AT TIME ZONE %s)::int
              AND b.status IN ('attended', 'booked') AND b.skp_id IS NULL
            """,
            [timezone.get_current_timezone_name()],
        )
        brought = cursor.rowcount
        cursor.execute(
            """
            INSERT INTO bookings_coachingsession_drafts (coachingsession_id, skp_id)
            SELECT DISTINCT a.session_id, s.id
            FROM bookings_attendance a
            JOIN bookings_coachingsession c ON c.id = a.session_id
            JOIN skp_drafts_skp s ON s.pegawai_id = a.pegawai_id
             AND s.year = EXTRACT(YEAR FROM c.start AT TIME ZONE %s)::int
            WHERE a.present
            ON CONFLICT DO NOTHING
            """,
            [timezone.get_current_timezone_name()],
        )
        return brought + cursor.rowcount
