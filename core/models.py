"""The documents the office issues: each printed PDF is filed with a number, a short code
that anyone holding the paper can check on the portal, and the SHA-256 of its bytes. The
audit trail: logins, role changes and files handed out."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import StatusChoices, StatusOf


class IssuedDocument(models.Model):
    """One version of one document. The same document regenerated with the same content is
    the same version (its filed bytes are handed out again); a changed one is a new version,
    and the old one points to it."""

    code = models.CharField(_("kode verifikasi"), max_length=9, unique=True)
    number = models.CharField(_("nomor dokumen"), max_length=40, blank=True)
    kind = models.CharField(_("jenis"), max_length=40)
    # Indexed by document_version_once (subject, version), which also gives the versions in
    # order.
    subject = models.CharField(_("dokumen dari"), max_length=80)
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


class AuditKind(StatusChoices):
    LOGIN = "login", _("Masuk")
    LOGIN_FAILED = "login_failed", _("Gagal masuk")
    LOCKOUT = "lockout", _("Masuk ditahan")
    ROLE_GRANTED = "role_granted", _("Peran diberikan")
    ROLE_CHANGED = "role_changed", _("Peran diubah")
    ROLE_REVOKED = "role_revoked", _("Peran dicabut")
    FILE = "file", _("Berkas diunduh")

    @classmethod
    def colours(cls) -> dict:
        return {
            cls.LOGIN: "success",
            cls.LOGIN_FAILED: "warning",
            cls.LOCKOUT: "danger",
            cls.ROLE_GRANTED: "primary",
            cls.ROLE_CHANGED: "primary",
            cls.ROLE_REVOKED: "info",
        }


class AuditEvent(models.Model):
    """One entry of the audit trail, written by ``core.audit.record``: what happened, to or
    by which account, from which address, when. Kept AUDIT_RETENTION_DAYS
    (``manage.py prune_audit_log``)."""

    at = models.DateTimeField(_("waktu"), default=timezone.now)
    kind = models.CharField(_("jenis"), max_length=20, choices=AuditKind.choices)
    # The account that acted (or, for a failed login, the one whose name was typed).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the index on (user, at) serves
    )
    # The login name as it was then, or as typed in a failed login.
    login_name = models.CharField(_("nama pengguna"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    path = models.CharField(_("alamat"), max_length=255, blank=True)
    detail = models.CharField(_("keterangan"), max_length=500, blank=True)

    kind_choice = StatusOf(AuditKind, "kind")

    class Meta:
        verbose_name = _("catatan audit")
        verbose_name_plural = _("jejak audit")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["-at"], name="auditevent_at"),
            models.Index(fields=["kind", "-at"], name="auditevent_kind_at"),
            models.Index(fields=["user", "-at"], name="auditevent_user_at"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.login_name or '—'} · {self.at:%Y-%m-%d %H:%M}"
