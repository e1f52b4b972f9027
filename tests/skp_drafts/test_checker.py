"""Every rule of the checker (skp_drafts/checker.py, from ../shared/domain/skp.md): a case
that breaks it and the valid SKP that does not."""

import datetime

import pytest

from skp_drafts.checker import RULES, check, target_has_number_and_unit
from skp_drafts.document import load_document
from skp_drafts.models import Behaviour
from tests.accounts.factories import PegawaiFactory
from tests.skp_drafts.conftest import filled_lampiran
from tests.skp_drafts.factories import IndicatorFactory, RhkFactory, SkpFactory


@pytest.fixture
def valid_jpt(chain):
    skp = chain["head_skp"]
    for text, perspective in [
        ("Meningkatnya kepuasan pasien", "proses_bisnis"),
        ("Meningkatnya kapasitas SDM kesehatan", "penguatan_internal"),
        ("Terserapnya anggaran kesehatan", "anggaran"),
    ]:
        rhk = RhkFactory(skp=skp, text=text, perspective=perspective)
        IndicatorFactory(rhk=rhk, aspect="", text="Persentase capaian", target="90 %")
    filled_lampiran(skp)
    return {**chain, "skp": skp}


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
    for aspect, target in [("kuantitas", "2 kali"), ("kualitas", "100 %"), ("waktu", "12 bulan")]:
        IndicatorFactory(rhk=rhk, aspect=aspect, target=target)


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


@pytest.mark.parametrize(
    ("target", "number", "unit"),
    [
        ("12 dokumen", True, True),
        ("100 %", True, True),
        ("100%", True, True),
        ("80–100 %", True, True),
        ("80-100 persen", True, True),
        ("80 s.d. 100 %", True, True),
        ("Rp 1.500.000", True, True),
        ("≥ 90 %", True, True),
        ("minimal 90 %", True, True),
        ("paling sedikit 5 kegiatan", True, True),
        ("1 s.d. 12 bulan", True, True),
        ("≥ 90", True, False),
        ("61,95 %", True, True),
        ("12", True, False),
        ("12,5", True, False),
        ("Tepat waktu", False, False),
        ("", False, False),
    ],
)
def test_target_number_and_unit(target, number, unit):
    assert target_has_number_and_unit(target) == (number, unit)


def test_a_superior_without_an_skp_is_said_once_for_the_whole_skp(valid):
    utama_without_parent_superior_has_no_skp_gives_one_warning(valid)
    findings = [
        f for f in check(load_document(valid["skp"])) if f.code == "intervened_rhk_required"
    ]
    assert len(findings) == 1 and findings[0].anchor == ""
