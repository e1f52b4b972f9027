"""Every rule of the checker (skp_drafts/checker.py, from ../shared/domain/skp.md): a case
that breaks it and the valid SKP that does not."""

import datetime

import pytest

from skp_drafts.checker import (
    ERROR,
    RULES,
    WARNING,
    Finding,
    TargetFault,
    check,
    review_blockers,
    target_fault,
)
from skp_drafts.document import Document, load_document, number_rhks
from skp_drafts.models import Behaviour, Indicator, Rhk, Skp
from tests.accounts.factories import PegawaiFactory
from tests.skp_drafts.factories import IndicatorFactory, RhkFactory, SkpFactory


def codes(skp):
    return {(finding.code, finding.level) for finding in check(load_document(skp))}


def test_the_valid_skp_has_no_finding(valid):
    assert codes(valid["skp"]) == set()


def test_the_valid_jpt_skp_has_no_finding(valid_jpt):
    assert codes(valid_jpt["skp"]) == set()


def no_utama(world):
    world["rhk"].kind = "tambahan"
    world["rhk"].save()


def rhk_without_indicator(world):
    RhkFactory(skp=world["skp"], parent=world["kabid_rhk"], text="Terlaksananya verifikasi")


def indicator_without_target(world):
    world["rhk"].indicators.filter(aspect="waktu").update(target="  ")


def target_without_unit(world):
    world["rhk"].indicators.filter(aspect="kuantitas").update(target="12")


def target_without_number(world):
    world["rhk"].indicators.filter(aspect="waktu").update(target="Tepat waktu")


def qualitative_target_in_words(world):
    world["skp"].approach = "kualitatif"
    world["skp"].save()
    world["rhk"].indicators.filter(aspect="waktu").update(target="Tepat waktu")


def utama_without_parent(world):
    world["rhk"].parent = None
    world["rhk"].save()


def utama_without_parent_superior_has_no_skp(world):
    utama_without_parent(world)
    world["kabid_skp"].delete()


def utama_without_parent_superior_has_no_skp_gives_one_warning(world):
    """However many RHK lack their parent, a missing superior SKP is said once."""
    utama_without_parent_superior_has_no_skp(world)
    RhkFactory(skp=world["skp"], text="RHK kedua tanpa induk")


def utama_without_parent_no_superior(world):
    utama_without_parent(world)
    world["kasi"].atasan = None
    world["kasi"].save()


def tambahan_without_parent(world):
    rhk = RhkFactory(skp=world["skp"], kind="tambahan", text="Menjadi narasumber")
    for aspect, text, target in [
        ("kuantitas", "Jumlah kegiatan sebagai narasumber", "2 kali"),
        ("kualitas", "Persentase materi yang disetujui panitia", "100 %"),
        ("waktu", "Ketepatan waktu penyampaian materi", "12 bulan"),
    ]:
        IndicatorFactory(rhk=rhk, aspect=aspect, text=text, target=target)


def target_a_year(world):
    world["rhk"].indicators.filter(aspect="waktu").update(target="Tahun 2026")


def target_a_regulation(world):
    world["rhk"].indicators.filter(aspect="kualitas").update(target="Sesuai Permen 6 Tahun 2022")


def rhk_written_twice(world):
    """The second of two equal RHK is the one to remove, even as an RHK Tambahan."""
    rhk = RhkFactory(skp=world["skp"], kind="tambahan", text="tersedianya  DATA surveilans.")
    for aspect, text in [
        ("kuantitas", "Jumlah data"),
        ("kualitas", "Data valid"),
        ("waktu", "Waktu"),
    ]:
        IndicatorFactory(rhk=rhk, aspect=aspect, text=text, target="12 bulan")


def indicator_written_twice(world):
    IndicatorFactory(
        rhk=world["rhk"], aspect="kuantitas", text="jumlah LAPORAN.", target="4 laporan"
    )


def one_indicator_text_in_two_rhk(world):
    rhk = RhkFactory(skp=world["skp"], parent=world["kabid_rhk"], text="Terlaksananya verifikasi")
    for aspect, text in [("kuantitas", "Jumlah laporan"), ("kualitas", "Laporan yang akurat")]:
        IndicatorFactory(rhk=rhk, aspect=aspect, text=text, target="12 laporan")
    IndicatorFactory(rhk=rhk, aspect="waktu", text="Ketepatan waktu", target="12 bulan")


def parent_of_someone_else(world):
    other_skp = SkpFactory(pegawai=PegawaiFactory(skpd=world["skpd"], jenjang="administrator"))
    world["rhk"].parent = RhkFactory(skp=other_skp, text="RHK pejabat lain")
    world["rhk"].save()


def parent_of_another_year(world):
    old_skp = SkpFactory(pegawai=world["kabid"], year=2025)
    world["rhk"].parent = RhkFactory(skp=old_skp, text="RHK atasan tahun lalu")
    world["rhk"].save()


def copied_from_superior(world):
    world["rhk"].text = "menurunnya  ANGKA kesakitan penyakit menular."
    world["rhk"].save()


def copied_from_a_superior_rhk_in_words(world):
    utama_without_parent_superior_has_no_skp(world)
    world["rhk"].parent_text = "Tersedianya  data surveilans."
    world["rhk"].save()


def superior_skp_without_rhk(world):
    utama_without_parent(world)
    world["kabid_skp"].rhks.all().delete()


def a_behaviour_missing(world):
    Behaviour.objects.filter(skp=world["skp"], value="loyal").delete()


def lampiran_list_empty(world):
    world["skp"].konsekuensi = " \n "
    world["skp"].save()


def nearly_too_long_to_print(world):
    world["skp"].konsekuensi = "\n".join(["Teguran"] * 1000)
    world["skp"].save()


def period_across_years(world):
    world["skp"].period_end = datetime.date(2027, 1, 31)
    world["skp"].save()


def period_of_another_year(world):
    world["skp"].period_start = datetime.date(2025, 1, 1)
    world["skp"].period_end = datetime.date(2025, 12, 31)
    world["skp"].save()


def pejabat_penilai_someone_else(world):
    world["skp"].pejabat_penilai = world["head"]
    world["skp"].save()


def pejabat_penilai_missing(world):
    world["skp"].pejabat_penilai = None
    world["skp"].save()


def missing_aspect(world):
    world["rhk"].indicators.filter(aspect="waktu").delete()


def qualitative_missing_aspect(world):
    world["skp"].approach = "kualitatif"
    world["skp"].save()
    missing_aspect(world)


CASES = [
    (no_utama, {("rhk_utama_required", "error")}),
    (rhk_without_indicator, {("indicator_required", "error"), ("quantitative_aspects", "")}),
    (indicator_without_target, {("target_required", "error")}),
    (target_without_unit, {("target_number_and_unit", "error")}),
    (target_without_number, {("target_number_and_unit", "error")}),
    (target_a_year, {("target_number_and_unit", "error")}),
    (target_a_regulation, {("target_number_and_unit", "error")}),
    (rhk_written_twice, {("rhk_repeated", "error")}),
    (indicator_written_twice, {("indicator_repeated", "error")}),
    (one_indicator_text_in_two_rhk, {("indicator_repeated", ""), ("rhk_repeated", "")}),
    (qualitative_target_in_words, set()),
    (utama_without_parent, {("intervened_rhk_required", "error")}),
    (utama_without_parent_superior_has_no_skp, {("intervened_rhk_required", "warning")}),
    (
        utama_without_parent_superior_has_no_skp_gives_one_warning,
        {("intervened_rhk_required", "warning"), ("indicator_required", "error")},
    ),
    (
        utama_without_parent_no_superior,
        {("intervened_rhk_required", "warning"), ("pejabat_penilai_is_superior", "")},
    ),
    (tambahan_without_parent, set()),
    (parent_of_someone_else, {("intervened_rhk_of_own_superior", "error")}),
    (parent_of_another_year, {("intervened_rhk_of_own_superior", "error")}),
    (copied_from_superior, {("rhk_copied_from_superior", "warning")}),
    (
        copied_from_a_superior_rhk_in_words,
        {("rhk_copied_from_superior", "warning"), ("intervened_rhk_required", "warning")},
    ),
    (superior_skp_without_rhk, {("intervened_rhk_required", "warning")}),
    (a_behaviour_missing, {("seven_behaviours", "error")}),
    (lampiran_list_empty, {("lampiran_filled", "warning")}),
    (nearly_too_long_to_print, {("print_size_within_bound", "warning")}),
    (period_across_years, {("period_in_one_year", "error")}),
    (period_of_another_year, {("period_in_one_year", "error")}),
    (pejabat_penilai_someone_else, {("pejabat_penilai_is_superior", "warning")}),
    (pejabat_penilai_missing, {("pejabat_penilai_is_superior", "warning")}),
    (missing_aspect, {("quantitative_aspects", "warning")}),
    (qualitative_missing_aspect, set()),
]


@pytest.mark.parametrize(("mutate", "expected"), CASES, ids=[c[0].__name__ for c in CASES])
def test_rule(valid, mutate, expected):
    mutate(valid)
    # An expected level of "" names a rule that must stay silent in this case.
    assert codes(valid["skp"]) == {(code, level) for code, level in expected if level}


def jpt_rhk_without_perspective(world):
    world["skp"].rhks.filter(perspective="anggaran").update(perspective="")


def jpt_three_perspectives(world):
    world["skp"].rhks.filter(perspective="anggaran").delete()


def jpt_without_parent(world):
    """A JPT's RHK come from the Perjanjian Kinerja: no intervened RHK is asked for."""
    world["head"].atasan = PegawaiFactory(skpd=world["skpd"], jenjang="jpt_madya")
    world["head"].save()
    world["skp"].pejabat_penilai = world["head"].atasan
    world["skp"].save()


JPT_CASES = [
    (
        jpt_rhk_without_perspective,
        {("jpt_rhk_perspective", "error"), ("jpt_all_perspectives", "warning")},
    ),
    (jpt_three_perspectives, {("jpt_all_perspectives", "warning")}),
    (jpt_without_parent, set()),
]


@pytest.mark.parametrize(("mutate", "expected"), JPT_CASES, ids=[c[0].__name__ for c in JPT_CASES])
def test_jpt_rule(valid_jpt, mutate, expected):
    mutate(valid_jpt)
    assert codes(valid_jpt["skp"]) == expected


def test_every_rule_has_a_case():
    """A rule added to the checker needs its row in the tables above."""
    covered = {code for _mutate, expected in CASES + JPT_CASES for code, level in expected if level}
    assert {rule.__name__ for rule in RULES} == covered


def test_findings_point_at_their_item(valid):
    target_without_unit(valid)
    indicator = valid["rhk"].indicators.get(aspect="kuantitas")
    (finding,) = check(load_document(valid["skp"]))
    assert finding.indicator_id == indicator.pk and finding.rhk_id == valid["rhk"].pk
    assert finding.anchor == f"indicator-{indicator.pk}"
    assert finding.where == "RHK Utama 1, indikator 1"
    assert "“12”" in finding.message and "satuan" in finding.message


def test_errors_come_before_warnings(valid):
    lampiran_list_empty(valid)
    a_behaviour_missing(valid)
    levels = [finding.level for finding in check(load_document(valid["skp"]))]
    assert levels == ["error", "warning"]


def document_of(rows, *, jenjang="pengawas", approach="kuantitatif") -> Document:
    """An SKP in memory, never saved: ``rows`` of (RHK text, perspective, [(indicator text,
    target)])."""
    start, end = Skp.annual_period(2026)
    skp = Skp(jenjang=jenjang, approach=approach, year=2026, period_start=start, period_end=end)
    rhks = []
    for order, (text, perspective, indicators) in enumerate(rows):
        rhk = Rhk(skp=skp, kind="utama", order=order, text=text, perspective=perspective)
        rhk.indicator_list = [
            Indicator(rhk=rhk, order=position, text=label, target=target)
            for position, (label, target) in enumerate(indicators)
        ]
        rhks.append(rhk)
    number_rhks(rhks)
    return Document(skp=skp, rhks=rhks, behaviours=[])


def findings_of(document: Document, code: str) -> list[Finding]:
    return [finding for finding in check(document) if finding.code == code]


@pytest.mark.parametrize(
    ("first", "second", "repeated"),
    [
        ("Tersedianya data surveilans", "Tersedianya data surveilans", True),
        ("Tersedianya data surveilans", "tersedianya  DATA surveilans.", True),
        (
            "Terlaksananya verifikasi SPJ tepat waktu",
            "Terlaksananya verifikasi SPJ, tepat waktu!",
            True,
        ),
        ("Meningkatnya layanan tata-usaha", "Meningkatnya layanan tata usaha", True),
        ("Tersusunnya dokumen Renja", " Tersusunnya dokumen RENJA ", True),
        ("Tersedianya data penyakit menular", "Tersedianya data penyakit tidak menular", False),
        ("Tersusunnya laporan triwulan I", "Tersusunnya laporan triwulan II", False),
        ("Terlaksananya pembinaan puskesmas", "Terlaksananya pembinaan posyandu", False),
        ("Tersusunnya dokumen Renja 2026", "Tersusunnya dokumen Renja 2027", False),
        ("Terkelolanya arsip surat masuk", "Terkelolanya arsip surat keluar", False),
    ],
)
def test_rhk_repeated(first, second, repeated):
    document = document_of(
        [(text, "", [("Jumlah laporan", "12 laporan")]) for text in (first, second)]
    )
    findings = findings_of(document, "rhk_repeated")
    if repeated:
        (finding,) = findings
        assert (finding.level, finding.where) == (ERROR, "RHK Utama 2")
        assert "sama dengan RHK Utama 1" in finding.message
    else:
        assert findings == []


@pytest.mark.parametrize(
    ("first", "second", "repeated"),
    [
        ("Jumlah laporan surveilans", "jumlah laporan surveilans", True),
        ("Persentase laporan tepat waktu", "Persentase laporan — tepat waktu.", True),
        ("Jumlah  dokumen perencanaan", "JUMLAH DOKUMEN PERENCANAAN", True),
        ("Ketepatan waktu penyampaian laporan", "Ketepatan waktu penyampaian laporan", True),
        ("Indeks kepuasan masyarakat (IKM)", "Indeks kepuasan masyarakat IKM", True),
        ("Jumlah laporan surveilans", "Persentase laporan surveilans yang lengkap", False),
        ("Jumlah laporan mingguan", "Jumlah laporan bulanan", False),
        ("Persentase kasus tertangani", "Persentase kasus tertangani sesuai standar", False),
        ("Jumlah berkas diverifikasi", "Jumlah berkas dikirim", False),
        ("Persentase realisasi anggaran", "Persentase realisasi fisik", False),
    ],
)
def test_indicator_repeated(first, second, repeated):
    document = document_of(
        [("Tersedianya data surveilans", "", [(first, "12 laporan"), (second, "100 %")])]
    )
    findings = findings_of(document, "indicator_repeated")
    if repeated:
        (finding,) = findings
        assert (finding.level, finding.where) == (ERROR, "RHK Utama 1, indikator 2")
        assert "sama dengan indikator 1" in finding.message
    else:
        assert findings == []


def test_one_indicator_text_under_two_rhk_is_no_repeat():
    indicators = [("Jumlah laporan", "12 laporan"), ("Ketepatan waktu", "12 bulan")]
    document = document_of(
        [
            ("Tersedianya data surveilans", "", indicators),
            ("Terlaksananya verifikasi", "", indicators),
        ]
    )
    assert findings_of(document, "indicator_repeated") == []


@pytest.mark.parametrize(
    ("target", "fault"),
    [
        # Quantities with their unit, a range, a comparison or a duration.
        ("12 dokumen", None),
        ("100 %", None),
        ("100%", None),
        ("4 laporan", None),
        ("4 laporan triwulanan", None),
        ("1 dokumen", None),
        ("12 bulan", None),
        ("2 kali dalam setahun", None),
        ("2 semester", None),
        ("4 triwulan", None),
        ("70,5 tahun", None),
        ("3 hari kerja", None),
        ("61,95 %", None),
        ("80–100 %", None),
        ("80-100 persen", None),
        ("80 s.d. 100 %", None),
        ("1 s.d. 12 bulan", None),
        ("Rp 1.500.000", None),
        ("1.200 surat", None),
        ("2000 eksemplar", None),
        ("≥ 90 %", None),
        ("minimal 90 %", None),
        ("paling sedikit 5 kegiatan", None),
        # A quantity beside a moment or a regulation is still a quantity.
        ("12 dokumen pada Triwulan 4", None),
        ("100 % sesuai Permen 6 Tahun 2022", None),
        ("1 dokumen paling lambat 31 Desember 2026", None),
        # Numbers that count nothing: a year, a date, a period, a regulation's number.
        ("Tahun 2026", TargetFault.NOT_A_QUANTITY),
        ("2026", TargetFault.NOT_A_QUANTITY),
        ("Akhir 2026", TargetFault.NOT_A_QUANTITY),
        ("2025–2026", TargetFault.NOT_A_QUANTITY),
        ("Triwulan 4", TargetFault.NOT_A_QUANTITY),
        ("TW 4", TargetFault.NOT_A_QUANTITY),
        ("Semester 2", TargetFault.NOT_A_QUANTITY),
        ("Bulan ke-6", TargetFault.NOT_A_QUANTITY),
        ("Desember 2026", TargetFault.NOT_A_QUANTITY),
        ("31 Desember 2026", TargetFault.NOT_A_QUANTITY),
        ("31/12/2026", TargetFault.NOT_A_QUANTITY),
        ("Sesuai Permen 6 Tahun 2022", TargetFault.NOT_A_QUANTITY),
        ("Sesuai PermenPANRB Nomor 6 Tahun 2022", TargetFault.NOT_A_QUANTITY),
        ("Peraturan Bupati Nomor 12 Tahun 2023", TargetFault.NOT_A_QUANTITY),
        ("UU 23/2014", TargetFault.NOT_A_QUANTITY),
        # A number alone, or words alone.
        ("12", TargetFault.NO_UNIT),
        ("12,5", TargetFault.NO_UNIT),
        ("≥ 90", TargetFault.NO_UNIT),
        ("Tepat waktu", TargetFault.NO_NUMBER),
        ("Triwulan IV", TargetFault.NO_NUMBER),
        ("", TargetFault.NO_NUMBER),
    ],
)
def test_target_fault(target, fault):
    assert target_fault(target) is fault


@pytest.mark.parametrize(
    ("target", "approach", "said"),
    [
        ("Tahun 2026", "kuantitatif", "bukan jumlah yang dapat diukur"),
        ("Triwulan 4", "kuantitatif", "bukan jumlah yang dapat diukur"),
        ("Sesuai Permen 6 Tahun 2022", "kuantitatif", "bukan jumlah yang dapat diukur"),
        ("31 Desember 2026", "kuantitatif", "bukan jumlah yang dapat diukur"),
        ("12", "kuantitatif", "tidak memuat satuan"),
        ("Tepat waktu", "kuantitatif", "tidak memuat angka"),
        ("12 bulan", "kuantitatif", None),
        ("100 %", "kuantitatif", None),
        ("4 laporan triwulanan", "kuantitatif", None),
        ("2 kali dalam setahun", "kuantitatif", None),
        ("Tahun 2026", "kualitatif", None),
        ("Tepat waktu", "kualitatif", None),
    ],
)
def test_target_number_and_unit(target, approach, said):
    document = document_of(
        [("Tersedianya data surveilans", "", [("Ketepatan waktu", target)])], approach=approach
    )
    findings = findings_of(document, "target_number_and_unit")
    if said:
        (finding,) = findings
        assert (finding.level, finding.where) == (ERROR, "RHK Utama 1, indikator 1")
        assert f"“{target}”" in finding.message and said in finding.message
    else:
        assert findings == []


ALL_FOUR = ["penerima_layanan", "proses_bisnis", "penguatan_internal", "anggaran"]


@pytest.mark.parametrize(
    ("jenjang", "perspectives", "missing"),
    [
        ("jpt_pratama", ALL_FOUR, None),
        ("jpt_pratama", [*ALL_FOUR, "penerima_layanan"], None),
        ("jpt_madya", ALL_FOUR, None),
        ("pengawas", ["", ""], None),
        ("administrator", ["", "", ""], None),
        ("jpt_pratama", ALL_FOUR[:3], "Anggaran"),
        (
            "jpt_pratama",
            ["penerima_layanan", "penerima_layanan", "anggaran"],
            "Proses Bisnis, Penguatan Internal",
        ),
        ("jpt_pratama", ["penerima_layanan"], "Proses Bisnis, Penguatan Internal, Anggaran"),
        ("jpt_pratama", [*ALL_FOUR[:3], ""], "Anggaran"),
        ("jpt_madya", ALL_FOUR[1:], "Penerima Layanan"),
    ],
)
def test_jpt_all_perspectives(jenjang, perspectives, missing):
    """A warning while drafting that still keeps the SKP from being declared in format."""
    document = document_of(
        [
            (f"Meningkatnya capaian sasaran {number}", perspective, [("Persentase", "90 %")])
            for number, perspective in enumerate(perspectives)
        ],
        jenjang=jenjang,
    )
    findings = findings_of(document, "jpt_all_perspectives")
    if missing:
        (finding,) = findings
        assert (finding.level, finding.blocks_review) == (WARNING, True)
        assert finding.message.endswith(f"perspektif: {missing}.")
        assert finding in review_blockers(check(document))
    else:
        assert findings == []


@pytest.mark.parametrize(
    ("level", "code", "blocks"),
    [
        (ERROR, "target_number_and_unit", True),
        (ERROR, "rhk_repeated", True),
        (ERROR, "jpt_rhk_perspective", True),
        (WARNING, "jpt_all_perspectives", True),
        (WARNING, "lampiran_filled", False),
        (WARNING, "quantitative_aspects", False),
        (WARNING, "intervened_rhk_required", False),
    ],
)
def test_errors_and_the_named_warnings_block_the_review(level, code, blocks):
    assert Finding(level, code, "…").blocks_review is blocks


def test_a_superior_without_an_skp_is_said_once_for_the_whole_skp(valid):
    utama_without_parent_superior_has_no_skp_gives_one_warning(valid)
    findings = [
        f for f in check(load_document(valid["skp"])) if f.code == "intervened_rhk_required"
    ]
    assert len(findings) == 1 and findings[0].anchor == ""
