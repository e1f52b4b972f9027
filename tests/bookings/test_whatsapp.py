"""WhatsApp share links: an ASN forwards its booking; the Kasubag announces a scheduled
visit."""

import pytest
from django.urls import reverse

from bookings.models import RequestStatus
from tests.bookings.factories import BookingFactory
from tests.bookings.test_requests import in_state
from tests.surveys.test_whatsapp import whatsapp_links

pytestmark = pytest.mark.django_db


def test_the_asn_forwards_its_active_booking(client):
    booking = BookingFactory()
    client.force_login(booking.pegawai.user)
    page = client.get(reverse("bookings:booking_detail", args=[booking.pk])).text
    (link,) = whatsapp_links(page)
    assert link.startswith("https://wa.me/?text=Jadwal coaching SKP saya")
    assert booking.slot.coach.display_name in link


def test_the_kasubag_announces_a_scheduled_visit(world, client):
    request = in_state(world, RequestStatus.SCHEDULED)
    client.force_login(world["kasubag"])
    page = client.get(reverse("bookings:request_detail", args=[request.pk])).text
    (link,) = whatsapp_links(page)
    assert "Coaching Clinic penyusunan SKP oleh BKPSDM di Dinas Kesehatan" in link
    assert request.session.place in link
