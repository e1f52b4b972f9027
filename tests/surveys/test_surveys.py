import datetime
import io
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from accounts.models import Role
from bookings.models import Attendance, CoachingSession, SessionKind
from surveys import services
from surveys.elements import Element
from surveys.forms import ResultFilterForm
from surveys.models import Invitation, Response, Survey
from tests.accounts.factories import PegawaiWithAccountFactory, user_with_role
from tests.bookings.factories import BookingFactory
from tests.pages import own_part
from tests.pdf import PdfText

ANSWERS = {
    **dict.fromkeys(Element.values, "4"),
    "gender": "p",
    "age_band": "30_39",
    "education": "s1",
    "occupation": "pns",
}


def held_session(participants: int = 2) -> CoachingSession:
    booking = BookingFactory(
        slot__start=timezone.now() - datetime.timedelta(hours=2),
        slot__end=timezone.now() - datetime.timedelta(hours=1),
    )
    session = CoachingSession.objects.create(
        kind=SessionKind.INDIVIDUAL,
        start=booking.slot.start,
        end=booking.slot.end,
        place="Ruang",
        booking=booking,
    )
    people = [booking.pegawai, *PegawaiWithAccountFactory.create_batch(participants - 1)]
    for n, pegawai in enumerate(people):
        pegawai.user.email = f"peserta{n}@contoh.go.id"
        pegawai.user.save()
        Attendance.objects.create(session=session, pegawai=pegawai, present=True)
    return session


@pytest.fixture
def coach():
    return user_with_role(Role.TIM_COACHING)


@pytest.mark.django_db(transaction=True)
def test_opening_sends_one_single_use_link_per_participant_who_attended(coach):
    session = held_session(3)
    absent = PegawaiWithAccountFactory()
    Attendance.objects.create(session=session, pegawai=absent, present=False)
    survey = services.open_survey(actor=coach, session_id=session.pk)
    assert survey.invitations.count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == [f"peserta{n}@contoh.go.id" for n in range(3)]
    assert all(
        services.link_of(i) in " ".join(m.body for m in mail.outbox)
        for i in survey.invitations.all()
    )
    assert len({i.token for i in survey.invitations.all()}) == 3


@pytest.mark.django_db
class TestAnswering:
    def test_a_participant_answers_once_and_the_index_updates(self, client, coach):
        survey = services.open_survey(actor=coach, session_id=held_session().pk)
        token = survey.invitations.first().token
        url = reverse("surveys:answer", args=[token])
        assert "Survei Kepuasan Masyarakat" in client.get(url).content.decode()
        response = client.post(url, ANSWERS)
        assert "Terima kasih" in response.content.decode()
        assert Response.objects.count() == 1
        second = client.post(url, ANSWERS)
        assert "sudah diisi" in second.content.decode()
        assert Response.objects.count() == 1

    @pytest.mark.parametrize(
        "tampered",
        [{"e3": "5"}, {"e3": "0"}, {"e3": "x"}, {"e9": None}, {"gender": "z"}],
    )
    def test_a_tampered_form_is_refused_and_changes_nothing(self, client, coach, tampered):
        survey = services.open_survey(actor=coach, session_id=held_session().pk)
        invitation = survey.invitations.first()
        data = {**ANSWERS, **tampered}
        data = {k: v for k, v in data.items() if v is not None}
        response = client.post(reverse("surveys:answer", args=[invitation.token]), data)
        assert response.status_code == 200
        assert "belum dijawab" in response.content.decode()
        invitation.refresh_from_db()
        assert (Response.objects.count(), invitation.used) == (0, False)

    def test_a_forged_token_and_an_expired_one_are_told_apart_kindly(self, client, coach):
        survey = services.open_survey(actor=coach, session_id=held_session().pk)
        assert client.get(reverse("surveys:answer", args=["bukan-token-asli"])).status_code == 404
        Survey.objects.filter(pk=survey.pk).update(
            closes_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        response = client.post(
            reverse("surveys:answer", args=[survey.invitations.first().token]), ANSWERS
        )
        assert "sudah berakhir" in response.content.decode()
        assert not Response.objects.exists()

    def test_reminders_go_to_those_who_have_not_answered_at_most_daily(self, coach, client):
        survey = services.open_survey(actor=coach, session_id=held_session(3).pk)
        first = survey.invitations.first()
        client.post(reverse("surveys:answer", args=[first.token]), ANSWERS)
        # The invitation itself was the day's message.
        assert services.send_reminders(actor=coach, survey_id=survey.pk) == 0
        a_day_ago = timezone.now() - datetime.timedelta(days=1, minutes=1)
        Invitation.objects.filter(survey=survey).update(last_reminded_at=a_day_ago)
        assert services.send_reminders(actor=coach, survey_id=survey.pk) == 2
        assert services.send_reminders(actor=coach, survey_id=survey.pk) == 0
        sent = Invitation.objects.filter(survey=survey).values_list("reminders_sent", flat=True)
        assert sorted(sent) == [0, 1, 1]


@pytest.mark.django_db
class TestAnonymity:
    def test_an_answer_keeps_no_link_to_a_person_or_an_invitation(self):
        relations = {f.name for f in Response._meta.get_fields() if f.is_relation}
        assert relations == {"survey"}
        assert {f.name for f in Response._meta.get_fields()} & {
            "created_at",
            "token",
            "pegawai",
            "invitation",
        } == set()

    def test_too_few_answers_are_withheld_everywhere(self, client, coach):
        session = held_session(2)
        survey = services.open_survey(actor=coach, session_id=session.pk)
        token = survey.invitations.first().token
        client.post(
            reverse("surveys:answer", args=[token]), {**ANSWERS, "suggestion": "Rahasia saya"}
        )
        services.close_survey(actor=coach, survey_id=survey.pk)
        client.force_login(user_with_role(Role.KEPALA_BIDANG))
        for params in [{"sesi": session.pk}, {}]:
            page = client.get(reverse("surveys:results"), params).content.decode()
            assert "Ditahan: kurang dari 3 responden" in page
            assert "Rahasia saya" not in page
            assert "100,00" not in page
            pdf = client.get(reverse("surveys:results_pdf"), params).content
            text = PdfText(pdf)
            assert "REKAPITULASI" in text and "Ditahan: kurang dari 3 responden" in text
            assert "Rahasia" not in text and "Jumlah responden" not in text
            book = load_workbook(
                io.BytesIO(client.get(reverse("surveys:results_xlsx"), params).content)
            )
            cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
            assert any(str(c).startswith("Ditahan: kurang dari 3 responden") for c in cells)
            assert 4 not in cells and 1 not in cells  # no element sums, no respondent count
            profile = [c for row in book["Responden"].iter_rows(values_only=True) for c in row]
            assert profile[0].startswith("Ditahan: kurang dari 3 responden")

    def test_no_page_or_export_shows_who_answered_what(self, client, coach, settings):
        settings.SKM_MIN_RESPONDENTS = 1
        session = held_session(2)
        survey = services.open_survey(actor=coach, session_id=session.pk)
        invitation = survey.invitations.select_related("pegawai").first()
        client.post(
            reverse("surveys:answer", args=[invitation.token]),
            {**ANSWERS, "suggestion": "Tambah sesi sore"},
        )
        Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now())
        client.force_login(user_with_role(Role.KEPALA_BIDANG))
        names = {i.pegawai.name for i in survey.invitations.select_related("pegawai")}
        page = client.get(reverse("surveys:results"), {"sesi": session.pk}).content.decode()
        pdf = client.get(reverse("surveys:results_pdf"), {"sesi": session.pk}).content
        pdf_text = PdfText(pdf)
        book = load_workbook(
            io.BytesIO(client.get(reverse("surveys:results_xlsx"), {"sesi": session.pk}).content)
        )
        xlsx_text = " ".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
        assert "Persyaratan" in page and "REKAPITULASI" in pdf_text and "Persyaratan" in xlsx_text
        for person in names:
            assert person not in page and person not in pdf_text and person not in xlsx_text
        # The team's survey page lists the links by name but not who has answered.
        client.force_login(coach)
        detail = client.get(reverse("surveys:survey_detail", args=[survey.pk])).content.decode()
        assert "sudah mengisi</span>" not in detail
        assert "1 dari 2 peserta sudah mengisi" in detail
        assert "Tambah sesi sore" in client.get(reverse("surveys:results")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_same_link_submitted_twice_at_once_gives_one_answer(coach):
    survey = services.open_survey(actor=coach, session_id=held_session().pk)
    token = survey.invitations.first().token
    start = threading.Barrier(6)
    outcomes = []

    def submit():
        try:
            start.wait()
            services.submit_response(
                token=token,
                answers={
                    **dict.fromkeys(Element.values, 4),
                    "gender": "l",
                    "age_band": "lt30",
                    "education": "s1",
                    "occupation": "pns",
                    "suggestion": "",
                },
            )
            outcomes.append("ok")
        except services.SurveyError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("ok") == 1
    assert outcomes.count("used") == 5
    assert Response.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("answers", [30, 600])
def test_the_results_page_runs_a_fixed_number_of_queries(
    client, coach, django_assert_num_queries, answers
):
    session = held_session(1)
    survey = Survey.objects.create(
        session=session,
        opened_by=coach,
        opened_at=timezone.now() - datetime.timedelta(days=14),
        closes_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    Response.objects.bulk_create(
        [
            Response(
                survey=survey,
                submitted_on=timezone.localdate(),
                **{code: 1 + (n + i) % 4 for i, code in enumerate(Element.values)},
                gender="l",
                age_band="lt30",
                education="s1",
                occupation="pns",
                suggestion="Saran" if n % 10 == 0 else "",
            )
            for n in range(answers)
        ]
    )
    client.force_login(user_with_role(Role.KEPALA_BIDANG))
    # The first result after the survey closed by its date writes its summary: a
    # savepoint, the lock, the surveys to summarise, their sums, their kinds and months,
    # the blocks of those (unlinked, deleted, made) and the surveys marked, a release;
    # then the version of what the page shows, which its drawn body is kept under.
    with django_assert_num_queries(8 + 10 + 1):
        response = client.get(reverse("surveys:results"))
    assert response.context["shown"]["result"].respondents == answers
    # Again: session, user, roles, the open and unsummarised surveys, the version; the
    # body comes from the cache.
    with django_assert_num_queries(5):
        again = client.get(reverse("surveys:results"))
    assert own_part(again) == own_part(response)
    # A later page of suggestions is drawn each time: session, user, roles, the open and
    # unsummarised surveys, the shown blocks' sums, the closed answers in the filter, SKPD
    # choices, the suggestions' page (their number is in the sums).
    with django_assert_num_queries(8):
        response = client.get(reverse("surveys:results"), {"page": 2})
    assert response.context["shown"]["result"].respondents == answers
    assert response.context["shown"]["suggestions"].paginator.count == answers // 10
    suggestions = response.context["shown"]["suggestions"]
    page = [item.suggestion for item in suggestions]
    assert page == ["Saran"] * min(25, answers // 10)


@pytest.mark.django_db
def test_only_the_team_opens_surveys_and_bkpsdm_sees_results(client):
    client.force_login(user_with_role(Role.ASN))
    assert client.get(reverse("surveys:session_list")).status_code == 403
    assert client.get(reverse("surveys:results")).status_code == 403
    client.force_login(user_with_role(Role.KASUBAG_UMUM))
    assert client.get(reverse("surveys:results")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["%00", "a" * 300, "²²²²²²²²²²²²²²²²²²²²²"])
def test_odd_tokens_are_unknown_links_not_errors(client, token):
    assert client.get(f"/s/{token}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params", [{"sesi": "²"}, {"sesi": "9" * 40}, {"month": "3"}, {"year": "x"}]
)
def test_odd_result_filters_show_no_figures_not_errors(client, params):
    client.force_login(user_with_role(Role.KEPALA_BIDANG))
    for name in ["surveys:results", "surveys:results_pdf", "surveys:results_xlsx"]:
        assert client.get(reverse(name), params).status_code == 200


@pytest.mark.django_db
def test_compute_averages_many_respondents_from_the_database(coach):
    from decimal import Decimal

    from surveys import ikm

    session = held_session(1)
    survey = Survey.objects.create(
        session=session, opened_by=coach, opened_at=timezone.now(), closes_at=timezone.now()
    )
    profile = {"gender": "l", "age_band": "lt30", "education": "s1", "occupation": "pns"}
    rows = [[4, 3, 4, 4, 3, 3, 4, 2, 3], [3, 3, 4, 4, 3, 4, 4, 3, 4]]
    for scores in rows:
        Response.objects.create(
            survey=survey,
            submitted_on=timezone.localdate(),
            **dict(zip(Element.values, scores, strict=True)),
            **profile,
        )
    result = ikm.compute(Response.objects.filter(survey=survey))
    assert (result.respondents, result.ikm_display, result.converted, result.grade) == (
        2,
        Decimal("3.44"),
        Decimal("86.11"),
        "B",
    )
    # Element sums 7,6,8,8,6,7,8,5,7: the weakest is e8 (NRR 2,5).
    assert [score.element.value for score in result.weakest] == ["e8"]


@pytest.mark.django_db
def test_a_visit_gets_its_survey_only_once_marked_held(coach):
    from bookings.models import RequestStatus
    from tests.reports.factories import held_skpd_session

    session = held_skpd_session(status=RequestStatus.SCHEDULED)
    with pytest.raises(services.SurveyError, match="ditandai sudah dilaksanakan"):
        services.open_survey(actor=coach, session_id=session.pk)
    assert not Survey.objects.exists()
    session.skpd_request.status = RequestStatus.HELD
    session.skpd_request.save()
    assert services.open_survey(actor=coach, session_id=session.pk).invitations.count() == 3


@pytest.mark.django_db
def test_the_profile_counts_equal_a_count_per_field(coach):
    from django.db.models import Count

    from surveys.selectors import (
        PROFILE_FIELDS,
        ResultFilter,
        answer_figures,
        profile_counts,
        released_responses,
    )

    session = held_session(1)
    survey = Survey.objects.create(
        session=session, opened_by=coach, opened_at=timezone.now(), closes_at=timezone.now()
    )
    profiles = [
        ("l", "lt30", "s1", "pns"),
        ("p", "30_39", "s1", "pppk"),
        ("p", "gte50", "d3", "lain"),
    ]
    for gender, age, education, occupation in profiles * 3:
        Response.objects.create(
            survey=survey,
            submitted_on=timezone.localdate(),
            **dict.fromkeys(Element.values, 3),
            gender=gender,
            age_band=age,
            education=education,
            occupation=occupation,
        )
    responses = Response.objects.all()
    expected = []
    for field, choices in PROFILE_FIELDS:
        counts = dict(responses.values_list(field).annotate(n=Count("pk")))
        label = str(Response._meta.get_field(field).verbose_name)
        expected.append((label, [(str(c.label), counts.get(c.value, 0)) for c in choices]))
    assert profile_counts(answer_figures(responses)) == expected
    # The same from the survey's summary, through the results.
    released = released_responses(ResultFilter(session_id=session.pk))
    assert profile_counts(released.figures) == expected
    assert expected[0][1] == [("Laki-laki", 3), ("Perempuan", 6)]


def test_the_results_filter_names_the_months_in_the_reader_s_language():
    assert ResultFilterForm().fields["month"].choices[8] == (8, "Agustus")
    with translation.override("en"):
        assert str(ResultFilterForm().fields["month"].choices[8][1]) == "August"
