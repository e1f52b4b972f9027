"""The documents the office issues: each printed PDF is filed with a number, a short code
that anyone holding the paper can check on the portal, and the SHA-256 of its bytes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IssuedDocument(models.Model):
    """One version of one document. The same document regenerated with the same content is
    the same version (its filed bytes are handed out again); a changed one is a new version,
    and the old one points to it."""

    code = models.CharField(_("kode verifikasi"), max_length=9, unique=True)
    number = models.CharField(_("nomor dokumen"), max_length=40, blank=True)
    kind = models.CharField(_("jenis"), max_length=40)
    subject = models.CharField(_("dokumen dari"), max_length=80, db_index=True)
    title = models.CharField(_("judul"), max_length=255)
    version = models.PositiveIntegerField(_("versi"), default=1)
    fingerprint = models.CharField(max_length=64)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    signed_by = models.CharField(_("ditandatangani oleh"), max_length=255, blank=True)
    # The PDF's digital signature (core/signing.py), apart from the name printed under it.
    signed_digitally = models.BooleanField(_("bertanda tangan elektronik"), default=False)
    signature_subject = models.CharField(_("subjek sertifikat"), max_length=255, blank=True)
    file = models.FileField(_("berkas"), upload_to="documents/", blank=True)
    issued_at = models.DateTimeField(_("diterbitkan"), auto_now_add=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("digantikan oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("dokumen terbit")
        verbose_name_plural = _("dokumen terbit")
        constraints = [
            models.UniqueConstraint(fields=["subject", "version"], name="document_version_once")
        ]

    def __str__(self):
        return f"{self.number or self.code} · {self.title}"
