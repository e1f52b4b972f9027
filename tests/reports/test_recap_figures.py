"""The monthly recap's figures against records built by hand: which sessions count (the
coach's individual ones of the month in WITA), participants by SKPD and jenjang, topics,
drafts brought and their status, no-shows; a submitted recap keeps its figures; three
queries whatever the month's size."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Jenjang, Role
from bookings.models import BookingStatus
from reports import selectors, services
from reports.models import ReportStatus
from skp_drafts.models import SkpStatus
from tests.accounts.factories import (
    PegawaiWithAccountFactory,
    RoleAssignmentFactory,
    SkpdFactory,
    UserFactory,
    user_with_role,
)
from tests.bookings.factories import WITA, BookingFactory, SlotFactory
from tests.reports.factories import MonthlyRecapFactory, held_individual_session, held_skpd_session
from tests.skp_drafts.factories import SkpFactory

pytestmark = pytest.mark.django_db


def nov(day: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=WITA)


@pytest.fixture
def month():
    """November 2026 of two coaches: three individual sessions of the first (one ASN twice),
    one of the second, sessions just outside the month, an SKPD visit, no-shows and a
    cancellation."""
    coach = user_with_role(Role.TIM_COACHING, name="Rizki Maulana, S.Psi.")
    other = user_with_role(Role.TIM_COACHING, name="Aulia Rahmawati, S.E.")
    dinkes = SkpdFactory(name="Dinas Kesehatan", short_name="DINKES")
    juai = SkpdFactory(name="Kecamatan Juai", short_name="KEC-JUAI")
    ahmad = PegawaiWithAccountFactory(skpd=dinkes, jenjang=Jenjang.PELAKSANA, name="Ahmad Noor")
    siti = PegawaiWithAccountFactory(skpd=juai, jenjang=Jenjang.PENGAWAS, name="Siti Rahmah")
    budi = PegawaiWithAccountFactory(skpd=juai, jenjang=Jenjang.PELAKSANA, name="Budi Santoso")
    reviewed = SkpFactory(pegawai=ahmad, status=SkpStatus.REVIEWED)
    drafting = SkpFactory(pegawai=siti, status=SkpStatus.DRAFT)
    # 00.30 WITA on 1 November is still 31 October in UTC: it belongs to November.
    first = held_individual_session(
        coach=coach,
        pegawai=ahmad,
        start=nov(1, 0, 30),
        topic="Menyusun indikator kinerja",
        skp=reviewed,
        coach_notes="Indikator sudah terukur.",
    )
    held_individual_session(
        coach=coach,
        pegawai=ahmad,
        start=nov(10),
        topic="  menyusun  indikator kinerja ",
        draft="drafts/draf-ahmad.pdf",
    )
    linked = held_individual_session(
        coach=coach, pegawai=siti, start=nov(17), topic="Menentukan target"
    )
    linked.drafts.add(drafting)
    # Outside the month (WITA), or not individual coaching, or another coach's.
    held_individual_session(
        coach=coach, pegawai=siti, start=datetime.datetime(2026, 10, 31, 23, 30, tzinfo=WITA)
    )
    held_individual_session(
        coach=coach, pegawai=siti, start=datetime.datetime(2026, 12, 1, 0, 30, tzinfo=WITA)
    )
    held_skpd_session(coaches=[coach], start=nov(12), present=5)
    held_individual_session(coach=other, pegawai=budi, start=nov(11), topic="Lampiran SKP")
    for day, who, status, slot_coach in [
        (20, budi, BookingStatus.NO_SHOW, coach),
        (21, budi, BookingStatus.NO_SHOW, coach),
        (22, ahmad, BookingStatus.CANCELLED, coach),
        (23, ahmad, BookingStatus.NO_SHOW, other),
    ]:
        slot = SlotFactory(coach=slot_coach, start=nov(day), end=nov(day, 10))
        BookingFactory(slot=slot, pegawai=who, status=status)
    return {
        "coach": coach,
        "other": other,
        "ahmad": ahmad,
        "siti": siti,
        "reviewed": reviewed,
        "first": first,
    }


def test_a_coachs_month_counts_its_individual_sessions_of_the_month_in_wita(month):
    figures = selectors.recap_figures_of_month(year=2026, month=11, coach=month["coach"])
    assert (figures.sessions, figures.participants) == (3, 2)
    assert (figures.no_shows, figures.no_show_pegawai, figures.booked) == (2, 1, 5)
    assert (figures.with_portal_draft, figures.with_file_only, figures.without_draft) == (2, 1, 0)
    assert figures.by_skpd == [["Dinas Kesehatan", 1], ["Kecamatan Juai", 1]]
    assert figures.jenjang_rows == [("Pengawas", 1), ("Pelaksana", 1)]
    # Topics typed differently are one topic.
    assert figures.topics == [["Menyusun indikator kinerja", 2], ["Menentukan target", 1]]
    assert figures.status_rows == [("Draf", 1), ("Sesuai format", 1)]
    assert [(d.name, d.status_display) for d in figures.draft_lines] == [
        ("Ahmad Noor", "Sesuai format"),
        ("Siti Rahmah", "Draf"),
    ]
    assert figures.by_coach == []
    rows = figures.session_rows
    assert [row.name for row in rows] == ["Ahmad Noor", "Ahmad Noor", "Siti Rahmah"]
    assert rows[0].start_at == month["first"].start
    assert rows[0].skpd == "Dinas Kesehatan" and rows[0].jenjang_display == "Pelaksana"
    assert rows[0].draft_display == "Draf portal (Sesuai format)"
    assert rows[0].notes == "Indikator sudah terukur."
    assert rows[1].draft_display == "Berkas unggahan"
    assert rows[2].draft_display == "Draf portal"


def test_the_whole_teams_month_counts_every_coach_without_listing_sessions(month):
    figures = selectors.recap_figures_of_month(year=2026, month=11, coach=None)
    assert (figures.sessions, figures.participants) == (4, 3)
    assert (figures.no_shows, figures.no_show_pegawai) == (3, 2)
    assert figures.by_coach == [["Rizki Maulana, S.Psi.", 3], ["Aulia Rahmawati, S.E.", 1]]
    assert figures.by_skpd == [["Kecamatan Juai", 2], ["Dinas Kesehatan", 1]]
    assert figures.jenjang_rows == [("Pengawas", 1), ("Pelaksana", 2)]
    assert figures.topics == [
        ["Menyusun indikator kinerja", 2],
        ["Lampiran SKP", 1],
        ["Menentukan target", 1],
    ]
    assert (figures.with_portal_draft, figures.with_file_only, figures.without_draft) == (2, 1, 1)
    # Its drafts are counted by status, read without their pegawai, and not listed.
    assert figures.status_rows == [("Draf", 1), ("Sesuai format", 1)]
    assert figures.rows == [] and figures.drafts == []
    assert figures.drafts_total == 2


def test_a_month_without_sessions_is_all_zero(month):
    figures = selectors.recap_figures_of_month(year=2026, month=9, coach=month["coach"])
    assert (figures.sessions, figures.participants, figures.no_shows) == (0, 0, 0)
    assert figures.by_skpd == figures.topics == figures.rows == []


@pytest.mark.parametrize("whole_team", [False, True])
@pytest.mark.parametrize("extra", [0, 20])
def test_the_figures_take_three_queries_whatever_the_months_size(
    month, django_assert_num_queries, extra, whole_team
):
    for n in range(extra):
        held_individual_session(coach=month["coach"], start=nov(2 + n % 20, 13 + n // 20))
    coach = None if whole_team else month["coach"]
    # the sessions with their people and drafts, the portal drafts worked on, the no-shows
    with django_assert_num_queries(3):
        figures = selectors.recap_figures_of_month(year=2026, month=11, coach=coach)
    assert figures.sessions == 3 + extra + (1 if whole_team else 0)


def test_a_draft_worked_on_twice_counts_once_and_a_coach_without_pegawai_keeps_a_name(month):
    # The draft Ahmad brought on 1 November, marked again in Siti's session of the 17th.
    linked = month["siti"].bookings.get(slot__start=nov(17)).session
    linked.drafts.add(month["reviewed"])
    # An account of the team that is no pegawai of the regency: its account's name.
    outsider = UserFactory(username="tamu", first_name="Tamu", last_name="Luar")
    RoleAssignmentFactory(user=outsider, role=Role.TIM_COACHING)
    held_individual_session(coach=outsider, pegawai=month["siti"], start=nov(26))
    figures = selectors.recap_figures_of_month(year=2026, month=11, coach=None)
    assert figures.drafts_total == 2
    assert figures.status_rows == [("Draf", 1), ("Sesuai format", 1)]
    assert ["Tamu Luar", 1] in figures.by_coach


def test_a_submitted_recap_keeps_its_figures_and_a_returned_one_reads_them_again(month):
    coach, kabid = month["coach"], user_with_role(Role.KEPALA_BIDANG)
    recap = MonthlyRecapFactory(coach=coach, year=2026, month=11, notes="Bulan yang ramai.")
    services.submit_recap(actor=coach, recap_id=recap.pk)
    recap.refresh_from_db()
    assert recap.figures["sessions"] == 3
    # Afterwards: a session recorded late, and the draft sent back for revision.
    held_individual_session(coach=coach, start=nov(25))
    month["reviewed"].status = SkpStatus.REVISION
    month["reviewed"].save()
    kept = selectors.recap_figures(recap)
    assert kept.sessions == 3
    assert kept.status_rows == [("Draf", 1), ("Sesuai format", 1)]
    services.approve_recap(actor=kabid, recap_id=recap.pk)
    recap.refresh_from_db()
    assert selectors.recap_figures(recap).sessions == 3
    assert recap.status == ReportStatus.APPROVED

    other = MonthlyRecapFactory(
        coach=month["other"], year=2026, month=11, notes="Sepi.", created_by=month["other"]
    )
    services.submit_recap(actor=month["other"], recap_id=other.pk)
    held_individual_session(coach=month["other"], start=nov(26))
    services.return_recap(actor=kabid, recap_id=other.pk, reason="Tambahkan catatan.")
    other.refresh_from_db()
    assert selectors.recap_figures(other).sessions == 2  # written again: today's records


def test_add_months_crosses_years():
    first = datetime.date(2026, 1, 1)
    assert selectors.add_months(first, -1) == datetime.date(2025, 12, 1)
    assert selectors.add_months(first, -13) == datetime.date(2024, 12, 1)
    assert selectors.add_months(datetime.date(2026, 12, 1), 1) == datetime.date(2027, 1, 1)
    start, end = selectors.month_span(2026, 11)
    assert start == nov(1, 0) and end == datetime.datetime(2026, 12, 1, tzinfo=WITA)
    assert timezone.localtime(start).hour == 0
