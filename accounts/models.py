"""People and work units: the user account, SKPD, the pegawai profile and roles; the
recovery codes and the history of a user's second factor (accounts/twofactor/)."""

import hashlib
from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, TimestampMixin

from accounts.nip import NipField, NipKind, format_nip, looks_like_nip, normalize_nip, parse_nip
from core.choices import StatusChoices, StatusOf, display
from core.history import HistoricalRecords


class Jenjang(models.TextChoices):
    """Position levels, from the top of the cascade down (PermenPANRB 6/2022)."""

    JPT_UTAMA = "jpt_utama", _("JPT Utama")
    JPT_MADYA = "jpt_madya", _("JPT Madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    PELAKSANA = "pelaksana", _("Pelaksana")
    FUNGSIONAL = "fungsional", _("Fungsional")


# Cascade depth: a superior sits at a smaller rank than its subordinates. Pelaksana and
# Fungsional sit side by side at the bottom of the cascade.
JENJANG_RANK = {
    Jenjang.JPT_UTAMA: 0,
    Jenjang.JPT_MADYA: 1,
    Jenjang.JPT_PRATAMA: 2,
    Jenjang.ADMINISTRATOR: 3,
    Jenjang.PENGAWAS: 4,
    Jenjang.PELAKSANA: 5,
    Jenjang.FUNGSIONAL: 5,
}


class Role(models.TextChoices):
    """What a person does in the portal. ASN and Admin follow from the account itself;
    the others are assigned (RoleAssignment)."""

    ASN = "asn", _("ASN")
    KASUBAG_UMUM = "kasubag_umum", _("Kasubag Umum dan Kepegawaian")
    TIM_COACHING = "tim_coaching", _("Tim Coaching")
    KEPALA_BIDANG = "kepala_bidang", _("Kepala Bidang")
    KEPALA_BKPSDM = "kepala_bkpsdm", _("Kepala BKPSDM")
    ADMIN = "admin", _("Admin")


ASSIGNABLE_ROLES = [Role.KASUBAG_UMUM, Role.TIM_COACHING, Role.KEPALA_BIDANG, Role.KEPALA_BKPSDM]


class User(AbstractUser):
    """A login. A pegawai's login name is its NIP; staff without a NIP use a plain name."""

    # Kept by accounts.notifications (notify adds, reading sets it anew), so that the bell
    # of every page needs no query of its own.
    unread_notifications = models.PositiveIntegerField(_("notifikasi belum dibaca"), default=0)
    # Notifications also by WhatsApp (when the office has the channel): since when.
    whatsapp_opt_in = models.DateTimeField(_("notifikasi WhatsApp sejak"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login", "unread_notifications"])

    objects = UserManager()

    class Meta:
        verbose_name = _("akun pengguna")
        verbose_name_plural = _("akun pengguna")
        constraints = [
            # The login e-mail receives activation and password-reset links: one account each.
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="user_unique_email"
            ),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        # The bell's counter is kept by single UPDATEs (accounts.notifications); a full
        # save of a user loaded earlier (a password change, the admin) must not write an
        # old count back.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.attname
                for field in self._meta.concrete_fields
                if not field.primary_key and field.attname != "unread_notifications"
            ]
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # A pegawai logs in with its NIP; typed in groups it is stored as the 18 digits, the
        # form the login normalises to.
        if looks_like_nip(self.username):
            self.username = normalize_nip(self.username)

    @property
    def display_name(self) -> str:
        pegawai = getattr(self, "pegawai", None)
        return self.name_shown(
            None if pegawai is None else pegawai.name,
            self.first_name,
            self.last_name,
            self.username,
        )

    # What name_shown reads, for a list that reads its users as values.
    NAME_FIELDS = ("pegawai__name", "first_name", "last_name", "username")

    @staticmethod
    def name_shown(pegawai_name: str | None, first_name: str, last_name: str, username: str) -> str:
        """A user's name on the portal's pages: its pegawai's, else the account's full
        name, else its login name."""
        if pegawai_name is not None:
            return pegawai_name
        return f"{first_name} {last_name}".strip() or username

    @cached_property
    def role_assignments(self) -> list["RoleAssignment"]:
        # NipBackend.get_user sets it as it loads the signed-in user (with their SKPD).
        return list(self.roleassignment_set.all())

    @cached_property
    def roles(self) -> frozenset[str]:
        """Every role this user holds, assigned or implied by the account."""
        roles = {assignment.role for assignment in self.role_assignments}
        pegawai = getattr(self, "pegawai", None)
        if pegawai is not None and pegawai.is_active:
            roles.add(Role.ASN)
        if self.is_superuser:
            roles.add(Role.ADMIN)
        return frozenset(roles)

    @cached_property
    def kasubag_skpd_ids(self) -> frozenset[int]:
        return frozenset(a.skpd_id for a in self.role_assignments if a.role == Role.KASUBAG_UMUM)


class SkpdKind(models.TextChoices):
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    SATUAN = "satuan", _("Satuan")
    RSUD = "rsud", _("Rumah Sakit Umum Daerah")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")


class Skpd(models.Model):
    """A regency work unit (unit kerja): Dinas, Badan, Kecamatan, ..."""

    name = models.CharField(_("nama"), max_length=200, unique=True)
    short_name = models.CharField(_("singkatan"), max_length=40, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=SkpdKind.choices)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    head = models.ForeignKey(
        "Pegawai",
        verbose_name=_("kepala"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SKPD")
        verbose_name_plural = _("SKPD")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.head_id and self.pk and self.head.skpd_id != self.pk:
            raise ValidationError({"head": _("Kepala SKPD harus pegawai SKPD ini.")})


class Pegawai(models.Model):
    """A civil servant (PNS or PPPK) from the roster; it may or may not have a login."""

    user = models.OneToOneField(
        User,
        verbose_name=_("akun"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pegawai",
    )
    nip = NipField(_("NIP"), unique=True)
    kind = models.CharField(
        _("status kepegawaian"), max_length=4, choices=NipKind.choices, default=NipKind.PNS
    )
    name = models.CharField(_("nama lengkap dengan gelar"), max_length=200)
    jabatan = models.CharField(_("jabatan"), max_length=255)
    jenjang = models.CharField(_("jenjang"), max_length=20, choices=Jenjang.choices)
    get_kind_display = display(NipKind, "kind")
    get_jenjang_display = display(Jenjang, "jenjang")
    skpd = models.ForeignKey(
        Skpd,
        verbose_name=_("SKPD"),
        on_delete=models.PROTECT,
        related_name="pegawai",
        db_index=False,  # Meta.indexes' (skpd, jenjang) serves it
    )
    atasan = models.ForeignKey(
        "self",
        verbose_name=_("atasan langsung"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bawahan",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("nomor HP/WhatsApp"), max_length=20, blank=True)
    is_active = models.BooleanField(
        _("aktif"), default=True, help_text=_("Pegawai pensiun atau berhenti dinonaktifkan.")
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nip__regex=r"^[0-9]{18}$"), name="pegawai_nip_18_digits"
            ),
            models.CheckConstraint(condition=~Q(atasan=F("pk")), name="pegawai_not_own_superior"),
        ]
        indexes = [models.Index(fields=["skpd", "jenjang"])]

    def __str__(self):
        return f"{self.name} ({self.nip_display})"

    @property
    def nip_display(self) -> str:
        return format_nip(self.nip)

    def clean_fields(self, exclude=None):
        # People type a NIP in groups; the 18 digits are what is checked and stored.
        self.nip = normalize_nip(self.nip)
        super().clean_fields(exclude=exclude)

    def clean(self):
        errors = {}
        if self.nip:
            try:
                self.nip = parse_nip(self.nip, self.kind).nip
            except ValidationError as error:
                errors["nip"] = error
        if self.atasan_id and self.pk and self._superior_chain_returns_here():
            errors["atasan"] = _(
                "Pegawai tidak dapat menjadi atasan dirinya sendiri, langsung maupun melalui "
                "atasan-atasannya."
            )
        elif self.atasan_id and self.jenjang:
            # The direct superior is the pejabat penilai kinerja: at least a Pengawas, never
            # below its subordinate (a Camat and its Sekretaris are both Administrator).
            atasan_rank = JENJANG_RANK[Jenjang(self.atasan.jenjang)]
            if atasan_rank > JENJANG_RANK[Jenjang.PENGAWAS]:
                errors["atasan"] = _(
                    "Atasan langsung (pejabat penilai kinerja) paling rendah berjenjang Pengawas."
                )
            elif atasan_rank > JENJANG_RANK[Jenjang(self.jenjang)]:
                errors["atasan"] = _(
                    "Atasan langsung tidak boleh berjenjang lebih rendah dari pegawainya."
                )
        if errors:
            raise ValidationError(errors)

    def _superior_chain_returns_here(self) -> bool:
        seen = set()
        atasan_id = self.atasan_id
        while atasan_id is not None and atasan_id not in seen:
            if atasan_id == self.pk:
                return True
            seen.add(atasan_id)
            atasan_id = (
                Pegawai.objects.filter(pk=atasan_id).values_list("atasan_id", flat=True).first()
            )
        return False


class RoleAssignment(models.Model):
    """A role given to a user; the Kasubag Umum role belongs to one SKPD."""

    user = models.ForeignKey(User, verbose_name=_("akun"), on_delete=models.CASCADE)
    role = models.CharField(
        _("peran"),
        max_length=20,
        choices=[(role.value, role.label) for role in ASSIGNABLE_ROLES],
    )
    skpd = models.ForeignKey(
        Skpd, verbose_name=_("SKPD"), on_delete=models.CASCADE, null=True, blank=True
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("penugasan peran")
        verbose_name_plural = _("penugasan peran")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role=Role.KASUBAG_UMUM) & Q(skpd__isnull=False))
                | (~Q(role=Role.KASUBAG_UMUM) & Q(skpd__isnull=True)),
                name="roleassignment_skpd_only_for_kasubag",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(skpd__isnull=True),
                name="roleassignment_unique_global_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "skpd"],
                condition=Q(skpd__isnull=False),
                name="roleassignment_unique_skpd_role",
            ),
        ]

    def __str__(self):
        if self.skpd_id:
            return f"{self.get_role_display()} — {self.skpd}"
        return self.get_role_display()

    def clean(self):
        if self.role == Role.KASUBAG_UMUM and not self.skpd_id:
            raise ValidationError({"skpd": _("Kasubag Umum harus ditugaskan pada satu SKPD.")})
        if self.role != Role.KASUBAG_UMUM and self.skpd_id:
            raise ValidationError({"skpd": _("Peran ini tidak terikat pada SKPD.")})


class RegistrationStatus(StatusChoices):
    SUBMITTED = "submitted", _("Menunggu verifikasi")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")

    @classmethod
    def colours(cls) -> dict:
        return {cls.APPROVED: "success", cls.REJECTED: "secondary", cls.SUBMITTED: "warning"}


class Registration(models.Model):
    """An ASN's request for a login, verified by the Kasubag Umum of its SKPD.

    For a NIP in the roster ``pegawai`` is set; otherwise the applicant's own profile data
    waits here until approval creates the pegawai.
    """

    nip = NipField(_("NIP"))
    kind = models.CharField(
        _("status kepegawaian"), max_length=4, choices=NipKind.choices, default=NipKind.PNS
    )
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("nomor HP/WhatsApp"), max_length=20)
    pegawai = models.ForeignKey(
        Pegawai,
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="registrations",
    )
    skpd = models.ForeignKey(
        Skpd,
        verbose_name=_("SKPD"),
        on_delete=models.PROTECT,
        related_name="registrations",
        db_index=False,  # Meta.indexes' (skpd, status) serves it
    )
    name = models.CharField(_("nama lengkap dengan gelar"), max_length=200, blank=True)
    jabatan = models.CharField(_("jabatan"), max_length=255, blank=True)
    jenjang = models.CharField(_("jenjang"), max_length=20, choices=Jenjang.choices, blank=True)
    get_kind_display = display(NipKind, "kind")
    get_jenjang_display = display(Jenjang, "jenjang")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.SUBMITTED,
    )
    status_choice = StatusOf(RegistrationStatus)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("diputuskan oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    decision_reason = models.TextField(_("alasan"), blank=True)
    created_at = models.DateTimeField(_("diajukan pada"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pendaftaran akun")
        verbose_name_plural = _("pendaftaran akun")
        ordering = ["created_at"]
        constraints = [
            # Two pending requests for one NIP would let two people race for one account.
            models.UniqueConstraint(
                fields=["nip"],
                condition=Q(status="submitted"),
                name="registration_one_pending_per_nip",
            ),
            models.CheckConstraint(
                condition=Q(pegawai__isnull=False)
                | (~Q(name="") & ~Q(jabatan="") & ~Q(jenjang="")),
                name="registration_profile_when_not_in_roster",
            ),
        ]
        indexes = [models.Index(fields=["skpd", "status"])]

    def __str__(self):
        return f"{self.display_name} ({format_nip(self.nip)})"

    @property
    def display_name(self) -> str:
        return self.pegawai.name if self.pegawai_id else self.name

    @property
    def in_roster(self) -> bool:
        return self.pegawai_id is not None

    def clean(self):
        # By the kind the applicant chose, as on the registration form (the admin's way in).
        if self.nip:
            try:
                self.nip = parse_nip(self.nip, self.kind).nip
            except ValidationError as error:
                raise ValidationError({"nip": error}) from None


class ImportStatus(StatusChoices):
    PREVIEW = "preview", _("Pratinjau")
    APPLIED = "applied", _("Diterapkan")

    @classmethod
    def colours(cls) -> dict:
        return {cls.APPLIED: "success"}


class RosterImport(models.Model):
    """One uploaded roster file: its rows as read, checked and shown before they are applied."""

    file_name = models.CharField(_("nama berkas"), max_length=255)
    rows = models.JSONField(_("baris"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    status_choice = StatusOf(ImportStatus)
    summary = models.JSONField(_("ringkasan"), default=dict)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("diunggah oleh"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)
    applied_at = models.DateTimeField(_("diterapkan pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("impor data pegawai")
        verbose_name_plural = _("impor data pegawai")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"


class Notification(models.Model):
    """A message in a user's portal inbox (besides the e-mail it usually also gets)."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,  # Meta.indexes' (user, read_at) serves it
    )
    text = models.CharField(_("pesan"), max_length=500)
    link = models.CharField(_("tautan"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.text


# The second factor ---------------------------------------------------------------------------
# The authenticator app is django-otp's TOTPDevice; what is ours is below.

# Recovery codes are read from paper and typed: no 0/O, 1/I/L (as the documents' codes).
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECOVERY_CODE_LENGTH = 10


def normalize_recovery_code(typed: str) -> str | None:
    """``abcde-fghjk``, ``ABCDE FGHJK`` → ``ABCDEFGHJK``; None for anything that cannot be
    a recovery code."""
    code = "".join(ch for ch in str(typed).upper() if ch.isalnum())
    if len(code) != RECOVERY_CODE_LENGTH or not set(code) <= set(RECOVERY_ALPHABET):
        return None
    return code


def recovery_digest(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


class RecoveryCodeDevice(TimestampMixin, Device):
    """A user's one-time recovery codes as one django-otp device: a code verifies the
    session as the authenticator app does, once.

    Unlike django-otp's static device, which keeps its codes in clear, the codes are kept as
    salted SHA-256 digests (ASVS 2.6.2): the database holds no code that would sign anyone
    in. Ten characters of 31 make about 50 bits, beyond guessing under the throttle."""

    class Meta:
        verbose_name = _("kode pemulihan")
        verbose_name_plural = _("kode pemulihan")
        constraints = [
            models.UniqueConstraint(fields=["user"], name="recoverycodedevice_one_per_user")
        ]

    def verify_token(self, token) -> bool:
        code = normalize_recovery_code(token)
        if code is None:
            return False
        for stored in self.codes.filter(used_at__isnull=True):
            if stored.matches(code):
                # Once: of two requests with the same code, only one marks the row used.
                used = RecoveryCode.objects.filter(pk=stored.pk, used_at__isnull=True).update(
                    used_at=timezone.now()
                )
                if used:
                    self.set_last_used_timestamp()
                return bool(used)
        return False


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    salt = models.CharField(max_length=32)
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(_("dipakai pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("kode pemulihan")
        verbose_name_plural = _("kode pemulihan")

    def __str__(self):
        return f"{self.device_id}/{self.pk}"

    def matches(self, code: str) -> bool:
        return constant_time_compare(recovery_digest(self.salt, code), self.digest)


class SecondFactorEventKind(models.TextChoices):
    ENABLED = "enabled", _("Verifikasi dua langkah diaktifkan")
    DEVICE_REPLACED = "device_replaced", _("Aplikasi autentikator diganti")
    CODES_REGENERATED = "codes_regenerated", _("Kode pemulihan baru dibuat")
    RECOVERY_CODE_USED = "recovery_code_used", _("Masuk dengan kode pemulihan")
    DISABLED = "disabled", _("Verifikasi dua langkah dinonaktifkan")
    RESET = "reset", _("Verifikasi dua langkah direset oleh admin")


class SecondFactorEvent(models.Model):
    """What happened to a user's second factor, when and by whom: the account's history of
    it (the devices hold secrets and keep no history of their own)."""

    user = models.ForeignKey(
        User,
        verbose_name=_("akun"),
        on_delete=models.CASCADE,
        related_name="second_factor_events",
        db_index=False,  # Meta.indexes' (user, -created_at) serves it
    )
    kind = models.CharField(_("kejadian"), max_length=20, choices=SecondFactorEventKind.choices)
    actor = models.ForeignKey(
        User,
        verbose_name=_("oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat verifikasi dua langkah")
        verbose_name_plural = _("riwayat verifikasi dua langkah")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.user})"
