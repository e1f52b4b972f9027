"""Versions of an SKP and what changed between any two, item by item."""

from django.urls import reverse

from skp_drafts import services, versions
from skp_drafts.document import load_document
from skp_drafts.services import IndicatorContent, RhkContent, content_of


def save(skp, change):
    content = content_of(load_document(skp))
    change(content)
    skp.refresh_from_db()
    services.save_content(
        actor=skp.pegawai.user, skp_id=skp.pk, content=content, expected_version=skp.version
    )
    skp.refresh_from_db()


def build_history(chain):
    skp = services.create_skp(actor=chain["kasi"].user, pegawai=chain["kasi"], year=2026)

    def first(content):  # version 2
        content.rhks = [
            RhkContent(
                id=None,
                kind="utama",
                text="Tersedianya data surveilans penyakit",
                parent_id=chain["kabid_rhk"].pk,
                indicators=[
                    IndicatorContent(
                        id=None, aspect="kuantitas", text="Jumlah laporan", target="12"
                    ),
                    IndicatorContent(id=None, aspect="waktu", text="Ketepatan", target="12 bulan"),
                ],
            )
        ]

    def second(content):  # version 3
        rhk = content.rhks[0]
        rhk.text = "Tersedianya data surveilans penyakit menular yang akurat"
        rhk.indicators[0].target = "12 laporan"
        del rhk.indicators[1]
        content.rhks.append(RhkContent(id=None, kind="tambahan", text="Menjadi narasumber"))
        content.expectations["kolaboratif"] = "Aktif dalam tim lintas bidang"
        content.konsekuensi = "Teguran tertulis"
        content.pangkat = "Penata, III/c"

    save(skp, first)
    save(skp, second)
    return skp


def test_every_save_is_a_version_newest_first(chain):
    skp = build_history(chain)
    found = versions.versions_of(skp)
    assert [v.number for v in found] == [3, 2, 1]
    assert [v.reason for v in found] == ["Disimpan", "Disimpan", "SKP dibuat"]
    assert all(v.saved_by == chain["kasi"].user for v in found)


def test_a_version_reads_back_as_it_stood(chain):
    skp = build_history(chain)
    by_number = {v.number: v for v in versions.versions_of(skp)}
    old = versions.snapshot(skp, by_number[2])
    assert [rhk.text for rhk in old.rhks] == ["Tersedianya data surveilans penyakit"]
    assert [i.target for i in old.rhks[0].indicator_list] == ["12", "12 bulan"]
    assert old.parent_texts == {chain["kabid_rhk"].pk: chain["kabid_rhk"].text}
    assert versions.snapshot(skp, by_number[1]).rhks == []
    assert len(versions.snapshot(skp, by_number[3]).rhks) == 2


def test_the_changes_between_two_versions_item_by_item(chain):
    skp = build_history(chain)
    by_number = {v.number: v for v in versions.versions_of(skp)}
    old, new = versions.snapshot(skp, by_number[2]), versions.snapshot(skp, by_number[3])
    changes = {
        (change.kind, change.item): change
        for change in versions.changes_between(old, new, versions.people_named(old, new))
    }
    assert set(changes) == {
        ("changed", "Identitas SKP"),
        ("changed", "RHK Utama 1"),
        ("changed", "RHK Utama 1, indikator 1"),
        ("removed", "RHK Utama 1, indikator 2"),
        ("added", "RHK Tambahan 1"),
        ("changed", "Perilaku kerja: ekspektasi khusus pimpinan"),
        ("changed", "Lampiran"),
    }
    text = changes[("changed", "RHK Utama 1")].fields[0]
    assert (text.label, text.old, text.new) == (
        "Rencana hasil kerja",
        "Tersedianya data surveilans penyakit",
        "Tersedianya data surveilans penyakit menular yang akurat",
    )
    assert text.pieces == [
        ("same", "Tersedianya data surveilans penyakit"),
        ("ins", " menular yang akurat"),
    ]
    target = changes[("changed", "RHK Utama 1, indikator 1")].fields
    assert [(f.label, f.old, f.new) for f in target] == [("Target", "12", "12 laporan")]
    header = changes[("changed", "Identitas SKP")].fields
    assert [(f.label, f.old, f.new) for f in header] == [
        ("Pangkat/golongan ruang", "", "Penata, III/c")
    ]
    behaviour = changes[("changed", "Perilaku kerja: ekspektasi khusus pimpinan")].fields
    assert [(f.label, f.new) for f in behaviour] == [
        ("Kolaboratif", "Aktif dalam tim lintas bidang")
    ]


def test_comparing_a_version_with_itself_shows_nothing(chain):
    skp = build_history(chain)
    version = versions.versions_of(skp)[0]
    same = versions.snapshot(skp, version)
    assert versions.changes_between(same, same, {}) == []


def test_the_versions_page_compares_any_two(chain, client):
    skp = build_history(chain)
    client.force_login(chain["kasi"].user)
    page = client.get(reverse("skp_drafts:versions", args=[skp.pk]), {"dari": 1, "ke": 3})
    html = page.content.decode()
    assert "Perubahan dari versi 1 ke versi 3" in html
    assert "Menjadi narasumber" in html and "Teguran tertulis" in html
    # Nonsense and unknown numbers fall back to the two newest versions.
    page = client.get(reverse("skp_drafts:versions", args=[skp.pk]), {"dari": "x", "ke": "99"})
    assert "Perubahan dari versi 2 ke versi 3" in page.content.decode()


def test_the_header_people_kind_and_order_changes_are_listed(chain):
    skp = build_history(chain)

    def third(content):  # version 4
        content.rhks.reverse()
        content.rhks[0].kind = "utama"
        content.rhks[1].kind = "tambahan"
        content.approach = "kualitatif"
        content.pejabat_penilai_id = chain["head"].pk
        content.atasan_penilai_pangkat = "Pembina Utama Muda, IV/c"
        content.period_end = content.period_end.replace(month=6, day=30)

    save(skp, third)
    by_number = {v.number: v for v in versions.versions_of(skp)}
    old, new = versions.snapshot(skp, by_number[3]), versions.snapshot(skp, by_number[4])
    changes = versions.changes_between(old, new, versions.people_named(old, new))
    header = {f.label: (f.old, f.new) for f in changes[0].fields}
    assert header == {
        "Akhir periode": ("31 Desember 2026", "30 Juni 2026"),
        "Pendekatan": ("Kuantitatif", "Kualitatif"),
        "Pangkat/golongan atasan pejabat penilai": ("", "Pembina Utama Muda, IV/c"),
        "Pejabat penilai kinerja": (chain["kabid"].name, chain["head"].name),
    }
    # The two RHK swapped kinds: each is listed under its new number, with its old one.
    kinds = {(c.item, f.label, f.old, f.new) for c in changes[1:] for f in c.fields}
    assert kinds == {
        ("RHK Utama 1", "Jenis", "Tambahan", "Utama"),
        ("RHK Utama 1", "Nomor", "RHK Tambahan 1", "RHK Utama 1"),
        ("RHK Tambahan 1", "Jenis", "Utama", "Tambahan"),
        ("RHK Tambahan 1", "Nomor", "RHK Utama 1", "RHK Tambahan 1"),
    }
