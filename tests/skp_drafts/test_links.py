"""A booking or a session points at the drafts worked on; that is what lets its coach read
and review them, and what reports list."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from bookings import services as bookings
from skp_drafts import services
from skp_drafts.services import SkpError
from tests.accounts.factories import user_with_role
from tests.bookings.factories import SlotFactory
from tests.skp_drafts.conftest import future, held_session


def test_an_asn_brings_its_skp_when_booking(valid, client):
    slot = SlotFactory(start=future(3), end=future(3) + datetime.timedelta(hours=1))
    client.force_login(valid["kasi"].user)
    form = client.get(reverse("bookings:book", args=[slot.pk])).content.decode()
    assert "SKP 2026 (Draf)" in form
    client.post(
        reverse("bookings:book", args=[slot.pk]),
        {"jenjang": "pengawas", "topic": "Indikator", "skp": valid["skp"].pk},
    )
    booking = valid["kasi"].bookings.get()
    assert booking.skp == valid["skp"]
    client.force_login(slot.coach)
    assert client.get(reverse("skp_drafts:detail", args=[valid["skp"].pk])).status_code == 200


@pytest.mark.parametrize("whose", ["another's", "nobody's", "beyond any id"])
def test_an_asn_cannot_bring_someone_elses_skp(valid, chain, whose):
    slot = SlotFactory(start=future(3), end=future(3) + datetime.timedelta(hours=1))
    skp_id = {
        "another's": valid["skp"].pk,
        "nobody's": valid["skp"].pk + 1000,
        "beyond any id": 10**30,
    }
    with pytest.raises(bookings.BookingError, match="SKP Anda sendiri"):
        bookings.book_slot(
            pegawai=chain["staff"],
            slot_id=slot.pk,
            jenjang="pelaksana",
            topic="x",
            skp_id=skp_id[whose],
        )
    assert not chain["staff"].bookings.exists()


def test_rescheduling_keeps_the_skp_and_attendance_puts_it_in_the_session(valid):
    pegawai = valid["kasi"]
    first = SlotFactory(start=future(3), end=future(3) + datetime.timedelta(hours=1))
    second = SlotFactory(start=future(4), end=future(4) + datetime.timedelta(hours=1))
    booking = bookings.book_slot(
        pegawai=pegawai, slot_id=first.pk, jenjang="pengawas", topic="x", skp_id=valid["skp"].pk
    )
    moved = bookings.reschedule_booking(
        pegawai=pegawai, booking_id=booking.pk, new_slot_id=second.pk
    )
    assert moved.skp == valid["skp"]
    bookings.record_attendance(
        actor=second.coach, booking_id=moved.pk, attended=True, notes="", now=second.start
    )
    assert list(moved.session.drafts.all()) == [valid["skp"]]


def test_a_session_coach_links_participants_skp(chain, coach, client):
    session = held_session(chain, coach)
    added = services.bring_to_session(
        actor=coach, session_id=session.pk, skp_ids=[chain["kabid_skp"].pk]
    )
    assert added == 1 and list(session.drafts.all()) == [chain["kabid_skp"]]
    assert (
        services.bring_to_session(
            actor=coach, session_id=session.pk, skp_ids=[chain["kabid_skp"].pk]
        )
        == 0
    )


def test_only_participants_skp_are_linked(chain, coach):
    session = held_session(chain, coach)
    with pytest.raises(SkpError, match="peserta yang tercatat hadir"):
        services.bring_to_session(
            actor=coach, session_id=session.pk, skp_ids=[chain["head_skp"].pk]
        )
    assert not session.drafts.exists()


def test_a_participant_links_only_its_own(chain, coach):
    session = held_session(chain, coach)
    with pytest.raises(SkpError, match="tidak berwenang"):
        services.bring_to_session(
            actor=chain["kasi"].user, session_id=session.pk, skp_ids=[chain["kabid_skp"].pk]
        )
    assert not session.drafts.exists()


def test_the_session_page_form_links_drafts_for_its_coach_only(chain, coach, client):
    session = held_session(chain, coach)
    url = reverse("skp_drafts:session_drafts", args=[session.pk])
    client.force_login(user_with_role(Role.TIM_COACHING))
    assert client.post(url, {"skps": [chain["kabid_skp"].pk]}).status_code == 403
    assert not session.drafts.exists()
    client.force_login(coach)
    response = client.post(url, {"skps": [chain["kabid_skp"].pk]})
    assert response.status_code == 302
    assert list(session.drafts.all()) == [chain["kabid_skp"]]
