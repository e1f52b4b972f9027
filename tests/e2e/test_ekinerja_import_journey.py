"""The team uploads this year's e-Kinerja Laporan SKP (500 rows across 10 SKPD, with Plt/Plh
duplicates, unknown NIPs and damaged rows), checks the preview, applies it; the monitoring
page shows both shares and the SKPD to visit first; a Kasubag downloads its own list."""

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from tests.accounts.factories import PegawaiFactory, SkpdFactory, user_with_role
from tests.e2e.conftest import login_through_form
from tests.ekinerja.exports import realistic_export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_team_imports_ekinerja_and_kasubag_downloads_its_list(
    page, browser, viewport, live_server, login_as, screenshot
):
    year = timezone.localdate().year
    skpds = [SkpdFactory(name=f"Dinas Uji {n:02d}") for n in range(10)]
    people = {skpd.pk: PegawaiFactory.create_batch(45, skpd=skpd) for skpd in skpds}
    content, counts = realistic_export(skpds, people, year=year)
    assert counts["rows"] >= 460

    login_as(Role.TIM_COACHING)
    page.goto(live_server.url + reverse("ekinerja:import_upload"))
    page.get_by_label("Jenis laporan").select_option("skp")
    page.get_by_label("Tahun SKP").select_option(str(year))
    page.get_by_label("Berkas ekspor e-Kinerja (.xlsx atau .csv)").set_input_files(
        {"name": "laporan-skp.xlsx", "mimeType": XLSX, "buffer": content}
    )
    page.get_by_role("button", name="Periksa dulu").click()

    page.get_by_role("button", name="Terapkan impor").wait_for()
    assert f"{counts['unknown']}" in page.locator(".stat").nth(1).inner_text()
    assert f"{counts['bad']}" in page.locator(".stat").nth(4).inner_text()
    page.get_by_role("link", name="Ditolak").click()
    expect(page.get_by_text("bukan tanggal")).to_be_visible()
    screenshot("ekinerja-preview")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Terapkan impor").click()
    page.get_by_text("Impor diterapkan").wait_for()

    page.goto(live_server.url + reverse("reports:dashboard") + f"?year={year}&sort=gap")
    assert page.get_by_text("Sumber: impor e-Kinerja").is_visible()
    assert page.get_by_role("columnheader", name="Disetujui e-Kinerja").is_visible()
    assert page.get_by_role("columnheader", name="Capaian portal").is_visible()
    ranking = page.locator(".ranking-list li")
    assert ranking.count() >= 5
    screenshot("ekinerja-dashboard")

    # The Kasubag of one SKPD finds and downloads its list.
    kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=skpds[0])
    context = browser.new_context(viewport=viewport, locale="id-ID", accept_downloads=True)
    other = context.new_page()
    login_through_form(other, live_server, kasubag)
    other.goto(live_server.url + reverse("reports:dashboard") + f"?year={year}")
    other.get_by_role("link", name="yang belum").first.click()
    other.get_by_role("heading", name="Dinas Uji 00").wait_for()
    with other.expect_download() as download:
        other.get_by_role("link", name="Unduh Excel").click()
    assert download.value.suggested_filename.endswith(f"-{year}.xlsx")
    other.goto(live_server.url + reverse("ekinerja:gap_list", args=[skpds[1].pk]))
    assert "404" in other.title() or other.get_by_text("tidak ditemukan").count()
    context.close()
    assert not page.console_errors
