"""Reading, checking, previewing and applying an e-Kinerja export."""

import datetime

import pytest
from django.db import connection

from accounts.models import Role
from ekinerja import services
from ekinerja.models import EkinerjaImport, EkinerjaRow, ImportStatus, ReportKind, RowOutcome
from ekinerja.reading import ExportFileError, check_rows, read_export
from tests.accounts.factories import PegawaiFactory, user_with_role, valid_nip
from tests.ekinerja.exports import PENILAIAN_COLUMNS, SKP_COLUMNS, skp_row, workbook
from tests.locks import NO_KEY, row_locks

YEAR = 2026
pytestmark = pytest.mark.django_db


def outcomes(content, kind=ReportKind.LAPORAN_SKP):
    rows = check_rows(read_export(content, kind), kind=kind, year=YEAR)
    return {row.line: row for row in rows}


def preview(content, kind=ReportKind.LAPORAN_SKP, actor=None, year=YEAR):
    actor = actor or user_with_role(Role.TIM_COACHING)
    return services.preview_import(
        actor=actor, kind=kind, year=year, file_name="laporan.xlsx", content=content
    )


def row_versions(made):
    """Each row's NIP and PostgreSQL row version: a row written anew gets another."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT nip, xmin::text FROM {EkinerjaRow._meta.db_table}"
            " WHERE ekinerja_import_id = %s",
            [made.pk],
        )
        return dict(cursor.fetchall())


class TestColumns:
    @pytest.mark.parametrize(
        "headers",
        [
            SKP_COLUMNS,
            [c.upper() for c in SKP_COLUMNS],
            [c.replace("_", " ").title() for c in SKP_COLUMNS],
            [{"skp_status": "Status SKP", "nip": "NIP Pegawai"}.get(c, c) for c in SKP_COLUMNS],
        ],
        ids=["export", "upper", "title-with-spaces", "variants"],
    )
    def test_columns_are_found_by_their_names_whatever_the_spelling(self, headers):
        pegawai = PegawaiFactory()
        row = outcomes(workbook([skp_row(pegawai.nip)], headers=headers))[2]
        assert row.outcome == RowOutcome.MATCHED
        assert row.values["status_key"] == "persetujuan"

    def test_columns_in_another_order_are_found(self):
        pegawai = PegawaiFactory()
        columns = list(reversed(SKP_COLUMNS))
        row = outcomes(workbook([skp_row(pegawai.nip)], columns))[2]
        assert row.pegawai_id == pegawai.pk

    def test_a_missing_required_column_is_named(self):
        columns = [c for c in SKP_COLUMNS if c != "skp_status"]
        with pytest.raises(ExportFileError, match="skp_status"):
            read_export(workbook([skp_row(valid_nip(1))], columns), ReportKind.LAPORAN_SKP)

    def test_a_penilaian_needs_its_ratings(self):
        with pytest.raises(ExportFileError, match="hasil_kerja"):
            read_export(workbook([skp_row(valid_nip(1))]), ReportKind.PENILAIAN)

    def test_a_csv_export_is_read_too(self):
        pegawai = PegawaiFactory()
        content = f"NIP;SKP_STATUS\n{pegawai.nip};Persetujuan\n".encode()
        assert outcomes(content)[2].outcome == RowOutcome.MATCHED


class TestRows:
    def test_plt_plh_rows_do_not_count(self):
        pegawai = PegawaiFactory()
        rows = outcomes(
            workbook([skp_row(pegawai.nip), skp_row(pegawai.nip, "draft", is_plt_plh=1)])
        )
        assert rows[2].outcome == RowOutcome.MATCHED
        assert rows[3].outcome == RowOutcome.PLT_PLH

    def test_the_latest_row_of_a_nip_that_moved_counts(self):
        pegawai = PegawaiFactory()
        later = skp_row(pegawai.nip, "draft", periode_akhir=datetime.date(YEAR, 12, 31))
        earlier = skp_row(pegawai.nip, "persetujuan", periode_akhir=datetime.date(YEAR, 6, 30))
        rows = outcomes(workbook([later, earlier]))
        assert rows[2].outcome == RowOutcome.MATCHED
        assert rows[3].outcome == RowOutcome.SUPERSEDED

    def test_on_the_same_period_the_later_created_row_counts(self):
        pegawai = PegawaiFactory()
        first = skp_row(pegawai.nip, "draft", created_at=datetime.datetime(YEAR, 3, 1))
        second = skp_row(pegawai.nip, "persetujuan", created_at=datetime.datetime(YEAR, 2, 1))
        rows = outcomes(workbook([first, second]))
        assert (rows[2].outcome, rows[3].outcome) == (RowOutcome.MATCHED, RowOutcome.SUPERSEDED)

    def test_a_moment_without_a_zone_is_read_in_wita(self):
        pegawai = PegawaiFactory()
        row = outcomes(
            workbook([skp_row(pegawai.nip, created_at=datetime.datetime(YEAR, 3, 1, 8, 0))])
        )[2]
        assert row.values["source_created_at"] == datetime.datetime(
            YEAR, 3, 1, 0, 0, tzinfo=datetime.UTC
        )

    def test_a_nip_the_portal_does_not_know_is_unmatched(self):
        PegawaiFactory()
        inactive = PegawaiFactory(is_active=False)
        rows = outcomes(workbook([skp_row(valid_nip(7777)), skp_row(inactive.nip)]))
        assert {rows[2].outcome, rows[3].outcome} == {RowOutcome.UNMATCHED}

    @pytest.mark.parametrize(
        ("values", "reason"),
        [
            ({"nip": "12345"}, "18 digit"),
            ({"nip": 1.98609262015051e17}, "sebagai angka"),
            ({"skp_status": ""}, "skp_status kosong"),
            ({"periode_awal": "besok"}, "bukan tanggal"),
            ({"periode_akhir": datetime.date(YEAR + 1, 12, 31)}, "di luar tahun"),
        ],
        ids=["short-nip", "nip-as-number", "no-status", "bad-date", "other-year"],
    )
    def test_a_bad_row_is_refused_with_its_reason(self, values, reason):
        pegawai = PegawaiFactory()
        row = outcomes(workbook([{**skp_row(pegawai.nip), **values}]))[2]
        assert row.outcome == RowOutcome.REFUSED
        assert reason in row.reason

    def test_a_penilaian_row_is_checked_against_the_kuadran(self):
        pegawai = PegawaiFactory()
        agreeing = skp_row(
            pegawai.nip,
            hasil_kerja="SESUAI EKSPEKTASI",
            perilaku_kerja="DIATAS EKSPEKTASI",
            hasil_akhir="BAIK",
        )
        disagreeing = {**agreeing, "hasil_akhir": "SANGAT BAIK"}
        unknown = {**agreeing, "hasil_kerja": "LUAR BIASA"}
        rows = outcomes(
            workbook([agreeing, disagreeing, unknown], PENILAIAN_COLUMNS), ReportKind.PENILAIAN
        )
        assert rows[2].values["expected_predikat"] == rows[2].values["hasil_akhir"] == "baik"
        assert rows[3].values["hasil_akhir"] == "sangat_baik"
        assert rows[3].values["expected_predikat"] == "baik"
        assert rows[3].outcome == RowOutcome.MATCHED  # every rating period is kept
        assert rows[4].outcome == RowOutcome.REFUSED


class TestPreviewAndApply:
    def test_the_preview_keeps_every_row_with_its_outcome(self):
        pegawai = PegawaiFactory()
        made, created = preview(
            workbook([skp_row(pegawai.nip), skp_row(valid_nip(7777)), skp_row("1")])
        )
        assert created and made.status == ImportStatus.PREVIEW
        assert made.summary["counts"]["matched"] == 1
        assert made.summary["counts"]["unmatched"] == 1
        assert made.summary["counts"]["refused"] == 1
        assert made.summary["statuses"] == {"persetujuan": 1}
        assert made.rows.count() == 3

    def test_the_same_file_twice_changes_nothing(self):
        content = workbook([skp_row(PegawaiFactory().nip)])
        first, _ = preview(content)
        services.apply_import(actor=first.uploaded_by, import_id=first.pk)
        rows_before = EkinerjaRow.objects.count()
        again, created = preview(content)
        assert not created and again.pk == first.pk
        assert EkinerjaImport.objects.count() == 1
        assert EkinerjaRow.objects.count() == rows_before
        with pytest.raises(services.ImportRefused):
            services.apply_import(actor=first.uploaded_by, import_id=first.pk)

    def test_a_newer_import_replaces_the_applied_one(self):
        pegawai = PegawaiFactory()
        older, _ = preview(workbook([skp_row(pegawai.nip, "draft")]))
        services.apply_import(actor=older.uploaded_by, import_id=older.pk)
        newer, _ = preview(workbook([skp_row(pegawai.nip)]))
        services.apply_import(actor=newer.uploaded_by, import_id=newer.pk)
        older.refresh_from_db()
        newer.refresh_from_db()
        assert (older.status, newer.status) == (ImportStatus.REPLACED, ImportStatus.APPLIED)

    def test_applying_locks_both_imports_for_no_key_update(self):
        """Neither is deleted, nor is a key changed (tests/locks.py says why)."""
        pegawai = PegawaiFactory()
        older, _ = preview(workbook([skp_row(pegawai.nip, "draft")]))
        services.apply_import(actor=older.uploaded_by, import_id=older.pk)
        newer, _ = preview(workbook([skp_row(pegawai.nip)]))
        locks = row_locks(
            lambda: services.apply_import(actor=newer.uploaded_by, import_id=newer.pk)
        )
        assert locks == {(EkinerjaImport._meta.db_table, NO_KEY)}

    def test_apply_matches_the_rows_again_to_the_roster_of_today(self):
        nip = valid_nip(4242)
        made, _ = preview(workbook([skp_row(nip)]))
        assert made.summary["counts"]["unmatched"] == 1
        pegawai = PegawaiFactory(nip=nip)
        services.apply_import(actor=made.uploaded_by, import_id=made.pk)
        row = made.rows.get()
        assert (row.outcome, row.pegawai_id) == (RowOutcome.MATCHED, pegawai.pk)

    def test_apply_unmatches_a_row_whose_pegawai_left_since_the_preview(self):
        stays, leaves = PegawaiFactory(), PegawaiFactory()
        made, _ = preview(workbook([skp_row(stays.nip), skp_row(leaves.nip)]))
        leaves.is_active = False
        leaves.save()
        services.apply_import(actor=made.uploaded_by, import_id=made.pk)
        found = {row.nip: (row.outcome, row.pegawai_id) for row in made.rows.all()}
        assert found == {
            stays.nip: (RowOutcome.MATCHED, stays.pk),
            leaves.nip: (RowOutcome.UNMATCHED, None),
        }
        made.refresh_from_db()
        assert made.summary["counts"]["matched"] == 1
        assert made.summary["counts"]["unmatched"] == 1

    def test_apply_follows_a_nip_to_the_pegawai_who_holds_it_now(self):
        corrected = PegawaiFactory()
        nip = corrected.nip
        made, _ = preview(workbook([skp_row(nip)]))
        corrected.nip = valid_nip(4646)  # a mistyped NIP corrected since the preview
        corrected.save()
        holder = PegawaiFactory(nip=nip)
        services.apply_import(actor=made.uploaded_by, import_id=made.pk)
        row = made.rows.get()
        assert (row.outcome, row.pegawai_id) == (RowOutcome.MATCHED, holder.pk)

    def test_apply_writes_only_its_rows_whose_match_moved(self):
        stays = PegawaiFactory()
        nip = valid_nip(4545)
        made, _ = preview(workbook([skp_row(stays.nip), skp_row(nip), skp_row("12345")]))
        other, _ = preview(workbook([skp_row(nip, "draft")]))  # another upload, not applied
        PegawaiFactory(nip=nip)
        before, other_before = row_versions(made), row_versions(other)
        services.apply_import(actor=made.uploaded_by, import_id=made.pk)
        after = row_versions(made)
        assert after[stays.nip] == before[stays.nip]  # matched before and after
        assert after["12345"] == before["12345"]  # refused: not counted, not matched
        assert after[nip] != before[nip]  # unmatched at the preview, matched now
        assert row_versions(other) == other_before  # another import's rows: untouched
        assert other.rows.get().outcome == RowOutcome.UNMATCHED

    def test_an_apply_that_fails_half_way_changes_nothing(self, monkeypatch):
        pegawai = PegawaiFactory()
        older, _ = preview(workbook([skp_row(pegawai.nip, "draft")]))
        services.apply_import(actor=older.uploaded_by, import_id=older.pk)
        newer, _ = preview(workbook([skp_row(valid_nip(4343))]))
        PegawaiFactory(nip=valid_nip(4343))  # apply would match it

        def broken_counts(made):
            raise RuntimeError("the database went away")

        monkeypatch.setattr(services, "_counts", broken_counts)
        with pytest.raises(RuntimeError):
            services.apply_import(actor=newer.uploaded_by, import_id=newer.pk)
        older.refresh_from_db()
        newer.refresh_from_db()
        assert older.status == ImportStatus.APPLIED
        assert newer.status == ImportStatus.PREVIEW
        assert newer.rows.get().outcome == RowOutcome.UNMATCHED

    def test_one_file_may_serve_two_years_as_two_imports(self):
        content = workbook([skp_row(PegawaiFactory().nip, year=YEAR)])
        first, _ = preview(content)
        second, created = preview(content, year=YEAR + 1)
        assert created and first.pk != second.pk
        assert second.summary["counts"]["refused"] == 1  # its period is not that year
