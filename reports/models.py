"""What the team writes after its work: the activity report of an SKPD visit (laporan hasil
kegiatan) with its photos, the monthly recap (rekap bulanan) of individual coaching, and the
minutes (notulen) of the evaluation meetings chaired by the Kepala Bidang with their action
items, which carry over from meeting to meeting until they are done. The workflows live in
``reports/services.py``; the figures in ``reports/selectors.py``."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core import dates
from core.choices import StatusChoices, StatusOf
from core.history import HistoricalRecords


class ReportStatus(StatusChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan ke Kepala Bidang")
    RETURNED = "returned", _("Dikembalikan untuk perbaikan")
    APPROVED = "approved", _("Disetujui")

    @classmethod
    def colours(cls) -> dict:
        return {cls.APPROVED: "success", cls.SUBMITTED: "warning", cls.RETURNED: "danger"}


class ReviewedWork(models.Model):
    """What a piece of the team's writing approved by the Kepala Bidang has (a visit's
    report, a monthly recap): its status, who made, submitted and decided it and when, and
    why it was returned. The steps are the apps' workflows (reports/services.py)."""

    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    status_choice = StatusOf(ReportStatus)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diajukan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    return_reason = models.TextField(_("alasan pengembalian"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


def review_constraints(prefix: str) -> list:
    """What the database holds of every reviewed piece: one submitted or approved has its
    submitter, one approved its approver."""
    return [
        models.CheckConstraint(
            condition=~Q(status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED])
            | Q(submitted_by__isnull=False, submitted_at__isnull=False),
            name=f"{prefix}_submitted_has_submitter",
        ),
        models.CheckConstraint(
            condition=~Q(status=ReportStatus.APPROVED) | Q(decided_by__isnull=False),
            name=f"{prefix}_approved_has_approver",
        ),
    ]


class SessionReport(ReviewedWork):
    """The laporan hasil kegiatan of one coaching session. What the record already knows
    (basis, time and place, coaches, attendance, drafts) is read from the session; the
    coaches write the findings, problems and follow-up."""

    session = models.OneToOneField(
        "bookings.CoachingSession",
        verbose_name=_("sesi coaching"),
        on_delete=models.PROTECT,
        related_name="report",
    )
    basis = models.TextField(
        _("dasar pelaksanaan"), help_text=_("Satu dasar per baris."), blank=True
    )
    findings = models.TextField(_("hasil dan temuan"), blank=True)
    problems = models.TextField(_("permasalahan yang dihadapi"), blank=True)
    follow_up = models.TextField(_("tindak lanjut dan rekomendasi"), blank=True)
    # The drafts worked on, as they stood when the report was submitted: an approved report
    # keeps saying what was true then, whatever happens to the drafts afterwards.
    drafts_snapshot = models.JSONField(_("draf SKP saat diajukan"), default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("laporan hasil kegiatan")
        verbose_name_plural = _("laporan hasil kegiatan")
        ordering = ["-session__start"]
        constraints = review_constraints("report")
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return _("Laporan %(session)s") % {"session": self.session}

    def basis_lines(self) -> list[str]:
        return [line.strip() for line in self.basis.splitlines() if line.strip()]


class MonthlyRecap(ReviewedWork):
    """The monthly recap of individual coaching (rekap bulanan coaching individual): one
    coach's month, or the whole team's (no coach). An individual session keeps its notes on
    the booking and the session; the month's sessions are reported together here. What the
    records say (sessions, participants by SKPD and jenjang, topics, drafts, no-shows) is
    read from them while the recap is written and frozen into ``figures`` when it is
    submitted, so an approved recap keeps saying what was true then."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monthly_recaps",
        help_text=_("Kosong: rekap seluruh Tim Coaching."),
        db_index=False,  # recap_once_per_coach_and_month's (coach, year, month) serves it
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    month = models.PositiveSmallIntegerField(_("bulan"))
    notes = models.TextField(_("catatan dan temuan"), blank=True)
    follow_up = models.TextField(_("tindak lanjut dan rekomendasi"), blank=True)
    # The month's figures as they stood when the recap was submitted (reports/selectors.py,
    # RecapFigures); empty while it is written.
    figures = models.JSONField(_("angka saat diajukan"), default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rekap bulanan coaching individual")
        verbose_name_plural = _("rekap bulanan coaching individual")
        ordering = ["-year", "-month", "pk"]
        constraints = [
            # One recap per coach and month, and one of the whole team (NULL counts as one
            # value here): two tabs starting the same month give one recap.
            models.UniqueConstraint(
                fields=["coach", "year", "month"],
                nulls_distinct=False,
                name="recap_once_per_coach_and_month",
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="recap_month_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="recap_year_valid"
            ),
            *review_constraints("recap"),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return _("Rekap bulanan %(month)s") % {"month": self.month_label}

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def month_label(self) -> str:
        """``Oktober 2026``."""
        return date_format(self.first_day, "F Y")

    @property
    def preparer(self):
        """Who signs as the one who made it: the coach whose month it is; for the whole
        team, whoever submitted (or started) it."""
        return self.coach or self.submitted_by or self.created_by


def photo_path(photo: "ReportPhoto", filename: str) -> str:
    # Private folder, never served by the web server: the photo view checks who asks. The
    # name is random and the content re-encoded, so nothing of the uploaded file survives.
    return f"reports/photos/{uuid.uuid4().hex}.jpg"


class ReportPhoto(models.Model):
    """A documentation photo of a session, checked, resized and stored as JPEG."""

    report = models.ForeignKey(
        SessionReport, verbose_name=_("laporan"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("foto"), upload_to=photo_path)
    caption = models.CharField(_("keterangan foto"), max_length=200, blank=True)
    width = models.PositiveIntegerField(_("lebar"))
    height = models.PositiveIntegerField(_("tinggi"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("foto dokumentasi")
        verbose_name_plural = _("foto dokumentasi")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.caption or self.image.name


class MeetingStatus(StatusChoices):
    DRAFT = "draft", _("Draf notulen")
    FINAL = "final", _("Disahkan")

    @classmethod
    def colours(cls) -> dict:
        return {cls.FINAL: "success"}


class EvaluationMeeting(models.Model):
    """A rapat evaluasi of the coaching clinic, chaired by the Kepala Bidang, reviewing the
    sessions of whole months (finer periods could be differenced into one person's survey
    answers)."""

    start = models.DateTimeField(_("waktu rapat"))
    place = models.CharField(_("tempat"), max_length=255)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pimpinan rapat"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("peserta rapat"), blank=True, related_name="+"
    )
    other_attendees = models.TextField(
        _("peserta lain"), blank=True, help_text=_("Satu nama per baris, dengan jabatannya.")
    )
    period_start = models.DateField(_("awal periode yang dievaluasi"))
    period_end = models.DateField(_("akhir periode yang dievaluasi"))
    findings = models.TextField(_("hasil evaluasi dan temuan"), blank=True)
    decisions = models.TextField(_("keputusan rapat"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    status_choice = StatusOf(MeetingStatus)
    # The figures as presented when the minutes were signed off (reports/selectors.py).
    figures = models.JSONField(_("angka saat disahkan"), default=dict, blank=True)
    # And the sessions reviewed, each with its report's status then; None: not signed off.
    session_rows = models.JSONField(_("sesi saat disahkan"), null=True, blank=True)
    # Who writes and signs the minutes beside the chair: by default the one who opened them,
    # never the chair (the minutes carry two signatures of two people).
    notulis = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("notulis"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disahkan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    finalized_at = models.DateTimeField(_("disahkan pada"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapat evaluasi")
        verbose_name_plural = _("rapat evaluasi")
        ordering = ["-start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="meeting_period_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(status=MeetingStatus.FINAL) | Q(finalized_by__isnull=False),
                name="meeting_final_has_signer",
            ),
            # The draft is always the latest meeting: two writers cannot open two at once.
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status=MeetingStatus.DRAFT),
                name="meeting_one_draft",
            ),
        ]

    def __str__(self):
        return _("Rapat evaluasi %(date)s") % {"date": dates.day(self.start)}

    @property
    def is_editable(self) -> bool:
        return self.status == MeetingStatus.DRAFT

    def other_attendee_lines(self) -> list[str]:
        return [line.strip() for line in self.other_attendees.splitlines() if line.strip()]


class ActionStatus(StatusChoices):
    OPEN = "open", _("Belum dikerjakan")
    IN_PROGRESS = "in_progress", _("Sedang dikerjakan")
    DONE = "done", _("Selesai")

    @classmethod
    def colours(cls) -> dict:
        return {cls.DONE: "success", cls.IN_PROGRESS: "info", cls.OPEN: "warning"}


class ActionItem(models.Model):
    """A follow-up decided in a meeting. It comes back in every later meeting until one of
    them records it done."""

    raised_in = models.ForeignKey(
        EvaluationMeeting,
        verbose_name=_("diputuskan dalam rapat"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    text = models.CharField(_("tindak lanjut"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    due_date = models.DateField(_("batas waktu"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    status_choice = StatusOf(ActionStatus)
    # The meeting that recorded it done; later meetings no longer carry it.
    closed_in = models.ForeignKey(
        EvaluationMeeting,
        verbose_name=_("dinyatakan selesai dalam rapat"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="closed_actions",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tindak lanjut rapat")
        verbose_name_plural = _("tindak lanjut rapat")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ActionStatus.DONE) | Q(closed_in__isnull=True),
                name="action_closed_only_when_done",
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return self.text


class ActionReview(models.Model):
    """An earlier meeting's action item as a later meeting found it: its status then and a
    note. The minutes print these, so they keep what each meeting said."""

    meeting = models.ForeignKey(
        EvaluationMeeting,
        verbose_name=_("rapat"),
        on_delete=models.CASCADE,
        related_name="reviews",
        db_index=False,  # review_once_per_meeting's (meeting, item) serves it
    )
    item = models.ForeignKey(
        ActionItem,
        verbose_name=_("tindak lanjut"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices)
    note = models.CharField(_("catatan perkembangan"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("perkembangan tindak lanjut")
        verbose_name_plural = _("perkembangan tindak lanjut")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "item"], name="review_once_per_meeting"),
        ]

    def __str__(self):
        return f"{self.item} · {self.get_status_display()}"
