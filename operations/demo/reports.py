"""The demo's reports: a Coaching Clinic held at Kecamatan Paringin last week, run through
the real workflow (request letter, disposition, attendance, held), with its report
submitted to the Kepala Bidang; the evaluation meeting after it, signed off, with
follow-ups still open; and the demo coaches' monthly recaps of individual coaching: the
months of the past year approved, last month's of the first demo coach submitted and
waiting for the Kepala Bidang, the others' still owed. Idempotent: nothing is made twice.

``seed_scaled`` reports the SKPD visits of the scaled past (operations.demo.bookings) as the
team would have: all but those of the last two weeks, approved.

``build_report_with_attendees`` makes the benchmark's large report (300 attendees)."""

import datetime

from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from psycopg.types.json import Jsonb
from simple_history.utils import bulk_update_with_history

from accounts.models import Pegawai, Role, Skpd, User
from accounts.rules import kasubag_users, role_holders
from bookings.models import (
    Attendance,
    Closure,
    CoachCommitment,
    CoachingSession,
    Disposition,
    RequestStatus,
    SessionKind,
    SkpdRequest,
)
from bookings.selectors import week_start
from bookings.visits import services as visits
from core.bulk import CHANGE_REASON, copy_with_history, reserve_ids
from core.history import stamp
from operations.demo.accounts import FIXED
from operations.demo.bookings import DEMO_LETTER, submit_demo_letter
from reports import selectors, services
from reports.forms import month_end
from reports.models import EvaluationMeeting, MonthlyRecap, ReportStatus, SessionReport
from skp_drafts.berakhlak import CoreValue
from skp_drafts.models import Behaviour, Skp, SkpStatus
from surveys import services as survey_services

DEMO_SKPD = "KEC-PARINGIN"
# The drafts worked on at the visit, with the status each has reached since.
DRAFT_STATUSES = [
    SkpStatus.REVIEWED,
    SkpStatus.REVIEWED,
    SkpStatus.REVIEWED,
    SkpStatus.REVIEWED,
    SkpStatus.REVISION,
    SkpStatus.REVISION,
    SkpStatus.SUBMITTED,
    SkpStatus.DRAFT,
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def build_demo_reports() -> int:
    """The held visit with its submitted report and the signed-off meeting; returns how
    many of the two were made (0 when they exist already)."""
    made = 0
    coaches = role_holders(Role.TIM_COACHING)
    kabid = next(iter(role_holders(Role.KEPALA_BIDANG)), None)
    kepala = next(iter(role_holders(Role.KEPALA_BKPSDM)), None)
    skpd = Skpd.objects.filter(short_name=DEMO_SKPD).first()
    if len(coaches) < 2 or kabid is None or kepala is None or skpd is None:
        return 0
    report = demo_report()
    if report is None:
        session = _held_visit(skpd, coaches[:1], kepala)
        made += 1
    else:
        session = report.session
    if not EvaluationMeeting.objects.exists():
        _signed_off_meeting(session, kabid, coaches)
        made += 1
    return made


def demo_report() -> SessionReport | None:
    """The report of the demo's own visit to Kecamatan Paringin: sent through the portal
    with a letter of its own, where the scaled past's letters are all DEMO_LETTER."""
    return (
        SessionReport.objects.filter(session__skpd_request__skpd__short_name=DEMO_SKPD)
        .exclude(session__skpd_request__letter_file=DEMO_LETTER)
        .select_related("session")
        .order_by("pk")
        .first()
    )


@transaction.atomic
def _held_visit(skpd: Skpd, coaches: list[User], kepala: User) -> CoachingSession:
    kasubag = kasubag_users(skpd)[0]
    day = _free_day(coaches)
    request = submit_demo_letter(
        kasubag,
        skpd,
        letter_date=day - datetime.timedelta(days=21),
        proposed=[day],
        expected=(0, 2, 6, 16, 0),
        contact=("Kasubag Umum Kecamatan Paringin", "081255500002"),
    )
    SkpdRequest.objects.filter(pk=request.pk).update(
        submitted_at=_at(day - datetime.timedelta(days=20), 10)
    )
    session = visits.accept_request(
        actor=kepala,
        request_id=request.pk,
        coaches=coaches,
        start=_at(day, 8, 30),
        end=_at(day, 12, 0),
        venue="Aula Kantor Kecamatan Paringin",
        instruction="Laksanakan; mulai dari SKP Camat, lalu turun ke Sekretaris dan Kasi.",
    )
    # As if decided a fortnight before the visit, as it would have been.
    Disposition.objects.filter(request=request).update(
        decided_at=_at(day - datetime.timedelta(days=14), 10)
    )
    # The whole staff is invited, as the SKPD's Kasubag does for a visit.
    people = list(Pegawai.objects.filter(skpd=skpd, is_active=True).order_by("atasan_id", "name"))
    Attendance.objects.bulk_create(Attendance(session=session, pegawai=p) for p in people)
    absent = {people[-1].pk, people[-2].pk} if len(people) > 4 else set()
    blocks = {block.kind: block.pk for block in session.blocks.all()}
    visits.record_session(
        actor=coaches[0],
        session_id=session.pk,
        present_ids={p.pk for p in people} - absent,
        shown_ids={p.pk for p in people},
        block_notes={
            blocks["presentation"]: "Paparan PermenPANRB 6/2022: SKP, RHK, indikator dan target.",
            blocks["practice_jpt"]: "RHK Camat diturunkan dari Perjanjian Kinerja Kecamatan.",
            blocks["practice_pengawas"]: "Kasi menautkan RHK ke RHK Sekretaris Camat.",
            blocks["discussion"]: "Pertanyaan tentang target kualitatif dan aspek waktu.",
        },
    )
    visits.mark_held(actor=coaches[0], request_id=request.pk)
    # The SKM link goes to everyone who came, as after every session.
    survey_services.open_survey(actor=coaches[0], session_id=session.pk)
    drafts = []
    for person, status in zip(people, DRAFT_STATUSES, strict=False):
        skp = Skp.objects.filter(pegawai=person, year=day.year).first() or _draft_of(
            person, day.year, status
        )
        drafts.append(skp)
    session.drafts.set(drafts)
    report = services.start_report(actor=coaches[0], session_id=session.pk)
    services.update_report(
        actor=coaches[0],
        report_id=report.pk,
        basis=report.basis,
        findings=(
            "Peserta menyusun SKP berjenjang dari Camat sampai pelaksana. RHK Camat diambil "
            "dari Perjanjian Kinerja; Sekretaris Camat dan para Kasi menautkan RHK-nya ke RHK "
            "atasan. Delapan draf SKP dibahas langsung di portal."
        ),
        problems=(
            "Sebagian indikator belum memuat satuan target. Dua pelaksana belum memiliki akun "
            "portal sehingga drafnya dibahas dari berkas Excel."
        ),
        follow_up=(
            "Kasubag Umum memastikan semua pegawai mengunggah draf paling lambat dua minggu "
            "setelah kegiatan; Tim Coaching mereviu draf yang masuk."
        ),
    )
    services.submit_report(actor=coaches[0], report_id=report.pk)
    return session


def _free_day(coaches: list[User]) -> datetime.date:
    """A working morning before this week on which both coaches had nothing else: last
    week's Tuesday unless the demo's past of coaching fills it (then a Friday, when there is
    no individual coaching)."""
    day = week_start(timezone.localdate()) - datetime.timedelta(days=6)
    while True:
        busy = CoachCommitment.objects.filter(
            coach__in=coaches, start__lt=_at(day, 12), end__gt=_at(day, 8, 30)
        ).exists()
        closed = Closure.objects.filter(date=day).exists()  # a holiday: no visit either
        if not busy and not closed and day.weekday() < 5:
            return day
        day -= datetime.timedelta(days=1)


def _draft_of(pegawai: Pegawai, year: int, status: str) -> Skp:
    start, end = Skp.annual_period(year)
    skp = Skp.objects.create(
        pegawai=pegawai,
        jenjang=pegawai.jenjang,
        year=year,
        period_start=start,
        period_end=end,
        pejabat_penilai=pegawai.atasan,
        status=status,
        reviewed_at=timezone.now() if status == SkpStatus.REVIEWED else None,
    )
    Behaviour.objects.bulk_create(Behaviour(skp=skp, value=value) for value in CoreValue)
    return skp


@transaction.atomic
def _signed_off_meeting(session: CoachingSession, kabid: User, coaches: list[User]) -> None:
    # Three days after the visit: always in the past, the visit being a week ago or more.
    day = timezone.localtime(session.start).date() + datetime.timedelta(days=3)
    meeting = services.create_meeting(
        actor=coaches[0],
        start=_at(day, 13, 30),
        place="Ruang Rapat BKPSDM Kabupaten Balangan",
        chair=kabid,
        attendees=[kabid, *coaches],
        other_attendees="",
        period_start=timezone.localtime(session.start).date().replace(day=1),
        period_end=month_end(day.replace(day=1)),
    )
    services.update_meeting(
        actor=coaches[0],
        meeting_id=meeting.pk,
        start=meeting.start,
        place=meeting.place,
        chair=kabid,
        attendees=[kabid, *coaches],
        other_attendees="",
        period_start=meeting.period_start,
        period_end=meeting.period_end,
        findings=(
            "Coaching Clinic di Kecamatan Paringin berjalan sesuai agenda. Kendala utama: "
            "indikator tanpa satuan target dan pegawai yang belum punya akun portal."
        ),
        decisions=(
            "Kecamatan lain dijadwalkan bergilir; materi paparan ditambah contoh indikator "
            "dengan satuan target."
        ),
    )
    services.add_action(
        actor=coaches[0],
        meeting_id=meeting.pk,
        text="Menambahkan contoh indikator dengan satuan target ke materi paparan",
        owner=coaches[1],
        due_date=day + datetime.timedelta(days=14),
    )
    services.add_action(
        actor=coaches[0],
        meeting_id=meeting.pk,
        text="Mengirim surat ke Kecamatan lain untuk penjadwalan Coaching Clinic",
        owner=kabid,
        due_date=day + datetime.timedelta(days=30),
    )
    services.finalize_meeting(actor=kabid, meeting_id=meeting.pk)
    # Signed off the day of the meeting, as it would have been.
    EvaluationMeeting.objects.filter(pk=meeting.pk).update(
        finalized_at=meeting.start + datetime.timedelta(hours=2)
    )


# The scaled past's visit reports ----------------------------------------------------------

# A visit held longer ago than this has had its report written and approved.
REPORTED_AFTER = datetime.timedelta(days=14)
VISIT_REPORT = {
    "findings": (
        "Peserta menyusun SKP berjenjang dari pimpinan SKPD sampai pelaksana; RHK pimpinan "
        "diambil dari Perjanjian Kinerja dan diturunkan ke bawahan."
    ),
    "problems": "Sebagian indikator belum memuat satuan target.",
    "follow_up": "Kasubag Umum mengumpulkan draf yang belum selesai; Tim Coaching mereviunya.",
}


def seed_scaled(*, scale: int) -> dict[str, int]:
    """The reports of the scaled past's SKPD visits held more than two weeks ago, as the
    team writes them: the basis and the drafts worked on from the record, submitted by the
    visit's coach three days after it, approved by the Kepala Bidang two days later; the
    request letter then marked reported. Visits of the last two weeks are left to report.
    COPY with history; made once (a second run finds the reports)."""
    kabid = next(iter(role_holders(Role.KEPALA_BIDANG)), None)
    if kabid is None or SessionReport.objects.exists():
        return {"visit_reports": 0}
    visits_held = list(
        CoachingSession.objects.filter(
            kind=SessionKind.SKPD,
            skpd_request__status=RequestStatus.HELD,
            end__lt=timezone.now() - REPORTED_AFTER,
        )
        .select_related("skpd_request__skpd")
        .prefetch_related("skpd_request__dispositions")
        .annotate(coach=Min("coaches"))
        .order_by("start", "pk")
    )
    ids = reserve_ids(SessionReport, len(visits_held))
    snapshots = selectors.drafts_snapshots(visits_held)
    rows = []
    for pk, session in zip(ids, visits_held, strict=True):
        submitted = session.end + datetime.timedelta(days=3)
        rows.append(
            (
                pk,
                session.pk,
                ReportStatus.APPROVED,
                services.default_basis(session),
                VISIT_REPORT["findings"],
                VISIT_REPORT["problems"],
                VISIT_REPORT["follow_up"],
                Jsonb(snapshots[session.pk]),
                session.coach,
                submitted,
                submitted,
                session.coach,
                submitted,
                kabid.pk,
                submitted + datetime.timedelta(days=2),
                "",
            )
        )
    copy_with_history(
        SessionReport,
        [
            "id",
            "session_id",
            "status",
            "basis",
            "findings",
            "problems",
            "follow_up",
            "drafts_snapshot",
            "created_by_id",
            "created_at",
            "updated_at",
            "submitted_by_id",
            "submitted_at",
            "decided_by_id",
            "decided_at",
            "return_reason",
        ],
        rows,
    )
    requests = [session.skpd_request for session in visits_held]
    for request in requests:
        request.status = RequestStatus.REPORTED
    bulk_update_with_history(
        requests, SkpdRequest, ["status"], batch_size=1000, default_change_reason=CHANGE_REASON
    )
    return {"visit_reports": len(rows)}


# Monthly recaps of individual coaching -----------------------------------------------------

DEMO_COACHES = ("coach_1", "coach_2", "coach_3")
RECAP_NOTES = [
    (
        "Sebagian besar peserta membawa draf dari e-Kinerja; indikator belum memuat satuan "
        "target dan sudah diperbaiki bersama.",
        "Peserta yang drafnya belum selesai diminta memesan sesi lanjutan.",
    ),
    (
        "Banyak pertanyaan tentang RHK atasan yang diintervensi, terutama dari kecamatan; "
        "contoh SKP pelaksana kecamatan membantu.",
        "Contoh SKP pelaksana kecamatan ditambahkan ke panduan.",
    ),
    (
        "Pelaksana menyusun target kuantitas, kualitas dan waktu; beberapa peserta perlu "
        "bantuan untuk lampiran SKP.",
        "Materi lampiran SKP dibahas dalam rapat evaluasi berikutnya.",
    ),
    (
        "Peserta yang tidak hadir dihubungi lewat WhatsApp; sebagian memesan ulang pada minggu "
        "berikutnya.",
        "Pengingat H-1 dipertahankan; Kasubag Umum diminta mengingatkan pegawainya.",
    ),
]


def build_demo_recaps() -> int:
    """The demo coaches' recaps of the ended months of the past year in which they held
    individual sessions: approved, except last month's, which the first demo coach has
    submitted (the Kepala Bidang finds it waiting) and the others still owe (their home
    says so). Returns how many were made."""
    kabid = next(iter(role_holders(Role.KEPALA_BIDANG)), None)
    if kabid is None:
        return 0
    logins = [FIXED[key][0] for key in DEMO_COACHES]
    coaches = sorted(
        User.objects.filter(username__in=logins).select_related("pegawai"),
        key=lambda user: logins.index(user.username),
    )
    last = selectors.add_months(timezone.localdate().replace(day=1), -1)
    made = 0
    for coach in coaches:
        # Oldest first, as the months were recapped.
        for due in reversed(selectors.recaps_due(coach)):
            if due.first_day < last:
                _approved_recap(coach, due.first_day, kabid)
                made += 1
            elif coach.username == logins[0]:
                _submitted_recap(coach, due.first_day)
                made += 1
    return made


def _notes(first: datetime.date) -> tuple[str, str]:
    return RECAP_NOTES[first.month % len(RECAP_NOTES)]


@transaction.atomic
def _approved_recap(coach: User, first: datetime.date, kabid: User) -> MonthlyRecap:
    """A past month's recap as it went then: submitted early in the next month, approved two
    days later, its figures those of the records. Written as the record of what happened,
    without telling anyone again (the notifications would be months old)."""
    following = selectors.add_months(first, 1)
    submitted = _at(following + datetime.timedelta(days=2), 10)
    decided = submitted + datetime.timedelta(days=2, hours=4)
    notes, follow_up = _notes(first)
    recap = MonthlyRecap.objects.filter(coach=coach, year=first.year, month=first.month).first()
    recap = recap or MonthlyRecap(coach=coach, year=first.year, month=first.month)
    recap.notes, recap.follow_up = notes, follow_up
    recap.figures = selectors.recap_figures_of_month(
        year=first.year, month=first.month, coach=coach
    ).as_json()
    recap.status = ReportStatus.APPROVED
    if recap.created_by_id is None:
        recap.created_by = coach
    recap.submitted_by, recap.submitted_at = coach, submitted
    recap.decided_by, recap.decided_at = kabid, decided
    recap._history_date = decided
    stamp(recap, kabid, "Disetujui")
    recap.save()
    MonthlyRecap.objects.filter(pk=recap.pk).update(
        created_at=submitted - datetime.timedelta(hours=1), updated_at=decided
    )
    return recap


def _submitted_recap(coach: User, first: datetime.date) -> MonthlyRecap:
    """Last month's recap, made and submitted through the portal's own steps today."""
    recap, _made = services.start_recap(
        actor=coach, coach=coach, year=first.year, month=first.month
    )
    notes, follow_up = _notes(first)
    services.update_recap(actor=coach, recap_id=recap.pk, notes=notes, follow_up=follow_up)
    return services.submit_recap(actor=coach, recap_id=recap.pk)


def build_report_with_attendees(attendees: int = 300) -> SessionReport:
    """A held SKPD visit with ``attendees`` participants and its submitted report, on a
    database that has the demo regency (the benchmark times its PDF)."""
    coach = role_holders(Role.TIM_COACHING)[0]
    kepala = role_holders(Role.KEPALA_BKPSDM)[0]
    people = list(
        Pegawai.objects.filter(is_active=True)
        .exclude(skpd__short_name=DEMO_SKPD)
        .select_related("skpd")
        .order_by("pk")[:attendees]
    )
    skpd = people[0].skpd
    start = _at(timezone.localdate() - datetime.timedelta(days=400), 8, 30)
    with transaction.atomic():
        request = SkpdRequest.objects.create(
            skpd=skpd,
            letter_number="800/BENCH/2025",
            letter_date=start.date(),
            subject="Permohonan Coaching Clinic penyusunan SKP Tahunan",
            letter_file="letters/bench.pdf",
            proposed_date_1=start.date(),
            expected_pelaksana=attendees,
            contact_name="Benchmark",
            contact_phone="081200000000",
            status=RequestStatus.HELD,
            submitted_by=kepala,
            submitted_at=start,
        )
        session = CoachingSession.objects.create(
            kind=SessionKind.SKPD,
            start=start,
            end=start + datetime.timedelta(hours=4),
            place="Aula Benchmark",
            skpd_request=request,
        )
        session.coaches.add(coach)
        Attendance.objects.bulk_create(
            Attendance(session=session, pegawai=p, present=True) for p in people
        )
        report = services.start_report(actor=coach, session_id=session.pk)
        services.update_report(
            actor=coach,
            report_id=report.pk,
            basis=report.basis,
            findings="Penyusunan SKP berjenjang bagi seluruh peserta.",
            problems="",
            follow_up="",
        )
        return services.submit_report(actor=coach, report_id=report.pk)
