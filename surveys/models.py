"""SKM surveys: one survey per coaching session, one single-use link per participant, and
anonymous responses that no table links back to a person."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
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
    # SKM_MIN_RESPONDENTS when this closed survey's summary was written and its blocks made
    # (surveys/summaries.py); empty while the survey is open or not yet summarised.
    summary_floor = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["summary_floor"])

    class Meta:
        verbose_name = _("survei SKM")
        verbose_name_plural = _("survei SKM")
        ordering = ["-opened_at"]
        indexes = [
            # The surveys still to summarise, and the open ones that a result counts: a few
            # hundred among tens of thousands (those with no floor yet).
            models.Index(fields=["summary_floor"], name="survey_summary_floor"),
        ]

    def __str__(self):
        return f"SKM · {self.session}"


class Invitation(models.Model):
    """One participant's single-use link. It records only that it was used — the answer
    itself (Response) carries nothing that points back here."""

    survey = models.ForeignKey(
        Survey,
        on_delete=models.CASCADE,
        related_name="invitations",
        db_index=False,  # invitation_once_per_person's (survey, pegawai) serves it
    )
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
        # The survey's answers are found by the foreign key's own index.
        indexes = [
            models.Index(fields=["submitted_on"]),
            # The suggestions listing, newest first: about one answer in eight has one.
            models.Index(
                F("submitted_on").desc(),
                "id",
                "survey",
                condition=~Q(suggestion=""),
                name="response_suggestions",
            ),
        ]

    def __str__(self):
        return f"{self.survey} · {self.submitted_on}"


# The figures a summary holds: the answers' count, each element's sum, each profile
# answer's count and the suggestions' count. Every SKM figure is a sum of these.
PROFILE_COUNTS = {
    f"{field}_{value}": (field, value)
    for field, values in [
        ("gender", Gender.values),
        ("age_band", AgeBand.values),
        ("education", Education.values),
        ("occupation", Occupation.values),
    ]
    for value in values
}
FIGURES = ["respondents", *Element.values, *PROFILE_COUNTS, "suggestions"]


class Figures(models.Model):
    """Summed answers. Written only in SQL (surveys/summaries.py); the checks hold every
    count to its respondents."""

    respondents = models.PositiveIntegerField()
    e1 = models.PositiveIntegerField()
    e2 = models.PositiveIntegerField()
    e3 = models.PositiveIntegerField()
    e4 = models.PositiveIntegerField()
    e5 = models.PositiveIntegerField()
    e6 = models.PositiveIntegerField()
    e7 = models.PositiveIntegerField()
    e8 = models.PositiveIntegerField()
    e9 = models.PositiveIntegerField()
    gender_l = models.PositiveIntegerField()
    gender_p = models.PositiveIntegerField()
    age_band_lt30 = models.PositiveIntegerField()
    age_band_30_39 = models.PositiveIntegerField()
    age_band_40_49 = models.PositiveIntegerField()
    age_band_gte50 = models.PositiveIntegerField()
    education_sma = models.PositiveIntegerField()
    education_d3 = models.PositiveIntegerField()
    education_s1 = models.PositiveIntegerField()
    education_s2 = models.PositiveIntegerField()
    occupation_pns = models.PositiveIntegerField()
    occupation_pppk = models.PositiveIntegerField()
    occupation_lain = models.PositiveIntegerField()
    suggestions = models.PositiveIntegerField()

    class Meta:
        abstract = True


def _figure_checks(prefix: str) -> list[models.CheckConstraint]:
    checks = [
        models.CheckConstraint(
            condition=Q(**{f"{code}__gte": F("respondents"), f"{code}__lte": F("respondents") * 4}),
            name=f"{prefix}_{code}_within_scores",
        )
        for code in Element.values
    ]
    for field in ("gender", "age_band", "education", "occupation"):
        names = [name for name, (of, _value) in PROFILE_COUNTS.items() if of == field]
        total = sum((F(name) for name in names[1:]), F(names[0]))
        checks.append(
            models.CheckConstraint(
                condition=Q(respondents=total), name=f"{prefix}_{field}_counts_everyone"
            )
        )
    checks.append(
        models.CheckConstraint(
            condition=Q(suggestions__lte=F("respondents")), name=f"{prefix}_suggestions_counted"
        )
    )
    return checks


class Pooling(models.TextChoices):
    """How a block of the privacy rule was made (docs/skm-privacy.md)."""

    SURVEY = "survey", _("satu survei")
    SKPD = "skpd", _("jenis layanan, SKPD dan bulan")
    MONTH = "month", _("jenis layanan dan bulan")


class SummaryBlock(Figures):
    """A fixed block of at least SKM_MIN_RESPONDENTS respondents with its summed answers:
    one survey, or the small surveys of a kind of service, SKPD and month, or what remains
    of a kind and month. A filter shows the blocks that lie wholly inside it. Remade for a
    kind and month whenever one of its surveys is summarised."""

    pooling = models.CharField(max_length=6, choices=Pooling.choices)
    kind = models.CharField(max_length=10)  # the sessions' kind of service
    month = models.DateField()  # the first day of the sessions' month (WITA)
    # The SKPD of all its surveys; empty for a block across SKPD (or of surveys of no SKPD).
    skpd = models.ForeignKey("accounts.Skpd", null=True, on_delete=models.PROTECT, related_name="+")
    survey = models.OneToOneField(  # the block of one survey
        Survey, null=True, on_delete=models.CASCADE, related_name="+"
    )
    first_day = models.DateField()  # of its sessions (WITA)
    last_day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["kind", "month"])]
        constraints = [
            *_figure_checks("block"),
            models.UniqueConstraint(
                fields=["pooling", "kind", "month", "skpd", "survey"],
                nulls_distinct=False,
                name="block_once",
            ),
            models.CheckConstraint(
                condition=Q(pooling=Pooling.SURVEY, survey__isnull=False)
                | Q(~Q(pooling=Pooling.SURVEY), survey__isnull=True),
                name="block_of_one_survey_names_it",
            ),
            models.CheckConstraint(
                condition=~Q(pooling=Pooling.MONTH) | Q(skpd__isnull=True),
                name="block_across_skpd_has_none",
            ),
        ]

    def __str__(self):
        return f"{self.kind} · {self.month:%Y-%m} · {self.pooling} · {self.respondents}"


class SurveySummary(Figures):
    """A closed survey's answers summed, written once when it closes (a closed survey
    never reopens, so its figures are final), with the cell its session falls in and the
    block that it is in now (none while its pool is too small)."""

    survey = models.OneToOneField(
        Survey, primary_key=True, on_delete=models.CASCADE, related_name="summary"
    )
    kind = models.CharField(max_length=10)
    month = models.DateField()
    day = models.DateField()  # of the session (WITA)
    # The session's SKPD (an individual session's: its participant's, when summarised).
    skpd = models.ForeignKey("accounts.Skpd", null=True, on_delete=models.PROTECT, related_name="+")
    block = models.ForeignKey(
        SummaryBlock, null=True, on_delete=models.SET_NULL, related_name="surveys"
    )

    class Meta:
        indexes = [models.Index(fields=["kind", "month"])]
        constraints = _figure_checks("summary")

    def __str__(self):
        return f"{self.survey_id} · {self.respondents}"
