import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext

from accounts.models import Jenjang, Role
from skp_drafts.selectors import cascade
from tests.accounts.factories import user_with_role
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
    assert tree.without_skp[0].pk == chain["head"].pk


def test_an_skp_without_rhk_counts_as_an_skp_and_draws_no_row(chain):
    SkpFactory(pegawai=chain["kasi"])
    tree = cascade(chain["skpd"], 2026)
    assert [row.rhk.pk for row in tree.rows] == [chain["head_rhk"].pk, chain["kabid_rhk"].pk]
    assert [p.pk for p in tree.without_skp] == [chain["staff"].pk]
    assert (tree.pegawai_count, tree.skp_count) == (4, 3)
    # The Kabid now has a subordinate with an SKP, none of whose RHK intervenes its own.
    assert [row.rhk.pk for row in tree.not_intervened] == [chain["kabid_rhk"].pk]


def test_an_rhk_tambahan_is_no_gap(chain):
    kasi_skp = SkpFactory(pegawai=chain["kasi"])
    RhkFactory(skp=kasi_skp, parent=chain["kabid_rhk"], text="Tersedianya data")
    RhkFactory(skp=kasi_skp, kind="tambahan", text="Menjadi narasumber")
    RhkFactory(skp=chain["kabid_skp"], kind="tambahan", text="Menjadi panitia")
    tree = cascade(chain["skpd"], 2026)
    assert tree.orphans == [] and tree.not_intervened == []


def cascade_page(client, chain, language: str = "id") -> str:
    client.force_login(user_with_role(Role.KEPALA_BIDANG))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("skp_drafts:cascade", args=[chain["skpd"].pk]) + "?tahun=2026"
    # The portal's middleware activates the reader's language for the rest of the thread:
    # put back the tests' own afterwards.
    with translation.override(translation.get_language()):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_draws_each_row_with_its_depth_owner_and_gaps(chain, client):
    kasi_skp = SkpFactory(pegawai=chain["kasi"])
    RhkFactory(skp=kasi_skp, parent=chain["kabid_rhk"], text="Tersedianya data <harian>")
    RhkFactory(skp=kasi_skp, text="RHK yang tidak menginduk")
    RhkFactory(skp=kasi_skp, kind="tambahan", text="Menjadi narasumber")
    html = cascade_page(client, chain)
    owner = '<div class="cascade-owner small text-body-secondary">'
    assert (
        '<li class="cascade-row depth-2" aria-level="3">'
        f"{owner}Kasi Surveilans · Pengawas</div>"
        "<div>Tersedianya data &lt;harian&gt;</div></li>"
    ) in html
    assert (
        '<li class="cascade-row depth-0 cascade-orphan" aria-level="1">'
        f"{owner}Kasi Surveilans · Pengawas</div><div>RHK yang tidak menginduk"
        ' <span class="badge text-bg-danger">tanpa RHK atasan</span></div></li>'
    ) in html
    assert (
        "<div>Menjadi narasumber"
        ' <span class="badge text-bg-light border">tambahan</span></div></li>'
    ) in html
    assert f"{owner}Kepala Dinas · JPT Pratama</div>" in html
    # The staff member without an SKP, with the jenjang from the same labels.
    assert 'Pelaksana Surveilans <span class="text-body-secondary">· Pelaksana</span>' in html


def test_the_page_lists_gaps_with_their_text_shortened_and_owner(chain, client):
    kasi_skp = SkpFactory(pegawai=chain["kasi"])
    long_text = (
        "Tersedianya data surveilans penyakit menular yang lengkap, tepat waktu & akurat " * 2
    )
    RhkFactory(skp=kasi_skp, text=long_text)
    html = cascade_page(client, chain)
    shortened = Truncator(long_text).chars(90)
    assert shortened.endswith("…") and len(shortened) == 90
    assert (
        f'<li>{escape(shortened)} <span class="text-body-secondary">· Kasi Surveilans</span></li>'
    ) in html
    assert (
        '<li>Pelaksana Surveilans <span class="text-body-secondary">· Pelaksana</span></li>'
    ) in html


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_page_shows_jenjang_and_badges_in_the_readers_language(chain, client, language):
    second = RhkFactory(skp=chain["head_skp"], text="Meningkatnya mutu layanan")
    SkpFactory(pegawai=chain["kasi"])  # the Kabid now has a subordinate with an SKP
    html = cascade_page(client, chain, language)
    with translation.override(language):
        administrator = str(Jenjang.ADMINISTRATOR.label)
        badge = gettext("belum diintervensi bawahan")
    assert f"Kabid P2P · {administrator}</div>" in html
    assert f'{second.text} <span class="badge text-bg-warning">{badge}</span>' in html
    assert ("Pohon RHK" in html) == (language == "id")
