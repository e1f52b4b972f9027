"""Each step of an SKPD visit locks the rows it works on FOR NO KEY UPDATE, unless it may
delete them (tests/locks.py says why)."""

import pytest

from bookings.visits import checkin
from bookings.visits import services as visits
from tests.bookings.test_checkin import visit_now
from tests.locks import NO_KEY, UPDATE, row_locks

pytestmark = pytest.mark.django_db

SESSION = ("bookings_coachingsession", NO_KEY)


def record_session(w):
    listed = set(w["session"].attendance.values_list("pegawai_id", flat=True))
    visits.record_session(
        actor=w["coach"],
        session_id=w["session"].pk,
        present_ids=listed,
        shown_ids=listed,
        block_notes={},
    )


STEPS = {
    # An unconfirmed walk-in's attendance is deleted: those rows stay FOR UPDATE.
    "record_session": (
        record_session,
        {SESSION, ("bookings_attendance", UPDATE), ("bookings_agendablock", NO_KEY)},
    ),
    "check_in": (
        lambda w: checkin.check_in(user=w["participant"], code=w["session"].checkin_code),
        {SESSION},
    ),
    "allow_other_skpd": (
        lambda w: checkin.allow_other_skpd(actor=w["coach"], session=w["session"], allow=True),
        {SESSION},
    ),
    # The request letter's workflow (core/workflow.py).
    "mark_held": (
        lambda w: visits.mark_held(actor=w["coach"], request_id=w["session"].skpd_request_id),
        {("bookings_skpdrequest", NO_KEY)},
    ),
}


@pytest.fixture
def visit(world):
    """A visit under way (its check-in open), its coach and the SKPD's ASN, not listed."""
    session, _listed = visit_now(world)
    return {"coach": world["coach"], "session": session, "participant": world["asn"]}


@pytest.mark.parametrize("name", list(STEPS))
def test_a_step_locks_its_rows_no_more_strongly_than_its_change_needs(visit, name):
    step, locks = STEPS[name]
    assert row_locks(lambda: step(visit)) == locks
