"""The demo's draft SKP: the guide, Dinas Kesehatan's cascade down to the demo Kasubag, and
SKP in proportion to the regency whose RHK intervene their superiors' of the same year."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F
from django.test import override_settings
from django.utils import timezone

from accounts.models import Pegawai, User
from operations.demo.accounts import FIXED
from skp_drafts.checker import check, review_blockers
from skp_drafts.document import load_document
from skp_drafts.models import Behaviour, GuideMaterial, Indicator, Rhk, Skp, SkpStatus
from skp_drafts.selectors import cascade
from skp_drafts.versions import snapshot, versions_of

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo at scale 600, built once for the module; its media folder."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        call_command("seed_demo", "--scale", "600", "--force", stdout=StringIO())
        yield media
        call_command("flush", "--no-input", verbosity=0)


def test_the_guide_has_an_example_per_jenjang_and_the_presentation(seeded):
    examples = Skp.objects.filter(pegawai__isnull=True, is_published=True)
    assert sorted(examples.values_list("jenjang", flat=True)) == sorted(
        ["jpt_pratama", "administrator", "pengawas", "pelaksana", "fungsional"]
    )
    for example in examples:
        assert not review_blockers(check(load_document(example))), example
    material = GuideMaterial.objects.get()
    assert (seeded / material.file.name).read_bytes()[:5] == b"%PDF-"


def test_the_demo_asn_finds_its_superiors_rhk_to_intervene(seeded):
    year = timezone.localdate().year
    asn = Pegawai.objects.get(nip=FIXED["asn_dinkes"][0])
    assert not asn.skps.exists()  # the demo ASN makes its own
    kasubag_skp = Skp.objects.get(pegawai=asn.atasan, year=year)
    document = load_document(kasubag_skp)
    assert document.rhks[0].parent.skp.pegawai == asn.atasan.atasan
    assert kasubag_skp.status == SkpStatus.DRAFT


def test_a_pelaksana_waits_for_the_first_coachs_review(seeded):
    coach = User.objects.get(username=FIXED["coach_1"][0])
    waiting = Skp.objects.get(
        status=SkpStatus.SUBMITTED,
        bookings__slot__coach=coach,
        bookings__slot__start__gt=timezone.now(),
        pegawai__skpd__short_name="DINKES",
    )
    assert waiting.version == 2
    # A target in words, for the coach to ask about.
    assert "target_number_and_unit" in {f.code for f in check(load_document(waiting))}


def test_the_regency_has_skp_in_proportion_whose_rhk_cascade(seeded):
    year = timezone.localdate().year
    active = Pegawai.objects.filter(is_active=True).count()
    this_year = Skp.objects.filter(pegawai__isnull=False, year=year)
    assert 0.7 * active < this_year.count() < 0.9 * active
    assert 0.8 * active < Skp.objects.filter(year=year - 1).count() < active
    # Every intervened RHK is one of the owner's superior's of the same year.
    rhks = Rhk.objects.filter(skp__pegawai__isnull=False, parent__isnull=False)
    assert (
        rhks.count()
        > 0.8
        * Rhk.objects.filter(skp__pegawai__isnull=False)
        .exclude(skp__jenjang__startswith="jpt")
        .count()
    )
    assert not rhks.exclude(parent__skp__pegawai=F("skp__pegawai__atasan")).exists()
    assert not rhks.exclude(parent__skp__year=F("skp__year")).exists()
    assert Behaviour.objects.filter(skp__in=this_year).count() == 7 * this_year.count()
    assert Indicator.objects.filter(rhk__skp__in=this_year).exists()
    # Their history is their version 1, drafted in the year's first week ...
    seeded_skps = this_year.exclude(pegawai__skpd__short_name="DINKES")  # not the fixed ones
    skp = seeded_skps.exclude(rhks=None).exclude(status=SkpStatus.REVIEWED).first()
    assert skp.history.count() == 1 and Rhk.history.filter(skp_id=skp.pk).exists()
    assert skp.history.get().history_date.date() < datetime.date(year, 1, 10)


def test_an_skp_in_format_became_so_on_a_day_of_its_year(seeded):
    """... and those in format were submitted then and reviewed later, over the year, so
    that the monitoring's months climb."""
    year = timezone.localdate().year
    reviewed = Skp.objects.filter(pegawai__isnull=False, year=year - 1, status="reviewed")
    months = set()
    for skp in reviewed[:60]:
        (version,) = versions_of(skp)
        (event,) = version.events
        assert (version.number, version.record.status, event.status) == (
            1,
            SkpStatus.SUBMITTED,
            SkpStatus.REVIEWED,
        )
        assert version.saved_at < event.history_date == skp.updated_at <= timezone.now()
        assert timezone.localtime(event.history_date).year == year - 1
        months.add(timezone.localtime(event.history_date).month)
        assert snapshot(skp, version).rhks  # the RHK were there from the first
    assert len(months) >= 6


def test_the_cascade_of_a_seeded_skpd_draws(seeded):
    skp = Skp.objects.filter(pegawai__isnull=False, jenjang="jpt_pratama").first()
    tree = cascade(skp.pegawai.skpd, skp.year)
    assert tree.rows and tree.rows[0].depth == 0


def test_a_second_run_adds_no_draft(seeded):
    before = Skp.objects.count(), Rhk.objects.count()
    call_command("seed_demo", "--scale", "600", "--force", stdout=StringIO())
    assert (Skp.objects.count(), Rhk.objects.count()) == before
