"""Draft SKPs in the format of PermenPANRB 6/2022 (see ../shared/domain/skp.md).

An ``Skp`` is one pegawai's annual SKP (or one of the team's example SKPs, which belong to no
pegawai): its header, the Rencana Hasil Kerja (``Rhk``) with their indicators
(``Indicator``), the seven BerAKHLAK work behaviours (``Behaviour``) and the three lists of
the attachment. Every save of the editor is one version: the SKP's revision number goes up
and all rows changed by that save share one history timestamp, so the document as it stood
at any version can be read back from django-simple-history (``skp_drafts/versions.py``).
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Jenjang, Pegawai
from core.choices import StatusChoices, StatusOf, display
from core.history import HistoricalRecords
from skp_drafts.berakhlak import CORE_VALUE_GUIDANCE, CoreValue

JPT_JENJANG = frozenset({Jenjang.JPT_UTAMA, Jenjang.JPT_MADYA, Jenjang.JPT_PRATAMA})


class Approach(models.TextChoices):
    KUANTITATIF = "kuantitatif", _("Kuantitatif")
    KUALITATIF = "kualitatif", _("Kualitatif")


class SkpStatus(StatusChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan untuk review")
    REVISION = "revision", _("Perlu perbaikan")
    REVIEWED = "reviewed", _("Sesuai format")

    @classmethod
    def colours(cls) -> dict:
        return {cls.REVIEWED: "success", cls.SUBMITTED: "primary", cls.REVISION: "warning"}


class Skp(models.Model):
    """An annual SKP: a pegawai's draft, or an example of the coaching team's guide."""

    pegawai = models.ForeignKey(
        Pegawai,
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="skps",
    )
    # Set when the SKP is made and kept: the form (JPT or not) must not change under a draft
    # when the roster changes later. Examples have no pegawai, only a jenjang.
    jenjang = models.CharField(_("jenjang"), max_length=20, choices=Jenjang.choices)
    get_jenjang_display = display(Jenjang, "jenjang")
    year = models.PositiveSmallIntegerField(_("tahun"))
    period_start = models.DateField(_("awal periode"))
    period_end = models.DateField(_("akhir periode"))
    approach = models.CharField(
        _("pendekatan"), max_length=12, choices=Approach.choices, default=Approach.KUANTITATIF
    )
    pangkat = models.CharField(_("pangkat/golongan ruang"), max_length=100, blank=True)
    pejabat_penilai = models.ForeignKey(
        Pegawai,
        verbose_name=_("pejabat penilai kinerja"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    atasan_penilai = models.ForeignKey(
        Pegawai,
        verbose_name=_("atasan pejabat penilai kinerja"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    penilai_pangkat = models.CharField(
        _("pangkat/golongan pejabat penilai"), max_length=100, blank=True
    )
    atasan_penilai_pangkat = models.CharField(
        _("pangkat/golongan atasan pejabat penilai"), max_length=100, blank=True
    )
    # The attachment (lampiran): one item per line.
    dukungan_sumber_daya = models.TextField(_("dukungan sumber daya"), blank=True)
    skema_pertanggungjawaban = models.TextField(_("skema pertanggungjawaban"), blank=True)
    konsekuensi = models.TextField(_("konsekuensi"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SkpStatus.choices, default=SkpStatus.DRAFT
    )
    get_status_display = display(SkpStatus, "status")
    status_choice = StatusOf(SkpStatus)
    # Goes up by one with every save of the content: the version number people see.
    version = models.PositiveIntegerField(_("versi"), default=1)
    # When a coach first declared it in format (workflow.mark_reviewed); kept when it is
    # reopened, so the monitoring counts it from the month it first was.
    reviewed_at = models.DateTimeField(_("pertama sesuai format"), null=True, blank=True)
    # Examples of the guide (no pegawai): a title and whether ASN see it.
    example_title = models.CharField(_("judul contoh"), max_length=200, blank=True)
    is_published = models.BooleanField(_("ditampilkan di panduan"), default=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        ordering = ["-year", "pk"]
        constraints = [
            # One annual SKP per pegawai and year: the superior's SKP "of the same period"
            # that a subordinate's RHK intervenes must be one.
            models.UniqueConstraint(
                fields=["pegawai", "year"],
                condition=Q(pegawai__isnull=False),
                name="skp_one_per_pegawai_and_year",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="skp_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="skp_year_plausible"
            ),
            models.CheckConstraint(
                condition=Q(pegawai__isnull=False, example_title="", is_published=False)
                | (Q(pegawai__isnull=True) & ~Q(example_title="")),
                name="skp_pegawai_or_example",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SkpStatus.values), name="skp_status_known"
            ),
            models.CheckConstraint(
                condition=Q(approach__in=Approach.values), name="skp_approach_known"
            ),
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self):
        if self.is_example:
            return self.example_title
        return _("SKP %(year)s · %(name)s") % {"year": self.year, "name": self.pegawai.name}

    def get_absolute_url(self) -> str:
        return reverse("skp_drafts:detail", args=[self.pk])

    @property
    def is_example(self) -> bool:
        return self.pegawai_id is None

    @property
    def is_jpt(self) -> bool:
        return self.jenjang in JPT_JENJANG

    @staticmethod
    def annual_period(year: int) -> tuple[datetime.date, datetime.date]:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)

    def lampiran_lists(self) -> list[tuple[str, list[str]]]:
        """The three lists of the attachment, each as its label and its items."""
        return [
            (self._meta.get_field(name).verbose_name, lines(getattr(self, name)))
            for name in LAMPIRAN_FIELDS
        ]


LAMPIRAN_FIELDS = ("dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi")


def item_anchor(rhk_id: int | None, indicator_id: int | None = None) -> str:
    """The page anchor of an RHK or an indicator ("" for the whole SKP): pages, findings and
    remarks all point at items with it."""
    if indicator_id:
        return f"indicator-{indicator_id}"
    if rhk_id:
        return f"rhk-{rhk_id}"
    return ""


def lines(text: str) -> list[str]:
    """The non-empty lines of a list typed one item per line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class RhkKind(models.TextChoices):
    UTAMA = "utama", _("Utama")
    TAMBAHAN = "tambahan", _("Tambahan")


class Perspective(models.TextChoices):
    """The four balanced-scorecard perspectives of a JPT's RHK."""

    PENERIMA_LAYANAN = "penerima_layanan", _("Penerima Layanan")
    PROSES_BISNIS = "proses_bisnis", _("Proses Bisnis")
    PENGUATAN_INTERNAL = "penguatan_internal", _("Penguatan Internal")
    ANGGARAN = "anggaran", _("Anggaran")


class Rhk(models.Model):
    """A Rencana Hasil Kerja. A JPT's come from the unit's Perjanjian Kinerja and carry a
    perspective; everyone else's name the superior's RHK that they intervene."""

    skp = models.ForeignKey(
        Skp, verbose_name=_("SKP"), on_delete=models.CASCADE, related_name="rhks"
    )
    kind = models.CharField(
        _("jenis"), max_length=8, choices=RhkKind.choices, default=RhkKind.UTAMA
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    text = models.TextField(_("rencana hasil kerja"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("RHK pimpinan yang diintervensi"),
        # An RHK that others intervene is not deleted under them (services refuse it with
        # their names): their SKP would change without their knowing, or a version.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
    )
    # The intervened RHK in words, where it is not in the portal (the superior has no SKP
    # here yet, an Excel draft, the guide's examples).
    parent_text = models.TextField(_("RHK pimpinan yang diintervensi (teks)"), blank=True)
    perspective = models.CharField(
        _("perspektif"), max_length=20, choices=Perspective.choices, blank=True
    )

    # An SKP's versions (skp_drafts.versions) read its RHK's history by SKP.
    history = HistoricalRecords(indexed=["skp"])

    class Meta:
        verbose_name = _("rencana hasil kerja")
        verbose_name_plural = _("rencana hasil kerja")
        ordering = ["skp", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="rhk_not_own_parent"),
            models.CheckConstraint(condition=Q(kind__in=RhkKind.values), name="rhk_kind_known"),
            models.CheckConstraint(
                condition=Q(perspective__in=["", *Perspective.values]),
                name="rhk_perspective_known",
            ),
        ]

    def __str__(self):
        return self.text


class Aspect(models.TextChoices):
    KUANTITAS = "kuantitas", _("Kuantitas")
    KUALITAS = "kualitas", _("Kualitas")
    WAKTU = "waktu", _("Waktu")
    BIAYA = "biaya", _("Biaya")


class Indicator(models.Model):
    """An indikator kinerja individu of an RHK with its target ("12 dokumen", "80–100 %")."""

    rhk = models.ForeignKey(
        Rhk, verbose_name=_("RHK"), on_delete=models.CASCADE, related_name="indicators"
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    aspect = models.CharField(_("aspek"), max_length=10, choices=Aspect.choices, blank=True)
    text = models.TextField(_("indikator kinerja individu"))
    target = models.CharField(_("target"), max_length=100, blank=True)

    history = HistoricalRecords(indexed=["rhk"])  # an SKP's versions: by RHK

    class Meta:
        verbose_name = _("indikator kinerja individu")
        verbose_name_plural = _("indikator kinerja individu")
        ordering = ["rhk", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(aspect__in=["", *Aspect.values]), name="indicator_aspect_known"
            ),
        ]

    def __str__(self):
        return self.text


class Behaviour(models.Model):
    """One BerAKHLAK value of an SKP's perilaku kerja, with the leader's expectation."""

    skp = models.ForeignKey(
        Skp,
        verbose_name=_("SKP"),
        on_delete=models.CASCADE,
        related_name="behaviours",
        db_index=False,  # behaviour_value_once's (skp, value) serves it
    )
    value = models.CharField(_("perilaku kerja"), max_length=24, choices=CoreValue.choices)
    expectation = models.TextField(_("ekspektasi khusus pimpinan"), blank=True)

    history = HistoricalRecords(indexed=["skp"])  # an SKP's versions: by SKP

    class Meta:
        verbose_name = _("perilaku kerja")
        verbose_name_plural = _("perilaku kerja")
        constraints = [
            models.UniqueConstraint(fields=["skp", "value"], name="behaviour_value_once"),
            models.CheckConstraint(
                condition=Q(value__in=CoreValue.values), name="behaviour_value_known"
            ),
        ]

    def __str__(self):
        return self.get_value_display()

    @property
    def guidance(self) -> list[str]:
        return CORE_VALUE_GUIDANCE[CoreValue(self.value)]


def open_thread(through: str = "") -> Q:
    """A thread's first remark that nobody has marked resolved yet: what the owner still
    has to answer and what keeps an SKP from being declared in format. ``through``: the
    lookup from another model ("comments__" from an SKP)."""
    return Q(**{f"{through}reply_to__isnull": True, f"{through}resolved_at__isnull": True})


class ReviewComment(models.Model):
    """A remark on a whole SKP, one RHK or one indicator, or a reply to one."""

    skp = models.ForeignKey(
        Skp,
        verbose_name=_("SKP"),
        on_delete=models.CASCADE,
        related_name="comments",
        db_index=False,  # Meta.indexes' (skp, resolved_at) serves it
    )
    rhk = models.ForeignKey(
        Rhk,
        verbose_name=_("RHK"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indikator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    # What the remark pointed at, in words, so it still reads right once that item is gone.
    anchor = models.CharField(_("bagian"), max_length=300, blank=True)
    reply_to = models.ForeignKey(
        "self",
        verbose_name=_("balasan atas"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penulis"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("komentar"))
    # The note with which a coach sent the SKP back for revision.
    requests_revision = models.BooleanField(_("permintaan perbaikan"), default=False)
    created_at = models.DateTimeField(_("ditulis pada"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("diselesaikan pada"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diselesaikan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("komentar review")
        verbose_name_plural = _("komentar review")
        ordering = ["created_at", "pk"]
        constraints = [
            # Replies belong to their thread; only a thread's first remark is resolved.
            models.CheckConstraint(
                condition=Q(reply_to__isnull=True)
                | Q(rhk__isnull=True, indicator__isnull=True, resolved_at__isnull=True),
                name="comment_reply_has_no_anchor",
            ),
        ]
        indexes = [models.Index(fields=["skp", "resolved_at"])]

    def __str__(self):
        return self.text[:80]

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def item_anchor(self) -> str:
        return item_anchor(self.rhk_id, self.indicator_id)


def material_path(material: "GuideMaterial", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"guide/{uuid.uuid4().hex}.{extension}"


class GuideMaterial(models.Model):
    """The team's presentation material on PermenPANRB 6/2022, readable by anyone."""

    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    file = models.FileField(_("berkas"), upload_to=material_path)
    file_name = models.CharField(_("nama berkas"), max_length=255)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_published = models.BooleanField(_("ditampilkan"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("materi panduan")
        verbose_name_plural = _("materi panduan")
        ordering = ["order", "title"]

    def __str__(self):
        return self.title
