"""Reads of slots and bookings with their joins set: fixed query counts per page."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Pegawai, Role, User
from bookings.models import (
    Attendance,
    Booking,
    BookingStatus,
    Closure,
    CoachingSession,
    RequestStatus,
    SessionKind,
    SkpdRequest,
    Slot,
    WaitlistEntry,
    WaitlistStatus,
)
from core import dates
from core.compiled import CompiledQuery


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def on_closed_day(start: str = "start") -> Exists:
    """Whether the office is closed (a ``Closure``) on the day, WITA, of the outer query's
    ``start`` (a slot's, or a booking's ``slot__start``)."""
    return Exists(Closure.objects.filter(date=OuterRef(f"{start}__date")))


def listed_slots(
    *,
    first_day: datetime.date,
    last_day: datetime.date,
    now: datetime.datetime,
    coach_id: int | None = None,
    exclude_slot_id: int | None = None,
) -> QuerySet[Slot]:
    """The slots an ASN may still book or wait for between two dates (WITA), closed days
    left out: one coach's when ``coach_id`` is given, without the slot being moved from."""
    closes = now + datetime.timedelta(hours=settings.BOOKING_RULES["BOOKING_CLOSES_HOURS"])
    begins, ends = dates.day_bounds(first_day, last_day)
    slots = Slot.objects.filter(
        is_cancelled=False, start__gte=begins, start__lt=ends, start__gt=closes
    ).exclude(on_closed_day())
    if coach_id is not None:
        slots = slots.filter(coach_id=coach_id)
    if exclude_slot_id is not None:
        slots = slots.exclude(pk=exclude_slot_id)
    return slots


# A slot's booked places, as an expression: a correlated count, which leaves the rows
# ungrouped (a join and Count would group every selected column). Made once: Django works
# out each new expression's identity (through inspect.signature), and each of the open
# slots' queries built its own.
TAKEN_PLACES = Coalesce(
    Subquery(
        Booking.objects.filter(slot=OuterRef("pk"), status=BookingStatus.BOOKED)
        .order_by()
        .values("slot")
        .annotate(count=Count("pk"))
        .values("count"),
        output_field=IntegerField(),
    ),
    0,
)


def open_slots(
    *, first_day: datetime.date, last_day: datetime.date, now: datetime.datetime
) -> QuerySet[Slot]:
    """Slots an ASN may still book or wait for between two dates (WITA), with their taken
    places, closed days left out."""
    return (
        listed_slots(first_day=first_day, last_day=last_day, now=now)
        .select_related("place", "coach__pegawai")
        .annotate(taken=TAKEN_PLACES)
        .order_by("start", "coach__pegawai__name")
    )


def open_days(**listed) -> dict[datetime.date, tuple[int, int]]:
    """For each day (WITA) with listed slots (``listed_slots``' arguments): how many slots
    and how many free places. One grouped query, whatever the number of slots."""
    days = (
        listed_slots(**listed)
        .annotate(taken=TAKEN_PLACES)
        .annotate(day=TruncDate("start", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("day")
        .annotate(slots=Count("pk"), free=Sum(Greatest(F("capacity") - F("taken"), 0)))
    )
    return {row["day"]: (row["slots"], row["free"]) for row in days}


def open_slot_rows(**listed) -> QuerySet:
    """The listed slots (``listed_slots``' arguments) as plain values for the week an ASN
    books from, by their start: times, coach id, place, capacity, taken places. The same
    for every ASN (whom it waits for is ``waited_slots``)."""
    return (
        listed_slots(**listed)
        .annotate(taken=TAKEN_PLACES)
        .order_by("start", "pk")
        .values(
            "pk",
            "start",
            "end",
            "coach_id",
            "capacity",
            "taken",
            "place__name",
            "place__is_default",
        )
    )


_WAITED_SLOTS = CompiledQuery(
    lambda pegawai_id, now: (
        WaitlistEntry.objects.filter(
            pegawai_id=pegawai_id, status=WaitlistStatus.WAITING, slot__start__gt=now
        )
        .order_by()
        .values_list("slot_id", flat=True)
    ),
    pegawai_id=int,
    now=datetime.datetime,
)


def waited_slots(pegawai: Pegawai, *, now: datetime.datetime) -> frozenset[int]:
    """The slots still to come that ``pegawai`` is on the waiting list of (by id)."""
    return frozenset(_WAITED_SLOTS.rows(pegawai_id=pegawai.pk, now=now))


def first_free_day(
    *, first_day: datetime.date, last_day: datetime.date, now: datetime.datetime, coach_id=None
) -> datetime.date | None:
    """The first day (WITA) between the two with a slot that still has a free place."""
    first = (
        listed_slots(first_day=first_day, last_day=last_day, now=now, coach_id=coach_id)
        .annotate(taken=TAKEN_PLACES)
        .filter(taken__lt=F("capacity"))
        .order_by("start")
        .values_list("start", flat=True)
        .first()
    )
    return timezone.localdate(first) if first else None


def coaches_with_slots(*, first_day: datetime.date, last_day: datetime.date) -> QuerySet:
    """The coaches who offer slots between the two dates, by name (the coach filter): each
    as its id and what its name is made of (``User.NAME_FIELDS``, for ``User.name_shown``)."""
    begins, ends = dates.day_bounds(first_day, last_day)
    offered = Slot.objects.filter(
        coach=OuterRef("pk"), is_cancelled=False, start__gte=begins, start__lt=ends
    )
    return (
        User.objects.filter(Exists(offered))
        .order_by("pegawai__name", "username")
        .values_list("pk", *User.NAME_FIELDS)
    )


# What a daftar hadir shows of each participant (a visit's sheet, the session report's page
# and its annex): a few hundred rows, read without the rest of the participant's and its
# SKPD's columns (docs/benchmarks.md). The session's key too: read through the session's
# related manager, each row is given the session.
_DAFTAR_HADIR = (
    "session",
    "present",
    "walk_in",
    "checked_in_at",
    "pegawai__name",
    "pegawai__nip",
    "pegawai__jabatan",
    "pegawai__skpd__name",
    "pegawai__skpd__short_name",
)


def daftar_hadir(session: CoachingSession) -> QuerySet[Attendance]:
    """The participants listed for ``session``, with what a daftar hadir shows of them."""
    return session.attendance.select_related("pegawai__skpd").only(*_DAFTAR_HADIR)


def _active_bookings(pegawai: Pegawai | int) -> QuerySet[Booking]:
    """The ASN's active booking, as a queryset (one at most: booking_one_active_per_pegawai);
    each reader below loads what it shows of it."""
    return Booking.objects.filter(pegawai=pegawai, status=BookingStatus.BOOKED)


def active_booking(pegawai: Pegawai) -> Booking | None:
    return _active_bookings(pegawai).select_related("slot__place", "slot__coach__pegawai").first()


@dataclass(frozen=True)
class ActiveBooking:
    """What the home and the open-slots page say of an ASN's active booking: when, and
    (the home) where and with which coach."""

    pk: int
    start: datetime.datetime
    place: str = ""
    coach: str = ""


# Both read the one active booking (booking_one_active_per_pegawai) on every request of
# their page: compiled once (core/compiled.py).
_ACTIVE_BOOKING_BRIEF = CompiledQuery(
    lambda pegawai_id: (
        _active_bookings(pegawai_id)
        .order_by()
        .values_list(
            "pk",
            "slot__start",
            "slot__place__name",
            *(f"slot__coach__{name}" for name in User.NAME_FIELDS),
        )[:1]
    ),
    pegawai_id=int,
)
_ACTIVE_BOOKING_START = CompiledQuery(
    lambda pegawai_id: _active_bookings(pegawai_id).order_by().values_list("pk", "slot__start")[:1],
    pegawai_id=int,
)


def active_booking_brief(pegawai: Pegawai) -> ActiveBooking | None:
    """The ASN's active booking with what the home says of it: when, with which coach and
    where."""
    found = _ACTIVE_BOOKING_BRIEF.first(pegawai_id=pegawai.pk)
    if found is None:
        return None
    pk, start, place, *coach = found
    return ActiveBooking(pk, start, place, User.name_shown(*coach))


def active_booking_start(pegawai: Pegawai) -> ActiveBooking | None:
    """The ASN's active booking with only its id and its slot's start (what the open-slots
    page says of it)."""
    found = _ACTIVE_BOOKING_START.first(pegawai_id=pegawai.pk)
    return None if found is None else ActiveBooking(*found)


# The SKP a booking may bring are skp_drafts' (a layer above): reached through the booking's
# own reference to them, as the booking's form reads them on every request of its page.
_OWN_SKPS = CompiledQuery(
    lambda pegawai_id: (
        Booking.skp.field.related_model.objects.filter(pegawai_id=pegawai_id)
        .only("pk", "pegawai", "year", "status")
        .order_by("-year")
    ),
    pegawai_id=int,
)


def own_skps(pegawai: Pegawai) -> list:
    """The ASN's own SKP in the portal, the latest year first: what a booking may bring."""
    return _OWN_SKPS.rows(pegawai_id=pegawai.pk)


_OWN_SKP = CompiledQuery(
    lambda pegawai_id, skp_id: (
        Booking.skp.field.related_model.objects.filter(pk=skp_id, pegawai_id=pegawai_id)
        .order_by()
        .values_list("pk", flat=True)
    ),
    by_id=True,
    pegawai_id=int,
    skp_id=int,
)


def owns_skp(pegawai: Pegawai, skp_id: int) -> bool:
    """Whether the SKP ``skp_id`` is one of ``own_skps`` (an id no row can have is none)."""
    return bool(_OWN_SKP.rows(pegawai_id=pegawai.pk, skp_id=skp_id))


def bookings_of(pegawai: Pegawai) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(pegawai=pegawai)
        .select_related("slot__place", "slot__coach__pegawai")
        .order_by("-slot__start", "-pk")
    )


def waitlist_of(pegawai: Pegawai) -> QuerySet[WaitlistEntry]:
    """The ASN's places in line that can still turn into a booking."""
    closes = timezone.now() + datetime.timedelta(
        hours=settings.BOOKING_RULES["BOOKING_CLOSES_HOURS"]
    )
    return WaitlistEntry.objects.filter(
        pegawai=pegawai,
        status=WaitlistStatus.WAITING,
        slot__start__gt=closes,
        slot__is_cancelled=False,
    ).select_related("slot__place", "slot__coach__pegawai")


def scheduled_visits(
    *, first_day: datetime.date, last_day: datetime.date, coach: User | None
) -> QuerySet[CoachingSession]:
    """SKPD visits between two dates that are on (scheduled, or held since), with their
    SKPD and coaches: all of them, or one coach's."""
    visits = CoachingSession.objects.filter(
        kind=SessionKind.SKPD,
        start__date__gte=first_day,
        start__date__lte=last_day,
        skpd_request__status__in=(
            RequestStatus.SCHEDULED,
            RequestStatus.HELD,
            RequestStatus.REPORTED,
        ),
    )
    if coach is not None:
        visits = visits.filter(coaches=coach)
    return (
        visits.select_related("skpd_request__skpd")
        .prefetch_related("coaches__pegawai")
        .order_by("start", "pk")
    )


def agenda(
    *, first_day: datetime.date, last_day: datetime.date, coach: User | None
) -> QuerySet[Slot]:
    """Slots between two dates with their bookings (all of them, or one coach's)."""
    slots = (
        Slot.objects.filter(
            start__date__gte=first_day, start__date__lte=last_day, is_cancelled=False
        )
        .select_related("place", "coach__pegawai")
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.exclude(
                    status__in=[BookingStatus.CANCELLED, BookingStatus.RESCHEDULED]
                ).select_related("pegawai__skpd"),
                to_attr="live_bookings",
            )
        )
        .annotate(
            # Booked, and once the day came, attended or absent: the places the slot gave.
            taken=Count(
                "bookings",
                filter=Q(
                    bookings__status__in=[
                        BookingStatus.BOOKED,
                        BookingStatus.ATTENDED,
                        BookingStatus.NO_SHOW,
                    ]
                ),
                distinct=True,
            ),
            waiting=Count(
                "waitlist", filter=Q(waitlist__status=WaitlistStatus.WAITING), distinct=True
            ),
        )
        .order_by("start", "coach__pegawai__name")
    )
    if coach is not None:
        slots = slots.filter(coach=coach)
    return slots


def booking_timeline(booking: Booking) -> list:
    """The booking's history, oldest first, with who changed it."""
    return list(booking.history.select_related("history_user__pegawai").order_by("history_date"))


@dataclass(frozen=True)
class Coming:
    """One thing in a person's coming week: an individual session or an SKPD visit."""

    start: datetime.datetime
    end: datetime.datetime
    title: str
    place: str
    bring: str
    url: str


# What the coming week says of a visit.
_COMING_VISIT = (
    "pk",
    "start",
    "end",
    "place",
    "coaching",
    "skpd_request_id",
    "skpd_request__skpd_id",
    "skpd_request__skpd__name",
)


def _scheduled_visits(
    begins: datetime.datetime, ends: datetime.datetime
) -> QuerySet[CoachingSession]:
    return CoachingSession.objects.filter(
        kind=SessionKind.SKPD,
        skpd_request__status=RequestStatus.SCHEDULED,
        start__gte=begins,
        start__lt=ends,
    ).order_by("start", "pk")


# Most homes: an ASN who coaches no one and heads no SKPD's administration has only the
# visits it is listed for (once each: attendance_once), and coaches none of them. Read on
# every such home: compiled once (core/compiled.py).
_VISITS_ATTENDED = CompiledQuery(
    lambda pegawai_id, begins, ends: (
        _scheduled_visits(begins, ends)
        .filter(attendance__pegawai_id=pegawai_id)
        .annotate(coaching=Value(False))
        .values(*_COMING_VISIT)
    ),
    pegawai_id=int,
    begins=datetime.datetime,
    ends=datetime.datetime,
)


def coming_week(user: User, *, today: datetime.date | None = None) -> list[Coming]:
    """What ``user`` has from today to a week ahead (WITA): as a coach (the team's roles),
    its booked slots and assigned visits; as Kasubag, its SKPD's scheduled visits; as a
    listed participant, the visits it attends. One query, and two or three for the team."""
    today = today or timezone.localdate()
    begins, ends = dates.day_bounds(today, today + datetime.timedelta(days=6))
    window = {"start__gte": begins, "start__lt": ends}
    found: dict[str, Coming] = {}
    coaches = bool(user.roles & {Role.TIM_COACHING, Role.KEPALA_BIDANG}) or user.is_superuser
    if coaches:
        slots = (
            Slot.objects.filter(coach=user, is_cancelled=False, **window)
            .filter(bookings__status=BookingStatus.BOOKED)
            .select_related("place")
            .prefetch_related(
                Prefetch(
                    "bookings",
                    queryset=Booking.objects.filter(status=BookingStatus.BOOKED).select_related(
                        "pegawai"
                    ),
                    to_attr="booked",
                )
            )
            .distinct()
        )
        for slot in slots:
            names = ", ".join(booking.pegawai.name for booking in slot.booked)
            found[f"slot-{slot.pk}"] = Coming(
                slot.start,
                slot.end,
                _("Coaching individual: %(names)s") % {"names": names},
                slot.place.name,
                _("Daftar hadir; catatan sesi diisi sesudahnya."),
                reverse("bookings:booking_detail", args=[slot.booked[0].pk]),
            )
    pegawai = getattr(user, "pegawai", None)
    # A participant reads the visit on its home; the request's page is for the staff and
    # the Kasubag, who see the link.
    linked = coaches or bool(user.kasubag_skpd_ids)
    if linked:
        scheduled = _scheduled_visits(begins, ends)
        concerned = Q(coaches=user) | Q(skpd_request__skpd_id__in=user.kasubag_skpd_ids)
        if pegawai is not None:
            concerned |= Q(attendance__pegawai=pegawai)
        coaching = CoachingSession.coaches.through.objects.filter(
            coachingsession_id=OuterRef("pk"), user_id=user.pk
        )
        visits = (
            scheduled.filter(concerned)
            .annotate(coaching=Exists(coaching))
            .distinct()
            .values(*_COMING_VISIT)
        )
    elif pegawai is not None:
        visits = _VISITS_ATTENDED.rows(pegawai_id=pegawai.pk, begins=begins, ends=ends)
    else:  # an account without a pegawai that coaches no one: nothing coming
        return []
    for visit in visits:
        if visit["coaching"]:
            bring = _("Bahan paparan pedoman dan daftar hadir.")
        elif visit["skpd_request__skpd_id"] in user.kasubag_skpd_ids:
            bring = _("Ruangan, proyektor dan daftar peserta SKPD.")
        else:
            bring = _("Laptop dan draf SKP.")
        found[f"visit-{visit['pk']}"] = Coming(
            visit["start"],
            visit["end"],
            _("Coaching Clinic %(skpd)s") % {"skpd": visit["skpd_request__skpd__name"]},
            visit["place"],
            bring,
            reverse("bookings:request_detail", args=[visit["skpd_request_id"]]) if linked else "",
        )
    return sorted(found.values(), key=lambda item: item.start)


def later_visits_of_skpd(
    user: User, *, today: datetime.date | None = None
) -> list[CoachingSession]:
    """The scheduled visits of the SKPD ``user`` is Kasubag of, beyond this week (this
    week's are in ``coming_week``); no query for anyone else."""
    if not user.kasubag_skpd_ids:
        return []
    today = today or timezone.localdate()
    return list(
        CoachingSession.objects.filter(
            kind=SessionKind.SKPD,
            skpd_request__status=RequestStatus.SCHEDULED,
            skpd_request__skpd_id__in=user.kasubag_skpd_ids,
            start__date__gt=today + datetime.timedelta(days=6),
        )
        .select_related("skpd_request__skpd")
        .order_by("start")
    )


def no_shows(month: datetime.date):
    """The ASN who did not come to a booked session in ``month`` (its first day): how often
    that month and in its year, most first. One query a page."""
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    in_month = Q(
        bookings__status=BookingStatus.NO_SHOW,
        bookings__slot__start__date__gte=first,
        bookings__slot__start__date__lt=following,
    )
    in_year = Q(
        bookings__status=BookingStatus.NO_SHOW,
        bookings__slot__start__date__gte=first.replace(month=1),
        bookings__slot__start__date__lt=following,
    )
    return (
        Pegawai.objects.annotate(
            month_count=Count("bookings", filter=in_month),
            year_count=Count("bookings", filter=in_year),
        )
        .filter(month_count__gt=0)
        .select_related("skpd")
        .order_by("-month_count", "-year_count", "name", "pk")
    )


def waiting_requests_count() -> int:
    """Request letters waiting for the Kepala BKPSDM's disposition."""
    return SkpdRequest.objects.filter(status=RequestStatus.SUBMITTED).count()


def held_sessions() -> QuerySet[CoachingSession]:
    """Sessions that took place, the one answer for every app (reports, minutes, surveys):
    an individual session exists once the ASN attended; an SKPD visit counts once its
    coaches marked it held (and still once reported)."""
    return CoachingSession.objects.filter(
        Q(kind=SessionKind.INDIVIDUAL)
        | Q(
            kind=SessionKind.SKPD,
            skpd_request__status__in=(RequestStatus.HELD, RequestStatus.REPORTED),
        )
    )


# Requests that still stand for their period (a declined, withdrawn or cancelled one does not).
ACTIVE_REQUESTS = [
    RequestStatus.SUBMITTED,
    RequestStatus.RETURNED,
    RequestStatus.SCHEDULED,
    RequestStatus.HELD,
    RequestStatus.REPORTED,
]


def same_month_requests(skpd_id: int, day: datetime.date, *, exclude_pk: int | None = None):
    """The SKPD's other standing requests proposing the same month: a second letter for one
    month is usually a mistake, so the Kasubag is asked and the Kepala warned."""
    return (
        SkpdRequest.objects.filter(
            skpd_id=skpd_id,
            status__in=ACTIVE_REQUESTS,
            proposed_date_1__year=day.year,
            proposed_date_1__month=day.month,
        )
        .exclude(pk=exclude_pk)
        .order_by("submitted_at")
    )
