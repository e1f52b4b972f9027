"""The SKM results page's body is kept drawn under the version of the tables it is drawn from
(surveys.results.body_key, surveys migration 0004): drawn again after any change that can
show, never for a query of its own."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, Skpd
from core import versions
from surveys import services
from surveys.models import Response, Survey
from surveys.results import RESULTS_VERSION
from tests.accounts.factories import user_with_role
from tests.pages import body_drawn
from tests.surveys.test_privacy import answer_all, visit

BODY = "surveys/includes/results_body.html"

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach():
    return user_with_role(Role.TIM_COACHING)


@pytest.fixture
def closed_visit(coach):
    """A visit of five whose survey was answered (with a suggestion) and closed."""
    session = visit(5)
    survey = services.open_survey(actor=coach, session_id=session.pk)
    answer_all(survey, suggestion="Ruang aula terlalu panas")
    services.close_survey(actor=coach, survey_id=survey.pk)
    return session


@pytest.fixture
def reader(client):
    client.force_login(user_with_role(Role.KEPALA_BIDANG))
    return client


def drawn(client, **query) -> tuple[bool, str]:
    """Whether the body was drawn for this request, and the page's own part (the header's
    forms carry a new CSRF mask every time)."""
    response = client.get(reverse("surveys:results"), query)
    assert response.status_code == 200
    return body_drawn(response, BODY)


def test_the_body_is_drawn_once_until_a_survey_closes(reader, coach, closed_visit):
    second = visit(4, skpd=closed_visit.skpd_request.skpd)
    was_drawn, first = drawn(reader)
    assert was_drawn and ">5<" in first and "Ruang aula terlalu panas" in first
    again_drawn, again = drawn(reader)
    assert not again_drawn and again == first
    # Another visit's survey opens and is answered: it counts nowhere yet, but the page
    # says that one survey is still open (opening a survey renews no version: the open
    # surveys' number is in the key).
    version = versions.current(RESULTS_VERSION)
    survey = services.open_survey(actor=coach, session_id=second.pk)
    answer_all(survey, suggestion="Materi perlu contoh")
    assert versions.current(RESULTS_VERSION) == version
    was_drawn, open_one = drawn(reader)
    assert (
        was_drawn and "1 survei masih dibuka" in open_one and "Materi perlu contoh" not in open_one
    )
    # It closes: its answers join the figures and its suggestion shows.
    services.close_survey(actor=coach, survey_id=survey.pk)
    was_drawn, closed = drawn(reader)
    assert was_drawn and ">9<" in closed and "Materi perlu contoh" in closed
    assert "survei masih dibuka" not in closed


def test_a_survey_closed_by_its_date_is_drawn_at_the_next_request(reader, coach, closed_visit):
    survey = services.open_survey(actor=coach, session_id=visit(4).pk)
    answer_all(survey, suggestion="Materi perlu contoh")
    was_drawn, open_one = drawn(reader)
    assert was_drawn and "1 survei masih dibuka" in open_one
    assert not drawn(reader)[0]
    # Its date passes (no service runs): the next request summarises it, and draws anew.
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    was_drawn, closed = drawn(reader)
    assert was_drawn and ">9<" in closed and "Materi perlu contoh" in closed


def test_a_suggestion_taken_back_or_an_skpd_renamed_draws_it_again_not_its_address(
    reader, closed_visit
):
    drawn(reader)
    Response.objects.filter(suggestion="Ruang aula terlalu panas").update(suggestion="")
    was_drawn, page = drawn(reader)
    assert was_drawn and "Ruang aula terlalu panas" not in page
    skpd = Skpd.objects.filter(pk=closed_visit.skpd_request.skpd_id)
    skpd.update(address="Jl. Ahmad Yani No. 1, Paringin")  # not shown: kept
    assert not drawn(reader)[0]
    skpd.update(name="Dinas Baru Berganti Nama")
    was_drawn, page = drawn(reader)
    assert was_drawn and "Dinas Baru Berganti Nama" in page


def test_each_filter_and_language_has_its_own_body(reader, closed_visit):
    skpd = closed_visit.skpd_request.skpd_id
    _was_drawn, everyone = drawn(reader)
    was_drawn, own = drawn(reader, skpd=skpd)
    assert was_drawn and own != everyone and f'value="{skpd}" selected' in own
    assert not drawn(reader, skpd=skpd)[0]
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    was_drawn, english = drawn(reader)
    assert was_drawn and "Respondent profile" in english and "Profil responden" in everyone


@pytest.mark.parametrize(
    "query",
    [
        {"utm_source": "wa"},
        {"page": "2"},
        {"year": "abc"},
        {"kind": ["skpd", "individual"]},
        {"year": "02026"},
        {"year": "2020"},
        {"sesi": "1"},
    ],
    ids=[
        "own-parameter",
        "later-page",
        "refused",
        "repeated",
        "written-otherwise",
        "long-past",
        "session",
    ],
)
def test_a_query_the_filter_does_not_write_so_is_drawn_but_not_kept(reader, query):
    assert drawn(reader, **query)[0]
    assert drawn(reader, **query)[0]


def test_a_new_release_draws_the_body_again(reader, closed_visit, settings):
    drawn(reader)
    assert not drawn(reader)[0]
    settings.RELEASE = "a-newer-release"
    assert drawn(reader)[0]
