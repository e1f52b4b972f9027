import pytest

from accounts.models import Role
from skp_drafts import services
from skp_drafts.document import load_document
from skp_drafts.models import Behaviour, Indicator, Rhk, Skp
from skp_drafts.services import IndicatorContent, RhkContent, SkpError, content_of
from tests.accounts.factories import user_with_role
from tests.skp_drafts.conftest import bring
from tests.skp_drafts.factories import IndicatorFactory, RhkFactory, SkpFactory


def new_skp(pegawai, year=2026, **options):
    return services.create_skp(actor=pegawai.user, pegawai=pegawai, year=year, **options)


def save(skp, content, actor=None, version=None):
    return services.save_content(
        actor=actor or skp.pegawai.user,
        skp_id=skp.pk,
        content=content,
        expected_version=skp.version if version is None else version,
    )


def with_rhks(skp, *rhks):
    content = content_of(load_document(skp))
    content.rhks = list(rhks)
    return content


class TestCreating:
    def test_a_new_skp_has_the_seven_behaviours_and_the_superiors_as_penilai(self, chain):
        skp = new_skp(chain["kasi"])
        assert skp.version == 1 and skp.status == "draft" and skp.jenjang == "pengawas"
        assert (skp.period_start.isoformat(), skp.period_end.isoformat()) == (
            "2026-01-01",
            "2026-12-31",
        )
        assert skp.pejabat_penilai == chain["kabid"] and skp.atasan_penilai == chain["head"]
        assert skp.behaviours.count() == 7
        record = skp.history.get()
        assert record.history_user == chain["kasi"].user
        assert record.history_change_reason == "SKP dibuat"
        # The behaviours are part of version 1.
        assert (
            Behaviour.history.filter(skp_id=skp.pk, history_date=record.history_date).count() == 7
        )

    def test_one_skp_per_pegawai_and_year(self, chain):
        new_skp(chain["kasi"])
        with pytest.raises(SkpError, match="sudah memiliki SKP tahun 2026"):
            new_skp(chain["kasi"])
        assert Skp.objects.filter(pegawai=chain["kasi"]).count() == 1
        assert new_skp(chain["kasi"], year=2027).year == 2027

    def test_nobody_makes_an_skp_for_someone_else(self, chain):
        with pytest.raises(SkpError):
            services.create_skp(actor=chain["kabid"].user, pegawai=chain["kasi"], year=2026)
        assert not Skp.objects.filter(pegawai=chain["kasi"]).exists()

    def test_starting_from_an_example_copies_its_content(self, chain, coach):
        example = services.create_example(actor=coach, jenjang="pengawas", title="Contoh Kasi")
        rhk = RhkFactory(skp=example, parent_text="RHK atasan contoh", text="Tersusunnya rencana")
        IndicatorFactory(rhk=rhk, target="1 dokumen")
        example.konsekuensi = "Sanksi"
        example.save()
        services.publish_example(actor=coach, skp_id=example.pk, published=True)
        skp = new_skp(chain["kasi"], example_id=example.pk)
        (copy,) = skp.rhks.all()
        assert (copy.text, copy.parent_id, copy.parent_text) == (
            "Tersusunnya rencana",
            None,
            "RHK atasan contoh",
        )
        assert copy.indicators.get().target == "1 dokumen"
        assert skp.konsekuensi == "Sanksi" and skp.pejabat_penilai == chain["kabid"]
        assert skp.version == 2
        assert skp.history.first().history_change_reason == "Disalin dari contoh “Contoh Kasi”"

    def test_an_unpublished_example_cannot_be_copied(self, chain, coach):
        example = services.create_example(actor=coach, jenjang="pengawas", title="Draf contoh")
        with pytest.raises(SkpError, match="tidak lagi ditampilkan"):
            new_skp(chain["kasi"], example_id=example.pk)
        assert not chain["kasi"].skps.exists()

    def test_copying_last_year_keeps_the_intervened_rhk_in_words(self, chain):
        old = SkpFactory(pegawai=chain["kasi"], year=2025, pangkat="Penata, III/c")
        RhkFactory(skp=old, parent=chain["kabid_rhk"], text="Tersedianya data")
        skp = new_skp(chain["kasi"], copy_previous=True)
        (copy,) = skp.rhks.all()
        assert copy.parent_id is None
        assert copy.parent_text == chain["kabid_rhk"].text
        assert skp.pangkat == "Penata, III/c"

    def test_copying_last_year_without_one_is_refused(self, chain):
        with pytest.raises(SkpError, match="belum memiliki SKP tahun 2025"):
            new_skp(chain["kasi"], copy_previous=True)
        assert not chain["kasi"].skps.exists()


class TestSaving:
    def test_a_save_adds_rhk_and_indicators_as_the_next_version(self, chain):
        skp = new_skp(chain["kasi"])
        content = with_rhks(
            skp,
            RhkContent(
                id=None,
                kind="utama",
                text="Tersedianya data surveilans",
                parent_id=chain["kabid_rhk"].pk,
                indicators=[
                    IndicatorContent(
                        id=None, aspect="kuantitas", text="Laporan", target="12 laporan"
                    ),
                    IndicatorContent(
                        id=None, aspect="waktu", text="Tepat waktu", target="12 bulan"
                    ),
                ],
            ),
            RhkContent(id=None, kind="tambahan", text="Menjadi narasumber"),
        )
        assert save(skp, content) is True
        skp.refresh_from_db()
        assert skp.version == 2
        utama, tambahan = skp.rhks.order_by("order")
        assert utama.parent == chain["kabid_rhk"] and tambahan.kind == "tambahan"
        assert list(utama.indicators.values_list("target", flat=True)) == ["12 laporan", "12 bulan"]

    def test_every_row_of_one_save_shares_its_history_moment(self, chain):
        skp = new_skp(chain["kasi"])
        save(skp, with_rhks(skp, RhkContent(id=None, kind="utama", text="A", indicators=[
            IndicatorContent(id=None, text="I", target="1 dokumen")])))  # fmt: skip
        skp.refresh_from_db()
        moment = skp.history.first().history_date
        assert Rhk.history.get(skp_id=skp.pk).history_date == moment
        assert Indicator.history.get(rhk_id__in=skp.rhks.values("pk")).history_date == moment
        assert skp.history.first().history_change_reason == "Disimpan"

    def test_saving_the_same_content_makes_no_version(self, chain):
        skp = chain["kabid_skp"]
        assert save(skp, content_of(load_document(skp))) is False
        skp.refresh_from_db()
        assert skp.version == 1 and skp.history.count() == 1

    def test_a_save_based_on_an_older_version_is_refused(self, chain):
        skp = new_skp(chain["kasi"])
        content = with_rhks(skp, RhkContent(id=None, kind="utama", text="Dari tab pertama"))
        save(skp, content)
        stale = with_rhks(skp, RhkContent(id=None, kind="utama", text="Dari tab kedua"))
        with pytest.raises(SkpError, match="sudah disimpan di tempat lain"):
            save(skp, stale, version=1)
        assert list(skp.rhks.values_list("text", flat=True)) == ["Dari tab pertama"]

    def test_the_intervened_rhk_must_be_of_the_superiors_skp(self, chain):
        skp = new_skp(chain["kasi"])
        content = with_rhks(
            skp, RhkContent(id=None, kind="utama", text="X", parent_id=chain["head_rhk"].pk)
        )
        with pytest.raises(SkpError, match="tidak ada di SKP 2026 atasan langsung"):
            save(skp, content)
        assert not skp.rhks.exists()

    def test_rows_of_another_skp_are_refused(self, chain):
        skp = new_skp(chain["kasi"])
        content = with_rhks(skp, RhkContent(id=chain["kabid_rhk"].pk, kind="utama", text="Curi"))
        with pytest.raises(SkpError, match="tidak cocok"):
            save(skp, content)
        chain["kabid_rhk"].refresh_from_db()
        assert chain["kabid_rhk"].text == "Menurunnya angka kesakitan penyakit menular"

    def test_removing_an_rhk_removes_its_indicators(self, chain):
        skp = chain["kabid_skp"]
        assert save(skp, with_rhks(skp), actor=chain["kabid"].user)
        assert not Rhk.objects.filter(skp=skp).exists()
        assert not Indicator.objects.filter(rhk__skp=skp).exists()
        assert Indicator.history.filter(history_type="-", rhk_id=chain["kabid_rhk"].pk).count() == 1

    def test_a_jpt_rhk_keeps_no_aspect_nor_intervened_rhk(self, chain):
        skp = chain["head_skp"]
        document = load_document(skp)
        content = content_of(document)
        content.rhks[0].parent_text = "tidak berlaku"
        content.rhks[0].indicators[0].aspect = "waktu"
        save(skp, content, actor=chain["head"].user)
        assert not Rhk.objects.filter(skp=skp).exclude(parent_text="").exists()
        assert not Indicator.objects.filter(rhk__skp=skp).exclude(aspect="").exists()

    def test_a_submitted_skp_cannot_be_changed(self, chain):
        skp = chain["kabid_skp"]
        Skp.objects.filter(pk=skp.pk).update(status="submitted")
        with pytest.raises(SkpError, match="tidak dapat diubah"):
            save(skp, with_rhks(skp), actor=chain["kabid"].user)
        assert skp.rhks.count() == 1

    def test_only_the_owner_changes_its_skp(self, chain, coach):
        skp = chain["kabid_skp"]
        for actor in [chain["head"].user, coach, user_with_role(Role.KEPALA_BIDANG)]:
            with pytest.raises(SkpError, match="tidak berwenang"):
                save(skp, with_rhks(skp), actor=actor)
        assert skp.rhks.count() == 1

    def test_an_skp_holds_at_most_forty_rhk(self, chain):
        skp = new_skp(chain["kasi"])
        rhks = [RhkContent(id=None, kind="utama", text=f"RHK {n}") for n in range(41)]
        with pytest.raises(SkpError, match="paling banyak 40 RHK"):
            save(skp, with_rhks(skp, *rhks))
        assert not skp.rhks.exists()


class TestComments:
    def test_a_coach_comments_on_an_indicator_and_the_owner_is_told(self, chain, coach):
        skp = chain["kabid_skp"]
        bring(skp, coach)
        indicator = chain["kabid_rhk"].indicators.get()
        comment = services.add_comment(
            actor=coach, skp_id=skp.pk, text="Targetnya?", indicator_id=indicator.pk
        )
        assert comment.rhk_id == chain["kabid_rhk"].pk
        assert comment.anchor == "RHK Utama 1, indikator 1"
        assert chain["kabid"].user.notifications.get().link.endswith(f"/skp/{skp.pk}/")

    def test_someone_outside_cannot_comment(self, chain, coach):
        with pytest.raises(SkpError):
            services.add_comment(actor=coach, skp_id=chain["kabid_skp"].pk, text="Halo")
        assert not chain["kabid_skp"].comments.exists()

    def test_the_owner_replies_and_resolves(self, chain):
        skp = chain["kabid_skp"]
        head = chain["head"].user  # the direct superior reads and comments
        thread = services.add_comment(actor=head, skp_id=skp.pk, text="Perjelas indikator")
        owner = chain["kabid"].user
        services.reply_to_comment(actor=owner, comment_id=thread.pk, text="Sudah saya ubah")
        services.resolve_comment(actor=owner, comment_id=thread.pk)
        thread.refresh_from_db()
        assert thread.is_resolved and thread.resolved_by == owner
        assert thread.replies.get().text == "Sudah saya ubah"
        assert head.notifications.get().text.startswith(chain["kabid"].name)
        with pytest.raises(SkpError, match="sudah ditandai selesai"):
            services.resolve_comment(actor=owner, comment_id=thread.pk)

    def test_the_superior_cannot_resolve(self, chain):
        skp = chain["kabid_skp"]
        thread = services.add_comment(actor=chain["head"].user, skp_id=skp.pk, text="?")
        with pytest.raises(SkpError):
            services.resolve_comment(actor=chain["head"].user, comment_id=thread.pk)
        thread.refresh_from_db()
        assert not thread.is_resolved
