"""The SKM's privacy rule (surveys/selectors.py, docs/skm-privacy.md): open surveys count
nowhere, and no pair of allowed filters tells apart fewer than SKM_MIN_RESPONDENTS people."""

import datetime
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Role, Skpd
from bookings.models import CoachingSession, SessionKind
from reports.selectors import period_figures
from surveys import services
from surveys.elements import Element
from surveys.models import Response, Survey, SurveySummary
from surveys.selectors import ResultFilter, released_responses
from tests.accounts.factories import user_with_role
from tests.pdf import PdfText
from tests.reports.factories import days_ago, held_skpd_session
from tests.shared import built_once
from tests.surveys.direct import DirectCount

ANSWERS = {
    **dict.fromkeys(Element.values, 4),
    "gender": "l",
    "age_band": "lt30",
    "education": "s1",
    "occupation": "pns",
    "suggestion": "",
}


def visit(participants: int, *, skpd: Skpd | None = None) -> CoachingSession:
    """A held SKPD visit of yesterday whose participants all came."""
    return held_skpd_session(
        present=participants, start=days_ago(1), **({"skpd": skpd} if skpd else {})
    )


def answer_all(survey: Survey, **overrides) -> None:
    for invitation in survey.invitations.all():
        services.submit_response(token=invitation.token, answers={**ANSWERS, **overrides})


@pytest.fixture
def coach():
    return user_with_role(Role.TIM_COACHING)


@pytest.fixture
def kepala_bidang(client):
    client.force_login(user_with_role(Role.KEPALA_BIDANG))
    return client


def everything_shown(client, params: dict) -> str:
    """The results page, its PDF and its Excel for ``params``, as one text."""
    page = client.get(reverse("surveys:results"), params).content.decode()
    pdf = str(PdfText(client.get(reverse("surveys:results_pdf"), params).content))
    book = load_workbook(io.BytesIO(client.get(reverse("surveys:results_xlsx"), params).content))
    cells = " ".join(
        str(cell)
        for sheet in book
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )
    return "\n".join([page, pdf, cells])


@pytest.mark.django_db
class TestOpenSurveysCountNowhere:
    def test_an_open_surveys_answers_show_under_no_filter_until_it_is_closed(
        self, kepala_bidang, coach
    ):
        session = visit(4)
        skpd = session.skpd_request.skpd
        survey = services.open_survey(actor=coach, session_id=session.pk)
        answer_all(survey, suggestion="Ruang aula terlalu panas")
        local = timezone.localtime(session.start)
        filters = [
            {},
            {"skpd": skpd.pk},
            {"kind": SessionKind.SKPD},
            {"year": local.year, "month": local.month},
            {"year": local.year, "skpd": skpd.pk, "kind": SessionKind.SKPD},
            {"sesi": session.pk},
        ]
        for params in filters:
            shown = everything_shown(kepala_bidang, params)
            assert "Ruang aula terlalu panas" not in shown, params
            assert "100,00" not in shown and "Sangat Baik" not in shown, params
            assert "1 survei masih dibuka dan jawabannya belum dihitung." in shown, params
        figures = period_figures(local.date(), local.date())
        assert (figures.respondents, figures.converted, figures.open_surveys) == (0, "", 1)

        services.close_survey(actor=coach, survey_id=survey.pk)
        for params in filters:
            shown = everything_shown(kepala_bidang, params)
            assert "Ruang aula terlalu panas" in shown, params
            assert "100,00" in shown and "survei masih dibuka" not in shown, params
        figures = period_figures(local.date(), local.date())
        assert (figures.respondents, figures.converted, figures.open_surveys) == (4, "100.00", 0)

    def test_the_team_closes_a_survey_early_and_the_unused_links_say_so(self, client, coach):
        survey = services.open_survey(actor=coach, session_id=visit(3).pk)
        first, *rest = survey.invitations.all()
        services.submit_response(token=first.token, answers=ANSWERS)
        client.force_login(coach)
        detail = client.get(reverse("surveys:survey_detail", args=[survey.pk])).content.decode()
        assert "Tutup survei sekarang" in detail and "data-confirm" in detail
        response = client.post(reverse("surveys:close", args=[survey.pk]), follow=True)
        assert "Survei ditutup" in response.content.decode()
        survey.refresh_from_db()
        assert survey.closes_at <= timezone.now()
        assert survey.history.first().history_change_reason == "Ditutup lebih awal"
        assert survey.history.first().history_user == coach
        page = client.get(reverse("surveys:answer", args=[rest[0].token])).content.decode()
        assert "sudah berakhir" in page
        with pytest.raises(services.SurveyError):
            services.submit_response(token=rest[1].token, answers=ANSWERS)
        assert Response.objects.count() == 1
        # A closed survey is not closed again, nor extended (its figures were shown).
        again = client.post(reverse("surveys:close", args=[survey.pk]), follow=True)
        assert "Survei ini sudah ditutup." in again.content.decode()
        with pytest.raises(services.SurveyError):
            services.extend_survey(actor=coach, survey_id=survey.pk, closes_on=timezone.localdate())

    def test_the_team_extends_an_open_survey_within_bounds(self, client, coach):
        survey = services.open_survey(actor=coach, session_id=visit(3).pk)
        closes_at = survey.closes_at
        client.force_login(coach)
        url = reverse("surveys:extend", args=[survey.pk])
        today = timezone.localdate()
        refused = {
            "": "Isi tanggal baru penutupan survei.",
            "31/02/2026": "Tanggal tidak valid.",
            (today + datetime.timedelta(days=2)).isoformat(): "sesudah tanggal penutupan",
            (today + datetime.timedelta(days=29)).isoformat(): "paling lama 14 hari sesudah",
        }
        for value, message in refused.items():
            page = client.post(url, {"closes_on": value}, follow=True).content.decode()
            assert message in page, value
            survey.refresh_from_db()
            assert survey.closes_at == closes_at
        Survey.objects.filter(pk=survey.pk).update(
            closes_at=timezone.now() + datetime.timedelta(days=1)
        )
        later = today + datetime.timedelta(days=10)
        page = client.post(url, {"closes_on": later.isoformat()}, follow=True).content.decode()
        assert "Masa pengisian diperpanjang sampai" in page
        survey.refresh_from_db()
        assert timezone.localtime(survey.closes_at).date() == later + datetime.timedelta(days=1)
        assert survey.history.first().history_change_reason == "Diperpanjang"

    def test_only_the_team_closes_or_extends(self, client, coach):
        survey = services.open_survey(actor=coach, session_id=visit(3).pk)
        closes_at = survey.closes_at
        for role in [Role.ASN, Role.KASUBAG_UMUM, Role.KEPALA_BKPSDM]:
            client.force_login(user_with_role(role))
            assert client.post(reverse("surveys:close", args=[survey.pk])).status_code == 403
            extend = client.post(
                reverse("surveys:extend", args=[survey.pk]),
                {"closes_on": timezone.localdate().isoformat()},
            )
            assert extend.status_code == 403
        client.force_login(coach)
        assert client.get(reverse("surveys:close", args=[survey.pk])).status_code == 405
        survey.refresh_from_db()
        assert survey.closes_at == closes_at


@pytest.mark.django_db
class TestWithheldResults:
    def test_a_small_closed_survey_shows_only_inside_a_block_of_three(self, kepala_bidang, coach):
        session = visit(2)
        survey = services.open_survey(actor=coach, session_id=session.pk)
        answer_all(survey, suggestion="Saran yang hanya dua orang tahu")
        services.close_survey(actor=coach, survey_id=survey.pk)
        for params in [{"sesi": session.pk}, {}, {"skpd": session.skpd_request.skpd_id}]:
            shown = everything_shown(kepala_bidang, params)
            assert "Ditahan: kurang dari 3 responden" in shown
            assert "Saran yang hanya dua orang tahu" not in shown
            assert "Jumlah responden" not in shown

    def test_the_recap_pdf_names_what_it_was_filtered_to(self, kepala_bidang, coach):
        skpd = Skpd.objects.create(name="Dinas Pertanian", short_name="DISTAN", kind="dinas")
        session = visit(3, skpd=skpd)
        survey = services.open_survey(actor=coach, session_id=session.pk)
        answer_all(survey)
        services.close_survey(actor=coach, survey_id=survey.pk)
        local = timezone.localtime(session.start)
        params = {
            "kind": SessionKind.SKPD,
            "skpd": skpd.pk,
            "year": local.year,
            "month": local.month,
        }
        text = str(PdfText(kepala_bidang.get(reverse("surveys:results_pdf"), params).content))
        month = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus"]
        month += ["September", "Oktober", "November", "Desember"]
        assert "Jenis layanan Di SKPD" in text
        assert "SKPD Dinas Pertanian" in text
        assert f"Periode {month[local.month - 1]} {local.year}" in text
        assert "Jumlah responden 3" in text
        session_pdf = kepala_bidang.get(reverse("surveys:results_pdf"), {"sesi": session.pk})
        assert "Sesi Di SKPD · Dinas Pertanian" in str(PdfText(session_pdf.content))
        everything = kepala_bidang.get(reverse("surveys:results_pdf"))
        assert "Semua sesi, semua SKPD, semua periode" in str(PdfText(everything.content))


# Differencing: every pair of allowed filters on the demo regency ---------------------------


@pytest.fixture(scope="module")
def demo_regency(django_db_setup, django_db_blocker):
    """The demo of `make run`, built once for the module and rolled back after it."""
    with built_once(django_db_blocker):
        call_command("seed_demo", "--force", stdout=StringIO())
        yield


def allowed_filters() -> list[ResultFilter]:
    """Every filter the results page accepts on the demo's data, each session's own, and
    the evaluation meetings' periods (months, quarters, and spans that cut months)."""
    years = sorted({start.year for start in CoachingSession.objects.dates("start", "year")})
    skpd_ids = [None, *Skpd.objects.values_list("pk", flat=True)]
    filters = [
        ResultFilter(kind=kind, skpd_id=skpd_id, year=year, month=month)
        for kind in ["", SessionKind.INDIVIDUAL, SessionKind.SKPD]
        for skpd_id in skpd_ids
        for year, month in [(None, None)]
        + [(year, month) for year in years for month in [None, *range(1, 13)]]
    ]
    filters += [
        ResultFilter(session_id=pk) for pk in Survey.objects.values_list("session_id", flat=True)
    ]
    for year in years:
        for quarter in range(4):
            first = datetime.date(year, 3 * quarter + 1, 1)
            last = (first + datetime.timedelta(days=95)).replace(day=1)
            filters.append(ResultFilter(first_day=first, last_day=last - datetime.timedelta(1)))
            filters.append(
                ResultFilter(first_day=first.replace(day=10), last_day=first.replace(day=20))
            )
    return filters


@pytest.mark.django_db
def test_no_pair_of_allowed_filters_isolates_fewer_than_three_respondents(demo_regency):
    floor = 3
    released = {}  # frozenset of (survey, respondents) → how many respondents
    for filters in allowed_filters():
        per_survey = (
            released_responses(filters)
            .responses.values_list("survey_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        shown = frozenset(per_survey)
        released[shown] = sum(n for _survey, n in shown)
    assert all(total == 0 or total >= floor for total in released.values())
    # As bit sets over the surveys, so that a million pairs stay quick.
    bit = {survey: 1 << i for i, survey in enumerate({s for shown in released for s, _n in shown})}
    sets = [(sum(bit[s] for s, _n in shown), total) for shown, total in released.items()]
    isolating = [
        (big_total, small_total)
        for big, big_total in sets
        for small, small_total in sets
        if small & ~big == 0 and 0 < big_total - small_total < floor
    ]
    assert isolating == []
    # The demo has data enough for the test to mean something: visits, pooled individual
    # answers, and SKPD-level filters that show some of both.
    assert len(released) > 100
    assert Response.objects.count() > 5000


@pytest.mark.django_db
def test_demo_regency_figures_equal_a_direct_count_where_nothing_is_held_back(demo_regency):
    """The blocks leave out nothing when a filter holds whole months of the regency."""
    now = timezone.now()
    closed = Response.objects.filter(survey__closes_at__lte=now)
    everything = released_responses(ResultFilter())
    assert everything.respondents == everything.responses.count()
    small_leftovers = everything.held_back
    assert everything.respondents + small_leftovers == closed.count()
    assert everything.open_surveys == Survey.objects.filter(closes_at__gt=now).count()
    # Only the few individual answers of a month too small to form any block are left out.
    assert small_leftovers < 3 * 2 * 24


@pytest.mark.django_db
def test_the_seeded_summaries_equal_a_direct_count_under_every_filter(demo_regency):
    """The demo's seed wrote the summaries and blocks of its closed surveys (set-based), and
    every filter's figures equal the rule counted over the raw answers."""
    now = timezone.now()
    closed = Survey.objects.filter(closes_at__lte=now - datetime.timedelta(minutes=5))
    assert not closed.filter(summary_floor__isnull=True).exists()
    assert SurveySummary.objects.filter(survey__in=closed).count() == closed.count() > 100
    direct = DirectCount(now)
    for filters in allowed_filters():
        released = released_responses(filters)
        expected = direct.of(filters)
        assert (released.figures, released.held_back, released.open_surveys) == (
            expected.figures,
            expected.held_back,
            expected.open_surveys,
        ), filters
