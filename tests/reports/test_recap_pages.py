"""The recap pages: who sees what (403/404, nothing changed), starting a month with bad
input, the workflow's buttons, the PDF's text, individual sessions pointed to their month,
and the pinned query counts."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import Jenjang, Role
from core.models import IssuedDocument
from reports import services
from reports.models import MonthlyRecap, ReportStatus, SessionReport
from skp_drafts.models import SkpStatus
from tests.accounts.factories import PegawaiWithAccountFactory, SkpdFactory, user_with_role
from tests.bookings.factories import WITA
from tests.pdf import PdfText
from tests.reports.factories import (
    MonthlyRecapFactory,
    held_individual_session,
    held_skpd_session,
    last_month,
)
from tests.skp_drafts.factories import SkpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach():
    return user_with_role(
        Role.TIM_COACHING,
        name="Rizki Maulana, S.Psi., M.Psi.",
        jabatan="Analis Sumber Daya Manusia Aparatur Ahli Muda",
        jenjang=Jenjang.FUNGSIONAL,
    )


@pytest.fixture
def kabid():
    return user_with_role(
        Role.KEPALA_BIDANG,
        name="Hj. Norhasanah, S.Sos., M.AP.",
        jabatan="Kepala Bidang Pembinaan, Kesejahteraan, Penilaian dan Evaluasi Kinerja ASN",
        jenjang=Jenjang.ADMINISTRATOR,
    )


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=WITA)


def month_label(first: datetime.date) -> str:
    return date_format(first, "F Y")


def written(coach, *, sessions: int = 1) -> MonthlyRecap:
    """The coach's recap of last month with ``sessions`` sessions and its notes."""
    first = last_month()
    for n in range(sessions):
        day = first + datetime.timedelta(days=n % 25)
        held_individual_session(coach=coach, start=at(day, 14 + n // 25))
    recap, _made = services.start_recap(
        actor=coach, coach=coach, year=first.year, month=first.month
    )
    return services.update_recap(
        actor=coach, recap_id=recap.pk, notes="Peserta menyusun indikator.", follow_up="Lanjut."
    )


class TestWhoSeesWhat:
    def test_the_list_is_for_the_team_and_the_kepala_bkpsdm(self, client, coach):
        url = reverse("reports:recap_list")
        for role, status in [
            (Role.ASN, 403),
            (Role.KASUBAG_UMUM, 403),
            (Role.ADMIN, 403),
            (Role.KEPALA_BKPSDM, 200),
            (Role.TIM_COACHING, 200),
        ]:
            client.force_login(user_with_role(role))
            assert client.get(url).status_code == status, role

    def test_a_coach_lists_its_own_and_the_teams_the_kepala_bidang_starts_on_her_inbox(
        self, client, coach, kabid
    ):
        mine = written(coach)
        other_coach = user_with_role(Role.TIM_COACHING, name="Aulia Rahmawati, S.E.")
        theirs = written(other_coach)
        services.submit_recap(actor=other_coach, recap_id=theirs.pk)
        team = MonthlyRecapFactory(coach=None, created_by=kabid)
        client.force_login(coach)
        listed = client.get(reverse("reports:recap_list")).context["page"].object_list
        assert [r.pk for r in listed] == [team.pk, mine.pk]
        client.force_login(kabid)
        response = client.get(reverse("reports:recap_list"))
        assert response.context["state"] == ReportStatus.SUBMITTED
        assert [r.pk for r in response.context["page"].object_list] == [theirs.pk]
        everything = client.get(reverse("reports:recap_list"), {"status": ""})
        assert len(everything.context["page"].object_list) == 3
        odd = client.get(reverse("reports:recap_list"), {"status": "<script>", "page": "x"})
        assert odd.status_code == 200

    def test_a_recap_opens_for_its_coach_the_kepala_bidang_and_the_kepala_only(
        self, client, coach, kabid
    ):
        recap = written(coach)
        for user, status in [
            (coach, 200),
            (kabid, 200),
            (user_with_role(Role.KEPALA_BKPSDM), 200),
            (user_with_role(Role.TIM_COACHING), 404),
            (user_with_role(Role.KASUBAG_UMUM), 404),
            (user_with_role(Role.ASN), 404),
            (user_with_role(Role.ADMIN), 404),
        ]:
            client.force_login(user)
            for name in ("recap_detail", "recap_pdf"):
                assert client.get(reverse(f"reports:{name}", args=[recap.pk])).status_code == (
                    status
                ), (name, user)
        assert not IssuedDocument.objects.exclude(kind="RKP").exists()

    def test_others_change_nothing(self, client, coach):
        recap = written(coach)
        versions = recap.history.count()
        for user in (user_with_role(Role.TIM_COACHING), user_with_role(Role.KEPALA_BKPSDM)):
            client.force_login(user)
            client.post(
                reverse("reports:recap_edit", args=[recap.pk]), {"notes": "x", "follow_up": ""}
            )
            client.post(reverse("reports:recap_decide", args=[recap.pk, "submit"]))
        client.force_login(user_with_role(Role.KEPALA_BKPSDM))
        assert client.get(reverse("reports:recap_edit", args=[recap.pk])).status_code == 403
        assert (
            client.post(reverse("reports:recap_decide", args=[recap.pk, "submit"])).status_code
            == 403
        )
        recap.refresh_from_db()
        assert (recap.status, recap.notes) == (ReportStatus.DRAFT, "Peserta menyusun indikator.")
        assert recap.history.count() == versions


class TestStarting:
    def test_a_coach_starts_last_month_from_the_form(self, client, coach):
        first = last_month()
        held_individual_session(coach=coach, start=at(first))
        client.force_login(coach)
        page = client.get(reverse("reports:recap_new"), {"bulan": first.strftime("%Y-%m")})
        assert page.context["form"]["month"].value() == first
        assert "coach" not in page.context["form"].fields
        response = client.post(
            reverse("reports:recap_new"), {"month": first.strftime("%Y-%m")}, follow=True
        )
        recap = MonthlyRecap.objects.get()
        assert (recap.coach, recap.year, recap.month) == (coach, first.year, first.month)
        assert response.redirect_chain[-1][0] == reverse("reports:recap_edit", args=[recap.pk])
        assert "Rekap dibuat" in response.content.decode()
        again = client.post(
            reverse("reports:recap_new"), {"month": first.strftime("%Y-%m")}, follow=True
        )
        assert "Rekap bulan ini sudah ada." in again.content.decode()
        assert MonthlyRecap.objects.count() == 1

    @pytest.mark.parametrize("month", ["", "2026-13", "bulan lalu", "9999-01", "1999-12"])
    def test_bad_input_is_told_next_to_the_field_and_changes_nothing(self, client, coach, month):
        client.force_login(coach)
        response = client.post(reverse("reports:recap_new"), {"month": month})
        assert response.status_code == 200
        assert response.context["form"].errors["month"]
        if month:
            assert "Pilih bulan dan tahun." in response.content.decode()
        assert not MonthlyRecap.objects.exists()

    def test_a_month_still_ahead_is_refused(self, client, coach):
        ahead = (timezone.localdate().replace(day=1) + datetime.timedelta(days=40)).strftime(
            "%Y-%m"
        )
        client.force_login(coach)
        response = client.post(reverse("reports:recap_new"), {"month": ahead})
        assert "bulan berjalan atau yang sudah lewat" in response.content.decode()
        assert not MonthlyRecap.objects.exists()

    def test_the_kepala_bidang_chooses_a_coach_or_the_whole_team(self, client, coach, kabid):
        first = last_month()
        client.force_login(kabid)
        page = client.get(reverse("reports:recap_new"), {"coach": coach.pk})
        assert page.context["form"]["coach"].value() == coach.pk
        client.post(reverse("reports:recap_new"), {"month": first.strftime("%Y-%m")})
        client.post(
            reverse("reports:recap_new"), {"month": first.strftime("%Y-%m"), "coach": coach.pk}
        )
        assert set(MonthlyRecap.objects.values_list("coach", flat=True)) == {None, coach.pk}
        stranger = user_with_role(Role.ASN)
        response = client.post(
            reverse("reports:recap_new"), {"month": first.strftime("%Y-%m"), "coach": stranger.pk}
        )
        assert response.context["form"].errors["coach"]
        assert MonthlyRecap.objects.count() == 2

    @pytest.mark.parametrize("role", [Role.KEPALA_BKPSDM, Role.ASN, Role.ADMIN])
    def test_who_is_not_of_the_team_starts_nothing(self, client, role):
        client.force_login(user_with_role(role))
        response = client.post(reverse("reports:recap_new"), {"month": "2026-10"})
        assert response.status_code == 403
        assert not MonthlyRecap.objects.exists()


class TestWorkflowPages:
    def test_save_and_submit_from_the_form_then_the_kepala_bidang_approves(
        self, client, coach, kabid
    ):
        first = last_month()
        held_individual_session(coach=coach, start=at(first))
        recap, _ = services.start_recap(
            actor=coach, coach=coach, year=first.year, month=first.month
        )
        client.force_login(coach)
        url = reverse("reports:recap_edit", args=[recap.pk])
        response = client.post(url, {"notes": "", "follow_up": "", "submit": "1"}, follow=True)
        assert "Isi catatan dan temuan sebelum mengajukan rekap." in response.content.decode()
        response = client.post(
            url, {"notes": "Indikator", "follow_up": "", "submit": "1"}, follow=True
        )
        assert "Rekap diajukan ke Kepala Bidang." in response.content.decode()
        assert "sudah diajukan" in client.get(url, follow=True).content.decode()
        client.force_login(kabid)
        detail = reverse("reports:recap_detail", args=[recap.pk])
        page = client.get(detail).content.decode()
        assert "Setujui rekap" in page and "Kembalikan untuk perbaikan" in page
        response = client.post(
            reverse("reports:recap_decide", args=[recap.pk, "return"]), {"reason": ""}, follow=True
        )
        assert "Tuliskan apa yang perlu diperbaiki." in response.content.decode()
        response = client.post(reverse("reports:recap_decide", args=[recap.pk, "approve"]))
        assert response.url == detail
        recap.refresh_from_db()
        assert (recap.status, recap.decided_by) == (ReportStatus.APPROVED, kabid)
        assert client.post(reverse("reports:recap_decide", args=[recap.pk, "x"])).status_code == 404
        response = client.post(reverse("reports:recap_decide", args=[recap.pk, "approve"]))
        assert response.status_code == 302  # told why, nothing changed
        assert recap.history.count() == MonthlyRecap.history.filter(id=recap.pk).count()

    def test_a_very_long_note_is_refused_next_to_its_field(self, client, coach):
        recap = written(coach)
        client.force_login(coach)
        response = client.post(
            reverse("reports:recap_edit", args=[recap.pk]), {"notes": "x" * 10001, "follow_up": ""}
        )
        assert response.context["form"].errors["notes"]
        recap.refresh_from_db()
        assert recap.notes == "Peserta menyusun indikator."


class TestIndividualSessions:
    def test_an_individual_session_points_to_its_months_recap(self, client, coach):
        first = last_month()
        session = held_individual_session(coach=coach, start=at(first))
        client.force_login(coach)
        url = reverse("reports:report_for_session", args=[session.pk])
        response = client.get(url)
        assert response.url == reverse("reports:recap_new") + f"?bulan={first:%Y-%m}"
        recap = written(coach)
        assert client.get(url).url == reverse("reports:recap_detail", args=[recap.pk])
        booking = reverse("reports:report_for_booking", args=[session.booking_id])
        assert client.get(booking, follow=True).redirect_chain[-1][0] == (
            reverse("reports:recap_detail", args=[recap.pk])
        )

    def test_starting_a_report_of_an_individual_session_is_refused_with_a_pointer(
        self, client, coach
    ):
        session = held_individual_session(coach=coach)
        client.force_login(coach)
        response = client.post(reverse("reports:report_start", args=[session.pk]), follow=True)
        assert response.redirect_chain[-1][0] == reverse("reports:recap_list")
        assert "masuk rekap bulanan coach-nya" in response.content.decode()
        assert not SessionReport.objects.exists()

    def test_the_report_list_asks_for_skpd_visits_only(self, client, coach):
        visit = held_skpd_session(coaches=[coach], skpd=SkpdFactory(name="Kecamatan Halong"))
        individual = held_individual_session(coach=coach)
        legacy = held_individual_session(coach=coach, start=at(last_month()))
        SessionReport.objects.create(session=legacy, created_by=coach, findings="Dulu")
        client.force_login(coach)
        unreported = client.get(reverse("reports:report_list"), {"status": "none"})
        assert [s.pk for s in unreported.context["page"].object_list] == [visit.pk]
        every = client.get(reverse("reports:report_list"), {"status": ""})
        assert {s.pk for s in every.context["page"].object_list} == {visit.pk, legacy.pk}
        assert individual.pk not in {s.pk for s in every.context["page"].object_list}
        # A report of before the recaps is still read.
        report = SessionReport.objects.get()
        detail = client.get(reverse("reports:report_detail", args=[report.pk]))
        assert detail.status_code == 200 and "Dulu" in detail.content.decode()


class TestPdf:
    def test_the_pdf_has_the_letterhead_figures_signatures_and_the_sessions(
        self, client, coach, kabid
    ):
        first = last_month()
        skpd = SkpdFactory(name="Dinas Kesehatan", short_name="DINKES")
        ahmad = PegawaiWithAccountFactory(
            skpd=skpd, name="Taufik Hidayat, S.T.", jenjang=Jenjang.PENGAWAS
        )
        skp = SkpFactory(pegawai=ahmad, status=SkpStatus.REVIEWED, year=first.year)
        held_individual_session(
            coach=coach,
            pegawai=ahmad,
            start=at(first),
            topic="Menentukan target kuantitas",
            skp=skp,
            coach_notes="Target sudah per triwulan.",
        )
        recap = written(coach)
        services.submit_recap(actor=coach, recap_id=recap.pk)
        services.approve_recap(actor=kabid, recap_id=recap.pk)
        client.force_login(kabid)
        response = client.get(reverse("reports:recap_pdf", args=[recap.pk]))
        assert response["Content-Type"] == "application/pdf"
        text = PdfText(response.content)
        today = date_format(timezone.localdate(), "j F Y")
        city = settings.PORTAL["CITY"]
        for expected in [
            "PEMERINTAH KABUPATEN BALANGAN",
            "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
            "REKAPITULASI BULANAN COACHING INDIVIDUAL",
            f"Bulan {month_label(first)}",
            "Sesi coaching individual dilaksanakan",
            "Dinas Kesehatan",
            "Menentukan target kuantitas",
            "Sesuai format",
            "Peserta menyusun indikator.",
            "Menyetujui,",
            "Yang membuat rekap,",
            "Rizki Maulana, S.Psi., M.Psi.",
            f"NIP {coach.pegawai.nip_display}",
            "Analis Sumber Daya Manusia Aparatur Ahli Muda",
            "Hj. Norhasanah, S.Sos., M.AP.",
            f"NIP {kabid.pegawai.nip_display}",
            "Kepala Bidang Pembinaan, Kesejahteraan, Penilaian dan Evaluasi Kinerja ASN",
            f"{city}, {today}",
            "DAFTAR SESI",
            "Taufik Hidayat, S.T.",
            ahmad.nip_display,
            "09.00–10.00 WITA",
            "Target sudah per triwulan.",
            "Halaman 1 dari",
        ]:
            assert expected in text, expected
        # Names, not codes.
        assert "DINKES" not in text and "pengawas" not in text
        assert "(belum disetujui)" not in text
        document = IssuedDocument.objects.get()
        assert document.kind == "RKP" and document.number.startswith("RKP/")
        assert document.code.replace("-", "") in text.pages[0].replace("-", "").replace(" ", "")
        assert document.signed_by == "Hj. Norhasanah, S.Sos., M.AP."

    def test_a_draft_recap_prints_without_the_approval(self, client, coach):
        recap = written(coach)
        client.force_login(coach)
        text = PdfText(client.get(reverse("reports:recap_pdf", args=[recap.pk])).content)
        assert "(belum disetujui)" in text and "Rizki Maulana, S.Psi., M.Psi." in text


class TestQueryCounts:
    @pytest.mark.parametrize("sessions", [1, 25])
    def test_the_recap_page_runs_a_fixed_number_of_queries(
        self, client, coach, kabid, django_assert_num_queries, sessions
    ):
        recap = written(coach, sessions=sessions)
        client.force_login(coach)
        # session, user, roles, the recap with its people, the figures (sessions, drafts,
        # no-shows), the history
        with django_assert_num_queries(8):
            response = client.get(reverse("reports:recap_detail", args=[recap.pk]))
        assert response.context["figures"].sessions == sessions
        services.submit_recap(actor=coach, recap_id=recap.pk)
        client.force_login(kabid)
        # submitted: the figures come with the recap
        with django_assert_num_queries(5):
            client.get(reverse("reports:recap_detail", args=[recap.pk]))

    @pytest.mark.parametrize("recaps", [2, 30])
    def test_the_list_runs_a_fixed_number_of_queries(
        self, client, kabid, django_assert_num_queries, recaps
    ):
        for n in range(recaps):
            MonthlyRecapFactory(year=2025 - n // 12, month=1 + n % 12)
        client.force_login(kabid)
        # session, user, roles, count, page rows with their coaches, the months she owes
        with django_assert_num_queries(6):
            client.get(reverse("reports:recap_list"), {"status": ""})


def test_odd_query_parameters_of_the_start_page_are_ignored(client, kabid):
    client.force_login(kabid)
    for query in (
        {"bulan": "2026-99", "coach": "99999999999999999999999"},
        {"bulan": "<script>", "coach": "-1"},
        {"coach": "abc"},
    ):
        response = client.get(reverse("reports:recap_new"), query)
        assert response.status_code == 200
        assert response.context["form"]["month"].value() == last_month()
