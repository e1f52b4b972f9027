"""The civil servant's identity number (NIP), read by its structure.

PNS (Perka BKN 22/2007 and 43/2007), 18 digits:
    1-8 birth date YYYYMMDD, 9-14 TMT CPNS YYYYMM, 15 sex (1/2), 16-18 sequence 001-999.
NI PPPK, 18 digits: birth date (8), year of appointment (4), a code digit, the number of
contracts, sex (1/2), sequence (3). Its middle digits are not officially published, so only
the birth date, the appointment year and the sex digit are checked (shared/domain/nip.md).

Input may group the digits with spaces or dots; the stored form is the 18 digits.

The kind is never guessed from the digits (a PNS NIP with a mistake often reads as a valid
NI PPPK): the person registering chooses it, the roster's Status column or the pegawai's
stored kind gives it, and a NIP nobody has is checked as PNS.
"""

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NIP_LENGTH = 18
MINIMUM_AGE_AT_APPOINTMENT = 18
_SEPARATORS = re.compile(r"[\s.]+")
_ASCII_DIGITS = re.compile(r"[0-9]+")


class NipKind(models.TextChoices):
    PNS = "pns", _("PNS")
    PPPK = "pppk", _("PPPK")


@dataclass(frozen=True)
class NipInfo:
    nip: str
    birth_date: datetime.date
    appointment_year: int
    appointment_month: int | None  # PPPK numbers carry only the year
    sex: str  # "1" laki-laki, "2" perempuan
    sequence: int


def normalize_nip(value: str) -> str:
    """Drop the spaces and dots people type between the groups of a NIP."""
    return _SEPARATORS.sub("", value or "").strip()


def is_digits(value: str) -> bool:
    """ASCII digits only: str.isdigit() would also take "²" or Arabic-Indic digits."""
    return _ASCII_DIGITS.fullmatch(value) is not None


def looks_like_nip(value: str) -> bool:
    """Whether a login name was typed as a NIP (digits, maybe grouped)."""
    return is_digits(normalize_nip(value))


def format_nip(nip: str) -> str:
    """Group a PNS NIP the way it is printed: 19860926 201505 1 001."""
    if len(nip) != NIP_LENGTH or not is_digits(nip):
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def parse_nip(value: str, kind: str = NipKind.PNS, *, today: datetime.date | None = None):
    """Check a NIP's structure and return what it encodes.

    Raises ValidationError with one precise message (and code) for the first mistake found.
    """
    today = today or timezone.localdate()
    nip = normalize_nip(value)
    if not nip:
        raise ValidationError(_("NIP wajib diisi."), code="required")
    check_digits_and_length(nip)

    birth_date = _birth_date(nip, today)
    if kind == NipKind.PPPK:
        year, month = int(nip[8:12]), None
        if year > today.year:
            raise ValidationError(
                _("Tahun pengangkatan PPPK pada NIP (digit 9–12) tidak boleh di masa depan."),
                code="appointment_future",
            )
        if year < birth_date.year + MINIMUM_AGE_AT_APPOINTMENT:
            raise ValidationError(
                _(
                    "Tahun pengangkatan PPPK pada NIP (digit 9–12) lebih awal dari usia 18 "
                    "tahun menurut tanggal lahirnya."
                ),
                code="appointment_too_young",
            )
    else:
        year, month = _tmt_cpns(nip, birth_date, today)

    sex = nip[14]
    if sex not in ("1", "2"):
        raise ValidationError(
            _("Kode jenis kelamin pada NIP (digit 15) harus 1 atau 2."), code="sex"
        )
    sequence = int(nip[15:])
    if sequence == 0 and kind == NipKind.PNS:
        raise ValidationError(
            _("Nomor urut pada NIP (digit 16–18) harus antara 001 dan 999."), code="sequence"
        )
    return NipInfo(nip, birth_date, year, month, sex, sequence)


def check_digits_and_length(nip: str) -> None:
    """The first two checks of any NIP, PNS or PPPK: 18 ASCII digits."""
    if not is_digits(nip):
        raise ValidationError(
            _("NIP hanya boleh berisi angka (spasi atau titik di antara kelompok angka boleh)."),
            code="not_digits",
        )
    if len(nip) != NIP_LENGTH:
        raise ValidationError(
            _("NIP harus 18 digit angka; yang dimasukkan %(count)d digit."),
            code="length",
            params={"count": len(nip)},
        )


def _birth_date(nip: str, today: datetime.date) -> datetime.date:
    try:
        birth_date = datetime.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        birth_date = None
    if birth_date is None or birth_date.year < 1900:
        raise ValidationError(
            _("Tanggal lahir pada NIP (digit 1–8, TTTTBBHH) bukan tanggal yang valid."),
            code="birth_date",
        )
    if birth_date > today:
        raise ValidationError(
            _("Tanggal lahir pada NIP (digit 1–8) tidak boleh di masa depan."),
            code="birth_date_future",
        )
    return birth_date


def _tmt_cpns(nip: str, birth_date: datetime.date, today: datetime.date) -> tuple[int, int]:
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12 or year < 1900:
        raise ValidationError(
            _("TMT CPNS pada NIP (digit 9–14, TTTTBB) bukan bulan yang valid."),
            code="tmt",
        )
    if (year, month) > (today.year, today.month):
        raise ValidationError(
            _("TMT CPNS pada NIP (digit 9–14) tidak boleh di masa depan."), code="tmt_future"
        )
    # Month precision: appointed no earlier than the month of the 18th birthday.
    if (year, month) < (birth_date.year + MINIMUM_AGE_AT_APPOINTMENT, birth_date.month):
        raise ValidationError(
            _(
                "TMT CPNS pada NIP (digit 9–14) lebih awal dari usia 18 tahun menurut "
                "tanggal lahirnya."
            ),
            code="tmt_too_young",
        )
    return year, month


class NipFormField(forms.CharField):
    """A NIP as people type it: the spaces and dots between groups are dropped before the
    length check, and the input leaves room for them."""

    def __init__(self, **kwargs):
        # The length is checked with its own message below, after the separators are gone.
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalize_nip(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value:
            check_digits_and_length(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"maxlength": "30", "inputmode": "numeric", "autocomplete": "off"})
        return attrs


class NipField(models.CharField):
    """The 18 digits of a NIP; its forms accept the grouped way of typing it."""

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = NIP_LENGTH
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["max_length"]
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": NipFormField, **kwargs})
