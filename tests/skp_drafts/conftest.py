import datetime

import pytest
from django.utils import timezone

from accounts.models import Jenjang, Role
from bookings.models import Attendance, Booking, CoachingSession, SessionKind
from skp_drafts.models import LAMPIRAN_FIELDS
from tests.accounts.factories import PegawaiWithAccountFactory, SkpdFactory, user_with_role
from tests.bookings.factories import BookingFactory
from tests.skp_drafts.factories import IndicatorFactory, RhkFactory, SkpFactory


@pytest.fixture
def chain(db):
    """A Dinas with its head (JPT Pratama) → a Kepala Bidang (Administrator) → a Kepala Seksi
    (Pengawas) → a pelaksana, all with logins; the head and the Kabid have SKP 2026."""
    skpd = SkpdFactory(name="Dinas Kesehatan", short_name="DINKES")
    head = PegawaiWithAccountFactory(
        skpd=skpd, jenjang=Jenjang.JPT_PRATAMA, name="Kepala Dinas", jabatan="Kepala Dinas"
    )
    kabid = PegawaiWithAccountFactory(
        skpd=skpd, jenjang=Jenjang.ADMINISTRATOR, atasan=head, name="Kabid P2P",
        jabatan="Kepala Bidang P2P",
    )  # fmt: skip
    kasi = PegawaiWithAccountFactory(
        skpd=skpd, jenjang=Jenjang.PENGAWAS, atasan=kabid, name="Kasi Surveilans",
        jabatan="Kepala Seksi Surveilans",
    )  # fmt: skip
    staff = PegawaiWithAccountFactory(
        skpd=skpd, jenjang=Jenjang.PELAKSANA, atasan=kasi, name="Pelaksana Surveilans",
        jabatan="Pengelola Data",
    )  # fmt: skip
    head_skp = SkpFactory(pegawai=head)
    head_rhk = RhkFactory(
        skp=head_skp,
        text="Meningkatnya derajat kesehatan masyarakat",
        perspective="penerima_layanan",
    )
    IndicatorFactory(rhk=head_rhk, aspect="", text="Angka harapan hidup", target="70 tahun")
    kabid_skp = SkpFactory(pegawai=kabid)
    kabid_rhk = RhkFactory(
        skp=kabid_skp, parent=head_rhk, text="Menurunnya angka kesakitan penyakit menular"
    )
    IndicatorFactory(rhk=kabid_rhk)
    return {
        "skpd": skpd,
        "head": head,
        "kabid": kabid,
        "kasi": kasi,
        "staff": staff,
        "head_skp": head_skp,
        "head_rhk": head_rhk,
        "kabid_skp": kabid_skp,
        "kabid_rhk": kabid_rhk,
    }


@pytest.fixture
def coach(db):
    return user_with_role(Role.TIM_COACHING)


def bring(skp, coach) -> Booking:
    """The SKP's owner booked a slot of ``coach`` and brought the SKP to it."""
    return BookingFactory(pegawai=skp.pegawai, slot__coach=coach, skp=skp)


def filled_lampiran(skp):
    for name in LAMPIRAN_FIELDS:
        setattr(skp, name, "Satu butir")
    skp.save()


@pytest.fixture
def valid(chain):
    """The Kepala Seksi's SKP that breaks no rule: one RHK Utama intervening the Kabid's RHK,
    indicators of quantity, quality and time with numbered targets, the attachment filled."""
    skp = SkpFactory(pegawai=chain["kasi"], pejabat_penilai=chain["kabid"])
    rhk = RhkFactory(skp=skp, parent=chain["kabid_rhk"], text="Tersedianya data surveilans")
    IndicatorFactory(rhk=rhk, aspect="kuantitas", text="Jumlah laporan", target="12 laporan")
    IndicatorFactory(rhk=rhk, aspect="kualitas", text="Laporan yang akurat", target="100 %")
    IndicatorFactory(rhk=rhk, aspect="waktu", text="Ketepatan waktu", target="12 bulan")
    filled_lampiran(skp)
    return {**chain, "skp": skp, "rhk": rhk}


@pytest.fixture
def valid_jpt(chain):
    """The head's JPT SKP that breaks no rule: an RHK for each of the four perspectives."""
    skp = chain["head_skp"]
    for text, perspective in [
        ("Meningkatnya kepuasan pasien", "proses_bisnis"),
        ("Meningkatnya kapasitas SDM kesehatan", "penguatan_internal"),
        ("Terserapnya anggaran kesehatan", "anggaran"),
    ]:
        rhk = RhkFactory(skp=skp, text=text, perspective=perspective)
        IndicatorFactory(rhk=rhk, aspect="", text="Persentase capaian", target="90 %")
    filled_lampiran(skp)
    return {**chain, "skp": skp}


def future(days: int) -> datetime.datetime:
    return timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(days=days)


def held_session(chain, coach):
    start = future(-1)
    session = CoachingSession.objects.create(
        kind=SessionKind.INDIVIDUAL,
        start=start,
        end=start + datetime.timedelta(hours=2),
        place="Aula",
        booking=BookingFactory(),
    )
    session.coaches.add(coach)
    for pegawai in (chain["kabid"], chain["kasi"]):
        Attendance.objects.create(session=session, pegawai=pegawai, present=True)
    return session
