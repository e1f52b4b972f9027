"""The SKP laid out for e-Kinerja: every field in e-Kinerja's order with a copy button, only
once the SKP is in format, for those who may read it."""

import re

import pytest
from django.urls import reverse

from skp_drafts.models import SkpStatus
from tests.accounts.factories import PegawaiWithAccountFactory

pytestmark = pytest.mark.django_db


def in_format(skp):
    skp.status = SkpStatus.REVIEWED
    skp.konsekuensi = "Teguran tertulis\nPenundaan kenaikan pangkat"
    skp.save()
    skp.behaviours.filter(value="kolaboratif").update(expectation="Aktif dalam tim lintas bidang")
    return skp


def test_the_fields_come_in_e_kinerjas_order_each_with_a_copy_button(valid, client):
    skp = in_format(valid["skp"])
    client.force_login(valid["kasi"].user)
    page = client.get(reverse("skp_drafts:ekinerja", args=[skp.pk])).text
    order = [
        "Menurunnya angka kesakitan penyakit menular",  # the superior's RHK intervened
        "Jenis RHK (pilih)",
        "Tersedianya data surveilans",  # the RHK
        "Jumlah laporan",
        "12 laporan",
        "Laporan yang akurat",
        "100 %",
        "Ketepatan waktu",
        "Aktif dalam tim lintas bidang",
        "Teguran tertulis\nPenundaan kenaikan pangkat",  # a lampiran list, a line per item
    ]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)
    copied = set(re.findall(r'data-copy="([^"]+)"', page))
    ids = set(re.findall(r'class="copy-text flex-grow-1" id="([^"]+)"', page))
    # A button for every field with text: the parent, the RHK, three indicators with their
    # targets, the one expectation written and the three lists of the lampiran.
    assert copied <= ids and len(copied) == 1 + 1 + 3 * 2 + 1 + 3


def test_before_it_is_in_format_the_page_says_so_and_offers_nothing_to_copy(valid, client):
    client.force_login(valid["kasi"].user)
    detail = client.get(reverse("skp_drafts:detail", args=[valid["skp"].pk])).text
    assert "Salin ke e-Kinerja" not in detail
    page = client.get(reverse("skp_drafts:ekinerja", args=[valid["skp"].pk])).text
    assert "belum dinyatakan sesuai format" in page and "data-copy" not in page
    in_format(valid["skp"])
    detail = client.get(reverse("skp_drafts:detail", args=[valid["skp"].pk])).text
    assert reverse("skp_drafts:ekinerja", args=[valid["skp"].pk]) in detail


def test_someone_who_may_not_read_the_skp_gets_404(valid, client):
    client.force_login(PegawaiWithAccountFactory().user)
    assert client.get(reverse("skp_drafts:ekinerja", args=[valid["skp"].pk])).status_code == 404


def test_the_page_runs_a_fixed_number_of_queries(valid, client, django_assert_max_num_queries):
    skp = in_format(valid["skp"])
    client.force_login(valid["kasi"].user)
    url = reverse("skp_drafts:ekinerja", args=[skp.pk])
    with django_assert_max_num_queries(12):
        client.get(url)
