"""The pages of the draft SKP: the editor keeps what was typed on a refusal, query counts
stay fixed whatever the size, and links to coaching."""

import pytest
from django.conf import settings
from django.db import connection
from django.forms import BaseFormSet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from accounts.models import Jenjang, Pegawai, Role
from skp_drafts.content import MAX_INDICATORS
from skp_drafts.document import load_document
from skp_drafts.forms import IndicatorFormSet, RowFormSet, SkpEditor
from skp_drafts.models import Indicator, Rhk, Skp
from skp_drafts.templatetags.skp_editor import EditorRows, _errors, _new_rows, rhk_cards
from tests.accounts.factories import SkpdFactory, user_with_role, valid_nip
from tests.bookings.factories import BookingFactory
from tests.skp_drafts.conftest import bring
from tests.skp_drafts.factories import IndicatorFactory, RhkFactory, SkpFactory
from tests.skp_drafts.helpers import editor_post


def rhk_rows(skp):
    return [
        {
            "id": rhk.pk,
            "kind": rhk.kind,
            "text": rhk.text,
            "parent": rhk.parent_id,
            "indicators": [
                {"id": i.pk, "aspect": i.aspect, "text": i.text, "target": i.target}
                for i in rhk.indicators.order_by("order", "pk")
            ],
        }
        for rhk in skp.rhks.order_by("order", "pk")
    ]


class TestEditor:
    def test_a_new_rhk_typed_in_the_page_is_saved(self, valid, client):
        skp = valid["skp"]
        client.force_login(valid["kasi"].user)
        rows = [
            *rhk_rows(skp),
            {
                "kind": "tambahan",
                "text": "Menjadi narasumber",
                "indicators": [{"aspect": "kuantitas", "text": "Kegiatan", "target": "2 kali"}],
            },
        ]
        response = client.post(reverse("skp_drafts:edit", args=[skp.pk]), editor_post(skp, rows))
        assert response.status_code == 302
        skp.refresh_from_db()
        assert skp.version == 2
        assert skp.rhks.get(kind="tambahan").indicators.get().target == "2 kali"

    def test_rows_added_and_left_empty_are_ignored(self, valid, client):
        skp = valid["skp"]
        client.force_login(valid["kasi"].user)
        rows = [*rhk_rows(skp), {"kind": "utama", "indicators": [{}]}]
        rows[0]["indicators"].append({"aspect": ""})
        response = client.post(reverse("skp_drafts:edit", args=[skp.pk]), editor_post(skp, rows))
        assert response.status_code == 302
        skp.refresh_from_db()
        assert skp.version == 1  # nothing to save
        assert (
            Rhk.objects.filter(skp=skp).count() == 1
            and Indicator.objects.filter(rhk__skp=skp).count() == 3
        )

    def test_a_refused_save_keeps_every_typed_text_and_changes_nothing(self, valid, client):
        skp = valid["skp"]
        client.force_login(valid["kasi"].user)
        rows = rhk_rows(skp)
        rows[0]["text"] = "Teks baru yang belum tersimpan"
        rows.append({"kind": "utama", "text": "", "indicators": [{"text": "Indikator tanpa RHK"}]})
        data = editor_post(skp, rows, period_end="2026-13-45")
        response = client.post(reverse("skp_drafts:edit", args=[skp.pk]), data)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Belum tersimpan" in html
        assert "Teks baru yang belum tersimpan" in html and "Indikator tanpa RHK" in html
        assert "Isi rencana hasil kerja untuk indikator ini." in html
        assert "Masukkan tanggal yang valid." in html or "Enter a valid date" in html
        skp.refresh_from_db()
        assert skp.version == 1 and skp.rhks.get().text == "Tersedianya data surveilans"

    def test_a_refused_save_shows_each_error_by_its_field_and_keeps_the_choices(
        self, valid, client
    ):
        skp = valid["skp"]
        client.force_login(valid["kasi"].user)
        rows = rhk_rows(skp)
        rows[0]["text"] = ""
        rows[0]["indicators"][1]["aspect"] = "waktu"
        rows[0]["indicators"][2]["target"] = "x" * 101
        rows.append(
            {
                "kind": "tambahan",
                "text": "Menjadi <narasumber>",
                "parent": valid["kabid_rhk"].pk,
                "indicators": [{"aspect": "kualitas", "text": "Kegiatan", "target": "2 kali"}],
            }
        )
        response = client.post(reverse("skp_drafts:edit", args=[skp.pk]), editor_post(skp, rows))
        html = response.content.decode()
        assert response.status_code == 200 and "Belum tersimpan" in html
        # The empty RHK: marked, described by its message, the message right below it.
        text = '<textarea name="rhk-0-text" cols="40" rows="2" maxlength="2000"'
        assert (
            f'{text} class="textarea form-control is-invalid" aria-invalid="true"'
            ' aria-describedby="id_rhk-0-text_error" id="id_rhk-0-text">\n</textarea>'
            '<div id="id_rhk-0-text_error" class="invalid-feedback">'
            '<p id="error_1_id_rhk-0-text"><strong>Bidang ini tidak boleh kosong.</strong></p>'
        ) in html
        # The too long target: its help text and its error both describe it.
        assert (
            'aria-invalid="true" aria-describedby="id_rhk-0-ind-2-target_helptext'
            ' id_rhk-0-ind-2-target_error" id="id_rhk-0-ind-2-target">'
        ) in html
        assert html.count('aria-invalid="true"') == 2
        # Every typed value and choice is still there.
        assert ">\nMenjadi &lt;narasumber&gt;</textarea>" in html
        assert f'value="{"x" * 101}"' in html
        parent = html[html.index('<select name="rhk-1-parent"') :]
        parent = parent[: parent.index("</select>")]
        assert f'<option value="{valid["kabid_rhk"].pk}" selected>' in parent
        assert parent.count(" selected") == 1
        for name, value in [
            ("rhk-0-ind-1-aspect", "waktu"),
            ("rhk-1-ind-0-aspect", "kualitas"),
            ("rhk-0-ind-0-aspect", "kuantitas"),
        ]:
            select = html[html.index(f'<select name="{name}"') :]
            assert f'<option value="{value}" selected>' in select[: select.index("</select>")]
        kind = html[html.index('<select name="rhk-1-kind"') :]
        assert '<option value="tambahan" selected>' in kind[: kind.index("</select>")]
        skp.refresh_from_db()
        assert skp.version == 1

    def test_a_save_from_a_stale_page_is_refused_with_a_message(self, valid, client):
        skp = valid["skp"]
        client.force_login(valid["kasi"].user)
        first = editor_post(skp, rhk_rows(skp), pangkat="Penata")
        stale = editor_post(skp, rhk_rows(skp), pangkat="Penata Tk. I")
        client.post(reverse("skp_drafts:edit", args=[skp.pk]), first)
        response = client.post(reverse("skp_drafts:edit", args=[skp.pk]), stale)
        assert "sudah disimpan di tempat lain" in response.content.decode()
        assert "Penata Tk. I" in response.content.decode()
        skp.refresh_from_db()
        assert (skp.version, skp.pangkat) == (2, "Penata")

    def test_an_unknown_nip_for_the_pejabat_penilai_is_refused(self, valid, client):
        skp = valid["skp"]
        client.force_login(valid["kasi"].user)
        data = editor_post(skp, rhk_rows(skp), pejabat_penilai="19700101 199001 1 999")
        response = client.post(reverse("skp_drafts:edit", args=[skp.pk]), data)
        assert "NIP ini tidak ditemukan di data pegawai aktif." in response.content.decode()
        skp.refresh_from_db()
        assert skp.pejabat_penilai == valid["kabid"]

    def test_a_submitted_skp_opens_read_only(self, valid, client):
        Skp.objects.filter(pk=valid["skp"].pk).update(status="submitted")
        client.force_login(valid["kasi"].user)
        response = client.get(reverse("skp_drafts:edit", args=[valid["skp"].pk]))
        assert response.status_code == 302
        assert response.url == reverse("skp_drafts:detail", args=[valid["skp"].pk])

    @pytest.mark.parametrize(
        ("garbage", "message"),
        [
            ("abc", "Belum tersimpan"),
            ("-1", "Belum tersimpan"),
            ("999999999", "Data RHK tidak cocok dengan SKP ini"),
        ],
    )
    def test_tampered_row_ids_get_a_message_not_an_error_page(
        self, valid, client, garbage, message
    ):
        skp = valid["skp"]
        client.force_login(valid["kasi"].user)
        data = editor_post(skp, rhk_rows(skp))
        data["rhk-0-id"] = garbage
        response = client.post(reverse("skp_drafts:edit", args=[skp.pk]), data)
        assert response.status_code == 200
        assert message in response.content.decode()
        skp.refresh_from_db()
        assert skp.version == 1

    def test_more_indicators_than_allowed_are_refused_with_every_row_kept(self, valid, client):
        skp = valid["skp"]
        client.force_login(valid["kasi"].user)
        rows = rhk_rows(skp)
        rows[0]["indicators"] += [
            {"aspect": "kuantitas", "text": f"Indikator tambahan {n}", "target": "1 dokumen"}
            for n in range(9)
        ]
        response = client.post(reverse("skp_drafts:edit", args=[skp.pk]), editor_post(skp, rows))
        html = response.content.decode()
        assert "Satu RHK memuat paling banyak 8 indikator." in html
        assert "Indikator tambahan 8" in html  # the twelfth row is still there
        skp.refresh_from_db()
        assert skp.version == 1

    def test_a_stale_page_offers_the_latest_version(self, valid, client):
        skp = valid["skp"]
        client.force_login(valid["kasi"].user)
        client.post(
            reverse("skp_drafts:edit", args=[skp.pk]), editor_post(skp, rhk_rows(skp), pangkat="A")
        )
        stale = editor_post(skp, rhk_rows(skp), pangkat="B")
        html = client.post(reverse("skp_drafts:edit", args=[skp.pk]), stale).content.decode()
        assert "Buka versi terbaru" in html


def editor_page(client, skp, language: str = "id", data: dict | None = None) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("skp_drafts:edit", args=[skp.pk])
    # The portal's middleware activates the reader's language for the rest of the thread:
    # put back the tests' own afterwards.
    with translation.override(translation.get_language()):
        response = client.get(url) if data is None else client.post(url, data)
    assert response.status_code == 200
    return response.content.decode()


INDONESIAN = ("Indikator kinerja individu", "Misalnya: 12 dokumen, 100 %, 80–100 %.")
ENGLISH = ("Individual performance indicator", "For example: 12 documents, 100 %, 80–100 %.")


class TestEditorRows:
    """The RHK cards and indicator rows, drawn in Python (skp_drafts/templatetags)."""

    def test_a_card_holds_its_rhk_its_controls_and_its_indicators(self, valid, client):
        skp, rhk = valid["skp"], valid["rhk"]
        client.force_login(valid["kasi"].user)
        html = editor_page(client, skp)
        card = html[html.index('<article class="card shadow-sm mb-3 rhk-card"') :]
        card = card[: card.index("</article>")]
        assert f'data-rhk-index="0" id="rhk-{rhk.pk}">' in card
        assert f'<input type="hidden" name="rhk-0-id" value="{rhk.pk}" id="id_rhk-0-id">' in card
        assert '<input type="hidden" name="rhk-0-ORDER" value="0" class="js-order">' in card
        assert '<h3 class="h6 mb-0 js-rhk-title">RHK Utama 1</h3>' in card
        assert (
            '<label class="visually-hidden" for="id_rhk-0-kind">Jenis RHK</label>'
            '<select name="rhk-0-kind" id="id_rhk-0-kind" class="form-select form-select-sm'
            ' w-auto"><option value="utama" selected>Utama</option>'
            '<option value="tambahan">Tambahan</option></select>'
        ) in card
        assert 'data-ask="Hapus RHK ini beserta indikatornya?"' in card
        assert card.count('<div class="indicator-row row g-2') == 3
        first = Indicator.objects.filter(rhk=rhk).order_by("order", "pk").first()
        row = (
            f'<div class="indicator-row row g-2 align-items-start mb-2" id="indicator-{first.pk}">'
        )
        assert row in card
        assert "Satu RHK memuat paling banyak 8 indikator." in card
        # The script's templates: a new RHK with one empty indicator, and a new indicator.
        template = html[html.index('<template id="rhk-template">') :]
        assert 'data-rhk-index="__rhk__">' in template
        assert '<h3 class="h6 mb-0 js-rhk-title">RHK baru</h3>' in template
        assert 'name="rhk-__rhk__-ind-0-text"' in template
        assert 'name="rhk-__rhk__-ind-__ind__-text"' in html

    def test_the_new_rows_offer_the_superiors_rhk_as_they_are_now(self, valid, client):
        skp, kabid_rhk = valid["skp"], valid["kabid_rhk"]
        client.force_login(valid["kasi"].user)

        def new_rhk_card() -> str:
            html = editor_page(client, skp)
            template = html[html.index('<template id="rhk-template">') :]
            return template[: template.index("</template>")]

        first = new_rhk_card()
        assert f'<option value="{kabid_rhk.pk}">RHK Utama 1 · {kabid_rhk.text}</option>' in first
        drawn = _new_rows.cache_info()
        assert new_rhk_card() == first
        assert _new_rows.cache_info().hits == drawn.hits + 2  # kept for the same rows
        assert _new_rows.cache_info().misses == drawn.misses
        Rhk.objects.filter(pk=kabid_rhk.pk).update(text="Teks baru <atasan>")
        changed = new_rhk_card()
        assert (
            f'<option value="{kabid_rhk.pk}">RHK Utama 1 · Teks baru &lt;atasan&gt;</option>'
            in (changed)
        )
        assert kabid_rhk.text not in changed
        # Another kind of SKP has other fields: a JPT's RHK has a perspective, no parent.
        skp.jenjang = Jenjang.JPT_PRATAMA
        skp.save(update_fields=["jenjang"])
        jpt = new_rhk_card()
        assert 'name="rhk-__rhk__-perspective"' in jpt
        assert 'name="rhk-__rhk__-parent"' not in jpt

    def test_the_rows_speak_the_readers_language_each_time(self, valid, client):
        client.force_login(valid["kasi"].user)
        for language, remove, add, label, help_text in [
            ("id", "Hapus RHK ini beserta indikatornya?", "Tambah indikator", *INDONESIAN),
            ("en", "Delete this RHK and its indicators?", "Add indicator", *ENGLISH),
            ("id", "Hapus RHK ini beserta indikatornya?", "Tambah indikator", *INDONESIAN),
        ]:
            html = editor_page(client, valid["skp"], language)
            assert f'data-ask="{remove}"' in html
            assert f'<i class="bi bi-plus-lg" aria-hidden="true"></i> {add}</button>' in html
            # The fields' labels and help texts, on every row and in the new rows' templates.
            rows = html.count('<div class="indicator-row')
            assert html.count(f'class="form-label requiredField">{label}<') == rows
            assert html.count(f'class="form-text">{help_text}</div>') == rows

    def test_typed_values_are_escaped_and_a_removed_row_stays_hidden(self, valid, client):
        skp = valid["skp"]
        client.force_login(valid["kasi"].user)
        rows = rhk_rows(skp)
        rows[0]["text"] = ""  # refused, so the page comes back with what was typed
        rows.append({"kind": "tambahan", "text": "Dihapus", "DELETE": True, "indicators": []})
        data = editor_post(skp, rows)
        data["rhk-0-ORDER"] = '"><b>'
        html = editor_page(client, skp, data=data)
        assert "<b>" not in html
        assert 'name="rhk-0-ORDER" value="&quot;&gt;&lt;b&gt;" class="js-order">' in html
        assert '<article class="card shadow-sm mb-3 rhk-card d-none" data-rhk-index="1">' in html
        assert (
            '<input type="checkbox" name="rhk-1-DELETE" class="d-none js-delete" checked'
            ' aria-hidden="true" tabindex="-1">'
        ) in html


def _drawn(editor) -> str:
    return rhk_cards(editor.rhks, MAX_INDICATORS)


@pytest.mark.parametrize("kind", ["pelaksana", "jpt", "example"])
def test_rows_shown_unposted_share_one_forms_fields_and_draw_as_forms_of_their_own(
    valid, valid_jpt, kind, monkeypatch
):
    if kind == "example":
        skp = SkpFactory(pegawai=None, jenjang="pelaksana", example_title="Contoh")
        rhk = RhkFactory(skp=skp, parent_text="RHK atasan <contoh>")
        IndicatorFactory(rhk=rhk, text="Indikator & target", target="1 dokumen")
        RhkFactory(skp=skp, kind="tambahan", text="Tambahan")
    else:
        skp = (valid if kind == "pelaksana" else valid_jpt)["skp"]
        RhkFactory(skp=skp, kind="tambahan", text="Tanpa indikator", parent=None)
    editor = SkpEditor(load_document(skp))
    rows = editor.rhks.forms
    # The shared path is the one drawn first (else this would compare Django with itself).
    assert len(rows) >= 2 and all(form.fields is rows[0].fields for form in rows)
    indicators = [row for form in rows for row in form.indicators]
    assert indicators and all(row.fields is indicators[0].fields for row in indicators)
    shared = _drawn(editor)
    # Each row a form of its own, as Django makes them.
    monkeypatch.setattr(RowFormSet, "_construct_form", BaseFormSet._construct_form)
    editor = SkpEditor(load_document(skp))
    assert editor.rhks.forms[0].fields is not editor.rhks.forms[1].fields
    assert _drawn(editor) == shared
    assert f'data-rhk-index="{len(rows) - 1}"' in shared


def test_a_row_shown_unposted_without_a_position_has_the_one_django_gives_it(monkeypatch):
    def rows():
        formset = IndicatorFormSet(
            prefix="rhk-0-ind",
            initial=[{"text": "Pertama"}, {"text": "Kedua", "ORDER": 7}],
            form_kwargs={"is_jpt": False},
        )
        return [EditorRows().indicator_row(form) for form in formset]

    shared = rows()
    assert 'name="rhk-0-ind-0-ORDER" value="1"' in shared[0]
    assert 'name="rhk-0-ind-1-ORDER" value="7"' in shared[1]
    monkeypatch.setattr(RowFormSet, "_construct_form", BaseFormSet._construct_form)
    assert rows() == shared


def test_a_rows_errors_are_escaped_as_the_template_escaped_them():
    # As {{ errors|join:" " }}: a typed text escaped, a message marked safe left as it is.
    drawn = _errors(["Teks <b> & lain", mark_safe("<em>tanda</em>")])
    assert drawn == (
        '<div class="alert alert-danger py-2">Teks &lt;b&gt; &amp; lain <em>tanda</em></div>'
    )
    assert _errors([]) == ""


def test_the_editor_runs_the_same_queries_for_a_small_and_a_large_skp(valid, client):
    skp = valid["skp"]
    client.force_login(valid["kasi"].user)
    url = reverse("skp_drafts:edit", args=[skp.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for number in range(29):
        rhk = RhkFactory(skp=skp, parent=valid["kabid_rhk"], text=f"RHK {number}")
        for aspect in ("kuantitas", "kualitas", "waktu"):
            IndicatorFactory(rhk=rhk, aspect=aspect, target="1 dokumen")
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    # session, user, roles, the SKP, its RHK, indicators, behaviours, the superior's RHK with
    # their SKP, the open remarks
    assert len(large) == len(small) == 9, [q["sql"][:120] for q in large.captured_queries]


def test_the_detail_page_runs_a_fixed_number_of_queries(valid, client, coach):
    skp = valid["skp"]
    bring(skp, coach)
    client.force_login(coach)
    url = reverse("skp_drafts:detail", args=[skp.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for number in range(20):
        rhk = RhkFactory(skp=skp, parent=valid["kabid_rhk"], text=f"RHK {number}")
        IndicatorFactory(rhk=rhk, target="1 dokumen")
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    # session, user, roles, the SKP, its RHK, indicators, behaviours, the superior's RHK with
    # their SKP, the remarks, the coach's permission (brought, reviewable), where it was
    # brought (bookings, sessions)
    assert len(large) == len(small) == 14, [q["sql"][:120] for q in large.captured_queries]


def build_skpd(skpd, size: int, first_nip: int) -> list[Pegawai]:
    """An SKPD of ``size`` pegawai in bulk: a head, 4 Administrator, 16 Pengawas, the rest
    Pelaksana; every fourth pegawai without an SKP, the rest with two RHK each."""
    head = Pegawai.objects.create(
        nip=valid_nip(first_nip),
        name="Kepala",
        jabatan="Kepala",
        jenjang=Jenjang.JPT_PRATAMA,
        skpd=skpd,
    )
    people = [head]
    layers = [(Jenjang.ADMINISTRATOR, 4), (Jenjang.PENGAWAS, 16)]
    parents = [head]
    number = first_nip + 1
    for jenjang, count in layers:
        created = Pegawai.objects.bulk_create(
            Pegawai(nip=valid_nip(number + i), name=f"{jenjang} {i}", jabatan=jenjang,
                    jenjang=jenjang, skpd=skpd, atasan=parents[i % len(parents)])
            for i in range(count)
        )  # fmt: skip
        number += count
        people += created
        parents = created
    people += Pegawai.objects.bulk_create(
        Pegawai(nip=valid_nip(number + i), name=f"Pelaksana {i}", jabatan="Pelaksana",
                jenjang=Jenjang.PELAKSANA, skpd=skpd, atasan=parents[i % len(parents)])
        for i in range(size - len(people))
    )  # fmt: skip
    skps = Skp.objects.bulk_create(
        Skp(pegawai=p, jenjang=p.jenjang, year=2026, period_start="2026-01-01",
            period_end="2026-12-31")
        for index, p in enumerate(people) if index % 4 != 3
    )  # fmt: skip
    by_pegawai = {skp.pegawai_id: skp for skp in skps}
    rhk_of: dict[int, Rhk] = {}
    for person in people:  # superiors first, so each RHK can name its parent
        skp = by_pegawai.get(person.pk)
        if skp is None:
            continue
        parent = rhk_of.get(person.atasan_id)
        rows = Rhk.objects.bulk_create(
            Rhk(skp=skp, text=f"RHK {person.pk}-{n}", parent=parent, order=n) for n in range(2)
        )
        rhk_of[person.pk] = rows[0]
    return people


def test_the_cascade_of_a_300_pegawai_skpd_runs_a_fixed_number_of_queries(client, db):
    small, large = SkpdFactory(), SkpdFactory()
    build_skpd(small, 30, first_nip=5000)
    build_skpd(large, 300, first_nip=6000)
    client.force_login(user_with_role(Role.KEPALA_BIDANG))
    counts = []
    for skpd in (small, large):
        url = reverse("skp_drafts:cascade", args=[skpd.pk]) + "?tahun=2026"
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts == [6, 6]
    html = response.content.decode()
    assert "75 pegawai belum punya SKP" in html


def test_the_booking_form_brings_a_portal_draft(valid, client):
    booking = BookingFactory(pegawai=valid["kasi"])
    client.force_login(valid["kasi"].user)
    response = client.post(
        reverse("skp_drafts:bring", args=[valid["skp"].pk]), {"booking": booking.pk}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.skp == valid["skp"]


def test_someone_elses_booking_cannot_be_chosen(valid, client):
    other = BookingFactory()
    client.force_login(valid["kasi"].user)
    client.post(reverse("skp_drafts:bring", args=[valid["skp"].pk]), {"booking": other.pk})
    other.refresh_from_db()
    assert other.skp is None


def test_the_review_queue_finds_a_draft_by_name_nip_or_year(valid, coach, client):
    bring(valid["skp"], coach)
    client.force_login(coach)
    url = reverse("skp_drafts:review_queue")
    assert valid["kasi"].name in client.get(url, {"q": valid["kasi"].name[:6]}).content.decode()
    assert valid["kasi"].name in client.get(url, {"q": valid["kasi"].nip[:8]}).content.decode()
    assert valid["kasi"].name not in client.get(url, {"q": "Tidak Ada"}).content.decode()
    assert valid["kasi"].name not in client.get(url, {"tahun": "2025"}).content.decode()


def test_the_coach_sees_that_a_missing_perspective_stops_the_review(valid_jpt, client, coach):
    skp = valid_jpt["skp"]
    skp.rhks.filter(perspective="anggaran").delete()
    bring(skp, coach)
    Skp.objects.filter(pk=skp.pk).update(status="submitted")
    client.force_login(coach)
    url = reverse("skp_drafts:detail", args=[skp.pk])
    html = client.get(url).content.decode()
    assert "belum ada RHK untuk perspektif: Anggaran." in html
    assert "harus diselesaikan sebelum SKP dinyatakan sesuai format" in html
    assert 'disabled aria-describedby="syarat-sesuai"' in html
    response = client.post(reverse("skp_drafts:transition", args=[skp.pk, "mark_reviewed"]))
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "belum dapat dinyatakan sesuai format: Keempat perspektif" in html
    skp.refresh_from_db()
    assert skp.status == "submitted"


def test_rows_share_the_fields_of_a_formset_of_the_same_form_only():
    jpt = IndicatorFormSet(form_kwargs={"is_jpt": True})
    with pytest.raises(ValueError, match="same kind"):
        IndicatorFormSet(form_kwargs={"is_jpt": False}, like=jpt)
