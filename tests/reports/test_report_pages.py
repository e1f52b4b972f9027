"""The report pages: who sees what, bad input, the PDF's text and the pinned query counts."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Role
from bookings.models import RequestStatus
from core.documents import build_printout
from core.models import IssuedDocument
from reports import pdf, selectors, services
from reports.models import ReportStatus, SessionReport
from reports.rules import visible_reports
from skp_drafts.models import SkpStatus
from tests.accounts.factories import SkpdFactory, user_with_role
from tests.pdf import PdfText
from tests.reports.factories import held_individual_session, held_skpd_session
from tests.skp_drafts.factories import SkpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach():
    return user_with_role(Role.TIM_COACHING, name="Rizki Maulana, S.Psi.")


@pytest.fixture
def kabid():
    return user_with_role(Role.KEPALA_BIDANG, name="Hj. Norhasanah, S.Sos.")


def written(session, coach) -> SessionReport:
    report = services.start_report(actor=coach, session_id=session.pk)
    return services.update_report(
        actor=coach,
        report_id=report.pk,
        basis=report.basis,
        findings="Indikator kinerja sudah memuat satuan target.",
        problems="Dua peserta belum membawa laptop.",
        follow_up="Kasubag Umum mengirim draf yang tersisa.",
    )


class TestWhoSeesWhat:
    def test_the_list_is_for_the_team_and_the_kepala_bkpsdm(self, client, coach):
        url = reverse("reports:report_list")
        for role, status in [
            (Role.ASN, 403),
            (Role.KASUBAG_UMUM, 403),
            (Role.ADMIN, 403),
            (Role.KEPALA_BKPSDM, 200),
        ]:
            client.force_login(user_with_role(role))
            assert client.get(url).status_code == status, role
        client.force_login(coach)
        assert client.get(url).status_code == 200

    def test_a_coach_lists_only_the_sessions_it_coached(self, client, coach, kabid):
        mine = held_skpd_session(coaches=[coach], skpd=SkpdFactory(name="Kecamatan Halong"))
        held_skpd_session(skpd=SkpdFactory(name="Kecamatan Awayan"))

        def listed(response) -> set[str]:
            return {session.skpd_request.skpd.name for session in response.context["page"]}

        client.force_login(coach)
        assert listed(client.get(reverse("reports:report_list"))) == {"Kecamatan Halong"}
        client.force_login(kabid)
        response = client.get(reverse("reports:report_list"), {"status": ""})
        assert listed(response) == {"Kecamatan Halong", "Kecamatan Awayan"}
        assert mine.pk

    def test_the_kepala_bidang_starts_on_the_reports_waiting_for_her(self, client, coach, kabid):
        waiting = written(held_skpd_session(coaches=[coach]), coach)
        services.submit_report(actor=coach, report_id=waiting.pk)
        written(held_skpd_session(coaches=[coach]), coach)
        client.force_login(kabid)
        response = client.get(reverse("reports:report_list"))
        assert response.context["state"] == "submitted"
        assert [s.pk for s in response.context["page"].object_list] == [waiting.session_id]
        empty = client.get(reverse("reports:report_list"), {"status": "approved"})
        assert "Belum ada sesi dengan status ini." in empty.content.decode()
        odd = client.get(reverse("reports:report_list"), {"status": "<script>", "page": "x"})
        assert odd.status_code == 200

    def test_the_report_opens_for_its_coaches_the_kepala_bidang_and_the_kepala_only(
        self, client, coach, kabid
    ):
        session = held_skpd_session(coaches=[coach])
        report = written(session, coach)
        url = reverse("reports:report_detail", args=[report.pk])
        for user, status in [
            (coach, 200),
            (kabid, 200),
            (user_with_role(Role.KEPALA_BKPSDM), 200),
            (user_with_role(Role.TIM_COACHING), 404),
            (user_with_role(Role.KASUBAG_UMUM, skpd=session.skpd_request.skpd), 404),
            (user_with_role(Role.ASN), 404),
            (user_with_role(Role.ADMIN), 404),
        ]:
            client.force_login(user)
            assert client.get(url).status_code == status
            assert client.get(reverse("reports:report_pdf", args=[report.pk])).status_code == status

    def test_the_kepala_bkpsdm_reads_but_does_not_write(self, client, coach):
        report = written(held_skpd_session(coaches=[coach]), coach)
        client.force_login(user_with_role(Role.KEPALA_BKPSDM))
        assert client.get(reverse("reports:report_edit", args=[report.pk])).status_code == 403
        response = client.post(reverse("reports:report_decide", args=[report.pk, "submit"]))
        assert response.status_code == 403
        report.refresh_from_db()
        assert report.status == ReportStatus.DRAFT

    def test_a_session_link_offers_the_report_to_its_coach_only(self, client, coach):
        session = held_skpd_session(coaches=[coach])
        url = reverse("reports:report_for_session", args=[session.pk])
        client.force_login(user_with_role(Role.TIM_COACHING))
        assert client.get(url).status_code == 404
        client.force_login(coach)
        page = client.get(url).content.decode()
        assert "Buat laporan" in page and "3 hadir dari 3 peserta terdaftar" in page
        assert not SessionReport.objects.exists()
        response = client.post(reverse("reports:report_start", args=[session.pk]))
        report = SessionReport.objects.get()
        assert response.url == reverse("reports:report_edit", args=[report.pk])
        assert client.get(url).url == reverse("reports:report_detail", args=[report.pk])
        assert client.get(reverse("reports:report_start", args=[session.pk])).status_code == 405

    def test_the_session_and_booking_pages_link_to_the_report(self, client, coach):
        skpd_session = held_skpd_session(coaches=[coach])
        individual = held_individual_session(coach=coach)
        client.force_login(coach)
        page = client.get(reverse("bookings:session_detail", args=[skpd_session.pk]))
        assert (
            reverse("reports:report_for_session", args=[skpd_session.pk]) in page.content.decode()
        )
        booking = individual.booking
        page = client.get(reverse("bookings:booking_detail", args=[booking.pk]))
        link = reverse("reports:report_for_booking", args=[booking.pk])
        assert link in page.content.decode()
        assert client.get(link).url == reverse("reports:report_for_session", args=[individual.pk])

    def test_a_session_not_held_has_no_report_page(self, client, coach):
        scheduled = held_skpd_session(coaches=[coach], status=RequestStatus.SCHEDULED)
        client.force_login(coach)
        url = reverse("reports:report_for_session", args=[scheduled.pk])
        assert client.get(url).status_code == 404
        assert client.post(reverse("reports:report_start", args=[scheduled.pk])).status_code == 404
        assert not SessionReport.objects.exists()


class TestWorkflowPages:
    def test_save_and_submit_from_the_form(self, client, coach):
        report = services.start_report(
            actor=coach, session_id=held_skpd_session(coaches=[coach]).pk
        )
        client.force_login(coach)
        url = reverse("reports:report_edit", args=[report.pk])
        data = {"basis": "Dasar", "findings": "", "problems": "", "follow_up": ""}
        response = client.post(url, {**data, "submit": "1"}, follow=True)
        page = response.content.decode()
        assert "Isi laporan disimpan." in page
        assert "Isi hasil dan temuan sebelum mengajukan laporan." in page
        report.refresh_from_db()
        assert report.status == ReportStatus.DRAFT
        response = client.post(url, {**data, "findings": "Temuan", "submit": "1"}, follow=True)
        assert "Laporan diajukan ke Kepala Bidang." in response.content.decode()
        report.refresh_from_db()
        assert report.status == ReportStatus.SUBMITTED
        response = client.get(url, follow=True)
        assert "sudah diajukan dan tidak dapat diubah lagi" in response.content.decode()

    def test_a_very_long_text_is_refused_next_to_its_field(self, client, coach):
        report = services.start_report(
            actor=coach, session_id=held_skpd_session(coaches=[coach]).pk
        )
        client.force_login(coach)
        response = client.post(
            reverse("reports:report_edit", args=[report.pk]),
            {"basis": "", "findings": "x" * 10001, "problems": "", "follow_up": ""},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["findings"]
        report.refresh_from_db()
        assert report.findings == ""

    def test_the_kepala_bidang_returns_with_a_reason_or_is_told_to_give_one(
        self, client, coach, kabid
    ):
        report = written(held_skpd_session(coaches=[coach]), coach)
        services.submit_report(actor=coach, report_id=report.pk)
        client.force_login(kabid)
        url = reverse("reports:report_decide", args=[report.pk, "return"])
        response = client.post(url, {"reason": ""}, follow=True)
        assert "Tuliskan apa yang perlu diperbaiki." in response.content.decode()
        response = client.post(url, {"reason": "Tambahkan foto."}, follow=True)
        assert "dikembalikan untuk perbaikan" in response.content.decode()
        report.refresh_from_db()
        assert (report.status, report.return_reason) == (ReportStatus.RETURNED, "Tambahkan foto.")
        unknown = reverse("reports:report_decide", args=[report.pk, "hapus"])
        assert client.post(unknown).status_code == 404


class TestPdf:
    def test_the_pdf_holds_the_letterhead_basis_figures_drafts_signatures_and_daftar_hadir(
        self, client, coach, kabid
    ):
        skpd = SkpdFactory(name="Kecamatan Lampihong", short_name="KEC-LAMPIHONG")
        session = held_skpd_session(skpd=skpd, coaches=[coach], present=4, absent=1)
        people = list(session.attendance.select_related("pegawai").order_by("pk"))
        first = people[0].pegawai
        first.name, first.jabatan, first.jenjang = (
            "Taufik Hidayat, S.T.",
            "Kepala Seksi",
            "pengawas",
        )
        first.save()
        skp = SkpFactory(pegawai=first, status=SkpStatus.REVIEWED)
        session.drafts.add(skp)
        report = written(session, coach)
        services.submit_report(actor=coach, report_id=report.pk)
        services.approve_report(actor=kabid, report_id=report.pk)
        client.force_login(kabid)
        response = client.get(reverse("reports:report_pdf", args=[report.pk]))
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        text = PdfText(response.content)
        for expected in [
            "PEMERINTAH KABUPATEN BALANGAN",
            "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
            "LAPORAN HASIL KEGIATAN",
            "Nomor 6 Tahun 2022",
            session.skpd_request.letter_number,
            "09.00–12.00 WITA",
            "4 orang hadir dari 5 peserta terdaftar",
            "Pengawas 1",
            "Pelaksana 3",
            "Indikator kinerja sudah memuat satuan target.",
            "Dua peserta belum membawa laptop.",
            "Sesuai format",
            "Rizki Maulana, S.Psi.",
            "Hj. Norhasanah, S.Sos.",
            f"NIP {kabid.pegawai.nip_display}",
            "DAFTAR HADIR",
            "Halaman 1 dari",
        ]:
            assert expected in text, expected
        for attendance in people:
            pegawai = attendance.pegawai
            assert pegawai.name in text
            assert pegawai.nip_display in text
        assert "Taufik Hidayat, S.T." in text and "Kepala Seksi" in text
        assert "Tidak hadir" in text
        # The annex names the SKPD, not its code, and has the signature column.
        assert session.skpd_request.skpd.name in text and "Tanda tangan" in text
        assert "(belum disetujui)" not in text

    def test_a_report_of_300_attendees_repeats_the_table_header_on_every_annex_page(self, coach):
        session = held_skpd_session(coaches=[coach], present=300)
        report = services.start_report(actor=coach, session_id=session.pk)
        report.refresh_from_db()
        content = pdf.session_report_pdf(
            SessionReport.objects.select_related(
                "session__skpd_request__skpd", "created_by__pegawai"
            ).get(pk=report.pk)
        )
        text = PdfText(content)
        annex = [page for page in text.pages if "Kehadiran" in page and "Jabatan" in page]
        assert len(annex) >= 5
        assert all("No." in page and "NIP" in page for page in annex)
        assert "300 orang hadir dari 300 peserta terdaftar" in text
        last = session.attendance.select_related("pegawai").order_by("-pegawai__name").first()
        assert last.pegawai.name in text
        # Every page carries the document's number and verification code.
        document = IssuedDocument.objects.get()
        assert all(
            document.code.replace("-", "") in page.replace("-", "").replace(" ", "")
            for page in text.pages
        )
        # Its QR is one raster image, embedded once and drawn unblurred on every page.
        reader = PdfReader(io.BytesIO(content))
        images = [
            {
                xobject.idnum
                for xobject in page["/Resources"]["/XObject"].values()
                if xobject.get_object()["/Subtype"] == "/Image"
            }
            for page in reader.pages
        ]
        [qr] = set.intersection(*images)
        assert reader.get_object(qr)["/Interpolate"].value is False


def test_a_report_is_read_in_one_query_without_a_limit_and_only_within_its_scope(coach):
    report = written(held_skpd_session(coaches=[coach], present=3), coach)
    scope = visible_reports(coach)
    with CaptureQueriesContext(connection) as read:
        found = selectors.report_of(scope, report.pk)
    assert found == report and found.session.skpd_request.skpd.name
    [query] = read.captured_queries  # its joins read with it, no LIMIT (report_of says why)
    assert "LIMIT" not in query["sql"]
    another_coach = user_with_role(Role.TIM_COACHING)
    assert selectors.report_of(visible_reports(another_coach), report.pk) is None
    assert selectors.report_of(SessionReport.objects.all(), report.pk + 1000) is None


class TestQueryCounts:
    @pytest.mark.parametrize("attendees", [3, 40])
    def test_the_report_page_runs_a_fixed_number_of_queries(
        self, client, coach, django_assert_num_queries, attendees
    ):
        session = held_skpd_session(coaches=[coach], present=attendees)
        people = [a.pegawai for a in session.attendance.all()]
        session.drafts.set(
            [SkpFactory(pegawai=p, status=SkpStatus.SUBMITTED) for p in people[: attendees // 3]]
        )
        report = written(session, coach)
        client.force_login(coach)
        # session, user, roles, the report with its session (in the coach's scope), the
        # coaches, the attendance, its summary, the agenda, the drafts, the photos, whether
        # the user coached it (may submit, may write), the history
        with django_assert_num_queries(13):
            response = client.get(reverse("reports:report_detail", args=[report.pk]))
        assert len(response.context["attendance"]) == attendees

    @pytest.mark.parametrize("attendees", [3, 40])
    def test_a_daftar_hadir_is_read_in_fixed_queries_and_laid_out_with_none(
        self, coach, django_assert_num_queries, attendees
    ):
        # Each participant is read with what the daftar hadir prints, nothing deferred that
        # its rows read later (the report's annex, a visit's sheet): their fingerprints are
        # taken on every download (core.documents).
        session = held_skpd_session(coaches=[coach], present=attendees, absent=2)
        report = written(session, coach)
        # the report with its session, the coaches, the attendance, its summary, the agenda,
        # the drafts, the photos
        with django_assert_num_queries(7):
            report_printout = build_printout("LHK", {"pk": report.pk})
        # the session, the coaches, the attendance
        with django_assert_num_queries(3):
            sheet = build_printout("HADIR", {"pk": session.pk})
        with django_assert_num_queries(0):
            report_printout.fingerprint()
            sheet.fingerprint()
        assert len(report_printout.context["attendance"]) == attendees + 2

    @pytest.mark.parametrize("sessions", [2, 30])
    def test_the_list_runs_a_fixed_number_of_queries(
        self, client, kabid, django_assert_num_queries, sessions
    ):
        coach = user_with_role(Role.TIM_COACHING)
        for n in range(sessions):
            if n % 2:
                start = datetime.datetime(2026, 3, 1 + n, 1, 0, tzinfo=datetime.UTC)
                held_individual_session(coach=coach, start=start)
            else:
                written(held_skpd_session(coaches=[coach]), coach)
        client.force_login(kabid)
        # session, user, roles, the SKPD of the filter, count, page rows with their reports
        with django_assert_num_queries(6):
            client.get(reverse("reports:report_list"), {"status": ""})


def test_the_booking_link_answers_only_for_the_sessions_coach(client, coach):
    session = held_individual_session(coach=coach)
    url = reverse("reports:report_for_booking", args=[session.booking_id])
    client.force_login(user_with_role(Role.TIM_COACHING))
    assert client.get(url).status_code == 404
    client.force_login(coach)
    assert client.get(url).url == reverse("reports:report_for_session", args=[session.pk])
