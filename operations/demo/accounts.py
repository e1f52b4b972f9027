"""The demo regency: Kabupaten Balangan's SKPD with their people, in a correct superior
chain, with valid NIPs, the Kasubag Umum of each SKPD and BKPSDM's coaching team.

Everything is generated from fixed seeds, so a second run finds every NIP in place and
creates nothing. ``build_demo_regency(pegawai_target=50_000)`` makes a regency ten times
Balangan's size for the benchmark (400 SKPD), with bulk inserts.
"""

import base64
import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.utils import bulk_create_with_history

from accounts.models import (
    Jenjang,
    Pegawai,
    RecoveryCodeDevice,
    Registration,
    Role,
    RoleAssignment,
    Skpd,
    SkpdKind,
    User,
)
from accounts.nip import NipKind, parse_nip
from accounts.twofactor.services import set_recovery_codes
from core.bulk import copy_with_history, foreign_keys_checked_after, reserve_ids

# The demo accounts share this password; seed_demo prints it. Never for real accounts.
DEMO_PASSWORD = "coaching-balangan"
DEFAULT_PEGAWAI = 2_000
PEGAWAI_PER_EXTRA_SKPD = 125
ACCOUNT_SHARE = 0.6  # share of ordinary pegawai who already have a login in the demo
# Where the demo's logins get their e-mail: every account has one (registration asks for it,
# the profile requires it), and the portal writes to it (a booking's confirmation, the SKM
# link, a review's outcome). A name reserved for examples (RFC 2606): a demo run with a
# real mail server configured sends nothing to anyone's domain.
DEMO_MAIL_DOMAIN = "contoh.example"
PPPK_SHARE = 0.15  # share of pelaksana appointed as PPPK
CHANGE_REASON = "seed_demo"

GENERIC_BIDANG = ["Pelayanan", "Pembinaan dan Pengembangan", "Pengendalian dan Evaluasi"]

# (name, short name, kind, bidang) — the work units of Kabupaten Balangan.
BALANGAN_SKPD = [
    (
        "Sekretariat Daerah",
        "SETDA",
        SkpdKind.SEKRETARIAT,
        [
            "Pemerintahan dan Kesejahteraan Rakyat",
            "Perekonomian dan Pembangunan",
            "Administrasi Umum",
        ],
    ),
    (
        "Sekretariat DPRD",
        "SETWAN",
        SkpdKind.SEKRETARIAT,
        [
            "Persidangan dan Perundang-undangan",
            "Fasilitasi Penganggaran dan Pengawasan",
            "Umum dan Keuangan",
        ],
    ),
    (
        "Inspektorat Daerah",
        "INSPEKTORAT",
        SkpdKind.INSPEKTORAT,
        ["Pengawasan Wilayah I", "Pengawasan Wilayah II", "Pengawasan Investigasi"],
    ),
    (
        "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
        "BAPPELITBANGDA",
        SkpdKind.BADAN,
        ["Perencanaan Ekonomi", "Perencanaan Sosial Budaya", "Penelitian dan Pengembangan"],
    ),
    (
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "BPKAD",
        SkpdKind.BADAN,
        ["Anggaran", "Perbendaharaan", "Aset Daerah"],
    ),
    (
        "Badan Pendapatan Daerah",
        "BAPENDA",
        SkpdKind.BADAN,
        ["Pendataan dan Penetapan", "Penagihan", "Pengembangan Pendapatan"],
    ),
    (
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "BKPSDM",
        SkpdKind.BADAN,
        ["Pengadaan, Pemberhentian dan Informasi", "Mutasi dan Promosi", "Pengembangan Kompetensi"],
    ),
    (
        "Badan Penanggulangan Bencana Daerah",
        "BPBD",
        SkpdKind.BADAN,
        [
            "Pencegahan dan Kesiapsiagaan",
            "Kedaruratan dan Logistik",
            "Rehabilitasi dan Rekonstruksi",
        ],
    ),
    (
        "Badan Kesatuan Bangsa dan Politik",
        "KESBANGPOL",
        SkpdKind.BADAN,
        ["Ideologi dan Wawasan Kebangsaan", "Politik Dalam Negeri", "Ketahanan Ekonomi dan Sosial"],
    ),
    (
        "Dinas Pendidikan",
        "DISDIK",
        SkpdKind.DINAS,
        [
            "Pembinaan Sekolah Dasar",
            "Pembinaan Sekolah Menengah Pertama",
            "Pendidikan Anak Usia Dini dan Nonformal",
        ],
    ),
    (
        "Dinas Kesehatan",
        "DINKES",
        SkpdKind.DINAS,
        [
            "Kesehatan Masyarakat",
            "Pencegahan dan Pengendalian Penyakit",
            "Pelayanan dan Sumber Daya Kesehatan",
        ],
    ),
    (
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "DPUPR",
        SkpdKind.DINAS,
        ["Bina Marga", "Sumber Daya Air", "Penataan Ruang"],
    ),
    (
        "Dinas Perumahan Rakyat dan Kawasan Permukiman",
        "DISPERKIM",
        SkpdKind.DINAS,
        ["Perumahan", "Kawasan Permukiman", "Prasarana, Sarana dan Utilitas Umum"],
    ),
    (
        "Dinas Sosial",
        "DINSOS",
        SkpdKind.DINAS,
        ["Rehabilitasi Sosial", "Perlindungan dan Jaminan Sosial", "Pemberdayaan Sosial"],
    ),
    (
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga "
        "Berencana",
        "DP3AP2KB",
        SkpdKind.DINAS,
        ["Pemberdayaan Perempuan", "Perlindungan Anak", "Keluarga Berencana"],
    ),
    (
        "Dinas Ketahanan Pangan",
        "DKP",
        SkpdKind.DINAS,
        ["Ketersediaan dan Distribusi Pangan", "Konsumsi dan Keamanan Pangan", "Kerawanan Pangan"],
    ),
    (
        "Dinas Lingkungan Hidup",
        "DLH",
        SkpdKind.DINAS,
        ["Tata Lingkungan", "Pengelolaan Sampah", "Pengendalian Pencemaran"],
    ),
    (
        "Dinas Kependudukan dan Pencatatan Sipil",
        "DISDUKCAPIL",
        SkpdKind.DINAS,
        [
            "Pelayanan Pendaftaran Penduduk",
            "Pelayanan Pencatatan Sipil",
            "Pengelolaan Informasi Administrasi Kependudukan",
        ],
    ),
    (
        "Dinas Pemberdayaan Masyarakat dan Desa",
        "DPMD",
        SkpdKind.DINAS,
        ["Pemerintahan Desa", "Pemberdayaan Masyarakat", "Pembangunan Desa"],
    ),
    (
        "Dinas Perhubungan",
        "DISHUB",
        SkpdKind.DINAS,
        ["Lalu Lintas", "Angkutan", "Sarana dan Prasarana"],
    ),
    (
        "Dinas Komunikasi dan Informatika",
        "DISKOMINFO",
        SkpdKind.DINAS,
        ["Informasi dan Komunikasi Publik", "Aplikasi Informatika", "Statistik dan Persandian"],
    ),
    (
        "Dinas Koperasi, Usaha Kecil dan Menengah",
        "DISKOPUKM",
        SkpdKind.DINAS,
        ["Kelembagaan Koperasi", "Pemberdayaan Usaha Mikro", "Pengawasan Koperasi"],
    ),
    (
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
        SkpdKind.DINAS,
        ["Promosi Penanaman Modal", "Pelayanan Perizinan", "Pengendalian Penanaman Modal"],
    ),
    (
        "Dinas Kepemudaan, Olahraga dan Pariwisata",
        "DISPORAPAR",
        SkpdKind.DINAS,
        ["Kepemudaan", "Olahraga", "Pariwisata"],
    ),
    (
        "Dinas Perpustakaan dan Kearsipan",
        "DISPERSIP",
        SkpdKind.DINAS,
        ["Layanan Perpustakaan", "Pengelolaan Arsip", "Pembinaan Perpustakaan dan Kearsipan"],
    ),
    (
        "Dinas Perikanan",
        "DISKAN",
        SkpdKind.DINAS,
        ["Perikanan Budidaya", "Perikanan Tangkap", "Pengolahan dan Pemasaran Hasil Perikanan"],
    ),
    (
        "Dinas Pertanian",
        "DISTAN",
        SkpdKind.DINAS,
        ["Tanaman Pangan dan Hortikultura", "Perkebunan", "Peternakan dan Kesehatan Hewan"],
    ),
    (
        "Dinas Perdagangan dan Perindustrian",
        "DISDAGPERIN",
        SkpdKind.DINAS,
        ["Perdagangan", "Perindustrian", "Metrologi dan Perlindungan Konsumen"],
    ),
    (
        "Dinas Tenaga Kerja dan Transmigrasi",
        "DISNAKERTRANS",
        SkpdKind.DINAS,
        ["Penempatan Tenaga Kerja", "Hubungan Industrial", "Transmigrasi"],
    ),
    (
        "Dinas Kebudayaan",
        "DISBUD",
        SkpdKind.DINAS,
        ["Sejarah dan Cagar Budaya", "Kesenian", "Tradisi dan Nilai Budaya"],
    ),
    (
        "Satuan Polisi Pamong Praja dan Pemadam Kebakaran",
        "SATPOLPP-DAMKAR",
        SkpdKind.SATUAN,
        ["Penegakan Peraturan Daerah", "Ketertiban Umum", "Pemadam Kebakaran"],
    ),
    (
        "Rumah Sakit Umum Daerah Balangan",
        "RSUD",
        SkpdKind.RSUD,
        ["Pelayanan Medik", "Keperawatan", "Penunjang Medik"],
    ),
    *[
        (
            f"Kecamatan {name}",
            f"KEC-{short}",
            SkpdKind.KECAMATAN,
            ["Pemerintahan", "Pemberdayaan Masyarakat dan Desa", "Ketenteraman dan Ketertiban"],
        )
        for name, short in [
            ("Paringin", "PARINGIN"),
            ("Paringin Selatan", "PRG-SELATAN"),
            ("Lampihong", "LAMPIHONG"),
            ("Batumandi", "BATUMANDI"),
            ("Juai", "JUAI"),
            ("Awayan", "AWAYAN"),
            ("Halong", "HALONG"),
            ("Tebing Tinggi", "TEBING-TINGGI"),
        ]
    ],
]

FIRST_NAMES_MALE = [
    "Ahmad",
    "Muhammad",
    "Rahmat",
    "Hendra",
    "Syahrani",
    "Fauzan",
    "Rizki",
    "Gusti",
    "Akhmad",
    "Irfan",
    "Hamdani",
    "Yusuf",
    "Bahrudin",
    "Arif",
    "Taufik",
    "Fahmi",
    "Saipul",
    "Ridwan",
    "Agus",
    "Abdul",
    "Norhadi",
    "Rusdi",
    "Sugianto",
    "Jumberi",
    "Mahyudin",
    "Anang",
]
FIRST_NAMES_FEMALE = [
    "Siti",
    "Nurul",
    "Rahmah",
    "Fitriani",
    "Noor",
    "Hayati",
    "Mariani",
    "Dewi",
    "Rina",
    "Aulia",
    "Raudah",
    "Herlina",
    "Wahyuni",
    "Khairunnisa",
    "Norjanah",
    "Lisa",
    "Yuliana",
    "Mahmudah",
    "Ernawati",
    "Rusmiati",
    "Salamah",
    "Annisa",
    "Isnaniah",
]
LAST_NAMES = [
    "Rahman",
    "Hidayat",
    "Fadillah",
    "Maulana",
    "Saputra",
    "Ramadhani",
    "Hasanah",
    "Anwar",
    "Effendi",
    "Mahmud",
    "Syarifuddin",
    "Hakim",
    "Rahmawati",
    "Kurniawan",
    "Yusran",
    "Noor",
    "Aspihani",
    "Fahriannor",
    "Riduan",
    "Suriansyah",
    "Wardhana",
    "Pratama",
    "Lestari",
]
DEGREES_HIGH = [
    "S.E., M.Si.",
    "S.Sos., M.AP.",
    "S.STP., M.Si.",
    "S.H., M.H.",
    "S.T., M.T.",
    "S.Pd., M.Pd.",
    "S.P., M.P.",
    "S.Kom., M.Kom.",
]
DEGREES_MID = [
    "S.E.",
    "S.Sos.",
    "S.H.",
    "S.Pd.",
    "S.T.",
    "S.Kom.",
    "S.AP.",
    "S.Kep., Ns.",
    "S.Ak.",
    "S.IP.",
    "S.Psi.",
]
DEGREES_LOW = ["", "", "A.Md.", "A.Md.Kom.", "A.Md.Kep.", "S.E.", "S.Sos."]

FUNGSIONAL_JABATAN = [
    "Analis Kebijakan Ahli Muda",
    "Analis Kebijakan Ahli Pertama",
    "Perencana Ahli Muda",
    "Pranata Komputer Ahli Pertama",
    "Analis Keuangan Pusat dan Daerah Ahli Muda",
    "Arsiparis Terampil",
    "Pranata Hubungan Masyarakat Ahli Pertama",
    "Analis Sumber Daya Manusia Aparatur Ahli Pertama",
    "Penyuluh Pertanian Ahli Muda",
]
PELAKSANA_JABATAN = [
    "Pengadministrasi Perkantoran",
    "Penata Layanan Operasional",
    "Pengolah Data dan Informasi",
    "Pengelola Layanan Operasional",
    "Operator Layanan Operasional",
    "Penelaah Teknis Kebijakan",
    "Pengadministrasi Keuangan",
    "Arsiparis Pelaksana",
]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    name: str
    login: str
    unit: str


@dataclass
class Person:
    """A pegawai to be made; ``parent`` is its atasan langsung."""

    name: str
    jabatan: str
    jenjang: str
    parent: "Person | None"
    nip: str = ""
    kind: str = NipKind.PNS
    with_account: bool = False
    roles: list[str] = field(default_factory=list)
    pk: int | None = None  # once it is in the database

    @property
    def depth(self) -> int:
        return 0 if self.parent is None else self.parent.depth + 1


@dataclass
class UnitPlan:
    name: str
    short_name: str
    kind: str
    people: list[Person]


# The named demo people: fixed NIPs so that the demo logins never change.
FIXED = {
    "kepala_bkpsdm": ("197305121998031004", "Drs. H. Akhmad Fauzi Rahman, M.Si."),
    "kepala_bidang": ("197808172005012009", "Hj. Norhasanah, S.Sos., M.AP."),
    "coach_1": ("198609262015051001", "Rizki Maulana, S.Psi., M.Psi."),
    "coach_2": ("199003142014022003", "Aulia Rahmawati, S.E."),
    "coach_3": ("199201082019031005", "Muhammad Fahriannor, S.Kom."),
    "kasubag_dinkes": ("198411032009042002", "Fitriani Hasanah, S.Kep., Ns."),
    "asn_dinkes": ("199505202020121007", "Ahmad Syahrani Noor, A.Md.Kep."),
}


class _NipMaker:
    """Valid, unique NIPs from a seeded random source."""

    def __init__(self, taken: set[str]):
        self.taken = taken

    def make(self, rng: random.Random, jenjang: str, sex: str, kind: str = NipKind.PNS) -> str:
        # Senior positions belong to older people.
        oldest, youngest = {
            Jenjang.JPT_PRATAMA: (1966, 1978),
            Jenjang.ADMINISTRATOR: (1968, 1984),
            Jenjang.PENGAWAS: (1970, 1990),
        }.get(jenjang, (1968, 2000))
        birth = datetime.date(rng.randint(oldest, youngest), rng.randint(1, 12), rng.randint(1, 28))
        tmt_year = min(birth.year + rng.randint(22, 32), 2024)
        tmt_month = rng.choice([1, 2, 3, 4, 12])
        if (tmt_year, tmt_month) < (birth.year + 18, birth.month):
            tmt_year = birth.year + 19
        if kind == NipKind.PPPK:
            # Birth date, appointment year, code digit, number of contracts, sex, sequence.
            stem = f"{birth:%Y%m%d}{rng.randint(2022, 2024)}21{sex}"
        else:
            stem = f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{sex}"
        sequence = rng.randint(1, 40)
        while f"{stem}{sequence:03d}" in self.taken:
            sequence += 1
            if sequence > 999:
                return self.make(rng, jenjang, sex, kind)
        nip = f"{stem}{sequence:03d}"
        self.taken.add(nip)
        return nip


def _person_name(rng: random.Random, jenjang: str) -> tuple[str, str]:
    sex = rng.choice("12")
    first = rng.choice(FIRST_NAMES_MALE if sex == "1" else FIRST_NAMES_FEMALE)
    name = f"{first} {rng.choice(LAST_NAMES)}"
    if jenjang in (Jenjang.JPT_PRATAMA, Jenjang.ADMINISTRATOR):
        degree = rng.choice(DEGREES_HIGH)
    elif jenjang in (Jenjang.PENGAWAS, Jenjang.FUNGSIONAL):
        degree = rng.choice(DEGREES_MID)
    else:
        degree = rng.choice(DEGREES_LOW)
    return (f"{name}, {degree}" if degree else name), sex


def _plan_unit(
    index: int, name: str, short: str, kind: str, bidang: list[str], size: int, nips: _NipMaker
) -> UnitPlan:
    """The people of one SKPD: head, secretary, Kasubag Umum, heads of division, section
    heads, fungsional and pelaksana, until it has ``size`` pegawai."""
    rng = random.Random(f"balangan-{index}")
    people: list[Person] = []

    def add(jabatan, jenjang, parent, **extra) -> Person:
        person_name, sex = _person_name(rng, jenjang)
        person = Person(person_name, jabatan, jenjang, parent, **extra)
        if jenjang == Jenjang.PELAKSANA and rng.random() < PPPK_SHARE:
            person.kind = NipKind.PPPK
        person.nip = nips.make(rng, jenjang, sex, person.kind)
        people.append(person)
        return person

    unit_name = name.removeprefix("Kecamatan ")
    if kind == SkpdKind.KECAMATAN:
        head = add(f"Camat {unit_name}", Jenjang.ADMINISTRATOR, None)
        secretary = add(f"Sekretaris Kecamatan {unit_name}", Jenjang.ADMINISTRATOR, head)
        division_title = "Kepala Seksi"
    else:
        head_title = {
            SkpdKind.SEKRETARIAT: "Sekretaris Daerah" if short == "SETDA" else "Sekretaris DPRD",
            SkpdKind.INSPEKTORAT: "Inspektur Daerah",
            SkpdKind.RSUD: "Direktur RSUD Balangan",
        }.get(kind, f"Kepala {name}")
        head = add(head_title, Jenjang.JPT_PRATAMA, None)
        secretary_title = {
            SkpdKind.SEKRETARIAT: f"Kepala Bagian Umum {name}",
            SkpdKind.INSPEKTORAT: "Sekretaris Inspektorat Daerah",
            SkpdKind.RSUD: "Kepala Bagian Tata Usaha RSUD",
        }.get(kind, f"Sekretaris {name}")
        secretary = add(secretary_title, Jenjang.ADMINISTRATOR, head)
        division_title = {
            SkpdKind.SEKRETARIAT: "Kepala Bagian",
            SkpdKind.INSPEKTORAT: "Inspektur Pembantu",
        }.get(kind, "Kepala Bidang")

    kasubag = add(
        "Kepala Subbagian Umum dan Kepegawaian",
        Jenjang.PENGAWAS,
        secretary,
        with_account=True,
        roles=[Role.KASUBAG_UMUM],
    )
    finance = add("Kepala Subbagian Keuangan dan Perencanaan", Jenjang.PENGAWAS, secretary)
    leaves = [kasubag, finance]

    for topic in bidang:
        if kind == SkpdKind.KECAMATAN:
            division = add(f"Kepala Seksi {topic}", Jenjang.PENGAWAS, head)
            leaves.append(division)
            continue
        division = add(f"{division_title} {topic}", Jenjang.ADMINISTRATOR, head)
        section = add(f"Kepala Seksi {topic}", Jenjang.PENGAWAS, division)
        add(rng.choice(FUNGSIONAL_JABATAN), Jenjang.FUNGSIONAL, division)
        leaves.append(section)

    while len(people) < size:
        parent = leaves[len(people) % len(leaves)]
        if rng.random() < 0.3:
            add(rng.choice(FUNGSIONAL_JABATAN), Jenjang.FUNGSIONAL, parent.parent or parent)
        else:
            add(rng.choice(PELAKSANA_JABATAN), Jenjang.PELAKSANA, parent)

    for person in people:
        person.with_account = person.with_account or rng.random() < ACCOUNT_SHARE
    return UnitPlan(name, short, kind, people)


def _place_bkpsdm_team(unit: UnitPlan) -> None:
    """Give BKPSDM its named head, the Kepala Bidang who runs the clinic and her team."""
    head = unit.people[0]
    head.nip, head.name = FIXED["kepala_bkpsdm"]
    head.with_account, head.roles = True, [Role.KEPALA_BKPSDM]
    head.jabatan = "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"

    nip, name = FIXED["kepala_bidang"]
    kabid = Person(
        name,
        "Kepala Bidang Pembinaan, Kesejahteraan, Penilaian dan Evaluasi Kinerja ASN",
        Jenjang.ADMINISTRATOR,
        head,
        nip=nip,
        with_account=True,
        roles=[Role.KEPALA_BIDANG],
    )
    coaches = [
        ("coach_1", "Analis Sumber Daya Manusia Aparatur Ahli Muda", Jenjang.FUNGSIONAL),
        ("coach_2", "Kepala Subbidang Penilaian dan Evaluasi Kinerja", Jenjang.PENGAWAS),
        ("coach_3", "Analis Sumber Daya Manusia Aparatur Ahli Pertama", Jenjang.FUNGSIONAL),
    ]
    unit.people += [kabid] + [
        Person(
            FIXED[key][1],
            jabatan,
            jenjang,
            kabid,
            nip=FIXED[key][0],
            with_account=True,
            roles=[Role.TIM_COACHING],
        )
        for key, jabatan, jenjang in coaches
    ]


def _place_dinkes_demo(unit: UnitPlan) -> None:
    kasubag = next(p for p in unit.people if Role.KASUBAG_UMUM in p.roles)
    kasubag.nip, kasubag.name = FIXED["kasubag_dinkes"]
    nip, name = FIXED["asn_dinkes"]
    unit.people.append(
        Person(
            name,
            "Pengelola Layanan Kesehatan",
            Jenjang.PELAKSANA,
            kasubag,
            nip=nip,
            with_account=True,
        )
    )


def plan_regency(pegawai_target: int) -> list[UnitPlan]:
    extra_units = max(0, pegawai_target // PEGAWAI_PER_EXTRA_SKPD - len(BALANGAN_SKPD))
    catalogue = [*BALANGAN_SKPD]
    catalogue += [
        (f"UPTD Beban Uji {number:03d}", f"UJI-{number:03d}", SkpdKind.DINAS, GENERIC_BIDANG)
        for number in range(1, extra_units + 1)
    ]
    size = max(12, pegawai_target // len(catalogue))
    nips = _NipMaker({nip for nip, _name in FIXED.values()})
    units = [
        _plan_unit(index, name, short, kind, bidang, size, nips)
        for index, (name, short, kind, bidang) in enumerate(catalogue)
    ]
    by_short = {unit.short_name: unit for unit in units}
    # The Sekretaris Daerah is the pejabat penilai kinerja of every head of an SKPD; the
    # Sekda's own superior, the Bupati, is no civil servant and stays outside the roster.
    sekda = by_short["SETDA"].people[0]
    for unit in units:
        if unit.people[0] is not sekda:
            unit.people[0].parent = sekda
    _place_bkpsdm_team(by_short["BKPSDM"])
    _place_dinkes_demo(by_short["DINKES"])
    for unit in units:
        for person in unit.people:
            parse_nip(person.nip, person.kind)  # the generator must never make a bad NIP
    return units


@transaction.atomic
def build_demo_regency(*, pegawai_target: int = DEFAULT_PEGAWAI) -> dict[str, int]:
    """Create what is missing of the demo regency; return how many rows were made."""
    units = plan_regency(pegawai_target)
    created = {
        "skpd": 0,
        "pegawai": 0,
        "users": 0,
        "roles": 0,
        "registrations": 0,
        "second_factors": 0,
    }

    existing_skpd = {skpd.short_name: skpd for skpd in Skpd.objects.all()}
    new_skpd = [
        Skpd(name=unit.name, short_name=unit.short_name, kind=unit.kind)
        for unit in units
        if unit.short_name not in existing_skpd
    ]
    bulk_create_with_history(new_skpd, Skpd, batch_size=1000, default_change_reason=CHANGE_REASON)
    created["skpd"] = len(new_skpd)
    skpd_by_short = {skpd.short_name: skpd for skpd in Skpd.objects.all()}

    people = [(unit, person) for unit in units for person in unit.people]
    existing = dict(Pegawai.objects.values_list("nip", "pk"))
    # COPY, not the ORM's bulk_create: at the benchmark's scale (50,000 pegawai, 30,000
    # logins) building the INSERTs took more time than PostgreSQL took to store the rows.
    now = timezone.now()
    new_people = sorted(
        ((unit, person) for unit, person in people if person.nip not in existing),
        key=lambda pair: pair[1].depth,  # superiors first, as they were numbered before
    )
    with_login = [person.nip for _unit, person in new_people if person.with_account]
    user_ids = dict(zip(with_login, reserve_ids(User, len(with_login)), strict=True))
    with foreign_keys_checked_after(User, Pegawai):
        password = make_password(DEMO_PASSWORD)
        copy_with_history(
            User,
            [
                "id",
                "password",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
                "unread_notifications",
            ],
            [
                (pk, password, False, nip, "", "", demo_email(nip), False, True, now, 0)
                for nip, pk in user_ids.items()
            ],
            history_date=now,
            reason=CHANGE_REASON,
        )
        created["users"] = len(user_ids)

        pegawai_ids = dict(
            zip(
                (person.nip for _unit, person in new_people),
                reserve_ids(Pegawai, len(new_people)),
                strict=True,
            )
        )
        pk_of = {**existing, **pegawai_ids}
        for _unit, person in people:
            person.pk = pk_of[person.nip]
        copy_with_history(
            Pegawai,
            [
                "id",
                "user_id",
                "nip",
                "kind",
                "name",
                "jabatan",
                "jenjang",
                "skpd_id",
                "atasan_id",
                "email",
                "phone",
                "is_active",
                "created_at",
                "updated_at",
            ],
            [
                (
                    pegawai_ids[person.nip],
                    user_ids.get(person.nip),
                    person.nip,
                    person.kind,
                    person.name,
                    person.jabatan,
                    person.jenjang,
                    skpd_by_short[unit.short_name].pk,
                    pk_of[person.parent.nip] if person.parent else None,
                    demo_email(person.nip) if person.nip in user_ids else "",
                    "",
                    True,
                    now,
                    now,
                )
                for unit, person in new_people
            ],
            history_date=now,
            reason=CHANGE_REASON,
        )
        created["pegawai"] = len(new_people)

    heads = []
    for unit in units:
        skpd = skpd_by_short[unit.short_name]
        if skpd.head_id is None:
            skpd.head_id = unit.people[0].pk
            heads.append(skpd)
    Skpd.objects.bulk_update(heads, ["head"], batch_size=1000)

    account_of = dict(Pegawai.objects.filter(user__isnull=False).values_list("nip", "user_id"))
    assignments = [
        RoleAssignment(
            user_id=account_of[person.nip],
            role=role,
            skpd=skpd_by_short[unit.short_name] if role == Role.KASUBAG_UMUM else None,
        )
        for unit, person in people
        for role in person.roles
        if person.nip in account_of
    ]
    already = set(RoleAssignment.objects.values_list("user_id", "role", "skpd_id"))
    new_assignments = [a for a in assignments if (a.user_id, a.role, a.skpd_id) not in already]
    bulk_create_with_history(new_assignments, RoleAssignment, default_change_reason=CHANGE_REASON)
    created["roles"] = len(new_assignments)

    created["registrations"] = _demo_registrations(units)

    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", password=DEMO_PASSWORD, first_name="Admin TI")
        created["users"] += 1
    created["second_factors"] = _demo_second_factors()
    return created


# DEMO ONLY, published in the README: the authenticator app and recovery codes of the demo
# logins that must have a second factor (Kepala BKPSDM, Kepala Bidang, Admin), so that
# `make run` can be tried with any authenticator app. Never for real accounts: real ones
# enrol with a random secret of their own (accounts.twofactor.services).
DEMO_TOTP_SECRET = "DEMOCOACHINGCLINICSKPBALANGAN234"
DEMO_RECOVERY_CODES = [
    "DMT9T-X69D7",
    "H7WWU-Q4VU5",
    "233S3-3VRHA",
    "WCDK5-DRA57",
    "YSYMG-PJN8N",
    "4P2TX-C2MCU",
    "UKKRE-7XZZV",
    "KA6ZN-NRQCP",
    "7VUS6-DQT43",
    "6W7SP-8TJ6Q",
]


def demo_second_factor_logins() -> list[str]:
    """The login names of the demo accounts whose second factor the demo sets up."""
    return [FIXED["kepala_bkpsdm"][0], FIXED["kepala_bidang"][0], "admin"]


def _demo_second_factors() -> int:
    """Give each demo login that must have a second factor the published app and codes,
    unless it has a device already (a second run, or a tester who set up its own)."""
    made = 0
    key = base64.b32decode(DEMO_TOTP_SECRET).hex()
    for user in User.objects.filter(username__in=demo_second_factor_logins()):
        if TOTPDevice.objects.filter(user=user).exists():
            continue
        TOTPDevice.objects.create(user=user, name="Demo", key=key, confirmed=True)
        recovery, _created = RecoveryCodeDevice.objects.get_or_create(
            user=user, defaults={"name": "Demo"}
        )
        recovery.codes.all().delete()
        set_recovery_codes(
            device=recovery, codes=[code.replace("-", "") for code in DEMO_RECOVERY_CODES]
        )
        made += 1
    return made


def demo_email(nip: str) -> str:
    """The e-mail of the demo login ``nip``: one of its own (accounts' addresses are unique),
    on the account and on its pegawai alike, as the profile keeps them."""
    return f"{nip}@{DEMO_MAIL_DOMAIN}"


def _demo_registrations(units: list[UnitPlan]) -> int:
    """Two registrations waiting in the Dinas Kesehatan queue: one of a pegawai in the
    roster without a login, one of a newcomer not in the roster yet."""
    dinkes = next(unit for unit in units if unit.short_name == "DINKES")
    without_login = next(p for p in dinkes.people if not p.with_account)
    newcomer_nip = "199811042023212001"  # NI PPPK: appointed 2023
    skpd = Skpd.objects.get(short_name="DINKES")
    wanted = [
        Registration(
            nip=without_login.nip,
            kind=without_login.kind,
            email=f"pegawai.dinkes@{DEMO_MAIL_DOMAIN}",
            phone="081255501234",
            pegawai=Pegawai.objects.get(nip=without_login.nip),
            skpd=skpd,
        ),
        Registration(
            nip=newcomer_nip,
            kind=NipKind.PPPK,
            email=f"pppk.baru@{DEMO_MAIL_DOMAIN}",
            phone="081255505678",
            skpd=skpd,
            name="Nadia Rahmah, A.Md.Kes.",
            jabatan="Terapis Gigi dan Mulut Terampil",
            jenjang=Jenjang.FUNGSIONAL,
        ),
    ]
    known = set(Registration.objects.values_list("nip", flat=True))
    new = [registration for registration in wanted if registration.nip not in known]
    bulk_create_with_history(new, Registration, default_change_reason=CHANGE_REASON)
    return len(new)


def demo_logins() -> list[DemoLogin]:
    """One login per role, to print and to document."""
    rows = [
        (Role.KEPALA_BKPSDM, "kepala_bkpsdm", "BKPSDM"),
        (Role.KEPALA_BIDANG, "kepala_bidang", "BKPSDM"),
        (Role.TIM_COACHING, "coach_1", "BKPSDM"),
        (Role.KASUBAG_UMUM, "kasubag_dinkes", "Dinas Kesehatan"),
        (Role.ASN, "asn_dinkes", "Dinas Kesehatan"),
    ]
    logins = [
        DemoLogin(str(role.label), FIXED[key][1], FIXED[key][0], unit) for role, key, unit in rows
    ]
    logins.append(DemoLogin(str(Role.ADMIN.label), "Admin TI", "admin", "BKPSDM"))
    return logins
