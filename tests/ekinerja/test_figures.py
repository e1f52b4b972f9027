"""The e-Kinerja figures on the monitoring page, the SKPD's list of ASN not yet approved,
the predikat disagreements, who sees what, and the pages' query counts."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from bookings.models import BookingStatus
from ekinerja import selectors, services
from ekinerja.models import EkinerjaImport, ImportStatus, ReportKind, StatusMeaning
from reports import dashboard
from tests.accounts.factories import PegawaiFactory, SkpdFactory, user_with_role, valid_nip
from tests.ekinerja.exports import PENILAIAN_COLUMNS, realistic_export, skp_row, workbook

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def regency():
    skpds = [SkpdFactory(name=f"Dinas {n:02d}") for n in range(3)]
    people = {
        skpd.pk: PegawaiFactory.create_batch(10 + 5 * n, skpd=skpd) for n, skpd in enumerate(skpds)
    }
    coach = user_with_role(Role.TIM_COACHING)
    content, counts = realistic_export(skpds, people, year=YEAR)
    made, _ = services.preview_import(
        actor=coach, kind=ReportKind.LAPORAN_SKP, year=YEAR, file_name="skp.xlsx", content=content
    )
    services.apply_import(actor=coach, import_id=made.pk)
    return {"skpds": skpds, "people": people, "counts": counts, "coach": coach, "import": made}


def test_the_shares_match_the_hand_counts(regency):
    board = dashboard.dashboard(dashboard.DashboardFilter(year=YEAR))
    for row in board.rows:
        if row["pk"] not in regency["counts"]["approved"]:
            continue  # the coach's own SKPD
        approved = regency["counts"]["approved"][row["pk"]]
        assert row["ekinerja_count"] == approved
        assert row["ekinerja_percent"] == pytest.approx(approved * 100 / row["pegawai_count"])
    total = sum(regency["counts"]["approved"].values())  # nobody else has an approved row
    assert board.totals["ekinerja"] == total
    assert selectors.regency_share(regency["import"].pk)["approved"] == total
    assert board.ekinerja_source["id"] == regency["import"].pk


def test_the_ranking_puts_the_biggest_gap_first(regency):
    board = dashboard.dashboard(dashboard.DashboardFilter(year=YEAR))
    needed = [row["ekinerja_needed"] for row in board.ranking()]
    assert needed == sorted(needed, reverse=True) and needed[0] > 0


def test_a_status_counted_by_the_mapping_table_changes_the_figure_without_a_new_import(regency):
    filters = dashboard.DashboardFilter(year=YEAR)
    before = dashboard.dashboard(filters).totals["ekinerja"]
    StatusMeaning.objects.update_or_create(key="pengajuan", defaults={"approved": True})
    assert dashboard.dashboard(filters).totals["ekinerja"] > before
    StatusMeaning.objects.update_or_create(key="persetujuan", defaults={"approved": False})
    StatusMeaning.objects.update_or_create(key="pengajuan", defaults={"approved": False})
    assert dashboard.dashboard(filters).totals["ekinerja"] == 0


def test_needed_for_target_means_more_than_ninety_percent():
    assert selectors.needed_for_target(9, 10) == 1  # 90 % is not above 90 %
    assert selectors.needed_for_target(10, 10) == 0
    assert selectors.needed_for_target(0, 0) == 0


def test_the_dashboard_names_its_source_and_keeps_its_query_count(
    client, regency, django_assert_num_queries
):
    client.force_login(user_with_role(Role.KEPALA_BKPSDM))
    url = reverse("reports:dashboard")
    with django_assert_num_queries(9):
        response = client.get(url, {"year": YEAR, "sort": "gap"})
    text = response.content.decode()
    assert "Sumber: impor e-Kinerja" in text
    assert "Disetujui e-Kinerja" in text
    assert "kesenjangan terbesar" in text


def test_without_an_import_the_portal_says_its_own_source(client, db):
    client.force_login(user_with_role(Role.KEPALA_BIDANG))
    text = client.get(reverse("reports:dashboard")).content.decode()
    assert "belum ada impor e-Kinerja" in text


class TestGapList:
    def test_lists_the_asn_not_approved_with_their_coaching(self, client, regency):
        skpd = regency["skpds"][0]
        kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=skpd)
        client.force_login(kasubag)
        response = client.get(reverse("ekinerja:gap_list", args=[skpd.pk]), {"year": YEAR})
        assert response.status_code == 200
        not_approved = len(regency["people"][skpd.pk]) - regency["counts"]["approved"][skpd.pk]
        # The Kasubag itself is an active pegawai of the SKPD without a row in the export.
        assert response.context["page"].paginator.count == not_approved + 1
        download = client.get(reverse("ekinerja:gap_list_xlsx", args=[skpd.pk]), {"year": YEAR})
        assert download.status_code == 200
        assert download["Content-Disposition"].endswith('.xlsx"')

    def test_a_kasubag_gets_404_for_another_skpd(self, client, regency):
        own, other = regency["skpds"][:2]
        client.force_login(user_with_role(Role.KASUBAG_UMUM, skpd=own))
        for name in ("ekinerja:gap_list", "ekinerja:gap_list_xlsx"):
            assert client.get(reverse(name, args=[other.pk])).status_code == 404

    def test_an_asn_may_not_see_any_list(self, client, regency):
        skpd = regency["skpds"][0]
        client.force_login(user_with_role(Role.ASN, skpd=skpd))
        assert client.get(reverse("ekinerja:gap_list", args=[skpd.pk])).status_code in (403, 404)

    def test_coaching_history_is_counted(self, regency):
        from tests.bookings.factories import BookingFactory

        skpd = regency["skpds"][0]
        people = selectors.gap_list(skpd, YEAR, regency["import"])
        person = people.first()
        BookingFactory(pegawai=person, status=BookingStatus.ATTENDED)
        again = selectors.gap_list(skpd, YEAR, regency["import"]).get(pk=person.pk)
        assert (again.booked, again.attended) == (1, 1)

    def test_the_list_runs_a_fixed_number_of_queries(
        self, client, regency, django_assert_num_queries
    ):
        skpd = regency["skpds"][2]
        client.force_login(user_with_role(Role.KEPALA_BIDANG))
        url = reverse("ekinerja:gap_list", args=[skpd.pk])
        # session, user, roles, the SKPD, the source, the count, the page
        with django_assert_num_queries(7):
            client.get(url, {"year": YEAR})


def test_the_team_uploads_previews_and_applies(client, db):
    pegawai = PegawaiFactory()
    client.force_login(user_with_role(Role.TIM_COACHING))
    upload = SimpleUploadedFile("laporan.xlsx", workbook([skp_row(pegawai.nip, year=YEAR)]))
    response = client.post(
        reverse("ekinerja:import_upload"),
        {"kind": ReportKind.LAPORAN_SKP, "year": YEAR, "file": upload},
    )
    made = EkinerjaImport.objects.get()
    assert response.url == reverse("ekinerja:import_detail", args=[made.pk])
    assert client.get(response.url).status_code == 200
    client.post(reverse("ekinerja:import_apply", args=[made.pk]))
    made.refresh_from_db()
    assert made.status == ImportStatus.APPLIED


def test_a_kasubag_may_not_import(client, db):
    client.force_login(user_with_role(Role.KASUBAG_UMUM))
    assert client.get(reverse("ekinerja:import_upload")).status_code == 403


def test_disagreements_are_listed_per_skpd(client, db):
    coach = user_with_role(Role.TIM_COACHING)
    pegawai = PegawaiFactory()
    rows = [
        skp_row(
            pegawai.nip,
            year=YEAR,
            hasil_kerja="DI BAWAH EKSPEKTASI",
            perilaku_kerja="DI BAWAH EKSPEKTASI",
            hasil_akhir="BAIK",
        )
    ]
    made, _ = services.preview_import(
        actor=coach,
        kind=ReportKind.PENILAIAN,
        year=YEAR,
        file_name="penilaian.xlsx",
        content=workbook(rows, PENILAIAN_COLUMNS),
    )
    assert made.summary["disagreements"] == 1
    services.apply_import(actor=coach, import_id=made.pk)
    client.force_login(user_with_role(Role.KEPALA_BKPSDM))
    response = client.get(reverse("ekinerja:disagreement_list"), {"year": YEAR})
    text = response.content.decode()
    assert pegawai.skpd.name in text and "Sangat Kurang" in text


def test_a_50000_row_export_imports_in_under_a_minute(db, capsys):
    """Timed, not tightly asserted: the machine is shared."""
    skpds = [SkpdFactory() for _ in range(10)]
    from accounts.models import Pegawai

    Pegawai.objects.bulk_create(
        Pegawai(
            nip=valid_nip(100_000 + n),
            name=f"Pegawai {n}",
            jabatan="Pelaksana",
            jenjang="pelaksana",
            skpd=skpds[n % 10],
        )
        for n in range(11_000)
    )
    rows = [skp_row(valid_nip(100_000 + n % 11_990), year=YEAR) for n in range(50_000)]
    content = workbook(rows)
    coach = user_with_role(Role.TIM_COACHING)
    started = time.monotonic()
    made, _ = services.preview_import(
        actor=coach, kind=ReportKind.LAPORAN_SKP, year=YEAR, file_name="besar.xlsx", content=content
    )
    previewed = time.monotonic() - started
    services.apply_import(actor=coach, import_id=made.pk)
    took = time.monotonic() - started
    with capsys.disabled():
        print(
            f"\n50,000-row e-Kinerja export ({len(content) / 1e6:.1f} MB): "
            f"preview {previewed:.1f} s, preview + apply {took:.1f} s"
        )
    assert made.rows.count() == 50_000
    assert took < 120


def test_the_evaluation_minutes_take_the_ekinerja_share_with_its_source(regency):
    import datetime

    from reports.selectors import PeriodFigures, period_figures

    figures = period_figures(datetime.date(YEAR, 1, 1), datetime.date(YEAR, 1, 31))
    assert figures.ekinerja_approved == sum(regency["counts"]["approved"].values())
    assert figures.ekinerja_date == timezone.localdate()
    # Minutes signed before the imports existed still read.
    old = {k: v for k, v in figures.as_json().items() if not k.startswith("ekinerja")}
    assert PeriodFigures.from_json(old).ekinerja_percent is None
