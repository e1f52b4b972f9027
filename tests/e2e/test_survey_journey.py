import datetime
import io
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.models import Role
from bookings.models import Attendance, CoachingSession, SessionKind
from surveys import services
from surveys.elements import ordered_elements
from surveys.models import Survey
from tests.accounts.factories import user_with_role
from tests.bookings.factories import BookingFactory
from tests.e2e.conftest import PHONE, login_through_form
from tests.pdf import PdfText
from tests.reports.factories import days_ago, held_skpd_session


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"], indirect=True)
def test_a_participant_answers_on_a_phone_and_the_index_updates(
    page, live_server, transactional_db, screenshot, viewport, settings
):
    settings.SKM_MIN_RESPONDENTS = 1  # one participant here; the threshold has its own test
    booking = BookingFactory(
        slot__start=timezone.now() - datetime.timedelta(hours=2),
        slot__end=timezone.now() - datetime.timedelta(hours=1),
    )
    session = CoachingSession.objects.create(
        kind=SessionKind.INDIVIDUAL,
        start=booking.slot.start,
        end=booking.slot.end,
        place="Ruang Coaching Clinic",
        booking=booking,
    )
    Attendance.objects.create(session=session, pegawai=booking.pegawai, present=True)
    coach = user_with_role(Role.TIM_COACHING)
    survey = services.open_survey(actor=coach, session_id=session.pk)
    link = reverse("surveys:answer", args=[survey.invitations.get().token])

    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", name="Survei Kepuasan Masyarakat")).to_be_visible()
    answers = [
        "Sangat sesuai",
        "Sangat mudah",
        "Cepat",
        "Gratis",
        "Sesuai",
        "Sangat kompeten",
        "Sangat sopan dan ramah",
        "Dikelola dengan baik",
        "Baik",
    ]
    for element, answer in zip(ordered_elements(), answers, strict=True):
        page.locator(f"fieldset:has(input[name='{element.value}'])").get_by_label(
            answer, exact=True
        ).check()
    page.get_by_label("Perempuan").check()
    page.get_by_label("30–39 tahun").check()
    page.get_by_label("D4/S1").check()
    page.get_by_label("PNS", exact=True).check()
    page.get_by_label("Saran untuk perbaikan layanan").fill("Jadwal sore hari juga.")
    screenshot("survey-phone")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("heading", name="Terima kasih atas penilaian Anda")).to_be_visible()

    page.goto(live_server.url + link)
    expect(
        page.get_by_role("heading", name="Survei ini sudah diisi. Terima kasih!")
    ).to_be_visible()

    # Once the survey closes, the team sees the session's index:
    # (4+4+3+4+3+4+4+4+3)/9 = 33/9 → 3,67; ×25 = 91,67 → A.
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now())
    login_through_form(page, live_server, coach)
    page.goto(live_server.url + reverse("surveys:survey_detail", args=[survey.pk]))
    expect(page.get_by_text("91,67").first).to_be_visible()
    expect(page.get_by_text("A · Sangat Baik")).to_be_visible()
    screenshot("survey-detail-phone")
    assert page.console_errors == []


def test_an_open_surveys_answer_shows_nowhere_until_the_team_closes_it(
    page, live_server, transactional_db, screenshot
):
    session = held_skpd_session(present=3, start=days_ago(1))
    coach = user_with_role(Role.TIM_COACHING)
    survey = services.open_survey(actor=coach, session_id=session.pk)
    mine, *others = survey.invitations.all()
    for invitation in others:
        services.submit_response(token=invitation.token, answers=SERVICE_ANSWERS)

    # A participant answers on its phone's browser, with a suggestion.
    page.goto(live_server.url + reverse("surveys:answer", args=[mine.token]))
    for element in ordered_elements():
        page.locator(f"fieldset:has(input[name='{element.value}'])").get_by_role(
            "radio"
        ).last.check()
    page.get_by_label("Laki-laki").check()
    page.get_by_label("40–49 tahun").check()
    page.get_by_label("D4/S1").check()
    page.get_by_label("PNS", exact=True).check()
    page.get_by_label("Saran untuk perbaikan layanan").fill("Mohon proyektor aula diganti")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("heading", name="Terima kasih atas penilaian Anda")).to_be_visible()

    login_through_form(page, live_server, coach)
    skpd = {"skpd": str(session.skpd_request.skpd_id)}
    for params in [{}, skpd]:
        page.goto(live_server.url + reverse("surveys:results") + "?" + urlencode(params))
        expect(
            page.get_by_text("1 survei masih dibuka dan jawabannya belum dihitung.")
        ).to_be_visible()
        expect(page.get_by_text("Mohon proyektor aula diganti")).to_have_count(0)
        assert "Mohon proyektor" not in downloads_text(page, live_server, params)
    screenshot("skm-results-open-survey")

    page.goto(live_server.url + reverse("surveys:survey_detail", args=[survey.pk]))
    expect(page.get_by_text("3 dari 3 peserta sudah mengisi.")).to_be_visible()
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Tutup survei sekarang").click()
    expect(page.get_by_text("Survei ditutup; jawabannya kini ikut dihitung.")).to_be_visible()
    expect(page.get_by_text("A · Sangat Baik")).to_be_visible()

    for params in [{}, skpd]:
        page.goto(live_server.url + reverse("surveys:results") + "?" + urlencode(params))
        expect(page.get_by_text("Mohon proyektor aula diganti")).to_be_visible()
        expect(page.get_by_text("survei masih dibuka")).to_have_count(0)
        assert "Mohon proyektor aula diganti" in downloads_text(page, live_server, params)
    screenshot("skm-results-closed-survey")
    assert page.console_errors == []


SERVICE_ANSWERS = {
    **{element.value: 4 for element in ordered_elements()},
    "gender": "p",
    "age_band": "30_39",
    "education": "s1",
    "occupation": "pns",
    "suggestion": "",
}


def downloads_text(page, live_server, params: dict) -> str:
    """The recap's PDF and Excel for ``params``, fetched with the signed-in browser's cookies,
    as one text."""
    query = "?" + urlencode(params)
    pdf = page.request.get(live_server.url + reverse("surveys:results_pdf") + query).body()
    xlsx = page.request.get(live_server.url + reverse("surveys:results_xlsx") + query).body()
    book = load_workbook(io.BytesIO(xlsx))
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    return str(PdfText(pdf)) + " ".join(cells)
