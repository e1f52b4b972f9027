"""The home page's backlog of reports: the months whose recap a coach still owes and the
SKPD visits it has not reported, never its individual sessions one by one; for the Kepala
Bidang, the recaps and reports waiting for her."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import Role
from reports import selectors, services
from reports.models import ReportStatus
from tests.accounts.factories import user_with_role
from tests.bookings.factories import WITA
from tests.reports.factories import (
    MonthlyRecapFactory,
    SessionReportFactory,
    held_individual_session,
    held_skpd_session,
)

pytestmark = pytest.mark.django_db


def months_ago(count: int) -> datetime.date:
    return selectors.add_months(timezone.localdate().replace(day=1), -count)


def session_in(coach, first: datetime.date, day: int = 2, hour: int = 9):
    start = datetime.datetime.combine(
        first + datetime.timedelta(days=day), datetime.time(hour), tzinfo=WITA
    )
    return held_individual_session(coach=coach, start=start)


def label(first: datetime.date) -> str:
    return date_format(first, "F Y")


@pytest.fixture
def coach():
    return user_with_role(Role.TIM_COACHING)


@pytest.fixture
def kabid():
    return user_with_role(Role.KEPALA_BIDANG)


def approved(coach, first, kabid, **fields):
    return MonthlyRecapFactory(
        coach=coach,
        year=first.year,
        month=first.month,
        status=ReportStatus.APPROVED,
        submitted_by=coach or kabid,
        submitted_at=timezone.now(),
        decided_by=kabid,
        created_by=coach or kabid,
        **fields,
    )


def test_a_coach_owes_the_ended_months_of_the_last_year_without_a_recap(coach, kabid):
    for count in (0, 1, 2, 3, 12, 13):
        session_in(coach, months_ago(count))
    session_in(coach, months_ago(1), day=3)
    approved(coach, months_ago(2), kabid)
    MonthlyRecapFactory(
        coach=coach,
        year=months_ago(3).year,
        month=months_ago(3).month,
        status=ReportStatus.SUBMITTED,
        submitted_by=coach,
        submitted_at=timezone.now(),
    )
    due = selectors.recaps_due(coach)
    # This month is not over; two and three months ago are submitted or approved; thirteen
    # months ago is beyond the window.
    assert [(item.first_day, item.sessions, item.recap_pk) for item in due] == [
        (months_ago(1), 2, None),
        (months_ago(12), 1, None),
    ]


def test_the_teams_recap_covers_a_coachs_month_and_a_started_one_is_named(coach, kabid):
    session_in(coach, months_ago(1))
    session_in(coach, months_ago(2))
    approved(None, months_ago(1), kabid)
    draft = MonthlyRecapFactory(coach=coach, year=months_ago(2).year, month=months_ago(2).month)
    (item,) = selectors.recaps_due(coach)
    assert (item.first_day, item.recap_pk, item.recap_status) == (
        months_ago(2),
        draft.pk,
        ReportStatus.DRAFT,
    )
    # Another coach's recap covers nothing of this one's.
    other = user_with_role(Role.TIM_COACHING)
    approved(other, months_ago(2), kabid)
    assert len(selectors.recaps_due(coach)) == 1


def test_the_coachs_home_shows_the_real_backlog(client, coach, kabid):
    for day in range(20):
        session_in(coach, months_ago(1), day=day % 10, hour=8 + day // 10)
    returned = MonthlyRecapFactory(
        coach=coach, year=months_ago(2).year, month=months_ago(2).month, notes="Catatan"
    )
    session_in(coach, months_ago(2))
    services.submit_recap(actor=coach, recap_id=returned.pk)
    services.return_recap(actor=kabid, recap_id=returned.pk, reason="Lengkapi.")
    held_skpd_session(coaches=[coach])
    client.force_login(coach)
    page = client.get(reverse("portal:home")).content.decode()
    assert f"Rekap bulan {label(months_ago(1))} belum diajukan." in page
    assert "20 sesi individual" in page
    assert reverse("reports:recap_new") + f"?bulan={months_ago(1):%Y-%m}" in page
    assert f"Rekap bulan {label(months_ago(2))} dikembalikan untuk perbaikan." in page
    assert reverse("reports:recap_detail", args=[returned.pk]) in page
    assert "1 kunjungan SKPD yang Anda pandu belum dilaporkan." in page
    assert "sesi yang Anda pandu belum dilaporkan" not in page


def test_a_long_backlog_shows_three_months_and_how_many_more(client, coach):
    for count in range(1, 7):
        session_in(coach, months_ago(count))
    client.force_login(coach)
    page = client.get(reverse("portal:home")).content.decode()
    assert page.count("belum diajukan.") == 3
    assert "dan rekap 3 bulan sebelumnya." in page


def test_the_kepala_bidang_sees_what_waits_for_her(client, coach, kabid):
    recap = MonthlyRecapFactory(coach=coach, notes="Catatan")
    services.submit_recap(actor=coach, recap_id=recap.pk)
    client.force_login(kabid)
    page = client.get(reverse("portal:home")).content.decode()
    assert "1 rekap bulanan menunggu persetujuan Anda." in page
    assert reverse("reports:recap_list") + "?status=submitted" in page
    client.force_login(coach)
    assert "menunggu persetujuan Anda" not in client.get(reverse("portal:home")).content.decode()


def test_nothing_owed_says_so(client, coach):
    client.force_login(coach)
    page = client.get(reverse("portal:home")).content.decode()
    assert "Tidak ada laporan, rekap atau tindak lanjut yang menunggu Anda." in page


@pytest.mark.parametrize(("role", "queries"), [(Role.TIM_COACHING, 3), (Role.KEPALA_BIDANG, 4)])
def test_the_backlog_takes_few_queries_whatever_the_sessions(
    django_assert_num_queries, role, queries
):
    user = user_with_role(role)
    for count in range(1, 13):
        session_in(user, months_ago(count))
        session_in(user, months_ago(count), day=4)
    # SKPD visits and reports, the follow-ups, the months owed (and the recaps waiting)
    with django_assert_num_queries(queries):
        tasks = selectors.report_tasks(user, decides=role == Role.KEPALA_BIDANG)
    assert len(tasks.recaps_due) == 12


def test_a_coach_and_the_kepala_bidang_count_only_their_own_visits(coach, kabid):
    """A coach's counts come from its own sessions, the Kepala Bidang's in her pass over all
    of them: the same rule either way."""
    other = user_with_role(Role.TIM_COACHING)
    held_skpd_session(coaches=[coach])  # unreported
    held_skpd_session(coaches=[coach, kabid])  # unreported, of both
    held_skpd_session(coaches=[other])  # someone else's
    returned = held_skpd_session(coaches=[coach])
    SessionReportFactory(session=returned, status=ReportStatus.RETURNED)
    SessionReportFactory(
        session=held_skpd_session(coaches=[other]),
        status=ReportStatus.SUBMITTED,
        submitted_by=other,
        submitted_at=timezone.now(),
    )
    session_in(coach, months_ago(1))  # individual: counted as a month owed, not here

    mine = selectors.report_tasks(coach, decides=False)
    hers = selectors.report_tasks(kabid, decides=True)

    assert (mine.unreported, mine.returned, mine.waiting) == (2, 1, 0)
    assert (hers.unreported, hers.returned, hers.waiting) == (1, 0, 1)
