"""Every change of reports and minutes: one function per step, each atomic, each checking
the role (reports/rules.py) and the current state, recording who, when and why in the
history, and refusing anything else with a message in Indonesian, changing nothing.

The session report's workflow, as data (like the request letter's in bookings/visits/services.py):

    start ──► DRAFT ──submit──► SUBMITTED ──approve──► APPROVED
                ▲                  │
                └──── RETURNED ◄───┘ return (with a reason); submit again after editing

Individual coaching is reported once a month, not session by session: a report is started
for an SKPD visit only, and a coach's month (or the whole team's) is a MonthlyRecap with the
same workflow (RECAP_WORKFLOW) and the same roles, its figures frozen when it is submitted.

The evaluation meeting: DRAFT ──finalize──► FINAL. Only one meeting is in draft at a time,
and it is the latest, so "the next meeting" is always well defined: it carries every action
item that no signed-off meeting has recorded done. What a draft says about an earlier item
takes effect when the Kepala Bidang signs the minutes off.
"""

import datetime
import io
from dataclasses import dataclass
from operator import attrgetter

import rules
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

from accounts.models import Role, User
from accounts.notifications import notify
from accounts.rules import is_coaching_team, is_kepala_bidang, is_kepala_bkpsdm, role_holders
from bookings.models import CoachingSession, Decision, SessionKind
from bookings.selectors import held_sessions
from bookings.visits import services as visits
from core import dates
from core.errors import PortalError
from core.history import stamp
from core.workflow import Transition, Workflow
from reports import selectors
from reports.models import (
    ActionItem,
    ActionReview,
    ActionStatus,
    EvaluationMeeting,
    MeetingStatus,
    MonthlyRecap,
    ReportPhoto,
    ReportStatus,
    SessionReport,
)


class ReportError(PortalError):
    """A step refused, with the reason in Indonesian."""


REPORT_NOT_FOUND = gettext_lazy("Laporan tidak ditemukan.")
INDIVIDUAL_IN_RECAP = gettext_lazy(
    "Sesi coaching individual tidak dilaporkan satu per satu: catatannya tetap di sesi, dan "
    "sesi ini masuk rekap bulanan coach-nya. Buka Rekap bulanan untuk melaporkannya."
)

WORKFLOW = Workflow(
    [
        Transition(
            "submit",
            frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED}),
            ReportStatus.SUBMITTED,
            "reports.write_report",
        ),
        Transition(
            "approve",
            frozenset({ReportStatus.SUBMITTED}),
            ReportStatus.APPROVED,
            "reports.decide_report",
        ),
        Transition(
            "return",
            frozenset({ReportStatus.SUBMITTED}),
            ReportStatus.RETURNED,
            "reports.decide_report",
        ),
    ],
    error=ReportError,
    forbidden=gettext_lazy("Anda tidak berwenang melakukan ini pada laporan ini."),
    wrong_state=gettext_lazy("Laporan berstatus “%(status)s”: langkah ini tidak dapat dilakukan."),
    missing=REPORT_NOT_FOUND,
)
TRANSITIONS = WORKFLOW.transitions
may = WORKFLOW.may


def _locked_report(report_id: int) -> SessionReport:
    try:
        return (
            SessionReport.objects.select_for_update(of=("self",), no_key=True)
            .select_related("session")
            .get(pk=report_id)
        )
    except SessionReport.DoesNotExist as error:
        raise ReportError(str(REPORT_NOT_FOUND)) from error


def _begin(actor: User, report_id: int, name: str) -> SessionReport:
    return WORKFLOW.begin(actor, SessionReport.objects.select_related("session"), report_id, name)


def _report_link(report: SessionReport) -> str:
    return reverse("reports:report_detail", args=[report.pk])


# The session report ------------------------------------------------------------------------


BASIS_REGULATION = (
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 6 Tahun "
    "2022 tentang Pengelolaan Kinerja Pegawai Aparatur Sipil Negara"
)


def default_basis(session: CoachingSession) -> str:
    """The report's basis as the record knows it: the regulation, the request letter and
    the Kepala BKPSDM's disposition."""
    lines = [BASIS_REGULATION]
    if session.kind == SessionKind.SKPD and session.skpd_request_id:
        request = session.skpd_request
        lines.append(
            _("Surat %(skpd)s Nomor %(number)s tanggal %(date)s perihal %(subject)s")
            % {
                "skpd": request.skpd.name,
                "number": request.letter_number,
                "date": date_format(request.letter_date, "j F Y"),
                "subject": request.subject,
            }
        )
        # From the request's dispositions as read (prefetched for many sessions at once).
        disposition = max(
            (each for each in request.dispositions.all() if each.decision == Decision.ACCEPT),
            key=attrgetter("decided_at"),
            default=None,
        )
        if disposition is not None:
            lines.append(
                _("Disposisi Kepala BKPSDM Kabupaten Balangan tanggal %(date)s")
                % {"date": dates.day(disposition.decided_at)}
            )
    return "\n".join(lines)


@transaction.atomic
def start_report(*, actor: User, session_id: int) -> SessionReport:
    """Open the report of a held SKPD visit, pre-filled from the record; a report that
    exists already is returned as it is. Individual sessions go into the monthly recap."""
    session = (
        held_sessions()
        .select_for_update(of=("self",), no_key=True)
        .select_related("skpd_request__skpd", "booking__pegawai")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise ReportError(_("Laporan dibuat setelah sesi tercatat sudah dilaksanakan."))
    if not rules.has_perm("reports.write_report", actor, session):
        raise ReportError(_("Hanya coach sesi ini atau Kepala Bidang yang menulis laporannya."))
    existing = SessionReport.objects.filter(session=session).first()
    if existing is not None:
        return existing  # an individual session's report of before the monthly recaps too
    if session.kind == SessionKind.INDIVIDUAL:
        raise ReportError(str(INDIVIDUAL_IN_RECAP), code="individual")
    report = SessionReport(session=session, basis=default_basis(session), created_by=actor)
    stamp(report, actor, _("Laporan dibuat"))
    report.save()
    return report


@transaction.atomic
def update_report(
    *, actor: User, report_id: int, basis: str, findings: str, problems: str, follow_up: str
) -> SessionReport:
    """The coaches write the report's own sections while it is a draft or returned."""
    report = _locked_report(report_id)
    if not rules.has_perm("reports.write_report", actor, report):
        raise ReportError(_("Hanya coach sesi ini atau Kepala Bidang yang menulis laporannya."))
    if not report.is_editable:
        raise ReportError(
            _("Laporan berstatus “%(status)s” dan tidak dapat diubah lagi.")
            % {"status": report.get_status_display()}
        )
    report.basis, report.findings = basis.strip(), findings.strip()
    report.problems, report.follow_up = problems.strip(), follow_up.strip()
    stamp(report, actor, _("Isi laporan diubah"))
    report.save()
    return report


@transaction.atomic
def submit_report(*, actor: User, report_id: int) -> SessionReport:
    """A coach sends the report to the Kepala Bidang. The drafts worked on are written into
    the report as they stand now."""
    report = _begin(actor, report_id, "submit")
    if not report.findings.strip():
        raise ReportError(_("Isi hasil dan temuan sebelum mengajukan laporan."))
    report.drafts_snapshot = selectors.drafts_snapshot(report.session)
    report.submitted_by, report.submitted_at = actor, timezone.now()
    report.return_reason = ""
    WORKFLOW.finish(report, actor, "submit", _("Diajukan ke Kepala Bidang"))
    notify(
        role_holders(Role.KEPALA_BIDANG),
        text=_("Laporan kegiatan %(session)s menunggu persetujuan Anda.")
        % {"session": selectors.session_title(report.session)},
        link=_report_link(report),
    )
    return report


@transaction.atomic
def approve_report(*, actor: User, report_id: int) -> SessionReport:
    """Approve the report; a visit's request letter is then done with (REPORTED), and its
    Kasubag told so."""
    report = _begin(actor, report_id, "approve")
    report.decided_by, report.decided_at = actor, timezone.now()
    WORKFLOW.finish(report, actor, "approve", _("Disetujui"))
    if report.session.kind == SessionKind.SKPD:
        try:
            visits.mark_reported(actor=actor, request_id=report.session.skpd_request_id)
        except visits.RequestError as error:
            raise ReportError(str(error)) from None
    notify(
        [report.submitted_by],
        text=_("Laporan kegiatan %(session)s disetujui Kepala Bidang.")
        % {"session": selectors.session_title(report.session)},
        link=_report_link(report),
    )
    return report


@transaction.atomic
def return_report(*, actor: User, report_id: int, reason: str) -> SessionReport:
    report = _begin(actor, report_id, "return")
    reason = (reason or "").strip()
    if not reason:
        raise ReportError(_("Tuliskan apa yang perlu diperbaiki."))
    report.decided_by, report.decided_at = actor, timezone.now()
    report.return_reason = reason
    WORKFLOW.finish(report, actor, "return", reason)
    notify(
        [report.submitted_by],
        text=_("Laporan kegiatan %(session)s dikembalikan untuk perbaikan: %(reason)s")
        % {"session": selectors.session_title(report.session), "reason": reason},
        link=_report_link(report),
    )
    return report


# The monthly recap of individual coaching ----------------------------------------------------

RECAP_NOT_FOUND = gettext_lazy("Rekap tidak ditemukan.")

RECAP_WORKFLOW = Workflow(
    [
        Transition(
            "submit",
            frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED}),
            ReportStatus.SUBMITTED,
            "reports.write_recap",
        ),
        Transition(
            "approve",
            frozenset({ReportStatus.SUBMITTED}),
            ReportStatus.APPROVED,
            "reports.decide_recap",
        ),
        Transition(
            "return",
            frozenset({ReportStatus.SUBMITTED}),
            ReportStatus.RETURNED,
            "reports.decide_recap",
        ),
    ],
    error=ReportError,
    forbidden=gettext_lazy("Anda tidak berwenang melakukan ini pada rekap ini."),
    wrong_state=gettext_lazy("Rekap berstatus “%(status)s”: langkah ini tidak dapat dilakukan."),
    missing=RECAP_NOT_FOUND,
)
RECAP_TRANSITIONS = RECAP_WORKFLOW.transitions
may_recap = RECAP_WORKFLOW.may


def _recap_link(recap: MonthlyRecap) -> str:
    return reverse("reports:recap_detail", args=[recap.pk])


def _begin_recap(actor: User, recap_id: int, name: str) -> MonthlyRecap:
    return RECAP_WORKFLOW.begin(
        actor, MonthlyRecap.objects.select_related("coach__pegawai"), recap_id, name
    )


@transaction.atomic
def start_recap(
    *, actor: User, coach: User | None, year: int, month: int, today: datetime.date | None = None
) -> tuple[MonthlyRecap, bool]:
    """Open the recap of ``coach``'s month (None: the whole team's), for the current month
    or one before it. A coach starts its own; the Kepala Bidang any. A recap that exists
    already is returned as it is; the flag says whether this call made it."""
    if not rules.has_perm("reports.start_recap", actor):
        raise ReportError(_("Rekap bulanan dibuat oleh Tim Coaching dan Kepala Bidang."))
    if (coach is None or coach.pk != actor.pk) and not is_kepala_bidang(actor):
        raise ReportError(_("Coach membuat rekap bulanannya sendiri."))
    if coach is not None and (not coach.is_active or not is_coaching_team(coach)):
        raise ReportError(_("Rekap bulanan dibuat untuk anggota Tim Coaching."))
    this_month = (today or timezone.localdate()).replace(day=1)
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise ReportError(_("Pilih bulan dan tahun."))
    first = datetime.date(year, month, 1)
    if first > this_month:
        raise ReportError(
            _("Rekap dibuat untuk bulan berjalan atau yang sudah lewat, bukan %(month)s.")
            % {"month": date_format(first, "F Y")}
        )
    existing = MonthlyRecap.objects.filter(coach=coach, year=year, month=month).first()
    if existing is not None:
        return existing, False
    recap = MonthlyRecap(coach=coach, year=year, month=month, created_by=actor)
    stamp(recap, actor, _("Rekap dibuat"))
    try:
        with transaction.atomic():
            recap.save()
    except IntegrityError:
        # Started at the same moment in another tab: that one is the recap.
        return MonthlyRecap.objects.get(coach=coach, year=year, month=month), False
    return recap, True


def _locked_recap(recap_id: int) -> MonthlyRecap:
    try:
        return MonthlyRecap.objects.select_for_update(no_key=True).get(pk=recap_id)
    except MonthlyRecap.DoesNotExist as error:
        raise ReportError(str(RECAP_NOT_FOUND)) from error


@transaction.atomic
def update_recap(*, actor: User, recap_id: int, notes: str, follow_up: str) -> MonthlyRecap:
    """The coach writes what the figures do not say, while the recap is a draft or
    returned."""
    recap = _locked_recap(recap_id)
    if not rules.has_perm("reports.write_recap", actor, recap):
        raise ReportError(_("Hanya coach pemilik rekap atau Kepala Bidang yang menulisnya."))
    if not recap.is_editable:
        raise ReportError(
            _("Rekap berstatus “%(status)s” dan tidak dapat diubah lagi.")
            % {"status": recap.get_status_display()}
        )
    recap.notes, recap.follow_up = notes.strip(), follow_up.strip()
    stamp(recap, actor, _("Isi rekap diubah"))
    recap.save()
    return recap


@transaction.atomic
def submit_recap(*, actor: User, recap_id: int, today: datetime.date | None = None) -> MonthlyRecap:
    """Send the recap of an ended month to the Kepala Bidang, its figures frozen as the
    records say them now."""
    recap = _begin_recap(actor, recap_id, "submit")
    this_month = (today or timezone.localdate()).replace(day=1)
    if recap.first_day >= this_month:
        raise ReportError(
            _("Rekap %(month)s diajukan setelah bulannya berakhir.") % {"month": recap.month_label}
        )
    if not recap.notes.strip():
        raise ReportError(_("Isi catatan dan temuan sebelum mengajukan rekap."))
    recap.figures = selectors.recap_figures_of_month(
        year=recap.year, month=recap.month, coach=recap.coach
    ).as_json()
    recap.submitted_by, recap.submitted_at = actor, timezone.now()
    recap.return_reason = ""
    RECAP_WORKFLOW.finish(recap, actor, "submit", _("Diajukan ke Kepala Bidang"))
    notify(
        role_holders(Role.KEPALA_BIDANG),
        text=_("%(title)s menunggu persetujuan Anda.") % {"title": selectors.recap_title(recap)},
        link=_recap_link(recap),
    )
    return recap


def _recap_people(recap: MonthlyRecap) -> list[User]:
    """Who hears of a decision: whoever submitted the recap, and the coach whose it is."""
    people = {person.pk: person for person in (recap.submitted_by, recap.coach) if person}
    return list(people.values())


@transaction.atomic
def approve_recap(*, actor: User, recap_id: int) -> MonthlyRecap:
    recap = _begin_recap(actor, recap_id, "approve")
    recap.decided_by, recap.decided_at = actor, timezone.now()
    RECAP_WORKFLOW.finish(recap, actor, "approve", _("Disetujui"))
    notify(
        _recap_people(recap),
        text=_("%(title)s disetujui Kepala Bidang.") % {"title": selectors.recap_title(recap)},
        link=_recap_link(recap),
    )
    return recap


@transaction.atomic
def return_recap(*, actor: User, recap_id: int, reason: str) -> MonthlyRecap:
    recap = _begin_recap(actor, recap_id, "return")
    reason = (reason or "").strip()
    if not reason:
        raise ReportError(_("Tuliskan apa yang perlu diperbaiki."))
    recap.decided_by, recap.decided_at = actor, timezone.now()
    recap.return_reason = reason
    RECAP_WORKFLOW.finish(recap, actor, "return", reason)
    notify(
        _recap_people(recap),
        text=_("%(title)s dikembalikan untuk perbaikan: %(reason)s")
        % {"title": selectors.recap_title(recap), "reason": reason},
        link=_recap_link(recap),
    )
    return recap


# Photos ------------------------------------------------------------------------------------

MAX_PHOTOS = 6
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_SIDE = 1600
# Beyond a phone's camera, below what would strain the server's memory when decoded.
PHOTO_MAX_PIXELS = 40_000_000
# MPO: the JPEG of many phones (a picture with its depth or preview frames); its first frame
# is the photo.
PHOTO_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}


@dataclass(frozen=True)
class CheckedPhoto:
    content: bytes
    width: int
    height: int


def check_photo(uploaded) -> CheckedPhoto:
    """Read an uploaded photo by its content (JPEG, PNG or WebP, whatever its name says),
    turn it upright, shrink it to at most 1600 pixels a side and re-encode it as JPEG, which
    drops everything else the file carried (location data included)."""
    if uploaded.size > PHOTO_MAX_BYTES:
        raise ReportError(_("Foto lebih dari 10 MB."))
    unreadable = ReportError(_("Berkas ini bukan foto JPEG, PNG atau WebP yang dapat dibaca."))
    try:
        uploaded.seek(0)
        with Image.open(uploaded) as probe:
            if probe.format not in PHOTO_FORMATS:
                raise unreadable
            if probe.width * probe.height > PHOTO_MAX_PIXELS:
                raise ReportError(_("Resolusi foto terlalu besar."))
            probe.verify()
        uploaded.seek(0)
        with Image.open(uploaded) as image:
            if image.mode == "P":
                image = image.convert("RGBA")  # a palette would be shrunk pixel by pixel
            # Shrink first: a JPEG then decodes at a fraction of its size, and nothing
            # large is copied by turning it upright or dropping its alpha.
            image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=85, optimize=True)
    except ReportError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise unreadable from None
    return CheckedPhoto(out.getvalue(), image.width, image.height)


@transaction.atomic
def add_photo(*, actor: User, report_id: int, uploaded, caption: str = "") -> ReportPhoto:
    report = _locked_report(report_id)
    if not rules.has_perm("reports.write_report", actor, report):
        raise ReportError(_("Hanya coach sesi ini atau Kepala Bidang yang menulis laporannya."))
    if not report.is_editable:
        raise ReportError(_("Foto ditambahkan selama laporan masih draf atau dikembalikan."))
    if report.photos.count() >= MAX_PHOTOS:
        raise ReportError(_("Paling banyak %(count)d foto per laporan.") % {"count": MAX_PHOTOS})
    checked = check_photo(uploaded)
    photo = ReportPhoto(
        report=report,
        caption=caption.strip(),
        width=checked.width,
        height=checked.height,
        uploaded_by=actor,
    )
    photo.image.save("foto.jpg", ContentFile(checked.content), save=False)
    try:
        photo.save()
    except Exception:
        photo.image.delete(save=False)  # no row, no file
        raise
    return photo


@transaction.atomic
def remove_photo(*, actor: User, photo_id: int) -> SessionReport:
    photo = ReportPhoto.objects.select_related("report").filter(pk=photo_id).first()
    if photo is None:
        raise ReportError(_("Foto tidak ditemukan."))
    report = _locked_report(photo.report_id)
    if not rules.has_perm("reports.write_report", actor, report):
        raise ReportError(_("Hanya coach sesi ini atau Kepala Bidang yang menulis laporannya."))
    if not report.is_editable:
        raise ReportError(_("Foto laporan yang sudah diajukan tidak dapat dihapus."))
    name = photo.image.name
    photo.delete()
    storage = photo.image.storage
    transaction.on_commit(lambda: storage.delete(name))
    return report


# Evaluation meetings -----------------------------------------------------------------------


def _check_minutes_writer(actor: User) -> None:
    if not rules.has_perm("reports.write_minutes", actor):
        raise ReportError(_("Hanya Tim Coaching dan Kepala Bidang yang menulis notulen rapat."))


def _locked_meeting(meeting_id: int) -> EvaluationMeeting:
    # FOR UPDATE, not NO KEY: delete_meeting deletes the row. (The sign-off's status is only
    # in the condition of the partial meeting_one_draft, which PostgreSQL counts as no key.)
    try:
        return EvaluationMeeting.objects.select_for_update().get(pk=meeting_id)
    except EvaluationMeeting.DoesNotExist as error:
        raise ReportError(_("Rapat tidak ditemukan.")) from error


def _draft_meeting(actor: User, meeting_id: int) -> EvaluationMeeting:
    _check_minutes_writer(actor)
    meeting = _locked_meeting(meeting_id)
    if not meeting.is_editable:
        raise ReportError(_("Notulen ini sudah disahkan dan tidak dapat diubah lagi."))
    return meeting


def _check_meeting_fields(
    *, chair: User, notulis: User, start: datetime.datetime, period_start, period_end, attendees
) -> None:
    if not is_kepala_bidang(chair):
        raise ReportError(_("Rapat evaluasi dipimpin Kepala Bidang."))
    if notulis == chair:
        raise ReportError(
            _(
                "Notulis dan pimpinan rapat harus orang yang berbeda: keduanya menandatangani "
                "notulen."
            )
        )
    if not is_coaching_team(notulis):
        raise ReportError(_("Notulis dipilih dari Tim Coaching dan Kepala Bidang."))
    if period_end < period_start:
        raise ReportError(_("Akhir periode harus sesudah awal periode."))
    if period_start > timezone.localtime(start).date():
        raise ReportError(_("Periode yang dievaluasi harus sudah dimulai pada hari rapat."))
    if any(not is_coaching_team(person) for person in attendees):
        raise ReportError(_("Peserta rapat dipilih dari Tim Coaching dan Kepala Bidang."))


@transaction.atomic
def create_meeting(
    *,
    actor: User,
    start: datetime.datetime,
    place: str,
    chair: User,
    attendees: list[User],
    other_attendees: str,
    period_start: datetime.date,
    period_end: datetime.date,
    notulis: User | None = None,
) -> EvaluationMeeting:
    """Open the minutes of the next evaluation meeting (written by ``notulis``, the actor by
    default). The minutes of the one before must be signed off first: that is what the
    action items carried over are read from."""
    _check_minutes_writer(actor)
    notulis = notulis or actor
    _check_meeting_fields(
        chair=chair,
        notulis=notulis,
        start=start,
        period_start=period_start,
        period_end=period_end,
        attendees=attendees,
    )
    # One writer at a time decides what "the latest meeting" is.
    latest = (
        EvaluationMeeting.objects.select_for_update(no_key=True).order_by("-start", "-pk").first()
    )
    if latest is not None and latest.status == MeetingStatus.DRAFT:
        raise ReportError(
            _("Notulen rapat %(date)s belum disahkan. Sahkan dahulu sebelum membuat rapat baru.")
            % {"date": dates.day(latest.start)}
        )
    if latest is not None and start <= latest.start:
        raise ReportError(
            _("Rapat baru harus sesudah rapat terakhir (%(date)s).")
            % {"date": dates.day(latest.start)}
        )
    meeting = EvaluationMeeting(
        start=start,
        place=place.strip(),
        chair=chair,
        other_attendees=other_attendees.strip(),
        period_start=period_start,
        period_end=period_end,
        notulis=notulis,
        created_by=actor,
    )
    stamp(meeting, actor, _("Notulen dibuat"))
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError as error:
        raise ReportError(
            _("Notulen rapat lain baru saja dibuat. Muat ulang halaman ini.")
        ) from error
    meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def update_meeting(
    *,
    actor: User,
    meeting_id: int,
    start: datetime.datetime,
    place: str,
    chair: User,
    attendees: list[User],
    other_attendees: str,
    period_start: datetime.date,
    period_end: datetime.date,
    findings: str,
    decisions: str,
    notulis: User | None = None,
) -> EvaluationMeeting:
    meeting = _draft_meeting(actor, meeting_id)
    notulis = notulis or meeting.notulis
    _check_meeting_fields(
        chair=chair,
        notulis=notulis,
        start=start,
        period_start=period_start,
        period_end=period_end,
        attendees=attendees,
    )
    previous = EvaluationMeeting.objects.exclude(pk=meeting.pk).order_by("-start", "-pk").first()
    if previous is not None and start <= previous.start:
        raise ReportError(
            _("Rapat ini harus sesudah rapat sebelumnya (%(date)s).")
            % {"date": dates.day(previous.start)}
        )
    meeting.start, meeting.place, meeting.chair = start, place.strip(), chair
    meeting.notulis = notulis
    meeting.other_attendees = other_attendees.strip()
    meeting.period_start, meeting.period_end = period_start, period_end
    meeting.findings, meeting.decisions = findings.strip(), decisions.strip()
    stamp(meeting, actor, _("Notulen diubah"))
    meeting.save()
    meeting.attendees.set(attendees)
    return meeting


def _check_action_fields(meeting: EvaluationMeeting, text: str, owner: User, due_date) -> str:
    text = (text or "").strip()
    if not text:
        raise ReportError(_("Tuliskan tindak lanjutnya."))
    if not owner.is_active or not (is_coaching_team(owner) or is_kepala_bkpsdm(owner)):
        raise ReportError(_("Penanggung jawab dipilih dari pegawai BKPSDM yang aktif."))
    if due_date < timezone.localtime(meeting.start).date():
        raise ReportError(_("Batas waktu tidak boleh sebelum tanggal rapat."))
    return text


@transaction.atomic
def add_action(
    *, actor: User, meeting_id: int, text: str, owner: User, due_date: datetime.date
) -> ActionItem:
    """A follow-up decided in this meeting, with who does it and by when."""
    meeting = _draft_meeting(actor, meeting_id)
    text = _check_action_fields(meeting, text, owner, due_date)
    item = ActionItem(raised_in=meeting, text=text, owner=owner, due_date=due_date)
    stamp(item, actor, _("Diputuskan dalam rapat"))
    item.save()
    return item


@transaction.atomic
def remove_action(*, actor: User, action_id: int) -> EvaluationMeeting:
    """Take back a follow-up decided in the draft minutes (a mistake, a duplicate)."""
    item = ActionItem.objects.filter(pk=action_id).first()
    if item is None:
        raise ReportError(_("Tindak lanjut tidak ditemukan."))
    meeting = _draft_meeting(actor, item.raised_in_id)
    stamp(item, actor, _("Dihapus dari notulen"))
    item.delete()
    return meeting


@transaction.atomic
def review_action(
    *, actor: User, meeting_id: int, action_id: int, status: str, note: str
) -> ActionReview:
    """What this meeting found of an earlier meeting's follow-up: its status and a note.
    The item itself changes when the minutes are signed off."""
    meeting = _draft_meeting(actor, meeting_id)
    if status not in ActionStatus.values:
        raise ReportError(_("Pilih status tindak lanjut."))
    item = selectors.carried_actions(meeting).filter(pk=action_id).first()
    if item is None:
        raise ReportError(_("Tindak lanjut ini tidak dibahas dalam rapat ini."))
    review, _created = ActionReview.objects.get_or_create(
        meeting=meeting, item=item, defaults={"status": status}
    )
    review.status, review.note = status, (note or "").strip()[:500]
    stamp(review, actor, review.get_status_display())
    review.save()
    return review


@transaction.atomic
def finalize_meeting(*, actor: User, meeting_id: int) -> EvaluationMeeting:
    """The Kepala Bidang signs the minutes off: the figures are written into them as they
    stand, every follow-up carried over gets this meeting's status, and those found done
    stop coming back."""
    if not rules.has_perm("reports.finalize_minutes", actor):
        raise ReportError(_("Hanya Kepala Bidang yang mengesahkan notulen."))
    meeting = _locked_meeting(meeting_id)
    if not meeting.is_editable:
        raise ReportError(_("Notulen ini sudah disahkan."))
    if not meeting.findings.strip() and not meeting.decisions.strip():
        raise ReportError(_("Isi hasil evaluasi atau keputusan rapat sebelum mengesahkan."))
    carried = list(selectors.carried_actions(meeting).select_for_update(of=("self",), no_key=True))
    reviews = {r.item_id: r for r in meeting.reviews.all()}
    for item in carried:
        review = reviews.get(item.pk)
        if review is None:
            review = ActionReview(meeting=meeting, item=item, status=item.status)
            stamp(review, actor, _("Dibahas tanpa perubahan"))
            review.save()
        if review.status != item.status or review.status == ActionStatus.DONE:
            item.status = review.status
            item.closed_in = meeting if review.status == ActionStatus.DONE else None
            stamp(item, actor, review.note or review.get_status_display())
            item.save()
    meeting.figures = selectors.period_figures(meeting.period_start, meeting.period_end).as_json()
    meeting.session_rows = [
        row.as_json() for row in selectors.session_rows(meeting.period_start, meeting.period_end)
    ]
    meeting.status = MeetingStatus.FINAL
    meeting.finalized_by, meeting.finalized_at = actor, timezone.now()
    stamp(meeting, actor, _("Notulen disahkan"))
    meeting.save()
    link = reverse("reports:meeting_detail", args=[meeting.pk])
    for item in meeting.actions.select_related("owner"):
        notify(
            [item.owner],
            text=_("Tindak lanjut rapat evaluasi untuk Anda: %(text)s (batas %(due)s).")
            % {"text": item.text, "due": date_format(item.due_date, "j F Y")},
            link=link,
        )
    return meeting


@transaction.atomic
def delete_meeting(*, actor: User, meeting_id: int) -> None:
    """Drop draft minutes (a meeting that did not take place). Nothing else changes: what a
    draft says about earlier follow-ups only takes effect when it is signed off."""
    meeting = _draft_meeting(actor, meeting_id)
    stamp(meeting, actor, _("Notulen dihapus"))
    meeting.delete()
