import datetime

import factory

from accounts.models import (
    Jenjang,
    Pegawai,
    Registration,
    Role,
    RoleAssignment,
    Skpd,
    SkpdKind,
    User,
)
from accounts.nip import NipKind

PASSWORD = "rahasia-coaching-123"


def valid_nip(number: int, sex: str = "1") -> str:
    """The n-th valid PNS NIP: distinct birth dates, appointment at 25, sequence from n."""
    birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=number % 12000)
    return f"{birth:%Y%m%d}{birth.year + 25}03{sex}{number % 999 + 1:03d}"


class SkpdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skpd

    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    short_name = factory.Sequence(lambda n: f"UJI{n}")
    kind = SkpdKind.DINAS


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"petugas{n}")
    password = factory.django.Password(PASSWORD)


class PegawaiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pegawai

    nip = factory.Sequence(valid_nip)
    kind = NipKind.PNS
    name = factory.Faker("name", locale="id_ID")
    jabatan = "Pengadministrasi Perkantoran"
    jenjang = Jenjang.PELAKSANA
    skpd = factory.SubFactory(SkpdFactory)
    user = None


class PegawaiWithAccountFactory(PegawaiFactory):
    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..nip"))


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.TIM_COACHING
    skpd = None


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A waiting registration of a roster pegawai (set pegawai=None and the profile fields
    for a newcomer)."""

    class Meta:
        model = Registration

    pegawai = factory.SubFactory(PegawaiFactory)
    nip = factory.LazyAttribute(lambda r: r.pegawai.nip if r.pegawai else valid_nip(9000))
    kind = NipKind.PNS
    email = factory.Sequence(lambda n: f"pendaftar{n}@contoh.go.id")
    phone = "081234567890"
    skpd = factory.LazyAttribute(lambda r: r.pegawai.skpd if r.pegawai else SkpdFactory())


def user_with_role(role: str, *, skpd: Skpd | None = None, **pegawai_fields) -> User:
    """A login holding ``role``: a pegawai with an account (for Kasubag, of ``skpd``), or a
    superuser without one for Admin."""
    if role == Role.ADMIN:
        return UserFactory(
            username=f"admin-{User.objects.count()}", is_superuser=True, is_staff=True
        )
    pegawai_fields.setdefault(
        "jenjang", Jenjang.PENGAWAS if role != Role.ASN else Jenjang.PELAKSANA
    )
    pegawai = PegawaiWithAccountFactory(skpd=skpd or SkpdFactory(), **pegawai_fields)
    if role != Role.ASN:
        RoleAssignmentFactory(
            user=pegawai.user,
            role=role,
            skpd=pegawai.skpd if role == Role.KASUBAG_UMUM else None,
        )
    return pegawai.user
