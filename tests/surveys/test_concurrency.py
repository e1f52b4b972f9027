"""Answers to one survey sent at the same instant: all stored, none lost to a deadlock."""

import threading

import pytest
from django.db import connection

from accounts.models import Role
from surveys import services
from surveys.models import Response
from tests.accounts.factories import user_with_role
from tests.surveys.test_privacy import ANSWERS, visit


@pytest.mark.django_db(transaction=True)
def test_ten_participants_answering_one_survey_at_once_are_all_stored():
    coach = user_with_role(Role.TIM_COACHING)
    survey = services.open_survey(actor=coach, session_id=visit(10).pk)
    tokens = list(survey.invitations.values_list("token", flat=True))
    start = threading.Barrier(len(tokens))
    outcomes = []

    def submit(token):
        try:
            start.wait()
            services.submit_response(token=token, answers=ANSWERS)
            outcomes.append("ok")
        except Exception as error:  # a deadlock would surface here as a database error
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=[token]) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == ["ok"] * 10
    assert Response.objects.filter(survey=survey).count() == 10
    assert not survey.invitations.filter(used=False).exists()
