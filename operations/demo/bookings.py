"""The demo schedule: the BKPSDM coaching room, Indonesia's holidays, and each demo coach's
availability for the coming weeks (Monday–Thursday 08.30–15.00, 60-minute sessions, a
lunch break). Idempotent: publishing skips times a coach already has."""

import datetime
import random

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import Jenjang, Pegawai, Role, RoleAssignment, Skpd, User
from accounts.rules import kasubag_users, role_holders
from bookings.holidays import sync_public_holidays
from bookings.models import (
    AgendaBlock,
    Attendance,
    Booking,
    BookingStatus,
    Closure,
    CoachCommitment,
    CoachingSession,
    Decision,
    Disposition,
    Place,
    RequestStatus,
    SessionKind,
    SkpdRequest,
    Slot,
)
from bookings.selectors import week_start
from bookings.services import cancel_slot, day_slots, publish_slots
from bookings.visits.checkin import window
from bookings.visits.services import AGENDA
from core.bulk import (
    CHANGE_REASON,
    copy_rows,
    copy_with_history,
    foreign_keys_checked_after,
    reserve_ids,
)
from core.history import stamp
from operations.demo.accounts import FIXED

DEMO_WEEKS = 3


def build_demo_schedule() -> int:
    place = Place.objects.filter(is_default=True).first() or Place.objects.create(
        name="Ruang Coaching Clinic, Kantor BKPSDM",
        address=settings.PORTAL["ADDRESS"],
        is_default=True,
    )
    today = timezone.localdate()
    sync_public_holidays([today.year, today.year + 1])
    coaches = role_holders(Role.TIM_COACHING)
    first_day = week_start(today)
    last_day = first_day + datetime.timedelta(weeks=DEMO_WEEKS, days=-1)
    created = 0
    for coach in coaches:
        created += publish_slots(
            coach=coach,
            first_day=first_day,
            last_day=last_day,
            weekdays=[1, 2, 3, 4],
            start_time=datetime.time(8, 30),
            end_time=datetime.time(15, 0),
            session_minutes=60,
            break_start=datetime.time(12, 0),
            break_end=datetime.time(13, 0),
            place=place,
        ).created
    return created


EXPECTED = ("jpt", "administrator", "pengawas", "pelaksana", "fungsional")


def submit_demo_letter(
    kasubag: User,
    skpd: Skpd,
    *,
    letter_date: datetime.date,
    proposed: list[datetime.date],
    expected: tuple[int, int, int, int, int],
    contact: tuple[str, str],
) -> SkpdRequest:
    """A request letter of ``skpd`` sent through the portal's own service, with the demo's
    signed PDF; ``expected``: JPT, Administrator, Pengawas, Pelaksana, Fungsional."""
    from bookings.visits.services import submit_request
    from core.pdf import render_pdf  # WeasyPrint loads only when needed

    letter = render_pdf("bookings/demo_letter.html", {"skpd": skpd})
    return submit_request(
        actor=kasubag,
        skpd=skpd,
        letter_file=ContentFile(letter, name="surat-permohonan.pdf"),
        letter_number=f"800/{letter_date:%m}/{skpd.short_name}/{letter_date:%Y}",
        letter_date=letter_date,
        subject="Permohonan Coaching Clinic penyusunan SKP Tahunan",
        **{f"proposed_date_{n}": day for n, day in enumerate(proposed, 1)},
        **{f"expected_{k}": n for k, n in zip(EXPECTED, expected, strict=True)},
        contact_name=contact[0],
        contact_phone=contact[1],
    )


def build_demo_request() -> int:
    """One request letter from Dinas Kesehatan waiting in the Kepala BKPSDM's inbox."""
    skpd = Skpd.objects.filter(short_name="DINKES").first()
    kasubag = next(iter(kasubag_users(skpd)), None) if skpd is not None else None
    if skpd is None or kasubag is None or SkpdRequest.objects.filter(skpd=skpd).exists():
        return 0
    today = timezone.localdate()
    submit_demo_letter(
        kasubag,
        skpd,
        letter_date=today,
        proposed=[today + datetime.timedelta(days=14), today + datetime.timedelta(days=16)],
        expected=(1, 4, 5, 27, 14),
        contact=("Fitriani Hasanah, S.Kep., Ns.", "081255500001"),
    )
    return 1


# Today's work of the demo coach --------------------------------------------------------

TODAY_SKPD = "DISDIK"  # Dinas Pendidikan
TODAY_SESSION = (datetime.time(8, 0), datetime.time(9, 0))
# Where today's visit goes, the first window with the coach free (its open slots there
# are withdrawn, as the Kepala's acceptance would).
TODAY_VISIT_WINDOWS = [
    (datetime.time(13, 0), datetime.time(15, 30)),
    (datetime.time(9, 30), datetime.time(12, 0)),
    (datetime.time(15, 30), datetime.time(17, 30)),
]


def build_demo_today() -> int:
    """For the demo coach, today: an individual session with a demo ASN (attendance to
    record) and an SKPD visit accepted by the Kepala through the portal's own services
    (attendance and the session record to try). Returns how many of the two were made."""
    from bookings.visits.availability import team_days
    from bookings.visits.services import accept_request, set_participants

    coach = User.objects.filter(username=FIXED["coach_1"][0]).first()
    kepala = next(iter(role_holders(Role.KEPALA_BKPSDM)), None)
    skpd = (
        Skpd.objects.filter(name=TODAY_SKPD).first()
        or Skpd.objects.exclude(short_name="DINKES").order_by("pk").first()
    )
    place = Place.objects.filter(is_default=True).first()
    if coach is None or kepala is None or skpd is None or place is None:
        return 0
    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    made = 0
    start, end = (datetime.datetime.combine(today, t, tzinfo=zone) for t in TODAY_SESSION)
    if not Slot.objects.filter(coach=coach, start=start, is_cancelled=False).exists():
        # Whatever the coming weeks' schedule put there makes way, through the service
        # (a booked ASN would be told).
        for slot_id in Slot.objects.filter(
            coach=coach, start__lt=end, end__gt=start, is_cancelled=False
        ).values_list("pk", flat=True):
            cancel_slot(actor=None, slot_id=slot_id, reason=CHANGE_REASON)
        slot = Slot(coach=coach, start=start, end=end, place=place)
        stamp(slot, None, CHANGE_REASON)
        slot.save()
        CoachCommitment.objects.create(coach=coach, start=start, end=end, slot=slot)
        asn = (
            Pegawai.objects.filter(skpd__short_name="DINKES", is_active=True, user__isnull=False)
            .exclude(bookings__status=BookingStatus.BOOKED)
            .exclude(user__roleassignment__isnull=False)
            .exclude(nip=FIXED["asn_dinkes"][0])
            .order_by("nip")
            .first()
        )
        if asn is not None:
            booking = Booking(
                slot=slot,
                pegawai=asn,
                jenjang=asn.jenjang,
                topic="Menyelaraskan RHK dengan Perjanjian Kinerja atasan",
            )
            stamp(booking, None, CHANGE_REASON)
            booking.save()
            made += 1
    kasubag = next(iter(kasubag_users(skpd)), None)
    if (
        kasubag is None
        or SkpdRequest.objects.filter(skpd=skpd, session__start__date=today).exists()
    ):
        return made
    days = {window: team_days([coach], [today], *window)[0] for window in TODAY_VISIT_WINDOWS}
    free = [window for window, day in days.items() if not day.problems([coach])]
    if not free:
        return made
    window = free[0]
    request = submit_demo_letter(
        kasubag,
        skpd,
        letter_date=today - datetime.timedelta(days=20),
        proposed=[today],
        expected=(1, 3, 6, 20, 10),
        contact=(kasubag.display_name, "081255500002"),
    )
    start, end = (datetime.datetime.combine(today, t, tzinfo=zone) for t in window)
    accept_request(
        actor=kepala,
        request_id=request.pk,
        coaches=[coach],
        start=start,
        end=end,
        venue=f"Aula {skpd.name}",
        instruction="Laksanakan; bawa bahan paparan pedoman.",
    )
    participants = list(Pegawai.objects.filter(skpd=skpd, is_active=True).order_by("nip")[:12])
    if timezone.now() < start:  # the Kasubag's list, as it would set it before the visit
        set_participants(
            actor=kasubag, request_id=request.pk, pegawai_ids=[p.pk for p in participants]
        )
    else:  # seeded after the visit began: the list as it stood
        session = CoachingSession.objects.get(skpd_request=request)
        Attendance.objects.bulk_create(
            [Attendance(session=session, pegawai=p) for p in participants]
        )
    session = CoachingSession.objects.get(skpd_request=request)
    # A joint visit: pegawai of other SKPD may check in too, so that the demo ASN (of Dinas
    # Kesehatan) can try the QR check-in as a walk-in.
    session.checkin_other_skpd = True
    session.save(update_fields=["checkin_other_skpd"])
    _demo_check_ins(session, participants[:3])
    return made + 1


def build_demo_asn_history() -> int:
    """The demo ASN attended an individual session a few weeks ago, on a slot nobody had
    booked: its coaching hours and surat keterangan can be tried at once. Returns how many
    sessions were made (0 when it has one already)."""
    asn = Pegawai.objects.filter(nip=FIXED["asn_dinkes"][0]).first()
    if asn is None or Attendance.objects.filter(pegawai=asn, present=True).exists():
        return 0
    now = timezone.now()
    slot = (
        Slot.objects.filter(
            start__range=(now - datetime.timedelta(days=45), now - datetime.timedelta(days=14)),
            is_cancelled=False,
            bookings__isnull=True,
        )
        .select_related("place")
        .order_by("-start")
        .first()
    )
    if slot is None:
        return 0
    booking = Booking(
        slot=slot,
        pegawai=asn,
        jenjang=asn.jenjang,
        status=BookingStatus.ATTENDED,
        topic="Memahami format SKP dan memilih RHK atasan yang diintervensi",
        coach_notes="Membahas RHK Kepala Seksi yang dapat diintervensi dan satuan target.",
    )
    stamp(booking, None, CHANGE_REASON)
    booking.save()
    session = CoachingSession.objects.create(
        kind=SessionKind.INDIVIDUAL,
        start=slot.start,
        end=slot.end,
        place=str(slot.place),
        booking=booking,
        notes=booking.coach_notes,
    )
    session.coaches.add(slot.coach_id)
    Attendance.objects.create(session=session, pegawai=asn, present=True)
    return 1


def _demo_check_ins(session: CoachingSession, participants: list[Pegawai]) -> None:
    """When the seed runs during the visit: the first participants have already checked
    in through the QR, a few minutes apart, waiting for the coach's confirmation."""
    now = timezone.now()
    opens, closes = window(session)
    if not opens <= now <= closes:
        return
    for n, pegawai in enumerate(participants):
        moment = min(now, opens + datetime.timedelta(minutes=4 + 3 * n))
        Attendance.objects.filter(session=session, pegawai=pegawai).update(
            present=True, checked_in_at=moment
        )


# The scaled demo: a past of coaching in proportion to the regency -------------------------

# Three coaches serve Balangan's few thousand ASN; a regency ten times its size has ten
# times the team.
PEGAWAI_PER_COACH = 5_000 / 3
HISTORY_WEEKS = 52  # a year of individual coaching
SKPD_VISIT_MONTHS = (2, 8)  # each SKPD's Coaching Clinic: February (planning) and August
SKPD_VISIT_YEARS = 2
BOOKED_SHARE = 0.7  # past slots that someone booked
FUTURE_BOOKED_SHARE = 0.3  # coming slots already booked
PRESENT_SHARE = 0.95  # SKPD participants who came (the list is kept)
DEMO_LETTER = "letters/demo-surat-permohonan.pdf"

TOPICS = [
    "Menyusun indikator kinerja dari RHK atasan",
    "Menentukan target kuantitas, kualitas dan waktu",
    "Memilih RHK atasan yang diintervensi",
    "Menulis ekspektasi khusus pimpinan untuk perilaku kerja",
    "Memeriksa draf SKP sebelum diajukan ke atasan",
    "Menyusun lampiran SKP: sumber daya dan skema pertanggungjawaban",
]
COACH_NOTES = [
    "RHK sudah selaras dengan atasan; indikator perlu satuan yang terukur.",
    "Target waktu diperbaiki menjadi per triwulan.",
    "Draf lengkap; tinggal tanda tangan pejabat penilai.",
    "Perlu sesi lanjutan untuk lampiran SKP.",
]


def seed_scaled(*, scale: int) -> dict[str, int]:
    """A year of individual coaching and two years of SKPD visits, in proportion to the
    regency's ``scale`` (pegawai), plus bookings of the coming weeks. Bulk inserts (COPY);
    created once: a second run finds the sessions and adds nothing."""
    created = {"coaches": add_coaches(scale)}
    created["slots"] = build_demo_schedule()  # the coming weeks of the coaches just added
    if CoachingSession.objects.exists():
        return created
    history = _History(scale)
    with foreign_keys_checked_after(
        Slot,
        CoachCommitment,
        Booking,
        CoachingSession,
        CoachingSession.coaches.through,
        Attendance,
        SkpdRequest,
        Disposition,
        Disposition.coaches.through,
        AgendaBlock,
    ):
        created["slots"] += history.individual_coaching()
        created["skpd_visits"] = history.skpd_visits()
        created["bookings"] = history.bookings
        created["sessions"] = history.sessions
        created["bookings"] += history.book_coming_slots()
    return created


def add_coaches(scale: int) -> int:
    """Tim Coaching roles for more BKPSDM pegawai, up to one coach per ~1,700 pegawai."""
    wanted = max(3, round(scale / PEGAWAI_PER_COACH))
    held = RoleAssignment.objects.filter(role=Role.TIM_COACHING)
    missing = wanted - held.count()
    bkpsdm = Skpd.objects.filter(short_name="BKPSDM").first()
    if missing <= 0 or bkpsdm is None:
        return 0
    staff = RoleAssignment.objects.values("user_id")
    candidates = (
        Pegawai.objects.filter(skpd=bkpsdm, is_active=True, user__isnull=False)
        .exclude(user_id__in=staff)
        .exclude(jenjang__in=[Jenjang.JPT_PRATAMA, Jenjang.ADMINISTRATOR])
        .order_by("nip")
        .values_list("user_id", flat=True)[:missing]
    )
    new = [RoleAssignment(user_id=user_id, role=Role.TIM_COACHING) for user_id in candidates]
    bulk_create_with_history(new, RoleAssignment, default_change_reason="seed_demo")
    return len(new)


class _History:
    def __init__(self, scale: int):
        self.rng = random.Random(f"coaching-history-{scale}")
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.zone = timezone.get_current_timezone()
        sync_public_holidays(list(range(self.today.year - SKPD_VISIT_YEARS, self.today.year + 2)))
        self.closed = set(Closure.objects.values_list("date", flat=True))
        self.place = Place.objects.get(is_default=True)
        self.coaches = list(
            RoleAssignment.objects.filter(role=Role.TIM_COACHING)
            .order_by("user_id")
            .values_list("user_id", flat=True)
        )
        staff = set(RoleAssignment.objects.values_list("user_id", flat=True))
        demo_nips = {nip for nip, _name in FIXED.values()}
        self.asn = [
            (pk, jenjang)
            for pk, jenjang, user_id, nip in Pegawai.objects.filter(
                is_active=True, user__isnull=False
            ).values_list("pk", "jenjang", "user_id", "nip")
            if user_id not in staff and nip not in demo_nips
        ]
        self.bookings = 0
        self.sessions = 0

    # Individual coaching -----------------------------------------------------------------

    def individual_coaching(self) -> int:
        first_monday = week_start(self.today) - datetime.timedelta(weeks=HISTORY_WEEKS)
        times = []
        day = first_monday
        while day <= self.today:
            if day.isoweekday() <= 4 and day not in self.closed:
                spans = day_slots(
                    day,
                    datetime.time(8, 30),
                    datetime.time(15, 0),
                    60,
                    datetime.time(12, 0),
                    datetime.time(13, 0),
                )
                times += [(start, end) for start, end in spans if end <= self.now]
            day += datetime.timedelta(days=1)
        spans = [(coach, start, end) for start, end in times for coach in self.coaches]
        slot_ids = reserve_ids(Slot, len(spans))
        slot_rows = [
            (pk, coach, start, end, self.place.pk, 1, False, start - datetime.timedelta(days=21))
            for pk, (coach, start, end) in zip(slot_ids, spans, strict=True)
        ]
        slot_columns = ["id", "coach_id", "start", "end", "place_id", "capacity"]
        copy_with_history(Slot, [*slot_columns, "is_cancelled", "created_at"], slot_rows)
        copy_rows(
            CoachCommitment,
            ["coach_id", "start", "end", "slot_id"],
            (
                (coach, start, end, pk)
                for pk, (coach, start, end) in zip(slot_ids, spans, strict=True)
            ),
        )

        booked = [
            (pk, coach, start, end)
            for pk, (coach, start, end) in zip(slot_ids, spans, strict=True)
            if self.rng.random() < BOOKED_SHARE
        ]
        booking_ids = reserve_ids(Booking, len(booked))
        booking_rows, attended = [], []
        for booking_id, (slot_id, coach, start, end) in zip(booking_ids, booked, strict=True):
            pegawai_id, jenjang = self.rng.choice(self.asn)
            roll = self.rng.random()
            status = (
                BookingStatus.ATTENDED
                if roll < 0.85
                else BookingStatus.NO_SHOW
                if roll < 0.95
                else BookingStatus.CANCELLED
            )
            notes = self.rng.choice(COACH_NOTES) if status == BookingStatus.ATTENDED else ""
            booked_at = start - datetime.timedelta(days=self.rng.randint(1, 14))
            booking_rows.append(
                (
                    booking_id,
                    slot_id,
                    pegawai_id,
                    status,
                    jenjang,
                    self.rng.choice(TOPICS),
                    "",
                    "",
                    notes,
                    booked_at,
                )
            )
            if status == BookingStatus.ATTENDED:
                attended.append((booking_id, coach, pegawai_id, start, end, notes))
        copy_with_history(
            Booking,
            [
                "id",
                "slot_id",
                "pegawai_id",
                "status",
                "jenjang",
                "topic",
                "draft",
                "draft_name",
                "coach_notes",
                "created_at",
            ],
            booking_rows,
        )
        session_ids = reserve_ids(CoachingSession, len(attended))
        copy_with_history(
            CoachingSession,
            ["id", "kind", "start", "end", "place", "booking_id", "notes", "created_at"],
            [
                (pk, SessionKind.INDIVIDUAL, start, end, str(self.place), booking, notes, end)
                for pk, (booking, _coach, _pegawai, start, end, notes) in zip(
                    session_ids, attended, strict=True
                )
            ],
        )
        copy_rows(
            CoachingSession.coaches.through,
            ["coachingsession_id", "user_id"],
            ((pk, row[1]) for pk, row in zip(session_ids, attended, strict=True)),
        )
        copy_rows(
            Attendance,
            ["session_id", "pegawai_id", "present", "note"],
            ((pk, row[2], True, "") for pk, row in zip(session_ids, attended, strict=True)),
        )
        self.bookings += len(booking_rows)
        self.sessions += len(attended)
        return len(slot_rows)

    # SKPD visits --------------------------------------------------------------------------

    def skpd_visits(self) -> int:
        kepala = (
            RoleAssignment.objects.filter(role=Role.KEPALA_BKPSDM)
            .values_list("user_id", flat=True)
            .first()
        )
        kasubag = dict(
            RoleAssignment.objects.filter(role=Role.KASUBAG_UMUM)
            .order_by("-pk")
            .values_list("skpd_id", "user_id")
        )
        skpds = list(Skpd.objects.filter(is_active=True, pk__in=kasubag).order_by("pk"))
        if kepala is None or not skpds:
            return 0
        if not default_storage.exists(DEMO_LETTER):
            from core.pdf import render_pdf  # WeasyPrint loads only when needed

            letter = render_pdf("bookings/demo_letter.html", {"skpd": skpds[0]})
            default_storage.save(DEMO_LETTER, ContentFile(letter))
        members = {}
        for pk, skpd_id in Pegawai.objects.filter(is_active=True).values_list("pk", "skpd_id"):
            members.setdefault(skpd_id, []).append(pk)
        contact = dict(
            Pegawai.objects.filter(user_id__in=kasubag.values()).values_list("user_id", "name")
        )

        busy = set()  # (coach, date)
        visits = []
        for year in range(self.today.year - SKPD_VISIT_YEARS + 1, self.today.year + 1):
            for month in SKPD_VISIT_MONTHS:
                for index, skpd in enumerate(skpds):
                    visit = self._visit_day(year, month, index, busy)
                    if visit is not None:
                        visits.append((skpd, *visit))

        request_ids = reserve_ids(SkpdRequest, len(visits))
        disposition_ids = reserve_ids(Disposition, len(visits))
        session_ids = reserve_ids(CoachingSession, len(visits))
        requests, dispositions, sessions, blocks, attendance = [], [], [], [], []
        for number, (skpd, day, _coach) in enumerate(visits):
            start = datetime.datetime.combine(day, datetime.time(8, 0), tzinfo=self.zone)
            end = datetime.datetime.combine(day, datetime.time(11, 0), tzinfo=self.zone)
            submitted = start - datetime.timedelta(days=30)
            venue = f"Aula {skpd.name}"[:255]
            people = members.get(skpd.pk, [])
            requests.append(
                (
                    request_ids[number],
                    skpd.pk,
                    f"800/{number % 900 + 100}/{skpd.short_name}/{day.year}",
                    submitted.date(),
                    "Permohonan Coaching Clinic penyusunan SKP Tahunan",
                    DEMO_LETTER,
                    day,
                    1,
                    3,
                    4,
                    max(0, len(people) - 8),
                    0,
                    contact.get(kasubag[skpd.pk], "Kasubag Umum")[:200],
                    "081255500001",
                    RequestStatus.HELD,
                    kasubag[skpd.pk],
                    submitted,
                    submitted,
                )
            )
            decided = submitted + datetime.timedelta(days=2)
            dispositions.append(
                (
                    disposition_ids[number],
                    request_ids[number],
                    Decision.ACCEPT,
                    "Laksanakan.",
                    start,
                    end,
                    venue,
                    kepala,
                    decided,
                )
            )
            sessions.append(
                (
                    session_ids[number],
                    SessionKind.SKPD,
                    start,
                    end,
                    venue,
                    request_ids[number],
                    "",
                    decided,
                )
            )
            blocks += [
                (session_ids[number], order, kind, "") for order, kind in enumerate(AGENDA, 1)
            ]
            attendance += [
                (session_ids[number], pk, self.rng.random() < PRESENT_SHARE, "") for pk in people
            ]
        copy_with_history(
            SkpdRequest,
            [
                "id",
                "skpd_id",
                "letter_number",
                "letter_date",
                "subject",
                "letter_file",
                "proposed_date_1",
                "expected_jpt",
                "expected_administrator",
                "expected_pengawas",
                "expected_pelaksana",
                "expected_fungsional",
                "contact_name",
                "contact_phone",
                "status",
                "submitted_by_id",
                "submitted_at",
                "created_at",
            ],
            requests,
        )
        copy_rows(
            Disposition,
            [
                "id",
                "request_id",
                "decision",
                "note",
                "start",
                "end",
                "venue",
                "decided_by_id",
                "decided_at",
            ],
            dispositions,
        )
        coach_of = [coach for _skpd, _day, coach in visits]
        copy_rows(
            Disposition.coaches.through,
            ["disposition_id", "user_id"],
            zip(disposition_ids, coach_of, strict=True),
        )
        copy_with_history(
            CoachingSession,
            ["id", "kind", "start", "end", "place", "skpd_request_id", "notes", "created_at"],
            sessions,
        )
        copy_rows(
            CoachingSession.coaches.through,
            ["coachingsession_id", "user_id"],
            zip(session_ids, coach_of, strict=True),
        )
        copy_rows(
            CoachCommitment,
            ["coach_id", "start", "end", "session_id"],
            (
                (coach, row[2], row[3], row[0])
                for coach, row in zip(coach_of, sessions, strict=True)
            ),
        )
        copy_rows(AgendaBlock, ["session_id", "order", "kind", "notes"], blocks)
        copy_rows(Attendance, ["session_id", "pegawai_id", "present", "note"], attendance)
        self.sessions += len(sessions)
        return len(visits)

    def _visit_day(self, year, month, index, busy):
        """The first Friday from that month on (spread over the month by the SKPD's index,
        within half a year) with a free coach; None when it would still lie ahead."""
        first = datetime.date(year, month, 1)
        friday = first + datetime.timedelta(days=(4 - first.weekday()) % 7)
        day = friday + datetime.timedelta(weeks=index % 4)
        for _attempt in range(26):
            if day >= self.today:
                return None
            if day not in self.closed:
                for offset in range(len(self.coaches)):
                    coach = self.coaches[(index + offset) % len(self.coaches)]
                    if (coach, day) not in busy:
                        busy.add((coach, day))
                        return day, coach
            day += datetime.timedelta(weeks=1)
        return None

    # The coming weeks ---------------------------------------------------------------------

    def book_coming_slots(self) -> int:
        """A share of the published coming slots already booked, each by an ASN of its own
        (one active booking per ASN)."""
        coming = list(
            Slot.objects.filter(start__gt=self.now, is_cancelled=False)
            .exclude(bookings__status=BookingStatus.BOOKED)
            .order_by("start", "coach_id")
            .values_list("pk", flat=True)
        )
        chosen = [pk for pk in coming if self.rng.random() < FUTURE_BOOKED_SHARE]
        people = self.rng.sample(self.asn, min(len(chosen), len(self.asn)))
        booking_ids = reserve_ids(Booking, len(people))
        rows = [
            (
                booking_id,
                slot_id,
                pegawai_id,
                BookingStatus.BOOKED,
                jenjang,
                self.rng.choice(TOPICS),
                "",
                "",
                "",
                self.now,
            )
            for booking_id, slot_id, (pegawai_id, jenjang) in zip(
                booking_ids, chosen, people, strict=False
            )
        ]
        copy_with_history(
            Booking,
            [
                "id",
                "slot_id",
                "pegawai_id",
                "status",
                "jenjang",
                "topic",
                "draft",
                "draft_name",
                "coach_notes",
                "created_at",
            ],
            rows,
        )
        return len(rows)
