"""The .ics calendar file of a booking, for the ASN's phone or Outlook."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from bookings.models import Booking


def booking_ics(booking: Booking) -> bytes:
    slot = booking.slot
    calendar = Calendar()
    calendar.add("prodid", "-//BKPSDM Kabupaten Balangan//Coaching Clinic SKP//ID")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"booking-{booking.pk}@coaching-skp")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", slot.start)
    event.add("dtend", slot.end)
    event.add("summary", "Coaching Clinic SKP — BKPSDM Balangan")
    event.add("location", f"{slot.place.name}, {slot.place.address}".strip(", "))
    event.add(
        "description",
        "Bawa laptop dan draf SKP Anda.\n"
        f"Coach: {slot.coach.display_name}\n"
        f"Topik: {booking.topic}\n"
        f"{settings.PORTAL_URL.rstrip('/')}/pemesanan/{booking.pk}/",
    )
    calendar.add_component(event)
    return calendar.to_ical()
