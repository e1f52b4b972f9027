"""Reads of reports and minutes, each with its joins set and its figures counted in the
database, so that a page's query count does not grow with its rows."""

import datetime
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Jenjang, Pegawai, User
from accounts.nip import format_nip
from bookings.models import Attendance, Booking, BookingStatus, CoachingSession, SessionKind
from bookings.selectors import daftar_hadir, held_sessions
from core import dates
from ekinerja import selectors as ekinerja
from reports.models import (
    ActionItem,
    ActionReview,
    ActionStatus,
    EvaluationMeeting,
    MeetingStatus,
    MonthlyRecap,
    ReportStatus,
    SessionReport,
)
from skp_drafts.models import Skp, SkpStatus
from surveys.selectors import ResultFilter, released_responses

# The regency's goal: above 90 % of its ASN with an SKP in the regulation's format.
TARGET_PERCENT = 90


def session_title(session: CoachingSession) -> str:
    """How a session is named in lists, messages and documents."""
    day = dates.day(session.start)
    if session.kind == SessionKind.SKPD and session.skpd_request_id:
        return _("Coaching Clinic di %(skpd)s, %(date)s") % {
            "skpd": session.skpd_request.skpd.name,
            "date": day,
        }
    if session.booking_id:
        return _("Coaching individual %(name)s, %(date)s") % {
            "name": session.booking.pegawai.name,
            "date": day,
        }
    return _("Sesi coaching %(date)s") % {"date": day}


SESSION_JOINS = ("skpd_request__skpd", "booking__pegawai__skpd")


def report_of(queryset: QuerySet[SessionReport], pk: int) -> SessionReport | None:
    """One report with what its page shows beside it. Read without a LIMIT (``first()``
    would add one): a filter by its key finds one row at most, and with a LIMIT PostgreSQL
    plans its join of 13 tables for a fast start, 3.4–3.7 ms of planning against 1.5–1.6
    (docs/benchmarks.md, "A report's own read")."""
    reports = queryset.select_related(
        *(f"session__{join}" for join in SESSION_JOINS),
        "created_by__pegawai",
        "submitted_by__pegawai",
        "decided_by__pegawai",
    ).filter(pk=pk)
    return next(iter(reports), None)


# What is reported session by session: an SKPD visit, and an individual session only when it
# was reported before the monthly recaps took its place.
REPORTED_ONE_BY_ONE = Q(kind=SessionKind.SKPD) | Q(report__isnull=False)


def sessions_for_reports(queryset: QuerySet[CoachingSession], *, state: str):
    """Held SKPD visits (and individual sessions reported before the monthly recaps) with
    their report (if any), newest first; ``state`` is a report status, "none" for visits
    without a report yet, or "" for all."""
    queryset = (
        queryset.filter(REPORTED_ONE_BY_ONE)
        .select_related(*SESSION_JOINS, "report")
        .order_by("-start", "-pk")
    )
    if state == "none":
        return queryset.filter(report__isnull=True)
    if state in ReportStatus.values:
        return queryset.filter(report__status=state)
    return queryset


def coaches_of(session: CoachingSession) -> list:
    return list(session.coaches.select_related("pegawai").order_by("pegawai__name", "username"))


def attendance_of(session: CoachingSession) -> QuerySet[Attendance]:
    """The daftar hadir: every listed participant, by name."""
    return daftar_hadir(session).order_by("pegawai__name", "pk")


@dataclass(frozen=True)
class AttendanceSummary:
    listed: int
    present: int
    absent: int
    per_jenjang: list[tuple[str, int]]


def attendance_summary(session: CoachingSession) -> AttendanceSummary:
    """Participants present, absent and not recorded, and those present per jenjang (one
    query)."""
    present = Q(present=True)
    counts = session.attendance.aggregate(
        n_listed=Count("pk"),
        n_present=Count("pk", filter=present),
        n_absent=Count("pk", filter=Q(present=False)),
        **{
            f"j_{value}": Count("pk", filter=present & Q(pegawai__jenjang=value))
            for value in Jenjang
        },
    )
    return AttendanceSummary(
        listed=counts["n_listed"],
        present=counts["n_present"],
        absent=counts["n_absent"],
        per_jenjang=[
            (label, counts[f"j_{value}"])
            for value, label in Jenjang.choices
            if counts[f"j_{value}"]
        ],
    )


def agenda_of(session: CoachingSession) -> list:
    return list(session.blocks.all()) if session.kind == SessionKind.SKPD else []


# The drafts worked on -----------------------------------------------------------------------


@dataclass(frozen=True)
class DraftLine:
    name: str
    nip: str
    jenjang: str
    year: int
    status: str

    @property
    def nip_display(self) -> str:
        return format_nip(self.nip)

    @property
    def jenjang_display(self) -> str:
        return str(Jenjang(self.jenjang).label) if self.jenjang in Jenjang.values else self.jenjang

    @property
    def status_display(self) -> str:
        return str(SkpStatus(self.status).label) if self.status in SkpStatus.values else ""


# What a report keeps of each draft worked on (DraftLine's fields) and where it is read.
DRAFT_LINE_COLUMNS = {
    "name": "pegawai__name",
    "nip": "pegawai__nip",
    "jenjang": "jenjang",
    "year": "year",
    "status": "status",
}


def drafts_snapshot(session: CoachingSession) -> list[dict]:
    """The drafts worked on as the report keeps them: read as plain values, without
    building an SKP and its pegawai for each (the visit of a large SKPD worked on
    hundreds)."""
    return drafts_snapshots([session])[session.pk]


def drafts_snapshots(sessions: Sequence[CoachingSession]) -> dict[int, list[dict]]:
    """``drafts_snapshot`` of each session, in one query (the scaled demo writes 1,600
    visit reports): its drafts worked on (``_worked_on``) as DraftLine's fields, by name
    and year."""
    snapshots = {session.pk: [] for session in sessions}
    names = list(DRAFT_LINE_COLUMNS)
    rows = _worked_on(sessions, *DRAFT_LINE_COLUMNS.values(), per_session=True)
    for session_id, _pk, *line in rows.order_by("session", "pegawai__name", "year", "pk"):
        snapshots[session_id].append(dict(zip(names, line, strict=True)))
    return snapshots


def _worked_on(
    sessions: Sequence[CoachingSession] | QuerySet, *columns: str, per_session: bool = False
) -> QuerySet:
    """The portal drafts worked on in ``sessions`` (the sessions, or a query of their ids):
    those the coaches marked, and the one each ASN brought to its booking. One UNION of two
    joins, each through its own index: for a month's sessions an OR of the two ways was
    answered with a scan of every link of a session to a draft (docs/benchmarks.md, "The
    team's monthly recap"; period_figures, which counts over months, keeps the OR). A
    row is the SKP's id and ``columns``, led by the session's id when ``per_session``; the
    id keeps two drafts alike two rows (a UNION keeps distinct rows)."""
    drafts = Skp.objects.filter(pegawai__isnull=False).order_by()
    halves = []
    for path in ("sessions", "bookings__session"):
        half = drafts.filter(**{f"{path}__in": sessions})
        lead = []
        if per_session:
            half = half.annotate(session=F(path))
            lead = ["session"]
        halves.append(half.values_list(*lead, "pk", *columns))
    return halves[0].union(halves[1])


def report_drafts(report: SessionReport) -> list[DraftLine]:
    """The drafts as the report tells them: as they stood when it was submitted, or as
    they stand now while it is still being written."""
    if report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
        names = {f.name for f in fields(DraftLine)}
        return [
            DraftLine(**{k: v for k, v in line.items() if k in names})
            for line in report.drafts_snapshot
        ]
    return [DraftLine(**line) for line in drafts_snapshot(report.session)]


def report_timeline(report: SessionReport) -> list:
    return list(report.history.select_related("history_user__pegawai").order_by("history_date"))


# Figures of a period under review -----------------------------------------------------------


@dataclass(frozen=True)
class PeriodFigures:
    """What an evaluation meeting looks at: the sessions held in its months, who came, the
    drafts worked on, the reports, the survey index, and the regency's SKP progress."""

    sessions: int
    skpd_sessions: int
    individual_sessions: int
    reports_approved: int
    participants: int
    pegawai: int
    drafts: int
    drafts_reviewed: int
    respondents: int
    ikm: str  # the IKM (1–4) rounded for display, "" when there is none to show
    converted: str
    grade: str
    grade_label: str
    ikm_withheld: bool
    open_surveys: int
    skp_year: int
    skp_pegawai: int
    skp_reviewed: int
    # From the year's applied e-Kinerja Laporan SKP, when there is one: the day it was
    # applied (ISO) and the active pegawai approved there.
    ekinerja_applied_on: str = ""
    ekinerja_approved: int = 0

    @property
    def ekinerja_percent(self) -> float | None:
        if not self.ekinerja_applied_on or not self.skp_pegawai:
            return None
        return self.ekinerja_approved * 100 / self.skp_pegawai

    @property
    def ekinerja_date(self) -> datetime.date | None:
        return (
            datetime.date.fromisoformat(self.ekinerja_applied_on)
            if self.ekinerja_applied_on
            else None
        )

    @property
    def skp_percent(self) -> float | None:
        return None if not self.skp_pegawai else self.skp_reviewed * 100 / self.skp_pegawai

    @property
    def target_percent(self) -> int:
        return TARGET_PERCENT

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "PeriodFigures":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class SessionRow:
    """One session of the minutes' list: its day (WITA), who it served, how many came, its
    report's status ("" before a report is started)."""

    day: datetime.date
    title: str
    kind: str
    present: int
    report_status: str

    @property
    def kind_label(self) -> str:
        return SessionKind(self.kind).label

    @property
    def report_choice(self) -> ReportStatus | None:
        return ReportStatus(self.report_status) if self.report_status else None

    @property
    def report_label(self) -> str:
        return self.report_choice.label if self.report_choice else ""

    @property
    def in_monthly_recap(self) -> bool:
        """An individual session without a report of its own is reported in its month."""
        return self.kind == SessionKind.INDIVIDUAL and not self.report_status

    def as_json(self) -> dict:
        return {**asdict(self), "day": self.day.isoformat()}

    @classmethod
    def from_json(cls, data: dict) -> "SessionRow":
        return cls(**{**data, "day": datetime.date.fromisoformat(data["day"])})


def session_rows(start: datetime.date, end: datetime.date) -> list[SessionRow]:
    rows = []
    for session in sessions_in_period(start, end):
        if session.skpd_request_id:
            title = session.skpd_request.skpd.name
        else:
            title = session.booking.pegawai.name if session.booking_id else ""
        report = getattr(session, "report", None)
        rows.append(
            SessionRow(
                day=timezone.localtime(session.start).date(),
                title=title,
                kind=session.kind,
                present=session.present_count,
                report_status=report.status if report else "",
            )
        )
    return rows


def meeting_sessions(meeting: EvaluationMeeting) -> list[SessionRow]:
    """Signed-off minutes keep the list they were signed with; a draft shows today's."""
    if meeting.status == MeetingStatus.FINAL and meeting.session_rows is not None:
        return [SessionRow.from_json(row) for row in meeting.session_rows]
    return session_rows(meeting.period_start, meeting.period_end)


def sessions_in_period(start: datetime.date, end: datetime.date) -> QuerySet[CoachingSession]:
    """Held sessions whose day (WITA) falls in the period, oldest first, with their
    participants present counted."""
    return (
        held_sessions()
        .filter(start__date__gte=start, start__date__lte=end)
        .select_related(*SESSION_JOINS, "report")
        .annotate(present_count=Count("attendance", filter=Q(attendance__present=True)))
        .order_by("start", "pk")
    )


def period_figures(start: datetime.date, end: datetime.date) -> PeriodFigures:
    """The figures of the held sessions of a period (eight queries, whatever its size: the
    eighth finds the year's e-Kinerja source, whose share then comes with the SKP counts)."""
    sessions = held_sessions().filter(start__date__gte=start, start__date__lte=end)
    counted = sessions.aggregate(
        total=Count("pk"),
        skpd=Count("pk", filter=Q(kind=SessionKind.SKPD)),
        individual=Count("pk", filter=Q(kind=SessionKind.INDIVIDUAL)),
        approved=Count("pk", filter=Q(report__status=ReportStatus.APPROVED)),
    )
    people = Attendance.objects.filter(session__in=sessions.values("pk"), present=True).aggregate(
        total=Count("pk"), distinct=Count("pegawai", distinct=True)
    )
    # The drafts worked on as _worked_on reads them, but counted over a period of months,
    # whose sessions are a large part of all: there the OR's one scan of the links is the
    # faster plan (120 ms for a year of the 10x regency, against 300-400 ms for the UNION).
    worked_on = Q(
        pk__in=CoachingSession.drafts.through.objects.filter(
            coachingsession_id__in=sessions.values("pk")
        ).values("skp_id")
    ) | Q(pk__in=sessions.filter(booking__skp__isnull=False).values("booking__skp_id"))
    drafts = Skp.objects.filter(worked_on, pegawai__isnull=False).aggregate(
        total=Count("pk"), reviewed=Count("pk", filter=Q(status=SkpStatus.REVIEWED))
    )
    # The survey index by the SKM's one rule (surveys/selectors.py): closed surveys only,
    # in whole blocks of enough respondents that lie inside the period.
    released = released_responses(ResultFilter(first_day=start, last_day=end))
    result = released.result
    shown = result.ikm is not None and not result.withheld
    year = end.year
    source = ekinerja.skp_source(year)
    approved = (
        {"ekinerja": Count("pk", filter=Q(ekinerja.approved_exists(source.pk)))} if source else {}
    )
    skp = Pegawai.objects.filter(is_active=True).aggregate(
        **approved,
        pegawai=Count("pk"),
        reviewed=Count(
            "pk",
            filter=Q(
                Exists(
                    Skp.objects.filter(pegawai=OuterRef("pk"), year=year, status=SkpStatus.REVIEWED)
                )
            ),
        ),
    )
    return PeriodFigures(
        sessions=counted["total"],
        skpd_sessions=counted["skpd"],
        individual_sessions=counted["individual"],
        reports_approved=counted["approved"],
        participants=people["total"],
        pegawai=people["distinct"],
        drafts=drafts["total"],
        drafts_reviewed=drafts["reviewed"],
        respondents=result.respondents if shown else 0,
        ikm=str(result.ikm_display) if shown else "",
        converted=str(result.converted) if shown else "",
        grade=result.grade if shown else "",
        grade_label=result.label if shown else "",
        ikm_withheld=released.withheld,
        open_surveys=released.open_surveys,
        skp_year=year,
        skp_pegawai=skp["pegawai"],
        skp_reviewed=skp["reviewed"],
        ekinerja_applied_on=timezone.localdate(source.applied_at).isoformat() if source else "",
        ekinerja_approved=skp.get("ekinerja", 0),
    )


def meeting_figures(meeting: EvaluationMeeting) -> PeriodFigures:
    """Signed-off minutes keep the figures they were signed with; a draft shows today's."""
    if meeting.status == MeetingStatus.FINAL and meeting.figures:
        return PeriodFigures.from_json(meeting.figures)
    return period_figures(meeting.period_start, meeting.period_end)


def min_respondents() -> int:
    return settings.SKM_MIN_RESPONDENTS


# Evaluation meetings and their action items ------------------------------------------------


def meeting_of(queryset: QuerySet[EvaluationMeeting], pk: int) -> EvaluationMeeting | None:
    return (
        queryset.select_related(
            "chair__pegawai", "created_by__pegawai", "notulis__pegawai", "finalized_by__pegawai"
        )
        .prefetch_related(
            Prefetch(
                "attendees",
                queryset=User.objects.select_related("pegawai").order_by(
                    "pegawai__name", "username"
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )


def carried_actions(meeting: EvaluationMeeting) -> QuerySet[ActionItem]:
    """The earlier meetings' follow-ups this meeting goes through: for signed-off minutes,
    those it reviewed; for the draft (always the latest meeting), every one that no
    signed-off meeting has recorded done."""
    if meeting.status == MeetingStatus.FINAL:
        return ActionItem.objects.filter(reviews__meeting=meeting)
    return ActionItem.objects.filter(closed_in__isnull=True).exclude(raised_in=meeting)


def actions_for_minutes(meeting: EvaluationMeeting) -> tuple[list, list]:
    """(carried over, decided here): the first with this meeting's review of each (or None
    while the draft has not touched it), both with owners and meetings joined."""
    reviews = ActionReview.objects.filter(meeting=meeting)
    carried = list(
        carried_actions(meeting)
        .select_related("owner__pegawai", "raised_in")
        .prefetch_related(Prefetch("reviews", queryset=reviews, to_attr="this_review"))
        .order_by("due_date", "pk")
    )
    for item in carried:
        item.review = item.this_review[0] if item.this_review else None
        item.shown_status = ActionStatus(item.review.status if item.review else item.status)
    new = list(meeting.actions.select_related("owner__pegawai").order_by("due_date", "pk"))
    return carried, new


def open_actions_of(user) -> QuerySet[ActionItem]:
    """The follow-ups ``user`` is responsible for that are not done yet."""
    return (
        ActionItem.objects.filter(
            owner=user, closed_in__isnull=True, raised_in__status=MeetingStatus.FINAL
        )
        .exclude(status=ActionStatus.DONE)
        .select_related("raised_in")
        .order_by("due_date", "pk")
    )


def meeting_list(queryset: QuerySet[EvaluationMeeting]) -> QuerySet[EvaluationMeeting]:
    return (
        queryset.select_related("chair__pegawai")
        .annotate(action_count=Count("actions", distinct=True))
        .order_by("-start", "-pk")
    )


# The home page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportTasks:
    unreported: int  # held SKPD visits the user coached that have no report yet
    returned: int  # of the user's sessions' reports, those returned for revision
    waiting: int  # reports waiting for the Kepala Bidang (counted for her only)
    open_actions: int  # follow-ups of evaluation meetings the user is responsible for
    recaps_due: list  # DueRecap: ended months whose recap the user still owes
    recaps_waiting: int  # recaps waiting for the Kepala Bidang (counted for her only)

    @property
    def any(self) -> bool:
        return bool(
            self.unreported
            or self.returned
            or self.waiting
            or self.open_actions
            or self.recaps_due
            or self.recaps_waiting
        )


def report_tasks(user, *, decides: bool) -> ReportTasks:
    """What waits for a coach (and for the Kepala Bidang): three queries, and one more for
    her. Individual sessions count as the months whose recap is due, not one by one."""
    owed = {
        "unreported": Q(kind=SessionKind.SKPD, report__isnull=True),
        "returned": Q(report__status=ReportStatus.RETURNED),
    }
    if decides:
        # Her own sessions' and every report waiting for her decision, in one pass.
        counts = held_sessions().aggregate(
            **{
                name: Count("pk", filter=Q(coaches=user) & which, distinct=True)
                for name, which in owed.items()
            },
            waiting=Count("pk", filter=Q(report__status=ReportStatus.SUBMITTED), distinct=True),
        )
    else:
        # A coach's own sessions only, reached through its coaching links: a pass over the
        # whole regency's took 15 ms of a coach's home on the 10x regency, this one 7 ms.
        counts = (
            held_sessions()
            .filter(coaches=user)
            .aggregate(**{name: Count("pk", filter=which) for name, which in owed.items()})
        )
    return ReportTasks(
        unreported=counts["unreported"],
        returned=counts["returned"],
        waiting=counts.get("waiting", 0),
        open_actions=open_actions_of(user).count(),
        recaps_due=recaps_due(user),
        recaps_waiting=recaps_waiting_count() if decides else 0,
    )


# Monthly recaps of individual coaching ------------------------------------------------------

# How far back the home page looks for months whose recap is due.
RECAP_WINDOW_MONTHS = 12
# How many topics, SKPD and coaches a recap's page lists before "and N more".
RECAP_TOP = 10


def add_months(first: datetime.date, count: int) -> datetime.date:
    """The first day of the month ``count`` months after ``first``'s (before, if negative)."""
    index = first.year * 12 + first.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_span(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The first moment of the month and of the next, in WITA."""
    first = datetime.date(year, month, 1)
    return dates.day_bounds(first, add_months(first, 1) - datetime.timedelta(days=1))


def individual_sessions() -> QuerySet[CoachingSession]:
    """Individual coaching that took place (the one rule of held_sessions)."""
    return held_sessions().filter(kind=SessionKind.INDIVIDUAL)


def recap_sessions(*, year: int, month: int, coach: User | None) -> QuerySet[CoachingSession]:
    """The individual sessions held in a month (WITA), one coach's or the whole team's
    (recap_figures_of_month adds the joins it reads)."""
    start, end = month_span(year, month)
    sessions = individual_sessions().filter(start__gte=start, start__lt=end)
    if coach is not None:
        sessions = sessions.filter(coaches=coach)
    return sessions


@dataclass(frozen=True)
class RecapRow:
    """One session of a coach's month, as the recap's annex lists it."""

    start: str  # ISO, aware
    end: str
    name: str
    nip: str
    skpd: str
    jenjang: str
    topic: str
    draft_kind: str  # "portal", "file" or ""
    draft_status: str  # the portal draft's SkpStatus, "" for none
    notes: str

    @property
    def start_at(self) -> datetime.datetime:
        return datetime.datetime.fromisoformat(self.start)

    @property
    def end_at(self) -> datetime.datetime:
        return datetime.datetime.fromisoformat(self.end)

    @property
    def nip_display(self) -> str:
        return format_nip(self.nip)

    @property
    def jenjang_display(self) -> str:
        return str(Jenjang(self.jenjang).label) if self.jenjang in Jenjang.values else self.jenjang

    @property
    def draft_display(self) -> str:
        if self.draft_kind == "portal":
            if self.draft_status in SkpStatus.values:
                status = SkpStatus(self.draft_status).label
                return _("Draf portal (%(status)s)") % {"status": status}
            return _("Draf portal")
        if self.draft_kind == "file":
            return _("Berkas unggahan")
        return "—"


@dataclass(frozen=True)
class RecapFigures:
    """What a month of individual coaching amounts to: sessions held, the people who came
    (by SKPD and jenjang), what they brought and asked about, and who booked but did not
    come. Lists of pairs are [label or value, count], most first (jenjang in their order)."""

    sessions: int
    participants: int  # different pegawai
    no_shows: int  # bookings of the month marked not attended
    no_show_pegawai: int
    with_portal_draft: int  # sessions with an SKP of the portal
    with_file_only: int  # sessions with an uploaded draft file and no portal SKP
    without_draft: int
    by_skpd: list
    by_jenjang: list
    by_coach: list  # the whole team's recap only
    topics: list
    draft_statuses: list  # the portal drafts worked on, by their status
    drafts: list  # DraftLine as dicts (a coach's recap)
    rows: list  # RecapRow as dicts (a coach's recap)

    @property
    def booked(self) -> int:
        return self.sessions + self.no_shows

    # The page lists the first RECAP_TOP of the long lists (the PDF all of them).
    @property
    def skpd_shown(self) -> list:
        return self.by_skpd[:RECAP_TOP]

    @property
    def skpd_more(self) -> int:
        return max(0, len(self.by_skpd) - RECAP_TOP)

    @property
    def topics_shown(self) -> list:
        return self.topics[:RECAP_TOP]

    @property
    def topics_more(self) -> int:
        return max(0, len(self.topics) - RECAP_TOP)

    @property
    def drafts_total(self) -> int:
        return sum(count for _status, count in self.draft_statuses)

    @property
    def jenjang_rows(self) -> list[tuple[str, int]]:
        return [
            (str(Jenjang(value).label) if value in Jenjang.values else value, count)
            for value, count in self.by_jenjang
        ]

    @property
    def status_rows(self) -> list[tuple[str, int]]:
        return [
            (str(SkpStatus(value).label) if value in SkpStatus.values else value, count)
            for value, count in self.draft_statuses
        ]

    @property
    def draft_lines(self) -> list[DraftLine]:
        names = {f.name for f in fields(DraftLine)}
        return [DraftLine(**{k: v for k, v in line.items() if k in names}) for line in self.drafts]

    @property
    def session_rows(self) -> list[RecapRow]:
        names = {f.name for f in fields(RecapRow)}
        return [RecapRow(**{k: v for k, v in row.items() if k in names}) for row in self.rows]

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "RecapFigures":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def _most_first(counts: dict) -> list[list]:
    return [[key, n] for key, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


# What the recap reads of each session, as values: a team's month is thousands of sessions,
# each with seven joined rows that model instances would cost a quarter of a second to build.
RECAP_SESSION_FIELDS = {
    "start": "start",
    "end": "end",
    "notes": "notes",
    "topic": "booking__topic",
    "draft": "booking__draft",
    "coach_notes": "booking__coach_notes",
    "pegawai_id": "booking__pegawai_id",
    "name": "booking__pegawai__name",
    "nip": "booking__pegawai__nip",
    "jenjang": "booking__pegawai__jenjang",
    "skpd": "booking__pegawai__skpd__name",
    "skp_id": "booking__skp_id",
    "skp_status": "booking__skp__status",
    **{f"coach_{name}": f"booking__slot__coach__{name}" for name in User.NAME_FIELDS},
}
# What only a coach's recap reads of its sessions: its annex lists each one. The team's
# counts them, and leaves these out (for the 10x regency's 1,500 sessions of a month, its
# read took 58 ms, 23 of CPU, with them and 36 ms, 5 of CPU, without).
RECAP_ROW_FIELDS = ("start", "end", "notes", "coach_notes", "name", "nip", "skp_status")


def recap_figures_of_month(*, year: int, month: int, coach: User | None) -> RecapFigures:
    """The month's figures read from the records in three queries, whatever their number:
    the sessions with their ASN, SKPD, coach and draft; the portal drafts worked on; the
    no-shows. A coach's recap also lists each session and draft."""
    base = recap_sessions(year=year, month=month, coach=coach)
    fields = {
        name: path
        for name, path in RECAP_SESSION_FIELDS.items()
        if coach is not None or name not in RECAP_ROW_FIELDS
    }
    rows_read = (
        base.annotate(
            linked=Exists(
                CoachingSession.drafts.through.objects.filter(coachingsession_id=OuterRef("pk"))
            )
        )
        .order_by("start", "pk")
        .values_list(*fields.values(), "linked")
    )
    names = [*fields, "linked"]
    sessions = [dict(zip(names, row, strict=True)) for row in rows_read]
    people: dict[int, tuple[str, str]] = {}  # pegawai: its SKPD and jenjang
    by_coach: dict[str, int] = {}
    topics: dict[str, list] = {}
    portal = file_only = 0
    rows = []
    for session in sessions:
        people[session["pegawai_id"]] = (session["skpd"], session["jenjang"])
        coach_name = User.name_shown(*(session[f"coach_{name}"] for name in User.NAME_FIELDS))
        by_coach[coach_name] = by_coach.get(coach_name, 0) + 1
        topic = " ".join(session["topic"].split())
        if topic:
            entry = topics.setdefault(topic.casefold(), [topic, 0])
            entry[1] += 1
        if session["skp_id"] or session["linked"]:
            portal += 1
            kind = "portal"
        elif session["draft"]:
            file_only += 1
            kind = "file"
        else:
            kind = ""
        if coach is not None:
            rows.append(
                asdict(
                    RecapRow(
                        start=session["start"].isoformat(),
                        end=session["end"].isoformat(),
                        name=session["name"],
                        nip=session["nip"],
                        skpd=session["skpd"],
                        jenjang=session["jenjang"],
                        topic=topic,
                        draft_kind=kind,
                        draft_status=session["skp_status"] or "",
                        notes=(session["coach_notes"] or session["notes"]).strip(),
                    )
                )
            )
    by_skpd: dict[str, int] = {}
    by_jenjang: dict[str, int] = {}
    for skpd, jenjang in people.values():
        by_skpd[skpd] = by_skpd.get(skpd, 0) + 1
        by_jenjang[jenjang] = by_jenjang.get(jenjang, 0) + 1

    if coach is not None:
        worked_on = _worked_on(base.values("pk"), *DRAFT_LINE_COLUMNS.values())
        drafts = [
            dict(zip(DRAFT_LINE_COLUMNS, line, strict=True))
            for _pk, *line in worked_on.order_by("pegawai__name", "year", "pk")
        ]
        draft_statuses = [draft["status"] for draft in drafts]
    else:
        # The team's recap counts its drafts by status and lists none: their statuses are
        # read alone, without their pegawai joined or the rows sorted by name (the month's
        # thousand drafts of the 10x regency: 55-60 -> 40 ms).
        drafts = []
        draft_statuses = [status for _pk, status in _worked_on(base.values("pk"), "status")]
    statuses: dict[str, int] = {}
    for status in draft_statuses:
        statuses[status] = statuses.get(status, 0) + 1

    start, end = month_span(year, month)
    absent = Booking.objects.filter(
        status=BookingStatus.NO_SHOW, slot__start__gte=start, slot__start__lt=end
    )
    if coach is not None:
        absent = absent.filter(slot__coach=coach)
    no_shows = absent.aggregate(n=Count("pk"), people=Count("pegawai", distinct=True))

    return RecapFigures(
        sessions=len(sessions),
        participants=len(people),
        no_shows=no_shows["n"],
        no_show_pegawai=no_shows["people"],
        with_portal_draft=portal,
        with_file_only=file_only,
        without_draft=len(sessions) - portal - file_only,
        by_skpd=_most_first(by_skpd),
        by_jenjang=[[value, by_jenjang[value]] for value in Jenjang.values if value in by_jenjang],
        by_coach=_most_first(by_coach) if coach is None else [],
        topics=[
            [text, n] for text, n in sorted(topics.values(), key=lambda item: (-item[1], item[0]))
        ],
        draft_statuses=[
            [value, statuses[value]] for value in SkpStatus.values if value in statuses
        ],
        drafts=drafts,
        rows=rows,
    )


def recap_figures(recap: MonthlyRecap) -> RecapFigures:
    """A submitted or approved recap keeps the figures it was submitted with; one being
    written shows today's."""
    if recap.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED) and recap.figures:
        return RecapFigures.from_json(recap.figures)
    return recap_figures_of_month(year=recap.year, month=recap.month, coach=recap.coach)


def recap_title(recap: MonthlyRecap) -> str:
    """``Rekap coaching individual Oktober 2026 · Rizki Maulana, S.Psi.``"""
    who = recap.coach.display_name if recap.coach_id else _("seluruh Tim Coaching")
    return _("Rekap coaching individual %(month)s · %(who)s") % {
        "month": recap.month_label,
        "who": who,
    }


RECAP_JOINS = ("coach__pegawai", "created_by__pegawai", "submitted_by__pegawai")


def recap_of(queryset: QuerySet[MonthlyRecap], pk: int) -> MonthlyRecap | None:
    """One recap with the people its page and PDF name."""
    return queryset.select_related(*RECAP_JOINS, "decided_by__pegawai").filter(pk=pk).first()


def recap_list(queryset: QuerySet[MonthlyRecap], *, state: str) -> QuerySet[MonthlyRecap]:
    """Recaps newest month first, the team's before the coaches' (by name); ``state`` a
    status or "" for all."""
    if state in ReportStatus.values:
        queryset = queryset.filter(status=state)
    return queryset.select_related("coach__pegawai").order_by(
        "-year", "-month", F("coach__pegawai__name").asc(nulls_first=True), "pk"
    )


def recap_timeline(recap: MonthlyRecap) -> list:
    return list(recap.history.select_related("history_user__pegawai").order_by("history_date"))


@dataclass(frozen=True)
class DueRecap:
    """A month whose recap a coach still owes: its sessions, and its own recap when one
    was started (draft or returned)."""

    year: int
    month: int
    sessions: int
    recap_pk: int | None
    recap_status: str

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def returned(self) -> bool:
        return self.recap_status == ReportStatus.RETURNED

    @property
    def param(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def recaps_due(user: User, *, today: datetime.date | None = None) -> list[DueRecap]:
    """The months of the last twelve that have ended in which ``user`` coached individual
    sessions and whose recap (its own, or the whole team's) is neither submitted nor
    approved; newest first, one query."""
    this_month = (today or timezone.localdate()).replace(day=1)
    first = add_months(this_month, -RECAP_WINDOW_MONTHS)
    window_start = month_span(first.year, first.month)[0]
    window_end = month_span(this_month.year, this_month.month)[0]
    zone = timezone.get_current_timezone()
    done = MonthlyRecap.objects.filter(
        Q(coach=user) | Q(coach__isnull=True),
        year=OuterRef("y"),
        month=OuterRef("m"),
        status__in=(ReportStatus.SUBMITTED, ReportStatus.APPROVED),
    )
    own = MonthlyRecap.objects.filter(coach=user, year=OuterRef("y"), month=OuterRef("m"))
    months = (
        individual_sessions()
        .filter(coaches=user, start__gte=window_start, start__lt=window_end)
        .annotate(y=ExtractYear("start", tzinfo=zone), m=ExtractMonth("start", tzinfo=zone))
        .filter(~Exists(done))
        .values("y", "m")
        .annotate(
            n=Count("pk"),
            recap_pk=Subquery(own.values("pk")[:1]),
            recap_status=Subquery(own.values("status")[:1]),
        )
        .order_by("-y", "-m")
    )
    return [
        DueRecap(row["y"], row["m"], row["n"], row["recap_pk"], row["recap_status"] or "")
        for row in months
    ]


def recaps_waiting_count() -> int:
    """Recaps waiting for the Kepala Bidang's decision."""
    return MonthlyRecap.objects.filter(status=ReportStatus.SUBMITTED).count()
