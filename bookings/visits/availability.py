"""Who of the team is free when: each coach's commitments on a day (booked and open
individual slots, other SKPD visits) beside the day's closure or public holiday, and what
scheduling a visit at given hours would do to each of them.

One reading serves the disposition page (the Kepala sees every proposed date before
deciding) and the services (accepting or moving a visit refuses what clashes and withdraws
the open slots), so the page never promises what the decision then refuses. A fixed number
of queries, whatever the number of coaches or days.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from bookings.models import Booking, BookingStatus, Closure, CoachCommitment, Slot
from core import dates

BOOKED, OPEN, VISIT = "booked", "open", "visit"


@dataclass(frozen=True)
class Commitment:
    """One span of a coach's day."""

    coach: User
    start: datetime.datetime
    end: datetime.datetime
    kind: str  # BOOKED, OPEN or VISIT
    what: str = ""  # the ASN booked, or the SKPD visited
    slot_id: int | None = None
    session_id: int | None = None

    @property
    def is_booked(self) -> bool:
        return self.kind == BOOKED

    @property
    def is_open(self) -> bool:
        return self.kind == OPEN

    def overlaps(self, start: datetime.datetime, end: datetime.datetime) -> bool:
        return self.start < end and start < self.end

    @property
    def clash(self) -> str:
        """Why this commitment keeps its coach from a visit at the same time."""
        when = dates.hours(self.start, self.end)
        if self.kind == BOOKED:
            return _("%(coach)s punya sesi coaching individual dengan %(asn)s pukul %(when)s.") % {
                "coach": self.coach.display_name,
                "asn": self.what,
                "when": when,
            }
        return _("%(coach)s sudah ditugaskan ke Coaching Clinic %(skpd)s pukul %(when)s.") % {
            "coach": self.coach.display_name,
            "skpd": self.what,
            "when": when,
        }


@dataclass
class CoachDay:
    coach: User
    commitments: list[Commitment] = field(default_factory=list)
    withdrawn: list[Commitment] = field(default_factory=list)  # open slots within the hours
    clashes: list[Commitment] = field(default_factory=list)  # booked slots, other visits

    @property
    def free(self) -> bool:
        return not self.clashes


@dataclass
class Day:
    date: datetime.date
    start: datetime.datetime
    end: datetime.datetime
    closure: str  # the closure's or public holiday's name; "" on a working day
    coaches: list[CoachDay]

    @property
    def free_coaches(self) -> list[User]:
        return [coach_day.coach for coach_day in self.coaches if coach_day.free]

    def problems(self, coaches: list[User]) -> list[str]:
        """Every reason a visit of ``coaches`` cannot be held at these hours."""
        problems = []
        if self.closure:
            problems.append(
                _("%(day)s adalah hari tutup: %(name)s.")
                % {"day": date_format(self.date, "j F Y"), "name": self.closure}
            )
        chosen = {coach.pk for coach in coaches}
        for coach_day in self.coaches:
            if coach_day.coach.pk in chosen:
                problems += [commitment.clash for commitment in coach_day.clashes]
        return problems

    def withdrawn_slots(self, coaches: list[User]) -> list[int]:
        chosen = {coach.pk for coach in coaches}
        return [
            commitment.slot_id
            for coach_day in self.coaches
            if coach_day.coach.pk in chosen
            for commitment in coach_day.withdrawn
        ]


def span(day: datetime.date, start: datetime.time, end: datetime.time):
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(day, start, tzinfo=zone),
        datetime.datetime.combine(day, end, tzinfo=zone),
    )


def team_days(
    coaches: list[User],
    days: list[datetime.date],
    start: datetime.time,
    end: datetime.time,
    *,
    session_id: int | None = None,
) -> list[Day]:
    """Each of ``days`` (in order, once each) for ``coaches``, with what a visit from
    ``start`` to ``end`` o'clock would meet. ``session_id``: a visit being moved, which
    does not clash with itself."""
    days = sorted(set(days))
    ids = [coach.pk for coach in coaches]
    by_id = {coach.pk: coach for coach in coaches}
    commitments: dict[tuple[int, datetime.date], list[Commitment]] = {}

    def add(commitment: Commitment) -> None:
        key = (commitment.coach.pk, timezone.localdate(commitment.start))
        commitments.setdefault(key, []).append(commitment)

    booked = Booking.objects.filter(status=BookingStatus.BOOKED).select_related("pegawai")
    slots = (
        Slot.objects.filter(coach_id__in=ids, start__date__in=days, is_cancelled=False)
        .prefetch_related(Prefetch("bookings", queryset=booked, to_attr="booked"))
        .order_by("start")
    )
    for slot in slots:
        names = ", ".join(booking.pegawai.name for booking in slot.booked)
        add(
            Commitment(
                by_id[slot.coach_id],
                slot.start,
                slot.end,
                BOOKED if names else OPEN,
                names,
                slot.pk,
            )
        )
    visits = (
        CoachCommitment.objects.filter(
            coach_id__in=ids, session__isnull=False, start__date__in=days
        )
        .exclude(session_id=session_id)
        .select_related("session__skpd_request__skpd")
        .order_by("start")
    )
    for visit in visits:
        request = visit.session.skpd_request
        add(
            Commitment(
                by_id[visit.coach_id],
                visit.start,
                visit.end,
                VISIT,
                request.skpd.name if request else "",
                session_id=visit.session_id,
            )
        )
    closures = dict(Closure.objects.filter(date__in=days).values_list("date", "name"))
    plan = []
    for day in days:
        visit_start, visit_end = span(day, start, end)
        coach_days = []
        for coach in coaches:
            mine = sorted(commitments.get((coach.pk, day), []), key=lambda c: c.start)
            inside = [c for c in mine if c.overlaps(visit_start, visit_end)]
            coach_days.append(
                CoachDay(
                    coach,
                    mine,
                    withdrawn=[c for c in inside if c.kind == OPEN],
                    clashes=[c for c in inside if c.kind != OPEN],
                )
            )
        plan.append(Day(day, visit_start, visit_end, closures.get(day, ""), coach_days))
    return plan
