"""The SKM summaries (surveys/summaries.py): each closed survey's answers summed once, the
privacy rule's blocks made from the sums, and every result equal to the rule counted
directly over the raw answers (tests/surveys/direct.py), for every filter."""

import datetime
import itertools

import pytest
from django.utils import timezone

from accounts.models import Role
from bookings.models import SessionKind
from surveys import services
from surveys.elements import Element
from surveys.models import Pooling, Response, SummaryBlock, Survey, SurveySummary
from surveys.selectors import ResultFilter, answer_figures, profile_counts, released_responses
from tests.accounts.factories import PegawaiFactory, SkpdFactory, user_with_role
from tests.reports.factories import held_individual_session, held_skpd_session
from tests.surveys.direct import DirectCount

pytestmark = pytest.mark.django_db

PROFILES = itertools.cycle(
    [
        ("l", "lt30", "s1", "pns", ""),
        ("p", "30_39", "d3", "pppk", "Ruangan sempit"),
        ("p", "40_49", "sma", "lain", ""),
        ("l", "gte50", "s2", "pns", "Tambah jadwal"),
    ]
)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def survey_of(session, answers: int, *, open_days: int = 0) -> Survey:
    """The session's survey with ``answers`` answers, closed (or open ``open_days`` more)."""
    now = timezone.now()
    survey = Survey.objects.create(
        session=session,
        opened_by=user_with_role(Role.TIM_COACHING),
        opened_at=now - datetime.timedelta(days=14),
        closes_at=now + datetime.timedelta(days=open_days) if open_days else now,
    )
    for n in range(answers):
        gender, age, education, occupation, suggestion = next(PROFILES)
        Response.objects.create(
            survey=survey,
            submitted_on=session.start.date().replace(day=1),
            **{code: 1 + (n + i + session.pk) % 4 for i, code in enumerate(Element.values)},
            gender=gender,
            age_band=age,
            education=education,
            occupation=occupation,
            suggestion=suggestion,
        )
    return survey


@pytest.fixture
def regency():
    """Three SKPD over two months: individual sessions (one answer each) that pool per
    SKPD and month, or only across SKPD, or not at all; visits of their own, small visits
    pooled; an open survey; one closing by its date during the test."""
    a, b, c = SkpdFactory(), SkpdFactory(), SkpdFactory()
    oct_, nov = datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)

    def individual(skpd, month, day, answers=1):
        session = held_individual_session(
            pegawai=PegawaiFactory(skpd=skpd), start=at(month.replace(day=day))
        )
        return survey_of(session, answers)

    def visit(skpd, month, day, answers, **kwargs):
        session = held_skpd_session(
            skpd=skpd, present=max(answers, 1), start=at(month.replace(day=day))
        )
        return survey_of(session, answers, **kwargs)

    # October, individual: A pools on its own (3); B and C (1 each) stay under the floor
    # even together; a survey nobody answered.
    for day in (2, 14, 27):
        individual(a, oct_, day)
    individual(b, oct_, 9)
    individual(c, oct_, 21)
    individual(a, oct_, 23, answers=0)
    # November, individual: A and B (2 each) pool only across SKPD; C pools on its own.
    for skpd, day in [(a, 3), (a, 18), (b, 5), (b, 25), (c, 6), (c, 12), (c, 28)]:
        individual(skpd, nov, day)
    # Visits: A's of October on its own; B's small one and C's smaller one pool across SKPD.
    visit(a, oct_, 15, 5)
    visit(b, oct_, 16, 2)
    visit(c, oct_, 29, 1)
    # November: A's still open; B's closes by its date during the test.
    visit(a, nov, 10, 4, open_days=3)
    closing = visit(b, nov, 20, 3, open_days=3)
    return {"skpd": [a, b, c], "closing": closing}


def every_filter(skpds) -> list[ResultFilter]:
    filters = [
        ResultFilter(kind=kind, skpd_id=skpd, year=year, month=month)
        for kind in ["", SessionKind.INDIVIDUAL, SessionKind.SKPD]
        for skpd in [None, *(s.pk for s in skpds)]
        for year, month in [(None, None), (2026, None), (2026, 10), (2026, 11), (2025, None)]
    ]
    sessions = list(Survey.objects.values_list("session_id", flat=True))
    filters += [ResultFilter(session_id=pk) for pk in sessions]
    filters += [ResultFilter(session_id=pk, skpd_id=skpds[0].pk) for pk in sessions]
    for first, last in [
        ((2026, 10, 1), (2026, 10, 31)),
        ((2026, 10, 10), (2026, 10, 20)),
        ((2026, 10, 1), (2026, 11, 30)),
        ((2026, 11, 15), (2026, 11, 30)),
    ]:
        filters.append(ResultFilter(first_day=datetime.date(*first), last_day=datetime.date(*last)))
    return filters


def assert_results_equal_a_direct_count(skpds) -> list:
    direct = DirectCount()
    seen = []
    for filters in every_filter(skpds):
        released = released_responses(filters)
        expected = direct.of(filters)
        got = (released.figures, released.held_back, released.open_surveys)
        assert got == (expected.figures, expected.held_back, expected.open_surveys), filters
        shown = set(released.responses.values_list("survey_id", flat=True).distinct())
        assert shown == {s for s in expected.survey_ids if direct.figures.get(s)}, filters
        assert released.figures == answer_figures(released.responses), filters
        seen.append(released)
    return seen


def test_every_result_equals_the_rule_counted_over_the_raw_answers(regency):
    seen = assert_results_equal_a_direct_count(regency["skpd"])
    # The world exercises every part of the rule.
    assert {block.pooling for block in SummaryBlock.objects.all()} == set(Pooling.values)
    assert any(released.withheld for released in seen)
    assert any(released.held_back and released.respondents for released in seen)
    assert any(released.open_surveys == 2 for released in seen)
    # October's individual answers of B and C (two) are in no block, shown nowhere.
    everything = released_responses(ResultFilter())
    closed = Response.objects.filter(survey__closes_at__lte=timezone.now()).count()
    assert (everything.respondents, everything.held_back) == (closed - 2, 2)


def test_each_summary_equals_a_count_of_its_surveys_answers(regency):
    released_responses(ResultFilter())
    closed = Survey.objects.filter(closes_at__lte=timezone.now())
    assert SurveySummary.objects.count() == closed.count() > 0
    for summary in SurveySummary.objects.select_related("survey"):
        direct = answer_figures(Response.objects.filter(survey=summary.survey))
        assert {name: getattr(summary, name) for name in direct} == direct
    # Each block's sums are its surveys' sums.
    for block in SummaryBlock.objects.all():
        members = SurveySummary.objects.filter(block=block)
        assert block.respondents == sum(m.respondents for m in members) >= 3
        assert block.suggestions == sum(m.suggestions for m in members)


def test_a_survey_closing_by_its_date_is_summarised_by_the_next_result(regency):
    closing = regency["closing"]
    in_its_month = ResultFilter(kind=SessionKind.SKPD, year=2026, month=11)
    before = released_responses(in_its_month)
    assert (before.respondents, before.open_surveys) == (0, 2)
    assert not SurveySummary.objects.filter(survey=closing).exists()
    # Its date passes: nothing runs, until someone asks for a result.
    Survey.objects.filter(pk=closing.pk).update(closes_at=timezone.now())
    after = released_responses(in_its_month)
    assert (after.respondents, after.open_surveys) == (3, 1)
    closing.refresh_from_db()
    assert closing.summary_floor == 3
    assert closing.summary.respondents == 3
    assert_results_equal_a_direct_count(regency["skpd"])


def test_the_team_closing_a_survey_writes_its_summary_at_once(regency):
    coach = user_with_role(Role.TIM_COACHING)
    survey = services.close_survey(actor=coach, survey_id=regency["closing"].pk)
    summary = SurveySummary.objects.get(survey=survey)
    assert summary.respondents == 3
    assert summary.block.pooling == Pooling.SURVEY
    assert Survey.objects.get(pk=survey.pk).summary_floor == 3
    assert_results_equal_a_direct_count(regency["skpd"])


def test_a_changed_floor_remakes_every_block(regency, settings):
    released_responses(ResultFilter())
    summaries = SurveySummary.objects.count()
    settings.SKM_MIN_RESPONDENTS = 2
    assert_results_equal_a_direct_count(regency["skpd"])
    assert set(Survey.objects.exclude(summary_floor=None).values_list("summary_floor")) == {(2,)}
    assert SurveySummary.objects.count() == summaries  # the sums themselves are final
    # October's individual answers of B and C now pool across SKPD, and B's small visit is
    # a block of its own: only C's visit of one answer stays out.
    assert released_responses(ResultFilter()).held_back == 1
    settings.SKM_MIN_RESPONDENTS = 5
    assert_results_equal_a_direct_count(regency["skpd"])


def test_a_result_reads_only_the_summaries_once_they_are_written(
    regency, django_assert_num_queries
):
    released_responses(ResultFilter())
    # The open surveys, the shown blocks' sums, the closed answers in the filter.
    for filters in every_filter(regency["skpd"])[::7]:
        with django_assert_num_queries(3):
            released = released_responses(filters)
            assert released.result.respondents == released.respondents
            profile_counts(released.figures)
