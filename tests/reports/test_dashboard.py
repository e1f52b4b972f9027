"""The monitoring dashboard: its figures equal counts made here row by row, the Kasubag sees
its own SKPD only, the cache serves until the data change, the Excel holds the same numbers,
and the page runs the same number of queries for a small regency and for 400 SKPD with
50,000 pegawai."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from simple_history.utils import bulk_update_with_history

from accounts.models import Notification, Pegawai, Role, Skpd, SkpdKind
from bookings.models import Booking, CoachingSession, RequestStatus, SessionKind, SkpdRequest
from core import versions
from core.bulk import analyze_tables
from reports import dashboard
from skp_drafts.models import Skp, SkpStatus
from tests.accounts.factories import PegawaiFactory, SkpdFactory, user_with_role
from tests.pages import body_drawn
from tests.reports.factories import held_individual_session, held_skpd_session
from tests.skp_drafts.factories import SkpFactory

pytestmark = pytest.mark.django_db

YEAR = 2026
WITA = datetime.timezone(datetime.timedelta(hours=8))


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=WITA)


@pytest.fixture
def regency():
    """Two SKPD with everything the figures count and everything they must not."""
    coach = user_with_role(Role.TIM_COACHING)
    kepala = user_with_role(Role.KEPALA_BKPSDM)
    dinas = SkpdFactory(name="Dinas Pendidikan", short_name="DISDIK", kind=SkpdKind.DINAS)
    kecamatan = SkpdFactory(name="Kecamatan Juai", short_name="KEC-JUAI", kind=SkpdKind.KECAMATAN)
    SkpdFactory(name="Dinas Lama", short_name="LAMA", is_active=False)
    staff = PegawaiFactory.create_batch(6, skpd=dinas)
    retired = PegawaiFactory(skpd=dinas, is_active=False)
    camat_staff = PegawaiFactory.create_batch(4, skpd=kecamatan)
    for person in staff[:3]:
        SkpFactory(pegawai=person, status=SkpStatus.REVIEWED)
    SkpFactory(pegawai=staff[3], status=SkpStatus.REVISION)
    SkpFactory(pegawai=staff[4], status=SkpStatus.REVIEWED, year=YEAR - 1)
    SkpFactory(pegawai=retired, status=SkpStatus.REVIEWED)
    SkpFactory(pegawai=camat_staff[0], status=SkpStatus.REVIEWED)
    # Declared in format on fixed days of their year, whatever the day the tests run.
    Skp.objects.filter(year=YEAR, status=SkpStatus.REVIEWED).update(reviewed_at=at(YEAR, 2, 10))
    Skp.objects.filter(year=YEAR - 1).update(reviewed_at=at(YEAR - 1, 6, 1))
    held_skpd_session(skpd=dinas, coaches=[coach], kepala=kepala, present=0, start=at(YEAR, 3, 10))
    held_skpd_session(
        skpd=dinas,
        coaches=[coach],
        kepala=kepala,
        present=0,
        start=at(YEAR, 12, 20),
        status=RequestStatus.SCHEDULED,
    )
    held_skpd_session(
        skpd=kecamatan, coaches=[coach], kepala=kepala, present=0, start=at(YEAR - 1, 11, 5)
    )
    held_individual_session(coach=coach, pegawai=staff[0], start=at(YEAR, 3, 2))
    held_individual_session(coach=coach, pegawai=staff[1], start=at(YEAR, 5, 4))
    held_individual_session(coach=coach, pegawai=camat_staff[1], start=at(YEAR, 5, 6))
    for status in (RequestStatus.SUBMITTED, RequestStatus.RETURNED):
        waiting = held_skpd_session(skpd=dinas, coaches=[coach], kepala=kepala, present=0)
        SkpdRequest.objects.filter(pk=waiting.skpd_request_id).update(status=status)
        CoachingSession.objects.filter(pk=waiting.pk).delete()
    return {"dinas": dinas, "kecamatan": kecamatan, "coach": coach}


def counted_here(skpd: Skpd, year: int) -> dict:
    """The row of one SKPD, counted in Python from every row of every table."""
    pegawai = {p.pk for p in Pegawai.objects.all() if p.skpd_id == skpd.pk and p.is_active}
    reviewed = [
        s
        for s in Skp.objects.all()
        if s.pegawai_id in pegawai and s.year == year and s.status == SkpStatus.REVIEWED
    ]
    sessions = [
        s for s in CoachingSession.objects.all() if timezone.localtime(s.start).year == year
    ]
    at_skpd = [
        s
        for s in sessions
        if s.kind == SessionKind.SKPD
        and s.skpd_request.skpd_id == skpd.pk
        and s.skpd_request.status in (RequestStatus.HELD, RequestStatus.REPORTED)
    ]
    individual = [
        s
        for s in sessions
        if s.kind == SessionKind.INDIVIDUAL and s.booking.pegawai.skpd_id == skpd.pk
    ]
    waiting = [
        r
        for r in SkpdRequest.objects.all()
        if r.skpd_id == skpd.pk and r.status == RequestStatus.SUBMITTED
    ]
    return {
        "pegawai_count": len(pegawai),
        "reviewed_count": len(reviewed),
        "percent": len(reviewed) * 100 / len(pegawai) if pegawai else None,
        "skpd_sessions": len(at_skpd),
        "individual_sessions": len(individual),
        "waiting_requests": len(waiting),
    }


def months_here(skpd_ids: set[int], year: int) -> list[tuple[int, int, int]]:
    """Each month's (sessions at the SKPD, individual sessions, SKP in format by its end) of
    these SKPD, counted in Python from every row."""
    sessions = [
        s for s in CoachingSession.objects.all() if timezone.localtime(s.start).year == year
    ]
    reviewed = [
        s
        for s in Skp.objects.all()
        if s.pegawai
        and s.pegawai.is_active
        and s.pegawai.skpd_id in skpd_ids
        and s.year == year
        and s.status == SkpStatus.REVIEWED
    ]
    months = []
    for month in range(1, 13):
        end = at(year + month // 12, month % 12 + 1, 1, hour=0)
        held = [s for s in sessions if timezone.localtime(s.start).month == month]
        months.append(
            (
                sum(
                    1
                    for s in held
                    if s.kind == SessionKind.SKPD
                    and s.skpd_request.skpd_id in skpd_ids
                    and s.skpd_request.status in (RequestStatus.HELD, RequestStatus.REPORTED)
                ),
                sum(
                    1
                    for s in held
                    if s.kind == SessionKind.INDIVIDUAL and s.booking.pegawai.skpd_id in skpd_ids
                ),
                sum(1 for s in reviewed if (s.reviewed_at or s.updated_at) < end),
            )
        )
    return months


FIGURES = [
    "pegawai_count",
    "reviewed_count",
    "percent",
    "skpd_sessions",
    "individual_sessions",
    "waiting_requests",
]


class TestFigures:
    def test_every_row_equals_the_counts_made_here(self, regency):
        board = dashboard.dashboard(dashboard.DashboardFilter(year=YEAR))
        rows = {row["pk"]: row for row in board.rows}
        active = Skpd.objects.filter(is_active=True)
        assert set(rows) == {skpd.pk for skpd in active}
        for skpd in active:
            expected = counted_here(skpd, YEAR)
            assert {name: rows[skpd.pk][name] for name in FIGURES} == pytest.approx(expected), skpd
        # And by hand, for the two SKPD built for it:
        dinas = rows[regency["dinas"].pk]
        assert [dinas[name] for name in FIGURES] == [6, 3, 50.0, 1, 2, 1]
        camat = rows[regency["kecamatan"].pk]
        assert [camat[name] for name in FIGURES] == [4, 1, 25.0, 0, 1, 0]

    def test_the_total_sums_the_rows(self, regency):
        board = dashboard.dashboard(dashboard.DashboardFilter(year=YEAR))
        totals = board.totals
        for name in ("pegawai_count", "reviewed_count", "skpd_sessions", "individual_sessions"):
            key = {"pegawai_count": "pegawai", "reviewed_count": "reviewed"}.get(name, name)
            assert totals[key] == sum(row[name] for row in board.rows)
        assert totals["waiting_requests"] == 1
        assert totals["skpd"] == Skpd.objects.filter(is_active=True).count()
        assert totals["percent"] == pytest.approx(totals["reviewed"] * 100 / totals["pegawai"])

    def test_the_year_and_the_kind_filter_the_figures(self, regency):
        last_year = dashboard.dashboard(dashboard.DashboardFilter(year=YEAR - 1))
        rows = {row["pk"]: row for row in last_year.rows}
        assert rows[regency["dinas"].pk]["reviewed_count"] == 1
        assert rows[regency["kecamatan"].pk]["skpd_sessions"] == 1
        kecamatan = dashboard.dashboard(
            dashboard.DashboardFilter(year=YEAR, kind=SkpdKind.KECAMATAN)
        )
        assert [row["name"] for row in kecamatan.rows] == ["Kecamatan Juai"]
        assert kecamatan.totals["pegawai"] == 4
        assert [m.individual_sessions for m in kecamatan.months][4] == 1
        assert sum(m.sessions for m in kecamatan.months) == 1

    def test_the_months_count_sessions_and_the_skp_in_format_by_the_end_of_each(self, regency):
        dinas = regency["dinas"]
        person = PegawaiFactory(skpd=dinas)
        skp = SkpFactory(pegawai=person, status=SkpStatus.DRAFT)
        skp.status, skp.reviewed_at = SkpStatus.REVIEWED, at(YEAR, 7, 15)
        skp.save()
        board = dashboard.dashboard(dashboard.DashboardFilter(year=YEAR, kind=SkpdKind.DINAS))
        assert [m.skpd_sessions for m in board.months] == [0, 0, 1] + [0] * 9
        assert [m.individual_sessions for m in board.months] == [0, 0, 1, 0, 1] + [0] * 7
        # The three of the fixture are in format from February on, this one from July on.
        by_then = [m.reviewed_by_then for m in board.months]
        assert by_then == [0] + [3] * 5 + [4] * 6
        assert by_then[-1] == board.totals["reviewed"]

    def test_an_skp_declared_in_format_after_its_year_is_not_counted_in_its_months(self, regency):
        late = SkpFactory(pegawai=PegawaiFactory(skpd=regency["dinas"]), status=SkpStatus.DRAFT)
        late.status, late.reviewed_at = SkpStatus.REVIEWED, at(YEAR + 1, 1, 20)
        late.save()
        board = dashboard.dashboard(dashboard.DashboardFilter(year=YEAR, kind=SkpdKind.DINAS))
        # In format now (the total), but it was not by the end of any month of its year.
        assert board.totals["reviewed"] == 4
        assert [m.reviewed_by_then for m in board.months][-1] == 3

    def test_the_lowest_first_puts_the_furthest_from_the_target_on_top(self, regency):
        board = dashboard.dashboard(dashboard.DashboardFilter(year=YEAR))
        rows = dashboard.sorted_rows(board, "lowest")
        shares = [row["percent"] for row in rows if row["percent"] is not None]
        assert shares == sorted(shares)
        assert rows[-1]["percent"] is None or rows[-1]["percent"] == max(shares)


@pytest.fixture
def more_states(regency):
    """Besides the regency's: a reopened SKP (dated, but no longer in format), a reported
    visit, and an SKPD merged away with figures of its own."""
    dinas, kecamatan = regency["dinas"], regency["kecamatan"]
    SkpFactory(
        pegawai=PegawaiFactory(skpd=dinas), status=SkpStatus.DRAFT, reviewed_at=at(YEAR, 3, 1)
    )
    SkpFactory(
        pegawai=PegawaiFactory(skpd=kecamatan),
        status=SkpStatus.REVIEWED,
        reviewed_at=at(YEAR, 9, 3),
    )
    reported = held_skpd_session(
        skpd=kecamatan, coaches=[regency["coach"]], present=0, start=at(YEAR, 8, 12)
    )
    SkpdRequest.objects.filter(pk=reported.skpd_request_id).update(status=RequestStatus.REPORTED)
    merged = Skpd.objects.get(short_name="LAMA")
    SkpFactory(pegawai=PegawaiFactory(skpd=merged), status=SkpStatus.REVIEWED)
    return regency


class TestOneSkpd:
    """A Kasubag's dashboard counts its SKPD alone, through the SKPD's own rows: the same
    figures as its row in the regency's, the total and the months its own."""

    @pytest.mark.parametrize("year", [YEAR, YEAR - 1])
    def test_each_skpd_alone_equals_the_counts_made_here(self, more_states, year):
        regency = dashboard.dashboard(dashboard.DashboardFilter(year=year))
        active = Skpd.objects.filter(is_active=True)
        assert [
            (m.skpd_sessions, m.individual_sessions, m.reviewed_by_then) for m in regency.months
        ] == months_here({skpd.pk for skpd in active}, year)
        for skpd in active:
            board = dashboard.dashboard(
                dashboard.DashboardFilter(year=year, skpd_ids=frozenset({skpd.pk}))
            )
            [row] = board.rows
            assert row == next(r for r in regency.rows if r["pk"] == skpd.pk)
            expected = counted_here(skpd, year)
            assert {name: row[name] for name in FIGURES} == pytest.approx(expected), skpd
            assert (board.totals["skpd"], board.totals["pegawai"], board.totals["reviewed"]) == (
                1,
                expected["pegawai_count"],
                expected["reviewed_count"],
            )
            assert [
                (m.skpd_sessions, m.individual_sessions, m.reviewed_by_then) for m in board.months
            ] == months_here({skpd.pk}, year)

    def test_the_states_in_between_count_as_they_should(self, more_states):
        board = dashboard.dashboard(dashboard.DashboardFilter(year=YEAR))
        rows = {row["pk"]: row for row in board.rows}
        # The reopened SKP does not count; the reported visit does.
        assert rows[more_states["dinas"].pk]["reviewed_count"] == 3
        camat = rows[more_states["kecamatan"].pk]
        assert (camat["reviewed_count"], camat["skpd_sessions"]) == (2, 1)
        assert Skpd.objects.get(short_name="LAMA").pk not in rows
        assert [m.reviewed_by_then for m in board.months] == [0] + [4] * 7 + [5] * 4

    def test_a_kasubag_s_page_runs_a_fixed_number_of_queries(
        self, client, more_states, django_assert_num_queries
    ):
        kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=more_states["kecamatan"])
        client.force_login(kasubag)
        url = reverse("reports:dashboard")
        # session, user, roles, the data's version, the e-Kinerja source, the pegawai, the
        # SKP in format, the sessions, the letters waiting
        with django_assert_num_queries(9):
            assert client.get(url, {"year": YEAR}).status_code == 200
        with django_assert_num_queries(4):
            response = client.get(url, {"year": YEAR})
        assert response.context["board"].totals["reviewed"] == 2


class TestWhoSeesWhat:
    def test_a_kasubag_sees_its_own_row_only(self, client, regency):
        kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=regency["kecamatan"])
        client.force_login(kasubag)
        response = client.get(reverse("reports:dashboard"), {"year": YEAR})
        assert response.status_code == 200
        assert [row["name"] for row in response.context["page"].object_list] == ["Kecamatan Juai"]
        assert "Dinas Pendidikan" not in response.content.decode()
        # Asking for the Dinas gives it none of theirs.
        response = client.get(reverse("reports:dashboard"), {"year": YEAR, "kind": SkpdKind.DINAS})
        assert list(response.context["page"].object_list) == []
        assert "Dinas Pendidikan" not in response.content.decode()
        workbook = load_workbook(io.BytesIO(client.get(reverse("reports:dashboard_xlsx")).content))
        names = [row[1] for row in workbook.active.iter_rows(min_row=5, values_only=True)]
        assert names == ["Kecamatan Juai", "Jumlah (1 SKPD)"]

    @pytest.mark.parametrize(
        ("role", "status"),
        [(Role.ASN, 403), (Role.TIM_COACHING, 200), (Role.KEPALA_BKPSDM, 200), (Role.ADMIN, 200)],
    )
    def test_the_dashboard_is_for_bkpsdm_and_the_kasubag(self, client, role, status):
        client.force_login(user_with_role(role))
        assert client.get(reverse("reports:dashboard")).status_code == status
        assert client.get(reverse("reports:dashboard_xlsx")).status_code == status

    def test_odd_filters_fall_back_to_the_defaults(self, client, regency):
        client.force_login(user_with_role(Role.KEPALA_BIDANG))
        for params in [
            {"year": "abc"},
            {"year": "1999"},
            {"kind": "<b>"},
            {"sort": "x", "page": "-3"},
        ]:
            response = client.get(reverse("reports:dashboard"), params)
            assert response.status_code == 200
            assert response.context["board"].filters.year == timezone.localdate().year

    def test_a_link_without_a_year_keeps_its_kind_and_sort_for_this_year(self, client, regency):
        client.force_login(user_with_role(Role.KEPALA_BIDANG))
        response = client.get(
            reverse("reports:dashboard"), {"kind": SkpdKind.KECAMATAN, "sort": "lowest"}
        )
        board = response.context["board"]
        assert board.filters.year == timezone.localdate().year
        assert board.filters.kind == SkpdKind.KECAMATAN
        assert [row["name"] for row in response.context["page"].object_list] == ["Kecamatan Juai"]

    def test_the_page_draws_its_charts_without_style_attributes(self, client, regency):
        client.force_login(user_with_role(Role.KEPALA_BIDANG))
        page = client.get(reverse("reports:dashboard"), {"year": YEAR}).content.decode()
        assert page.count('<svg class="bar-chart"') == 2
        assert "style=" not in page
        assert "<script>" not in page


class TestCache:
    def test_the_figures_come_from_the_cache_until_the_data_change(
        self, regency, django_assert_num_queries
    ):
        filters = dashboard.DashboardFilter(year=YEAR)
        first = dashboard.dashboard(filters)
        with django_assert_num_queries(1):  # the data's version only
            assert dashboard.dashboard(filters) == first
        Notification.objects.create(user=regency["coach"], text="Tidak mengubah angka")
        with django_assert_num_queries(1):
            dashboard.dashboard(filters)

        def dinas_row():
            board = dashboard.dashboard(filters)
            return next(row for row in board.rows if row["pk"] == regency["dinas"].pk)

        # An SKP reviewed.
        skp = Skp.objects.get(pegawai__skpd=regency["dinas"], status=SkpStatus.REVISION)
        skp.status = SkpStatus.REVIEWED
        skp.save()
        assert dinas_row()["reviewed_count"] == 4
        # A visit held.
        scheduled = SkpdRequest.objects.get(skpd=regency["dinas"], status=RequestStatus.SCHEDULED)
        scheduled.status = RequestStatus.HELD
        scheduled.save()
        assert dinas_row()["skpd_sessions"] == 2
        # A request letter sent.
        returned = SkpdRequest.objects.get(skpd=regency["dinas"], status=RequestStatus.RETURNED)
        returned.status = RequestStatus.SUBMITTED
        returned.save()
        assert dinas_row()["waiting_requests"] == 2
        # An individual session recorded.
        held_individual_session(pegawai=Pegawai.objects.filter(skpd=regency["dinas"]).last())
        assert dinas_row()["individual_sessions"] == 3
        # Pegawai retired in bulk, as the roster import writes them.
        people = list(Pegawai.objects.filter(skpd=regency["dinas"], is_active=True)[:2])
        for person in people:
            person.is_active = False
        bulk_update_with_history(people, Pegawai, ["is_active"], default_change_reason="Pensiun")
        assert (
            dinas_row()["pegawai_count"]
            == Pegawai.objects.filter(skpd=regency["dinas"], is_active=True).count()
        )
        # An SKPD merged away.
        regency["kecamatan"].is_active = False
        regency["kecamatan"].save()
        assert regency["kecamatan"].pk not in {r["pk"] for r in dashboard.dashboard(filters).rows}

    def test_a_change_that_moves_no_figure_keeps_the_cache(
        self, regency, django_assert_num_queries
    ):
        filters = dashboard.DashboardFilter(year=YEAR)
        first = dashboard.dashboard(filters)
        version = versions.current(dashboard.FIGURES_VERSION)
        # An ASN saves the contact on the profile (the benchmark's write), and is renamed.
        person = Pegawai.objects.filter(skpd=regency["dinas"]).first()
        person.phone, person.email = "081234567890", "baru@example.org"
        person.save()
        Pegawai.objects.filter(pk=person.pk).update(name="Nama Baru")
        # An SKP's content saved, then submitted: not in format yet.
        draft = Skp.objects.get(status=SkpStatus.REVISION)
        draft.version += 1
        draft.save()
        draft.status = SkpStatus.SUBMITTED
        draft.save()
        # The SKPD's address, a session's notes, a booking's topic.
        regency["dinas"].address = "Jl. Ahmad Yani"
        regency["dinas"].save()
        CoachingSession.objects.update(notes="Catatan baru")
        Booking.objects.update(topic="Topik baru")
        assert versions.current(dashboard.FIGURES_VERSION) == version
        with django_assert_num_queries(1):
            assert dashboard.dashboard(filters) == first

    def test_a_change_written_without_history_shows_at_once(self, regency):
        filters = dashboard.DashboardFilter(year=YEAR, skpd_ids=frozenset({regency["dinas"].pk}))
        assert dashboard.dashboard(filters).rows[0]["pegawai_count"] == 6
        # QuerySet.update() writes no history: the triggers see it all the same.
        reviewed = Skp.objects.filter(
            pegawai__skpd=regency["dinas"], year=YEAR, status=SkpStatus.REVIEWED
        )
        Pegawai.objects.filter(pk=reviewed.first().pegawai_id).update(is_active=False)
        row = dashboard.dashboard(filters).rows[0]
        assert (row["pegawai_count"], row["reviewed_count"]) == (5, 2)
        Skp.objects.filter(pegawai__skpd=regency["dinas"], year=YEAR).update(
            reviewed_at=at(YEAR, 11, 1)
        )
        by_then = [m.reviewed_by_then for m in dashboard.dashboard(filters).months]
        assert by_then[9:] == [0, 2, 2]

    def test_a_kasubag_s_figures_are_taken_from_the_regency_s_when_those_are_cached(
        self, regency, django_assert_num_queries
    ):
        own = dashboard.DashboardFilter(year=YEAR, skpd_ids=frozenset({regency["dinas"].pk}))
        counted = dashboard.board_of(own, dashboard.count_figures(YEAR, own.skpd_ids))
        cache.clear()
        dashboard.dashboard(dashboard.DashboardFilter(year=YEAR))  # a BKPSDM reader's
        with django_assert_num_queries(1):  # the data's version only
            picked = dashboard.dashboard(own)
        assert (picked.rows, picked.totals, picked.months, picked.ekinerja_source) == (
            counted.rows,
            counted.totals,
            counted.months,
            counted.ekinerja_source,
        )
        assert [row["name"] for row in picked.rows] == ["Dinas Pendidikan"]

    def test_each_scope_and_filter_has_its_own_entry(self, regency):
        everyone = dashboard.dashboard(dashboard.DashboardFilter(year=YEAR))
        own = dashboard.dashboard(
            dashboard.DashboardFilter(year=YEAR, skpd_ids=frozenset({regency["kecamatan"].pk}))
        )
        assert len(own.rows) == 1 < len(everyone.rows)
        assert (
            dashboard.dashboard(
                dashboard.DashboardFilter(year=YEAR, kind=SkpdKind.KECAMATAN)
            ).totals["skpd"]
            == 1
        )
        cache.clear()
        assert dashboard.dashboard(dashboard.DashboardFilter(year=YEAR)) == everyone


class TestDrawnPage:
    """The page's body is kept drawn under the figures' version (reports/dashboard.html)."""

    BODY = "reports/includes/dashboard_body.html"

    def drawn(self, client, **query):
        response = client.get(reverse("reports:dashboard"), {"year": YEAR, **query})
        assert response.status_code == 200
        return body_drawn(response, self.BODY)

    def test_the_body_is_drawn_once_until_a_figure_moves(self, client, regency):
        client.force_login(user_with_role(Role.KEPALA_BIDANG))
        drawn, first = self.drawn(client)
        assert drawn
        # A change that moves no figure: the same page, not drawn again.
        Pegawai.objects.filter(skpd=regency["dinas"]).update(phone="081234567890")
        drawn, again = self.drawn(client)
        assert not drawn and again == first
        # An SKP declared in format: drawn again, with the new figure.
        skp = Skp.objects.get(pegawai__skpd=regency["dinas"], status=SkpStatus.REVISION)
        skp.status = SkpStatus.REVIEWED
        skp.save()
        drawn, after = self.drawn(client)
        assert drawn and after != first
        row = next(r for r in dashboard.dashboard(dashboard.DashboardFilter(year=YEAR)).rows
                   if r["pk"] == regency["dinas"].pk)  # fmt: skip
        assert row["reviewed_count"] == 4

    def test_a_kept_body_is_served_without_reading_the_board(self, client, regency, monkeypatch):
        client.force_login(user_with_role(Role.KEPALA_BIDANG))
        drawn, first = self.drawn(client)
        assert drawn
        read = []
        get = dashboard.cache.get
        monkeypatch.setattr(
            dashboard.cache, "get", lambda key, *a: read.append(key) or get(key, *a)
        )
        drawn, again = self.drawn(client)
        # Of the figures, only the board's number of rows: with the board's key, it names
        # the kept body (read next).
        boards = [key for key in read if key.startswith(dashboard.CACHE_PREFIX)]
        assert not drawn and again == first
        assert len(boards) == 1 and boards[0].endswith(":all:all:rows")
        # The number evicted: the board is read for it (and the number kept again), and the
        # body still found.
        dashboard.cache.delete(boards[0])
        read.clear()
        drawn, evicted = self.drawn(client)
        assert not drawn and evicted == first
        assert [key for key in read if key.startswith(dashboard.CACHE_PREFIX)] == [
            boards[0],
            boards[0].removesuffix(":rows"),
        ]
        read.clear()
        assert self.drawn(client) == (False, first)
        assert [key for key in read if key.startswith(dashboard.CACHE_PREFIX)] == boards

    def test_each_query_reader_and_language_has_its_own_body(self, client, regency):
        client.force_login(user_with_role(Role.KEPALA_BIDANG))
        _drawn, by_name = self.drawn(client)
        drawn, lowest = self.drawn(client, sort="lowest")
        assert drawn and lowest != by_name
        # A Kasubag's scope is another board: never the regency's body.
        client.force_login(user_with_role(Role.KASUBAG_UMUM, skpd=regency["kecamatan"]))
        drawn, own = self.drawn(client)
        assert drawn and "Dinas Pendidikan" not in own
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        drawn, english = self.drawn(client)
        assert "Unduh Excel" in own
        assert drawn and "Download Excel" in english and "Unduh Excel" not in english

    def test_readers_of_one_scope_with_other_links_get_their_own_body(self, client, regency):
        client.force_login(user_with_role(Role.KEPALA_BIDANG))
        _drawn, with_import = self.drawn(client)
        assert "Impor e-Kinerja" in with_import
        client.force_login(user_with_role(Role.KEPALA_BKPSDM))
        drawn, without_import = self.drawn(client)
        assert drawn and "Impor e-Kinerja" not in without_import
        client.force_login(user_with_role(Role.KASUBAG_UMUM, skpd=regency["dinas"]))
        _drawn, dinas = self.drawn(client)
        client.force_login(user_with_role(Role.KASUBAG_UMUM, skpd=regency["kecamatan"]))
        drawn, kecamatan = self.drawn(client)
        assert "Dinas Pendidikan" in dinas and "Kecamatan Juai" not in dinas
        assert drawn and "Kecamatan Juai" in kecamatan and "Dinas Pendidikan" not in kecamatan

    @pytest.mark.parametrize(
        "query",
        [{"utm_source": "wa"}, {"page": "99"}, {"year": "abc"}, {"sort": ["name", "lowest"]}],
        ids=["own-parameter", "past-the-end", "refused", "repeated"],
    )
    def test_a_query_the_filter_does_not_know_is_drawn_but_not_kept(self, client, query):
        client.force_login(user_with_role(Role.KEPALA_BIDANG))
        assert self.drawn(client, **query)[0]
        assert self.drawn(client, **query)[0]

    def test_a_new_release_draws_the_body_again(self, client, regency, settings):
        client.force_login(user_with_role(Role.KEPALA_BIDANG))
        self.drawn(client)
        assert not self.drawn(client)[0]
        settings.RELEASE = "a-newer-release"
        assert self.drawn(client)[0]


class TestExcel:
    def test_the_workbook_holds_the_same_numbers_as_the_page(self, client, regency):
        client.force_login(user_with_role(Role.KEPALA_BIDANG))
        page = client.get(reverse("reports:dashboard"), {"year": YEAR})
        board = page.context["board"]
        response = client.get(reverse("reports:dashboard_xlsx"), {"year": YEAR})
        assert (
            response["Content-Disposition"] == f'attachment; filename="monitoring-skp-{YEAR}.xlsx"'
        )
        workbook = load_workbook(io.BytesIO(response.content))
        sheet = workbook["Rekap per SKPD"]
        assert "Tahun SKP 2026" in sheet["A2"].value
        header = [cell.value for cell in sheet[4]]
        assert header[:6] == [
            "No.",
            "SKPD",
            "Jenis",
            "Pegawai aktif",
            "SKP sesuai format",
            "Capaian (%)",
        ]
        lines = list(sheet.iter_rows(min_row=5, values_only=True))
        by_name = {line[1]: line for line in lines}
        for row in board.rows:
            line = by_name[row["name"]]
            expected = counted_here(Skpd.objects.get(pk=row["pk"]), YEAR)
            assert line[3:6] == (
                expected["pegawai_count"],
                expected["reviewed_count"],
                round(expected["percent"], 1) if expected["percent"] is not None else None,
            )
            assert line[7:10] == (
                expected["skpd_sessions"],
                expected["individual_sessions"],
                expected["waiting_requests"],
            )
        dinas = by_name["Dinas Pendidikan"]
        assert dinas[2:10] == ("Dinas", 6, 3, 50.0, "Belum", 1, 2, 1)
        total = lines[-1]
        assert total[1] == f"Jumlah ({board.totals['skpd']} SKPD)"
        assert total[3:5] == (board.totals["pegawai"], board.totals["reviewed"])
        months = workbook["Per bulan"]
        assert [r[1] for r in months.iter_rows(min_row=2, values_only=True)] == [
            m.skpd_sessions for m in board.months
        ]
        assert months["A4"].value == "Maret 2026"


def _big_regency(skpd_count: int, pegawai_count: int) -> None:
    """A regency built in bulk: ``skpd_count`` SKPD, ``pegawai_count`` pegawai, a third of
    them with an SKP in format, sessions and requests here and there."""
    kinds = list(SkpdKind.values)
    skpds = Skpd.objects.bulk_create(
        Skpd(name=f"SKPD Uji {n:03d}", short_name=f"U{n:03d}", kind=kinds[n % len(kinds)])
        for n in range(skpd_count)
    )
    people = Pegawai.objects.bulk_create(
        (
            Pegawai(
                nip=f"{n:018d}",
                name=f"Pegawai {n}",
                jabatan="Pelaksana",
                jenjang="pelaksana",
                skpd=skpds[n % skpd_count],
                is_active=n % 50 != 0,
            )
            for n in range(1, pegawai_count + 1)
        ),
        batch_size=5000,
    )
    start, end = Skp.annual_period(YEAR)
    Skp.objects.bulk_create(
        (
            Skp(
                pegawai=p,
                jenjang="pelaksana",
                year=YEAR,
                period_start=start,
                period_end=end,
                status=SkpStatus.REVIEWED,
            )
            for p in people[::3]
        ),
        batch_size=5000,
    )
    coach = user_with_role(Role.TIM_COACHING)
    for skpd in skpds[:3]:
        held_skpd_session(
            skpd=skpd, coaches=[coach], present=0, start=at(YEAR, 4, 1 + skpd.pk % 20)
        )
    # A real database has its planner statistics (autovacuum gathers them); rows made in
    # bulk inside a test transaction have none until asked.
    analyze_tables()


@pytest.mark.parametrize(
    ("skpd_count", "pegawai_count"), [(3, 30), (400, 50_000)], ids=["small", "regency-x10"]
)
def test_the_dashboard_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, skpd_count, pegawai_count
):
    _big_regency(skpd_count, pegawai_count)
    client.force_login(user_with_role(Role.KEPALA_BIDANG))
    url = reverse("reports:dashboard")
    # session, user, roles, the data's version, the year's e-Kinerja source (its date is
    # shown, so it is read once, then cached with the figures), the rows, the total,
    # sessions per month, SKP in format per month
    with django_assert_num_queries(9):
        response = client.get(url, {"year": YEAR, "page": 2 if skpd_count > 50 else 1})
    active = Pegawai.objects.filter(is_active=True, skpd__is_active=True).count()
    assert response.context["board"].totals["pegawai"] == active > pegawai_count * 0.97
    # Cached: the version only.
    with django_assert_num_queries(4):
        client.get(url, {"year": YEAR, "sort": "lowest"})
    # The Excel recap: the version, and the audit entry of the file handed out.
    with django_assert_num_queries(5):
        assert client.get(reverse("reports:dashboard_xlsx"), {"year": YEAR}).status_code == 200
    if skpd_count < 400:
        return
    # One SKPD's figures start from its own rows: no query reads all the pegawai (an OR
    # across the two joins of a session did; this regency has too few sessions to tell).
    one = frozenset({Skpd.objects.order_by("pk").values_list("pk", flat=True)[1]})
    for query in (
        dashboard._pegawai_figures(one, None),
        dashboard._reviewed_by_month(YEAR, one),
        dashboard._sessions_by_month(YEAR, one),
        dashboard._waiting_requests(one),
    ):
        plan = query.explain()
        assert "Seq Scan on accounts_pegawai" not in plan, plan
