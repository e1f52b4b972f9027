"""Calendars for phones and Outlook: the .ics of one booking (attached to the ASN's mail,
a cancelling one when it is cancelled) and each coach's private subscription feed of its
individual sessions and SKPD visits, with cancelled ones sent as cancelled."""

import datetime

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from accounts.models import User
from bookings.models import (
    Booking,
    BookingStatus,
    CoachingSession,
    RequestStatus,
    SessionKind,
    SkpdRequest,
    Slot,
)

PRODID = "-//BKPSDM Kabupaten Balangan//Coaching Clinic SKP//ID"
# What the feed holds: the recent past and the coming months.
FEED_PAST = datetime.timedelta(days=30)
FEED_AHEAD = datetime.timedelta(days=180)


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return calendar


def _event(uid: str, start, end, summary: str, location: str, description: str, **extra):
    event = Event()
    event.add("uid", f"{uid}@coaching-skp")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description)
    for name, value in extra.items():
        event.add(name, value)
    return event


def _portal(path: str) -> str:
    return f"{settings.PORTAL_URL.rstrip('/')}{path}"


def booking_ics(booking: Booking, *, cancelled: bool = False) -> bytes:
    """The booking's event; ``cancelled``: the same event (same UID), cancelled, so that
    the calendar that holds it drops it."""
    slot = booking.slot
    calendar = _calendar("CANCEL" if cancelled else "PUBLISH")
    calendar.add_component(
        _event(
            f"booking-{booking.pk}",
            slot.start,
            slot.end,
            _("Coaching Clinic SKP — BKPSDM Balangan"),
            f"{slot.place.name}, {slot.place.address}".strip(", "),
            _("Bawa laptop dan draf SKP Anda.\nCoach: %(coach)s\nTopik: %(topic)s\n%(url)s")
            % {
                "coach": slot.coach.display_name,
                "topic": booking.topic,
                "url": _portal(reverse("bookings:booking_detail", args=[booking.pk])),
            },
            **({"status": "CANCELLED", "sequence": 1} if cancelled else {}),
        )
    )
    return calendar.to_ical()


def coach_feed(coach: User) -> bytes:
    """The coach's subscription: its booked individual sessions and its SKPD visits from a
    month ago to half a year ahead; a cancelled visit stays in the feed as cancelled (its
    sequence grows with every change, so a moved visit replaces the old one)."""
    now = timezone.now()
    window = {"start__gte": now - FEED_PAST, "start__lte": now + FEED_AHEAD}
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", "Coaching Clinic SKP")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    booked = Booking.objects.filter(
        status__in=[BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW]
    ).select_related("pegawai__skpd")
    slots = (
        Slot.objects.filter(coach=coach, is_cancelled=False, **window)
        .filter(bookings__in=booked)
        .select_related("place")
        .prefetch_related(Prefetch("bookings", queryset=booked, to_attr="booked"))
        .distinct()
        .order_by("start")
    )
    for slot in slots:
        names = ", ".join(f"{b.pegawai.name} ({b.pegawai.skpd.short_name})" for b in slot.booked)
        calendar.add_component(
            _event(
                f"slot-{slot.pk}",
                slot.start,
                slot.end,
                _("Coaching individual: %(names)s") % {"names": names},
                f"{slot.place.name}, {slot.place.address}".strip(", "),
                "\n".join(_("Topik: %(topic)s") % {"topic": b.topic} for b in slot.booked),
            )
        )
    changes = (  # every change of the request, a new sequence of its event
        SkpdRequest.history.model.objects.filter(id=OuterRef("skpd_request_id"))
        .order_by()
        .values("id")
        .annotate(n=Count("*"))
        .values("n")
    )
    visits = (
        CoachingSession.objects.filter(
            kind=SessionKind.SKPD,
            coaches=coach,
            skpd_request__status__in=[
                RequestStatus.SCHEDULED,
                RequestStatus.HELD,
                RequestStatus.REPORTED,
                RequestStatus.CANCELLED,
            ],
            **window,
        )
        .select_related("skpd_request__skpd")
        .annotate(changes=Subquery(changes, output_field=IntegerField()))
        .order_by("start")
    )
    for visit in visits:
        request = visit.skpd_request
        cancelled = request.status == RequestStatus.CANCELLED
        calendar.add_component(
            _event(
                f"visit-{visit.pk}",
                visit.start,
                visit.end,
                _("Coaching Clinic %(skpd)s") % {"skpd": request.skpd.name},
                visit.place,
                _("Bawa bahan paparan pedoman dan daftar hadir.\n%(url)s")
                % {"url": _portal(reverse("bookings:session_detail", args=[visit.pk]))},
                status="CANCELLED" if cancelled else "CONFIRMED",
                sequence=visit.changes or 0,
            )
        )
    return calendar.to_ical()
