"""Individual coaching: where and when coaches are available, who booked which slot, and
the coaching session that an attended booking becomes."""

import secrets
import uuid

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Jenjang, Pegawai
from core import dates
from core.choices import StatusChoices, StatusOf, display
from core.history import HistoricalRecords


class TimeRange(Func):
    """tstzrange(start, end): the span of a slot or session, for exclusion constraints."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class Place(models.Model):
    name = models.CharField(_("nama tempat"), max_length=150)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    is_default = models.BooleanField(_("tempat bawaan"), default=False)

    class Meta:
        verbose_name = _("tempat")
        verbose_name_plural = _("tempat")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="place_one_default"
            )
        ]

    def __str__(self):
        return self.name


class Closure(models.Model):
    """A day without individual coaching: a public holiday or an office closure."""

    date = models.DateField(_("tanggal"), unique=True)
    name = models.CharField(_("keterangan"), max_length=150)
    is_public_holiday = models.BooleanField(_("hari libur nasional"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hari tutup")
        verbose_name_plural = _("hari tutup")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class Slot(models.Model):
    """One coach's time for individual coaching; ``capacity`` ASN may book it."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.PROTECT,
        related_name="slots",
    )
    start = models.DateTimeField(_("mulai"))
    end = models.DateTimeField(_("selesai"))
    place = models.ForeignKey(Place, verbose_name=_("tempat"), on_delete=models.PROTECT)
    capacity = models.PositiveSmallIntegerField(_("kapasitas"), default=1)
    is_cancelled = models.BooleanField(_("dibatalkan"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("slot jadwal")
        verbose_name_plural = _("slot jadwal")
        ordering = ["start", "coach_id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="slot_ends_after_start"),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=50), name="slot_capacity_1_to_50"
            ),
            # A coach is in one place at a time (btree_gist).
            ExclusionConstraint(
                name="slot_coach_no_overlap",
                expressions=[
                    ("coach", RangeOperators.EQUAL),
                    (TimeRange("start", "end"), RangeOperators.OVERLAPS),
                ],
                condition=Q(is_cancelled=False),
            ),
        ]
        indexes = [models.Index(fields=["start"])]

    def __str__(self):
        return f"{dates.day_and_time(self.start)} · {self.coach}"


class BookingStatus(StatusChoices):
    BOOKED = "booked", _("Terjadwal")
    ATTENDED = "attended", _("Hadir")
    NO_SHOW = "no_show", _("Tidak hadir")
    CANCELLED = "cancelled", _("Dibatalkan")
    RESCHEDULED = "rescheduled", _("Dijadwal ulang")

    @classmethod
    def colours(cls) -> dict:
        return {cls.BOOKED: "primary", cls.ATTENDED: "success", cls.NO_SHOW: "danger"}


def draft_path(booking: "Booking", filename: str) -> str:
    # Private folder, never served by the web server directly: the download view checks
    # who asks. The name is random, so the ASN's file name reveals nothing.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"drafts/{uuid.uuid4().hex}.{extension}"


class Booking(models.Model):
    slot = models.ForeignKey(
        Slot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="bookings"
    )
    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("ASN"), on_delete=models.PROTECT, related_name="bookings"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    status_choice = StatusOf(BookingStatus)
    jenjang = models.CharField(
        _("jenjang SKP yang dibahas"), max_length=20, choices=Jenjang.choices
    )
    get_jenjang_display = display(Jenjang, "jenjang")
    topic = models.CharField(_("yang ingin dibahas"), max_length=500)
    draft = models.FileField(_("draf SKP"), upload_to=draft_path, blank=True)
    draft_name = models.CharField(_("nama berkas draf"), max_length=255, blank=True)
    skp = models.ForeignKey(
        "skp_drafts.Skp",
        verbose_name=_("draf SKP di portal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
    )
    coach_notes = models.TextField(_("catatan coach"), blank=True)
    rescheduled_from = models.OneToOneField(
        "self",
        verbose_name=_("jadwal ulang dari"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rescheduled_to",
    )
    reminder_sent_at = models.DateTimeField(_("pengingat dikirim"), null=True, blank=True)
    created_at = models.DateTimeField(_("dipesan pada"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pemesanan coaching")
        verbose_name_plural = _("pemesanan coaching")
        ordering = ["slot__start"]
        constraints = [
            # One active booking per ASN at a time (the rule of BOOKING_RULES, held by the
            # database so that two tabs cannot book twice).
            models.UniqueConstraint(
                fields=["pegawai"],
                condition=Q(status="booked"),
                name="booking_one_active_per_pegawai",
            ),
        ]

    def __str__(self):
        return f"{self.pegawai.name} · {self.slot}"

    @property
    def is_active(self) -> bool:
        return self.status == BookingStatus.BOOKED


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", _("Menunggu")
    PLACED = "placed", _("Mendapat tempat")
    LEFT = "left", _("Keluar dari daftar")


class WaitlistEntry(models.Model):
    slot = models.ForeignKey(
        Slot, verbose_name=_("slot"), on_delete=models.CASCADE, related_name="waitlist"
    )
    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("ASN"), on_delete=models.CASCADE, related_name="waitlist"
    )
    jenjang = models.CharField(
        _("jenjang SKP yang dibahas"), max_length=20, choices=Jenjang.choices
    )
    get_jenjang_display = display(Jenjang, "jenjang")
    topic = models.CharField(_("yang ingin dibahas"), max_length=500)
    status = models.CharField(
        _("status"), max_length=8, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING
    )
    created_at = models.DateTimeField(_("mendaftar pada"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("daftar tunggu")
        verbose_name_plural = _("daftar tunggu")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "pegawai"],
                condition=Q(status="waiting"),
                name="waitlist_once_per_slot",
            )
        ]

    def __str__(self):
        return f"{self.pegawai.name} · {self.slot}"


class SessionKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    SKPD = "skpd", _("Di SKPD")


class CoachingSession(models.Model):
    """A coaching that took place — individual or at an SKPD — with who attended. Reports
    and surveys read these, whatever the kind."""

    kind = models.CharField(_("jenis"), max_length=10, choices=SessionKind.choices)
    get_kind_display = display(SessionKind, "kind")
    start = models.DateTimeField(_("mulai"))
    end = models.DateTimeField(_("selesai"))
    place = models.CharField(_("tempat"), max_length=255)
    coaches = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("coach"), related_name="coaching_sessions"
    )
    booking = models.OneToOneField(
        Booking,
        verbose_name=_("pemesanan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="session",
    )
    skpd_request = models.OneToOneField(
        "SkpdRequest",
        verbose_name=_("surat permohonan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="session",
    )
    notes = models.TextField(_("catatan"), blank=True)
    # The secret of the session's check-in QR (an SKPD visit's; given when a coach first
    # shows it). Whoever holds it may only check itself in, and only during the session.
    checkin_code = models.CharField(
        _("kode check-in"), max_length=32, unique=True, null=True, blank=True, editable=False
    )
    checkin_other_skpd = models.BooleanField(
        _("terima peserta dari SKPD lain"),
        default=False,
        db_default=False,
        help_text=_(
            "Pegawai SKPD lain yang tidak terdaftar boleh check-in sebagai peserta tambahan."
        ),
    )
    drafts = models.ManyToManyField(
        "skp_drafts.Skp",
        verbose_name=_("draf SKP yang dibahas"),
        blank=True,
        related_name="sessions",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Which drafts were linked, by whom and when, is part of the session's record.
    history = HistoricalRecords(m2m_fields=[drafts])

    class Meta:
        verbose_name = _("sesi coaching")
        verbose_name_plural = _("sesi coaching")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(kind="individual") | Q(booking__isnull=False),
                name="session_individual_has_booking",
            ),
            models.CheckConstraint(
                condition=~Q(kind="skpd") | Q(skpd_request__isnull=False),
                name="session_skpd_has_request",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {dates.day_and_time(self.start)}"


class Attendance(models.Model):
    session = models.ForeignKey(
        CoachingSession,
        verbose_name=_("sesi"),
        on_delete=models.CASCADE,
        related_name="attendance",
        db_index=False,  # attendance_once's (session, pegawai) serves it
    )
    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("peserta"), on_delete=models.PROTECT, related_name="attendance"
    )
    # None until the coach records it: an SKPD session's roster is known before the day.
    present = models.BooleanField(_("hadir"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=500, blank=True)
    # Self check-in through the session's QR: when, whether the person was not listed before
    # (a walk-in), and whether a coach has since confirmed the record.
    checked_in_at = models.DateTimeField(_("check-in pada"), null=True, blank=True)
    walk_in = models.BooleanField(_("peserta tambahan"), default=False, db_default=False)
    confirmed = models.BooleanField(_("dikonfirmasi coach"), default=False, db_default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(fields=["session", "pegawai"], name="attendance_once")
        ]

    def __str__(self):
        return f"{self.pegawai.name} · {self.session}"


class CoachCommitment(models.Model):
    """A span of a coach's time, whatever fills it: an individual slot or an SKPD session.
    One exclusion constraint over all of them keeps a coach out of two places at once."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commitments"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    slot = models.OneToOneField(
        Slot, on_delete=models.CASCADE, null=True, blank=True, related_name="commitment"
    )
    session = models.ForeignKey(
        CoachingSession,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="commitments",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(slot__isnull=False) ^ Q(session__isnull=False),
                name="commitment_slot_or_session",
            ),
            ExclusionConstraint(
                name="commitment_coach_no_overlap",
                expressions=[
                    ("coach", RangeOperators.EQUAL),
                    (TimeRange("start", "end"), RangeOperators.OVERLAPS),
                ],
            ),
        ]

    def __str__(self):
        return f"{self.coach} · {dates.day_and_time(self.start)}"


class RequestStatus(StatusChoices):
    SUBMITTED = "submitted", _("Diajukan")
    RETURNED = "returned", _("Dikembalikan untuk perbaikan")
    DECLINED = "declined", _("Ditolak")
    SCHEDULED = "scheduled", _("Diterima dan dijadwalkan")
    HELD = "held", _("Sudah dilaksanakan")
    REPORTED = "reported", _("Sudah dilaporkan")
    CANCELLED = "cancelled", _("Dibatalkan")
    WITHDRAWN = "withdrawn", _("Ditarik oleh SKPD")

    @classmethod
    def colours(cls) -> dict:
        return {
            cls.SUBMITTED: "warning",
            cls.RETURNED: "info",
            cls.DECLINED: "secondary",
            cls.SCHEDULED: "primary",
            cls.HELD: "success",
            cls.REPORTED: "success",
            cls.CANCELLED: "danger",
            cls.WITHDRAWN: "secondary",
        }


def letter_path(request: "SkpdRequest", filename: str) -> str:
    return f"letters/{uuid.uuid4().hex}.pdf"


class SkpdRequest(models.Model):
    """An SKPD's request letter (surat permohonan) for a Coaching Clinic at its office."""

    skpd = models.ForeignKey(
        "accounts.Skpd", verbose_name=_("SKPD"), on_delete=models.PROTECT, related_name="requests"
    )
    letter_number = models.CharField(_("nomor surat"), max_length=100)
    letter_date = models.DateField(_("tanggal surat"))
    subject = models.CharField(_("perihal"), max_length=255)
    letter_file = models.FileField(_("surat bertanda tangan (PDF)"), upload_to=letter_path)
    proposed_date_1 = models.DateField(_("usulan tanggal 1"))
    proposed_date_2 = models.DateField(_("usulan tanggal 2"), null=True, blank=True)
    proposed_date_3 = models.DateField(_("usulan tanggal 3"), null=True, blank=True)
    expected_jpt = models.PositiveSmallIntegerField(_("JPT Pratama"), default=0)
    expected_administrator = models.PositiveSmallIntegerField(_("Administrator"), default=0)
    expected_pengawas = models.PositiveSmallIntegerField(_("Pengawas"), default=0)
    expected_pelaksana = models.PositiveSmallIntegerField(_("Pelaksana"), default=0)
    expected_fungsional = models.PositiveSmallIntegerField(_("Fungsional"), default=0)
    contact_name = models.CharField(_("narahubung"), max_length=200)
    contact_phone = models.CharField(_("HP/WhatsApp narahubung"), max_length=20)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    status_choice = StatusOf(RequestStatus)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diajukan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("diajukan pada"))
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("surat permohonan SKPD")
        verbose_name_plural = _("surat permohonan SKPD")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self):
        return f"{self.letter_number} · {self.skpd}"

    @property
    def expected_total(self) -> int:
        return (
            self.expected_jpt
            + self.expected_administrator
            + self.expected_pengawas
            + self.expected_pelaksana
            + self.expected_fungsional
        )

    @property
    def scheduled_session(self):
        """The visit's session once it is on the calendar (scheduled, held, reported)."""
        on = (RequestStatus.SCHEDULED, RequestStatus.HELD, RequestStatus.REPORTED)
        return getattr(self, "session", None) if self.status in on else None

    @property
    def proposed_dates(self) -> list:
        return [d for d in (self.proposed_date_1, self.proposed_date_2, self.proposed_date_3) if d]


class Decision(models.TextChoices):
    ACCEPT = "accept", _("Diterima")
    RETURN = "return", _("Dikembalikan untuk perbaikan")
    DECLINE = "decline", _("Ditolak")
    MOVE = "move", _("Jadwal dipindahkan")
    CANCEL = "cancel", _("Dibatalkan")


class Disposition(models.Model):
    """The Kepala BKPSDM's decision on a request, with its instruction to the team."""

    request = models.ForeignKey(
        SkpdRequest,
        verbose_name=_("surat permohonan"),
        on_delete=models.CASCADE,
        related_name="dispositions",
    )
    decision = models.CharField(_("keputusan"), max_length=8, choices=Decision.choices)
    note = models.TextField(_("isi disposisi / alasan"))
    coaches = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("diteruskan kepada"), blank=True, related_name="+"
    )
    start = models.DateTimeField(_("mulai"), null=True, blank=True)
    end = models.DateTimeField(_("selesai"), null=True, blank=True)
    venue = models.CharField(_("tempat"), max_length=255, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("pada"))

    class Meta:
        verbose_name = _("disposisi")
        verbose_name_plural = _("disposisi")
        ordering = ["decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="accept")
                | (Q(start__isnull=False) & Q(end__isnull=False) & ~Q(venue="")),
                name="disposition_accept_has_time_and_venue",
            ),
        ]

    def __str__(self):
        return f"{self.get_decision_display()} · {self.request}"


class BlockKind(models.TextChoices):
    """The agenda of an SKPD visit, in the guideline's order."""

    OPENING = "opening", _("Pembukaan")
    PRESENTATION = "presentation", _("Paparan singkat PermenPANRB 6/2022")
    PRACTICE_JPT = "practice_jpt", _("Praktik penyusunan SKP JPT Pratama")
    PRACTICE_ADMINISTRATOR = "practice_administrator", _("Praktik penyusunan SKP Administrator")
    PRACTICE_PENGAWAS = "practice_pengawas", _("Praktik penyusunan SKP Pengawas")
    PRACTICE_PELAKSANA = "practice_pelaksana", _("Praktik penyusunan SKP Pelaksana dan Fungsional")
    DISCUSSION = "discussion", _("Diskusi dan tanya jawab")


class AgendaBlock(models.Model):
    session = models.ForeignKey(
        CoachingSession,
        verbose_name=_("sesi"),
        on_delete=models.CASCADE,
        related_name="blocks",
        db_index=False,  # block_order_once's (session, order) serves it
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    kind = models.CharField(_("bagian"), max_length=24, choices=BlockKind.choices)
    notes = models.TextField(_("catatan"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bagian agenda")
        verbose_name_plural = _("bagian agenda")
        ordering = ["session", "order"]
        constraints = [
            models.UniqueConstraint(fields=["session", "order"], name="block_order_once"),
            models.UniqueConstraint(fields=["session", "kind"], name="block_kind_once"),
        ]

    def __str__(self):
        return self.get_kind_display()


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A coach's private calendar subscription: whoever has the address reads the coach's
    sessions and visits, so the coach can make a new one (the old stops working)."""

    coach = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("langganan kalender")
        verbose_name_plural = _("langganan kalender")

    def __str__(self):
        return str(self.coach)
