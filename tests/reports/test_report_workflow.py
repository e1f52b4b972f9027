"""The session report's workflow: every role against every state and transition, the
record it is pre-filled from, the drafts it keeps, who is told, what the history says."""

import datetime
from dataclasses import fields

import pytest
from django.urls import reverse

from accounts.models import Notification, Role
from bookings.models import CoachingSession, RequestStatus, SkpdRequest
from bookings.selectors import held_sessions
from reports import selectors, services
from reports.models import ReportStatus, SessionReport
from skp_drafts.models import SkpStatus
from tests.accounts.factories import SkpdFactory, user_with_role
from tests.reports.factories import (
    SessionReportFactory,
    held_individual_session,
    held_skpd_session,
)
from tests.skp_drafts.factories import SkpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    skpd = SkpdFactory(name="Kecamatan Juai")
    coach = user_with_role(Role.TIM_COACHING)
    return {
        "skpd": skpd,
        "coach": coach,
        "other_coach": user_with_role(Role.TIM_COACHING),
        "kabid": user_with_role(Role.KEPALA_BIDANG),
        "kepala": user_with_role(Role.KEPALA_BKPSDM),
        "kasubag": user_with_role(Role.KASUBAG_UMUM, skpd=skpd),
        "asn": user_with_role(Role.ASN, skpd=skpd),
        "admin": user_with_role(Role.ADMIN),
        "session": held_skpd_session(skpd=skpd, coaches=[coach], present=4, absent=1),
    }


def report_in(world, state) -> SessionReport:
    coach, kabid = world["coach"], world["kabid"]
    report = services.start_report(actor=coach, session_id=world["session"].pk)
    services.update_report(
        actor=coach,
        report_id=report.pk,
        basis=report.basis,
        findings="RHK Camat diturunkan dari Perjanjian Kinerja.",
        problems="",
        follow_up="",
    )
    if state != ReportStatus.DRAFT:
        services.submit_report(actor=coach, report_id=report.pk)
    if state == ReportStatus.APPROVED:
        services.approve_report(actor=kabid, report_id=report.pk)
    if state == ReportStatus.RETURNED:
        services.return_report(actor=kabid, report_id=report.pk, reason="Lengkapi foto.")
    report.refresh_from_db()
    assert report.status == state
    return report


def apply(name, actor, report):
    if name == "submit":
        return services.submit_report(actor=actor, report_id=report.pk)
    if name == "approve":
        return services.approve_report(actor=actor, report_id=report.pk)
    return services.return_report(actor=actor, report_id=report.pk, reason="Perbaiki temuan.")


ROLES = ["coach", "other_coach", "kabid", "kepala", "kasubag", "asn", "admin"]
ALLOWED = {
    ("submit", ReportStatus.DRAFT): {"coach", "kabid"},
    ("submit", ReportStatus.RETURNED): {"coach", "kabid"},
    ("approve", ReportStatus.SUBMITTED): {"kabid"},
    ("return", ReportStatus.SUBMITTED): {"kabid"},
}


@pytest.mark.parametrize("state", ReportStatus.values)
def test_who_may_take_which_step_in_each_state(world, state):
    report = report_in(world, state)
    wrong = [
        (role, name)
        for role in ROLES
        for name in services.TRANSITIONS
        if services.may(world[role], report, name)
        is not (role in ALLOWED.get((name, state), set()))
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("name", "state", "role"),
    [(name, state, min(roles)) for (name, state), roles in ALLOWED.items()],
)
def test_an_allowed_step_is_taken_and_recorded(world, name, state, role):
    report = report_in(world, state)
    apply(name, world[role], report)
    report.refresh_from_db()
    assert report.status == services.TRANSITIONS[name].target
    assert report.history.latest().history_user == world[role]


def refusals():
    """For each step: a role that may not take it, in a state it starts from; and a role
    that may, in a state it does not start from."""
    for (name, state), roles in ALLOWED.items():
        yield name, state, next(role for role in ROLES if role not in roles)
        other = next(s for s in ReportStatus.values if (name, s) not in ALLOWED)
        yield name, other, min(roles)


@pytest.mark.parametrize(("name", "state", "role"), list(refusals()))
def test_a_refused_step_changes_nothing(world, name, state, role):
    report = report_in(world, state)
    versions = report.history.count()
    with pytest.raises(services.ReportError):
        apply(name, world[role], report)
    report.refresh_from_db()
    assert report.status == state
    assert report.history.count() == versions


class TestStarting:
    def test_an_skpd_report_is_prefilled_with_the_regulation_letter_and_disposition(self, world):
        session = world["session"]
        request = session.skpd_request
        SkpdRequest.objects.filter(pk=request.pk).update(
            letter_number="800/17/KEC-JUAI/2026", letter_date=datetime.date(2026, 11, 3)
        )
        # 23.30 UTC is the next morning in WITA.
        request.dispositions.update(
            decided_at=datetime.datetime(2026, 11, 9, 23, 30, tzinfo=datetime.UTC)
        )
        report = services.start_report(actor=world["coach"], session_id=session.pk)
        assert report.basis_lines() == [
            "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 6 "
            "Tahun 2022 tentang Pengelolaan Kinerja Pegawai Aparatur Sipil Negara",
            "Surat Kecamatan Juai Nomor 800/17/KEC-JUAI/2026 tanggal 3 November 2026 perihal "
            "Permohonan Coaching Clinic penyusunan SKP Tahunan",
            "Disposisi Kepala BKPSDM Kabupaten Balangan tanggal 10 November 2026",
        ]
        assert report.status == ReportStatus.DRAFT
        assert report.created_by == world["coach"]

    def test_the_basis_of_sessions_read_with_their_dispositions_takes_no_query(
        self, world, django_assert_num_queries
    ):
        """The demo seed pre-fills 1,600 visit reports this way (operations/demo/reports.py)."""
        (session,) = (
            CoachingSession.objects.filter(pk=world["session"].pk)
            .select_related("skpd_request__skpd")
            .prefetch_related("skpd_request__dispositions")
        )
        with django_assert_num_queries(0):
            basis = services.default_basis(session)
        assert basis.splitlines()[-1].startswith("Disposisi Kepala BKPSDM Kabupaten Balangan")

    @pytest.mark.parametrize("role", ["coach", "kabid"])
    def test_an_individual_session_is_not_reported_on_its_own(self, world, role):
        session = held_individual_session(coach=world["coach"])
        with pytest.raises(services.ReportError, match="rekap bulanan") as refusal:
            services.start_report(actor=world[role], session_id=session.pk)
        assert refusal.value.code == "individual"
        assert not SessionReport.objects.exists()

    def test_an_individual_report_of_before_the_recaps_is_kept_as_it_is(self, world):
        legacy = SessionReportFactory(session=held_individual_session(coach=world["coach"]))
        again = services.start_report(actor=world["coach"], session_id=legacy.session_id)
        assert again.pk == legacy.pk
        assert SessionReport.objects.count() == 1

    def test_starting_twice_gives_the_same_report(self, world):
        first = services.start_report(actor=world["coach"], session_id=world["session"].pk)
        second = services.start_report(actor=world["kabid"], session_id=world["session"].pk)
        assert first.pk == second.pk
        assert SessionReport.objects.count() == 1

    def test_a_session_not_yet_held_has_no_report(self, world):
        scheduled = held_skpd_session(coaches=[world["coach"]], status=RequestStatus.SCHEDULED)
        with pytest.raises(services.ReportError, match="sudah dilaksanakan"):
            services.start_report(actor=world["coach"], session_id=scheduled.pk)
        assert not SessionReport.objects.exists()

    @pytest.mark.parametrize("role", ["other_coach", "kepala", "kasubag", "asn", "admin"])
    def test_only_its_coaches_and_the_kepala_bidang_start_a_report(self, world, role):
        with pytest.raises(services.ReportError):
            services.start_report(actor=world[role], session_id=world["session"].pk)
        assert not SessionReport.objects.exists()


class TestWriting:
    def test_a_submitted_report_cannot_be_edited(self, world):
        report = report_in(world, ReportStatus.SUBMITTED)
        with pytest.raises(services.ReportError, match="tidak dapat diubah"):
            services.update_report(
                actor=world["coach"],
                report_id=report.pk,
                basis="",
                findings="Diubah diam-diam",
                problems="",
                follow_up="",
            )
        report.refresh_from_db()
        assert report.findings == "RHK Camat diturunkan dari Perjanjian Kinerja."

    def test_a_report_without_findings_is_not_submitted(self, world):
        report = services.start_report(actor=world["coach"], session_id=world["session"].pk)
        with pytest.raises(services.ReportError, match="hasil dan temuan"):
            services.submit_report(actor=world["coach"], report_id=report.pk)
        report.refresh_from_db()
        assert report.status == ReportStatus.DRAFT

    def test_returning_needs_a_reason(self, world):
        report = report_in(world, ReportStatus.SUBMITTED)
        with pytest.raises(services.ReportError, match="perlu diperbaiki"):
            services.return_report(actor=world["kabid"], report_id=report.pk, reason="   ")
        report.refresh_from_db()
        assert report.status == ReportStatus.SUBMITTED

    def test_the_history_says_who_did_what_and_why(self, world):
        report = report_in(world, ReportStatus.RETURNED)
        services.submit_report(actor=world["coach"], report_id=report.pk)
        services.approve_report(actor=world["kabid"], report_id=report.pk)
        steps = [
            (h.status, h.history_user_id, h.history_change_reason)
            for h in report.history.order_by("history_date", "history_id")
        ]
        coach, kabid = world["coach"].pk, world["kabid"].pk
        assert steps == [
            ("draft", coach, "Laporan dibuat"),
            ("draft", coach, "Isi laporan diubah"),
            ("submitted", coach, "Diajukan ke Kepala Bidang"),
            ("returned", kabid, "Lengkapi foto."),
            ("submitted", coach, "Diajukan ke Kepala Bidang"),
            ("approved", kabid, "Disetujui"),
        ]
        report.refresh_from_db()
        assert report.decided_by == world["kabid"]
        assert report.return_reason == ""


class TestTelling:
    def test_submitting_tells_the_kepala_bidang_and_deciding_tells_the_coach(self, world):
        report = report_in(world, ReportStatus.DRAFT)
        services.submit_report(actor=world["coach"], report_id=report.pk)
        (waiting,) = Notification.objects.filter(user=world["kabid"])
        assert "menunggu persetujuan" in waiting.text
        assert waiting.link == f"/laporan/{report.pk}/"
        services.return_report(actor=world["kabid"], report_id=report.pk, reason="Tambah foto.")
        (returned,) = Notification.objects.filter(user=world["coach"])
        assert "dikembalikan untuk perbaikan: Tambah foto." in returned.text
        assert not Notification.objects.filter(user=world["other_coach"]).exists()

    def test_approving_a_visits_report_closes_its_request_and_tells_the_kasubag(
        self, world, client
    ):
        report = report_in(world, ReportStatus.SUBMITTED)
        request = SkpdRequest.objects.get(pk=world["session"].skpd_request_id)
        assert request.status == RequestStatus.HELD
        services.approve_report(actor=world["kabid"], report_id=report.pk)
        request.refresh_from_db()
        assert request.status == RequestStatus.REPORTED
        assert request.history.first().history_change_reason == "Laporan kegiatan disetujui"
        (told,) = Notification.objects.filter(user=world["kasubag"])
        assert "Laporan hasil Coaching Clinic di Kecamatan Juai sudah disetujui" in told.text
        # Still a session that took place: its report opens, the Kasubag sees the status.
        assert world["session"] in held_sessions()
        client.force_login(world["kabid"])
        assert client.get(reverse("reports:report_detail", args=[report.pk])).status_code == 200
        client.force_login(world["kasubag"])
        page = client.get(reverse("bookings:request_detail", args=[request.pk]))
        assert "Sudah dilaporkan" in page.content.decode()

    def test_an_individual_sessions_report_of_before_the_recaps_touches_no_request(self):
        coach = user_with_role(Role.TIM_COACHING)
        report = SessionReportFactory(session=held_individual_session(coach=coach))
        services.submit_report(actor=coach, report_id=report.pk)
        services.approve_report(actor=user_with_role(Role.KEPALA_BIDANG), report_id=report.pk)
        assert not SkpdRequest.objects.exists()


class TestDrafts:
    def test_the_report_keeps_the_drafts_as_they_stood_when_submitted(self, world):
        session = world["session"]
        people = [a.pegawai for a in session.attendance.order_by("pk")]
        reviewed = SkpFactory(pegawai=people[0], status=SkpStatus.REVIEWED)
        revising = SkpFactory(pegawai=people[1], status=SkpStatus.REVISION)
        SkpFactory(pegawai=people[2], status=SkpStatus.REVIEWED)  # not worked on
        session.drafts.set([reviewed, revising])
        report = report_in(world, ReportStatus.DRAFT)
        assert [(d.name, d.status) for d in selectors.report_drafts(report)] == sorted(
            [(people[0].name, "reviewed"), (people[1].name, "revision")]
        )
        services.submit_report(actor=world["coach"], report_id=report.pk)
        revising.status = SkpStatus.REVIEWED
        revising.save()
        report.refresh_from_db()
        lines = {d.name: d for d in selectors.report_drafts(report)}
        assert lines[people[1].name].status == "revision"
        assert lines[people[1].name].status_display == "Perlu perbaikan"
        assert lines[people[0].name].nip_display == people[0].nip_display

    def test_an_individual_report_of_before_the_recaps_lists_the_draft_brought(self):
        coach = user_with_role(Role.TIM_COACHING)
        session = held_individual_session(coach=coach)
        skp = SkpFactory(pegawai=session.booking.pegawai, status=SkpStatus.SUBMITTED)
        session.booking.skp = skp
        session.booking.save()
        report = SessionReportFactory(session=session)
        (line,) = selectors.report_drafts(report)
        assert (line.name, line.status_display) == (skp.pegawai.name, "Diajukan untuk review")

    def test_the_drafts_of_many_sessions_are_read_at_once_each_as_alone(
        self, world, django_assert_num_queries
    ):
        visit = world["session"]
        people = [a.pegawai for a in visit.attendance.order_by("pk")]
        twins = [SkpFactory(pegawai=people[0], year=year) for year in (2026, 2025)]
        visit.drafts.set([*twins, SkpFactory(pegawai=people[1])])
        individual, marked_too, empty = (
            held_individual_session(coach=user_with_role(Role.TIM_COACHING)) for _ in range(3)
        )
        brought = {}
        for session in (individual, marked_too):
            brought[session] = SkpFactory(pegawai=session.booking.pegawai, year=2026)
            session.booking.skp = brought[session]
            session.booking.save()
        last_year = SkpFactory(pegawai=individual.booking.pegawai, year=2025)
        individual.drafts.add(last_year)  # marked, beside the one brought
        marked_too.drafts.add(brought[marked_too])  # brought and marked: one line
        sessions = [visit, individual, marked_too, empty]
        with django_assert_num_queries(1):
            snapshots = selectors.drafts_snapshots(sessions)
        assert [(line["name"], line["year"]) for line in snapshots[visit.pk]] == sorted(
            [(people[0].name, 2025), (people[0].name, 2026), (people[1].name, 2026)]
        )
        assert [line["year"] for line in snapshots[individual.pk]] == [2025, 2026]
        assert [line["nip"] for line in snapshots[marked_too.pk]] == [
            marked_too.booking.pegawai.nip
        ]
        assert snapshots[empty.pk] == []
        # Read together, each is what it is read alone.
        assert snapshots == {s.pk: selectors.drafts_snapshot(s) for s in sessions}


def test_the_attendance_summary_counts_present_absent_and_jenjang(world):
    summary = selectors.attendance_summary(world["session"])
    assert (summary.listed, summary.present, summary.absent) == (5, 4, 1)
    assert summary.per_jenjang == [("Pelaksana", 4)]


def test_start_times_are_shown_in_wita(world):
    session = world["session"]
    session.start = datetime.datetime(2026, 11, 24, 0, 30, tzinfo=datetime.UTC)
    assert selectors.session_title(session).endswith("24 November 2026")
    session.start = datetime.datetime(2026, 11, 24, 16, 30, tzinfo=datetime.UTC)  # 00.30 WITA
    assert selectors.session_title(session).endswith("25 November 2026")


def test_a_report_keeps_each_draft_line_with_every_field_of_draftline():
    assert list(selectors.DRAFT_LINE_COLUMNS) == [f.name for f in fields(selectors.DraftLine)]
