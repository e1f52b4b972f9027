"""SKM surveys: one survey per coaching session, one single-use link per participant, and
anonymous responses that no table links back to a person."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from surveys.elements import Element


class Survey(models.Model):
    session = models.OneToOneField(
        "bookings.CoachingSession",
        verbose_name=_("sesi coaching"),
        on_delete=models.PROTECT,
        related_name="survey",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuka oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("dibuka pada"))
    closes_at = models.DateTimeField(_("ditutup pada"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survei SKM")
        verbose_name_plural = _("survei SKM")
        ordering = ["-opened_at"]

    def __str__(self):
        return f"SKM · {self.session}"


class Invitation(models.Model):
    """One participant's single-use link. It records only that it was used — the answer
    itself (Response) carries nothing that points back here."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    pegawai = models.ForeignKey("accounts.Pegawai", on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("undangan survei")
        verbose_name_plural = _("undangan survei")
        constraints = [
            models.UniqueConstraint(fields=["survey", "pegawai"], name="invitation_once_per_person")
        ]

    def __str__(self):
        return f"{self.survey} · {self.pegawai_id}"


class Gender(models.TextChoices):
    MALE = "l", _("Laki-laki")
    FEMALE = "p", _("Perempuan")


class AgeBand(models.TextChoices):
    UNDER_30 = "lt30", _("Di bawah 30 tahun")
    FROM_30 = "30_39", _("30–39 tahun")
    FROM_40 = "40_49", _("40–49 tahun")
    FROM_50 = "gte50", _("50 tahun ke atas")


class Education(models.TextChoices):
    SMA = "sma", _("SMA/sederajat atau di bawahnya")
    D3 = "d3", _("D1–D3")
    S1 = "s1", _("D4/S1")
    S2 = "s2", _("S2 ke atas")


class Occupation(models.TextChoices):
    PNS = "pns", _("PNS")
    PPPK = "pppk", _("PPPK")
    OTHER = "lain", _("Lainnya")


def _score(element: Element) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(element.label)


class Response(models.Model):
    """One anonymous answer: a random id, the month only, no link to the invitation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField(_("bulan"))  # the first day of the month answered
    e1 = _score(Element.PERSYARATAN)
    e2 = _score(Element.PROSEDUR)
    e3 = _score(Element.WAKTU)
    e4 = _score(Element.BIAYA)
    e5 = _score(Element.PRODUK)
    e6 = _score(Element.KOMPETENSI)
    e7 = _score(Element.PERILAKU)
    e8 = _score(Element.PENGADUAN)
    e9 = _score(Element.SARANA)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    age_band = models.CharField(_("usia"), max_length=5, choices=AgeBand.choices)
    education = models.CharField(_("pendidikan"), max_length=3, choices=Education.choices)
    occupation = models.CharField(_("pekerjaan"), max_length=4, choices=Occupation.choices)
    suggestion = models.TextField(_("saran"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{code}__gte": 1, f"{code}__lte": 4}),
                name=f"response_{code}_1_to_4",
            )
            for code in Element.values
        ]
        indexes = [models.Index(fields=["survey"]), models.Index(fields=["submitted_on"])]

    def __str__(self):
        return f"{self.survey} · {self.submitted_on}"
