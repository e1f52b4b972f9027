"""What the review of the draft SKP found: saves from two places at once, long reasons,
Excel files that lie or attack, intervened RHK that must not vanish, coaches whose access
must end, and reviewers who must not review their own."""

import io
import threading
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role, RoleAssignment
from bookings import services as bookings
from bookings.models import Booking, BookingStatus
from skp_drafts import excel, services, workflow
from skp_drafts.content import RhkContent, SkpError, StaleVersion, content_of
from skp_drafts.document import document_skp, load_document
from skp_drafts.models import Rhk, Skp, SkpStatus
from skp_drafts.rules import reviewable_skps, visible_skps
from skp_drafts.selectors import brought_to, review_queue, waiting_for_review
from tests.accounts.factories import PegawaiWithAccountFactory, user_with_role
from tests.bookings.factories import BookingFactory
from tests.skp_drafts.conftest import bring, held_session
from tests.skp_drafts.factories import IndicatorFactory, RhkFactory, SkpFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def as_upload(book, name="skp.xlsx") -> SimpleUploadedFile:
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue(), XLSX)


def exported(skp):
    return load_workbook(io.BytesIO(excel.export_skp(load_document(skp))))


# Saving ------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_one_version_at_once_give_one_version_and_one_refusal(chain):
    skp = SkpFactory(pegawai=chain["kasi"])
    start = threading.Barrier(2)
    outcomes, lock = [], threading.Lock()

    def save(text):
        content = content_of(load_document(skp))
        content.rhks = [RhkContent(id=None, kind="utama", text=text)]
        try:
            start.wait()
            services.save_content(
                actor=chain["kasi"].user, skp_id=skp.pk, content=content, expected_version=1
            )
            result = "saved"
        except StaleVersion:
            result = "stale"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=save, args=(f"Dari tab {n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["saved", "stale"]
    skp.refresh_from_db()
    assert skp.version == 2 and skp.rhks.count() == 1


def test_a_long_revision_note_is_kept_whole_in_the_remark(valid, coach):
    bring(valid["skp"], coach)
    workflow.submit_skp(actor=valid["kasi"].user, skp_id=valid["skp"].pk)
    note = "Tambahkan indikator waktu dan kualitas untuk setiap RHK. " * 10
    workflow.request_revision(actor=coach, skp_id=valid["skp"].pk, note=note)
    assert valid["skp"].comments.get().text == note
    reason = valid["skp"].history.first().history_change_reason
    assert len(reason) == 100 and reason.endswith("…")


def test_an_rhk_that_subordinates_intervene_is_not_deleted(valid):
    kabid_skp = valid["kabid_skp"]
    content = content_of(load_document(kabid_skp))
    content.rhks = []
    with pytest.raises(SkpError, match=valid["kasi"].name):
        services.save_content(
            actor=valid["kabid"].user, skp_id=kabid_skp.pk, content=content, expected_version=1
        )
    assert Rhk.objects.filter(pk=valid["kabid_rhk"].pk).exists()
    valid["rhk"].refresh_from_db()
    assert valid["rhk"].parent == valid["kabid_rhk"]


def test_its_text_may_change_and_the_subordinates_keep_it(valid):
    kabid_skp = valid["kabid_skp"]
    content = content_of(load_document(kabid_skp))
    content.rhks[0].text = "Menurunnya angka kesakitan dan kematian penyakit menular"
    services.save_content(
        actor=valid["kabid"].user, skp_id=kabid_skp.pk, content=content, expected_version=1
    )
    valid["rhk"].refresh_from_db()
    assert valid["rhk"].parent.text.startswith("Menurunnya angka kesakitan dan kematian")


def test_an_import_keeps_an_edited_rhk_through_its_hidden_id(valid, client):
    book = exported(valid["kabid_skp"])
    book["Hasil Kerja"]["D2"] = "Menurunnya angka kesakitan penyakit menular di desa"
    client.force_login(valid["kabid"].user)
    response = client.post(
        reverse("skp_drafts:import", args=[valid["kabid_skp"].pk]), {"file": as_upload(book)}
    )
    assert response.status_code == 302
    valid["kabid_rhk"].refresh_from_db()
    assert valid["kabid_rhk"].text.endswith("di desa")  # the same row, edited


@pytest.mark.django_db(transaction=True)
def test_an_import_through_the_page_outside_a_test_transaction(chain, client):
    """Requests run in autocommit: the import's lock lives in its own transaction."""
    skp = SkpFactory(pegawai=chain["kasi"])
    book = exported(skp)
    row = [1, "Utama", chain["kabid_rhk"].text, "Tersedianya data", "Kuantitas"]
    book["Hasil Kerja"].append([*row, "Laporan", "12 laporan"])
    client.force_login(chain["kasi"].user)
    name = "draf-skp-" + "sangat-panjang-" * 20 + ".xlsx"
    response = client.post(
        reverse("skp_drafts:import", args=[skp.pk]), {"file": as_upload(book, name)}
    )
    assert response.status_code == 302
    skp.refresh_from_db()
    assert skp.version == 2 and skp.rhks.get().parent == chain["kabid_rhk"]


# Excel -------------------------------------------------------------------------------------


def test_a_round_trip_keeps_utama_and_tambahan_apart_and_formulas_as_text(valid):
    skp = valid["skp"]
    tambahan = RhkFactory(skp=skp, kind="tambahan", text='=HYPERLINK("http://x","klik")')
    IndicatorFactory(rhk=tambahan, aspect="kuantitas", text="+1 kegiatan", target="2 kali")
    book = exported(skp)
    sheet = book["Hasil Kerja"]
    assert [cell.data_type for cell in sheet[5] if cell.value is not None][:4] == [
        "n",
        "s",
        "s",
        "s",
    ]
    assert sheet["D5"].value.startswith("=HYPERLINK")
    content, problems = excel.read_skp(as_upload(book), load_document(skp))
    assert problems == []
    assert [(r.kind, r.text) for r in content.rhks] == [
        ("utama", "Tersedianya data surveilans"),
        ("tambahan", '=HYPERLINK("http://x","klik")'),
    ]
    assert content == content_of(load_document(skp))


def test_a_number_without_its_rhk_is_reported(valid):
    book = exported(valid["skp"])
    book["Hasil Kerja"].append([2, "Utama", None, None, "Kuantitas", "Indikator", "1 dokumen"])
    _content, problems = excel.read_skp(as_upload(book), load_document(valid["skp"]))
    assert [str(p) for p in problems] == [
        "Hasil Kerja, baris 5: nomor RHK tanpa rencana hasil kerja."
    ]


def test_a_cell_far_to_the_right_is_not_read(valid):
    book = exported(valid["skp"])
    book["Hasil Kerja"]["XFD1500"] = "jauh"
    content, problems = excel.read_skp(as_upload(book), load_document(valid["skp"]))
    assert problems == [] and len(content.rhks) == 1


def test_a_workbook_with_a_cut_sheet_is_refused(valid):
    raw = io.BytesIO()
    exported(valid["skp"]).save(raw)
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source, zipfile.ZipFile(broken, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet3"):
                data = data[: len(data) // 2]
            out.writestr(item, data)
    upload = SimpleUploadedFile("rusak.xlsx", broken.getvalue(), XLSX)
    with pytest.raises(SkpError, match="tidak dapat dibaca"):
        excel.read_skp(upload, load_document(valid["skp"]))


def test_a_workbook_that_unpacks_to_too_much_is_refused(valid):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", "<x/>")
        out.writestr("xl/big.bin", b"\0" * (60 * 1024 * 1024))
    upload = SimpleUploadedFile("bom.xlsx", bomb.getvalue(), XLSX)
    with pytest.raises(SkpError, match="terlalu besar"):
        excel.read_skp(upload, load_document(valid["skp"]))


# Who may -----------------------------------------------------------------------------------


def test_the_coach_of_a_cancelled_booking_loses_the_skp(valid, coach):
    booking = bring(valid["skp"], coach)
    assert valid["skp"] in visible_skps(coach)
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
    assert valid["skp"] not in visible_skps(coach)
    with pytest.raises(SkpError, match="Bawa SKP ini"):
        workflow.submit_skp(actor=valid["kasi"].user, skp_id=valid["skp"].pk)


def test_a_coach_who_left_the_team_loses_the_skp(valid, coach, client):
    bring(valid["skp"], coach)
    RoleAssignment.objects.filter(user=coach).delete()
    coach = type(coach).objects.get(pk=coach.pk)
    client.force_login(coach)
    assert client.get(reverse("skp_drafts:detail", args=[valid["skp"].pk])).status_code == 404


def test_nobody_reviews_its_own_skp(valid):
    kabid = user_with_role(Role.KEPALA_BIDANG, skpd=valid["skpd"])
    own = SkpFactory(pegawai=kabid.pegawai)
    BookingFactory(pegawai=kabid.pegawai, skp=own)
    Skp.objects.filter(pk=own.pk).update(status=SkpStatus.SUBMITTED)
    own.refresh_from_db()
    assert not workflow.may(kabid, own, "mark_reviewed")
    with pytest.raises(SkpError):
        workflow.mark_reviewed(actor=kabid, skp_id=own.pk)
    assert own not in reviewable_skps(kabid)


def test_the_home_counts_what_the_queue_waits_for_and_never_its_own(
    coach, django_assert_num_queries
):
    """The home's count of drafts waiting is the queue's, read alone in one query; the
    coach's own SKP, brought to its own slot and submitted, is in neither, even once its
    pegawai is no longer active."""
    waiting, draft, elsewhere = (SkpFactory(pegawai=PegawaiWithAccountFactory()) for _ in "123")
    own = SkpFactory(pegawai=coach.pegawai)
    for skp in (waiting, draft, own):
        bring(skp, coach)
    bring(elsewhere, user_with_role(Role.TIM_COACHING))
    Skp.objects.filter(pk__in=[waiting.pk, own.pk, elsewhere.pk]).update(status=SkpStatus.SUBMITTED)
    type(coach.pegawai).objects.filter(pk=coach.pegawai.pk).update(is_active=False)
    coach = type(coach).objects.select_related("pegawai").get(pk=coach.pk)
    assert Role.TIM_COACHING in coach.roles  # read with the user, as every request has them

    with django_assert_num_queries(1):
        count = waiting_for_review(coach)
    assert count == 1
    assert list(review_queue(coach, status=SkpStatus.SUBMITTED)) == [waiting]


def test_a_coach_who_is_also_a_superior_reviews_only_what_was_brought(valid, chain):
    # The Kepala Seksi joins the team: it reads its subordinate's SKP as its superior, but
    # its review queue holds only what was brought to its coaching.
    RoleAssignment.objects.create(user=chain["kasi"].user, role=Role.TIM_COACHING)
    subordinate_skp = SkpFactory(pegawai=chain["staff"])
    kasi = type(chain["kasi"].user).objects.get(pk=chain["kasi"].user.pk)
    assert subordinate_skp in visible_skps(kasi)
    assert subordinate_skp not in review_queue(kasi)
    other = PegawaiWithAccountFactory()
    brought = SkpFactory(pegawai=other)
    bring(brought, kasi)
    assert list(review_queue(kasi)) == [brought]


def test_a_coach_links_only_the_skp_of_those_present(chain, coach):
    session = held_session(chain, coach)
    session.attendance.filter(pegawai=chain["kasi"]).update(present=None)
    kasi_skp = SkpFactory(pegawai=chain["kasi"])
    with pytest.raises(SkpError, match="tercatat hadir"):
        services.bring_to_session(actor=coach, session_id=session.pk, skp_ids=[kasi_skp.pk])
    assert not session.drafts.exists()
    services.bring_to_session(actor=coach, session_id=session.pk, skp_ids=[chain["kabid_skp"].pk])
    record = session.history.first()
    assert record.history_change_reason == "Draf SKP ditautkan"
    assert record.history_user == coach


def test_a_reply_cannot_be_resolved_on_its_own(valid, coach, client):
    bring(valid["skp"], coach)
    thread = services.add_comment(actor=coach, skp_id=valid["skp"].pk, text="Cek")
    reply = services.reply_to_comment(actor=valid["kasi"].user, comment_id=thread.pk, text="Ok")
    client.force_login(valid["kasi"].user)
    assert client.post(reverse("skp_drafts:comment_resolve", args=[reply.pk])).status_code == 404


def test_bookings_cancelled_after_bringing_leave_the_skp_page(valid, coach):
    booking = bring(valid["skp"], coach)
    assert len(brought_to(valid["skp"])) == 1
    bookings.cancel_booking(
        pegawai=valid["kasi"], booking_id=booking.pk, now=booking.slot.start.replace(year=2020)
    )
    assert brought_to(valid["skp"]) == []


@pytest.mark.parametrize("name", ["skp_drafts:detail", "skp_drafts:edit"])
def test_an_skp_nobody_has_or_no_id_can_name_is_not_found(valid, client, name):
    client.force_login(valid["kasi"].user)
    missing = Skp.objects.order_by("-pk").values_list("pk", flat=True).first() + 1
    for pk in (missing, 2**63 - 1, 2**63, 10**30):
        assert client.get(reverse(name, args=[pk])).status_code == 404
    assert client.get(reverse(name, args=[valid["skp"].pk])).status_code == 200


def test_the_document_reads_the_superiors_skp_whether_or_not_it_has_rhk(
    valid, django_assert_num_queries
):
    skp = document_skp(valid["skp"].pk)
    second = RhkFactory(skp=valid["kabid_skp"], text="RHK kedua Kabid")
    with django_assert_num_queries(4):  # RHK, indicators, behaviours, the superior's RHK
        document = load_document(skp)
    assert document.superior_skp == valid["kabid_skp"]
    assert document.superior_rhks == [valid["kabid_rhk"], second]
    assert all(rhk.skp is document.superior_skp for rhk in document.superior_rhks)
    assert [rhk.label for rhk in document.superior_rhks] == ["RHK Utama 1", "RHK Utama 2"]
    # Without RHK, the superior's SKP is still there, read on its own.
    Rhk.objects.filter(parent__skp=valid["kabid_skp"]).update(parent=None)
    Rhk.objects.filter(skp=valid["kabid_skp"]).delete()
    with django_assert_num_queries(5):
        document = load_document(skp)
    assert (document.superior_skp, document.superior_rhks) == (valid["kabid_skp"], [])
    valid["kabid_skp"].delete()
    document = load_document(skp)
    assert (document.superior, document.superior_skp) == (valid["kabid"], None)


def test_an_rhk_saved_between_the_documents_reads_is_left_for_the_next_read(valid, monkeypatch):
    from skp_drafts import document as documents

    read_rhks = documents._RHKS.rows

    def then_another_saves(**values):
        found = read_rhks(**values)
        late = RhkFactory(skp=valid["skp"], parent=valid["kabid_rhk"], text="Disimpan kemudian")
        IndicatorFactory(rhk=late, text="Indikator yang datang kemudian")
        return found

    monkeypatch.setattr(documents._RHKS, "rows", then_another_saves)
    document = load_document(document_skp(valid["skp"].pk))
    assert [rhk.text for rhk in document.rhks] == [valid["rhk"].text]
    assert len(document.rhks[0].indicator_list) == 3
