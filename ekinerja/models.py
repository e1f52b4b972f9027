"""e-Kinerja BKN exports brought into the portal (shared/domain/ekinerja.md): an import is one
uploaded Laporan SKP or Laporan Penilaian SKP of a year, its rows as read and checked. The
applied import of a kind and year is the source of the 90 % target's figure; one at a time
(a partial unique constraint), a newer one replaces it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Pegawai, User
from core.choices import StatusChoices, StatusOf
from core.history import HistoricalRecords
from ekinerja.kuadran import Predikat, Rating


class ReportKind(models.TextChoices):
    LAPORAN_SKP = "skp", _("Laporan SKP")
    PENILAIAN = "penilaian", _("Laporan Penilaian SKP")


class ImportStatus(StatusChoices):
    PREVIEW = "preview", _("Pratinjau")
    APPLIED = "applied", _("Diterapkan")
    REPLACED = "replaced", _("Diganti impor lebih baru")

    @classmethod
    def colours(cls) -> dict:
        return {cls.APPLIED: "success", cls.PREVIEW: "primary"}


class RowOutcome(StatusChoices):
    """What a row of an export counts as. Only MATCHED rows count in the figures."""

    MATCHED = "matched", _("Cocok")
    UNMATCHED = "unmatched", _("NIP tidak ada di data pegawai")
    PLT_PLH = "plt_plh", _("SKP sebagai Plt/Plh, tidak dihitung")
    SUPERSEDED = "superseded", _("Diganti baris lebih baru dari NIP yang sama")
    REFUSED = "refused", _("Ditolak")

    @classmethod
    def colours(cls) -> dict:
        return {cls.MATCHED: "success", cls.UNMATCHED: "warning", cls.REFUSED: "danger"}


# e-Kinerja's SKP statuses as the public tools show them, and which count as approved. A row
# of StatusMeaning with the same key overrides its meaning; a key in neither is not approved.
DEFAULT_MEANINGS = {
    "draft": False,
    "konsep": False,
    "pengajuan": False,
    "diajukan": False,
    "menunggu persetujuan": False,
    "dikembalikan": False,
    "ditolak": False,
    "revisi": False,
    "returned": False,
    "submitted": False,
    "persetujuan": True,
    "disetujui": True,
    "sudah disetujui": True,
    "approved": True,
}


class StatusMeaning(models.Model):
    """The mapping table of e-Kinerja's SKP statuses: which count as approved. The team edits
    it in the admin; the figures read it when they are counted, so a correction needs no new
    import."""

    key = models.CharField(
        _("status di e-Kinerja"),
        max_length=100,
        unique=True,
        help_text=_("Huruf kecil, spasi tunggal, seperti “persetujuan”."),
    )
    approved = models.BooleanField(_("dihitung sebagai disetujui"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("arti status SKP e-Kinerja")
        verbose_name_plural = _("arti status SKP e-Kinerja")
        ordering = ["key"]

    def __str__(self):
        return self.key


class EkinerjaImport(models.Model):
    kind = models.CharField(_("jenis laporan"), max_length=10, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("tahun SKP"))
    file_name = models.CharField(_("nama berkas"), max_length=255)
    content_hash = models.CharField(_("SHA-256 berkas"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    status_choice = StatusOf(ImportStatus)
    summary = models.JSONField(_("ringkasan"), default=dict)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("diunggah oleh"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)
    applied_by = models.ForeignKey(
        User,
        verbose_name=_("diterapkan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    applied_at = models.DateTimeField(_("diterapkan pada"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["summary"])

    class Meta:
        verbose_name = _("impor e-Kinerja")
        verbose_name_plural = _("impor e-Kinerja")
        ordering = ["-created_at"]
        constraints = [
            # The same file twice is one import.
            models.UniqueConstraint(
                fields=["kind", "year", "content_hash"], name="ekinerja_import_file_once"
            ),
            models.UniqueConstraint(
                fields=["kind", "year"],
                condition=Q(status="applied"),
                name="ekinerja_one_applied_import",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}: {self.file_name}"


class EkinerjaRow(models.Model):
    """One row of an export as read: the values the figures and lists need, its outcome and
    (refused) why."""

    ekinerja_import = models.ForeignKey(
        EkinerjaImport,
        on_delete=models.CASCADE,
        related_name="rows",
        verbose_name=_("impor"),
        db_index=False,  # ekinerja_row_kind's (ekinerja_import, outcome, line) serves it
    )
    line = models.PositiveIntegerField(_("baris"))
    nip = models.CharField(_("NIP"), max_length=40, blank=True)
    pegawai = models.ForeignKey(
        Pegawai,
        verbose_name=_("pegawai"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # ekinerja_row_pegawai's (pegawai, ekinerja_import) serves it
    )
    outcome = models.CharField(_("hasil"), max_length=12, choices=RowOutcome.choices)
    outcome_choice = StatusOf(RowOutcome, "outcome")
    reason = models.CharField(_("alasan"), max_length=500, blank=True)
    name = models.CharField(_("nama"), max_length=200, blank=True)
    jabatan = models.CharField(_("jabatan"), max_length=255, blank=True)
    unit = models.CharField(_("unit induk"), max_length=255, blank=True)
    skp_id = models.CharField(_("id SKP"), max_length=64, blank=True)
    status_text = models.CharField(_("status SKP"), max_length=100, blank=True)
    status_key = models.CharField(_("status SKP (kunci)"), max_length=100, blank=True)
    is_plt_plh = models.BooleanField(_("Plt/Plh"), default=False)
    periode_awal = models.DateField(_("periode awal"), null=True, blank=True)
    periode_akhir = models.DateField(_("periode akhir"), null=True, blank=True)
    source_created_at = models.DateTimeField(_("dibuat di e-Kinerja"), null=True, blank=True)
    # Laporan Penilaian SKP
    hasil_kerja = models.CharField(
        _("rating hasil kerja"), max_length=10, choices=Rating.choices, blank=True
    )
    perilaku_kerja = models.CharField(
        _("rating perilaku kerja"), max_length=10, choices=Rating.choices, blank=True
    )
    hasil_akhir = models.CharField(
        _("predikat di e-Kinerja"), max_length=20, choices=Predikat.choices, blank=True
    )
    expected_predikat = models.CharField(
        _("predikat menurut kuadran"), max_length=20, choices=Predikat.choices, blank=True
    )
    atasan_nip = models.CharField(_("NIP atasan"), max_length=40, blank=True)
    atasan_name = models.CharField(_("nama atasan"), max_length=200, blank=True)
    waktu_dinilai = models.DateTimeField(_("waktu dinilai"), null=True, blank=True)

    class Meta:
        verbose_name = _("baris impor e-Kinerja")
        verbose_name_plural = _("baris impor e-Kinerja")
        ordering = ["ekinerja_import", "line"]
        indexes = [
            models.Index(fields=["pegawai", "ekinerja_import"], name="ekinerja_row_pegawai"),
            models.Index(fields=["ekinerja_import", "outcome", "line"], name="ekinerja_row_kind"),
        ]

    def __str__(self):
        return f"{self.line}: {self.nip}"

    @property
    def disagrees(self) -> bool:
        return bool(self.expected_predikat) and self.expected_predikat != self.hasil_akhir
