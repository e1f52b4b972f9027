from skp_drafts.selectors import cascade
from tests.skp_drafts.factories import RhkFactory, SkpFactory


def test_the_tree_descends_from_the_jpt_and_shows_its_gaps(chain):
    head_rhk, kabid_rhk = chain["head_rhk"], chain["kabid_rhk"]
    second = RhkFactory(
        skp=chain["head_skp"], text="Meningkatnya mutu layanan", perspective="anggaran"
    )
    kasi_skp = SkpFactory(pegawai=chain["kasi"])
    under_kabid = RhkFactory(skp=kasi_skp, parent=kabid_rhk, text="Tersedianya data")
    orphan = RhkFactory(skp=kasi_skp, text="RHK yang tidak menginduk")
    tree = cascade(chain["skpd"], 2026)
    assert [(row.depth, row.rhk.pk) for row in tree.rows] == [
        (0, head_rhk.pk),
        (1, kabid_rhk.pk),
        (2, under_kabid.pk),
        (0, second.pk),
        (0, orphan.pk),
    ]
    assert {row.rhk.pk for row in tree.not_intervened} == {second.pk}
    assert [row.rhk.pk for row in tree.orphans] == [orphan.pk]
    assert [p.pk for p in tree.without_skp] == [chain["staff"].pk]
    assert (tree.pegawai_count, tree.skp_count, tree.gap_count) == (4, 3, 3)


def test_another_year_has_no_skp_yet(chain):
    tree = cascade(chain["skpd"], 2027)
    assert tree.rows == [] and len(tree.without_skp) == 4
    # Highest in the cascade first.
    assert tree.without_skp[0] == chain["head"]


def test_an_rhk_tambahan_is_no_gap(chain):
    kasi_skp = SkpFactory(pegawai=chain["kasi"])
    RhkFactory(skp=kasi_skp, parent=chain["kabid_rhk"], text="Tersedianya data")
    RhkFactory(skp=kasi_skp, kind="tambahan", text="Menjadi narasumber")
    RhkFactory(skp=chain["kabid_skp"], kind="tambahan", text="Menjadi panitia")
    tree = cascade(chain["skpd"], 2026)
    assert tree.orphans == [] and tree.not_intervened == []
