"""Each step locks the rows it works on FOR NO KEY UPDATE: none deletes them or changes a
key (tests/locks.py says why)."""

import pytest
from django.utils import timezone

from accounts.models import Role
from surveys import services
from tests.accounts.factories import user_with_role
from tests.locks import NO_KEY, row_locks
from tests.surveys.test_privacy import ANSWERS, visit

SURVEY = ("surveys_survey", NO_KEY)
STEPS = {
    "open_survey": (
        lambda w: services.open_survey(actor=w["coach"], session_id=w["unsurveyed"].pk),
        {("bookings_coachingsession", NO_KEY)},
    ),
    "send_reminders": (
        lambda w: services.send_reminders(actor=w["coach"], survey_id=w["survey"].pk),
        {SURVEY, ("surveys_invitation", NO_KEY)},
    ),
    "submit_response": (
        lambda w: services.submit_response(
            token=w["survey"].invitations.first().token, answers=ANSWERS
        ),
        {SURVEY},
    ),
    "extend_survey": (
        lambda w: services.extend_survey(
            actor=w["coach"],
            survey_id=w["survey"].pk,
            closes_on=timezone.localdate(w["survey"].closes_at),
        ),
        {SURVEY},
    ),
    # With the summaries it writes (summaries.summarise_closed).
    "close_survey": (
        lambda w: services.close_survey(actor=w["coach"], survey_id=w["survey"].pk),
        {SURVEY},
    ),
}


@pytest.fixture
def world(db):
    """An open survey of a visit held yesterday, and a visit without a survey."""
    coach = user_with_role(Role.TIM_COACHING)
    return {
        "coach": coach,
        "survey": services.open_survey(actor=coach, session_id=visit(2).pk),
        "unsurveyed": visit(2),
    }


@pytest.mark.parametrize("name", list(STEPS))
def test_a_step_locks_its_rows_for_no_key_update(world, name):
    step, locks = STEPS[name]
    assert row_locks(lambda: step(world)) == locks
