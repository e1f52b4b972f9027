"""Who sees which SKP: the ASN its own, the direct superior its subordinates', coaches the
drafts brought to their bookings and sessions, the Kepala Bidang those brought to the clinic;
the Kasubag and everyone else nothing."""

import pytest
import rules
from django.urls import reverse

from accounts.models import Role
from bookings.models import CoachingSession
from skp_drafts.rules import visible_examples, visible_skps
from tests.accounts.factories import PegawaiWithAccountFactory, user_with_role
from tests.bookings.factories import BookingFactory
from tests.skp_drafts.conftest import bring
from tests.skp_drafts.factories import SkpFactory


@pytest.fixture
def world(chain, coach):
    brought = chain["kabid_skp"]  # brought to the coach's booking
    bring(brought, coach)
    session_coach = user_with_role(Role.TIM_COACHING)
    at_session = SkpFactory(pegawai=chain["staff"])
    session = CoachingSession.objects.create(
        kind="individual",
        start=BookingFactory().slot.start,
        end=BookingFactory().slot.end,
        place="Aula",
        booking=BookingFactory(pegawai=chain["staff"]),
    )
    session.coaches.add(session_coach)
    session.drafts.add(at_session)
    return {
        **chain,
        "brought": brought,
        "at_session": at_session,
        "coach": coach,
        "session_coach": session_coach,
        "kepala_bidang": user_with_role(Role.KEPALA_BIDANG),
        "kasubag": user_with_role(Role.KASUBAG_UMUM, skpd=chain["skpd"]),
        "kepala_bkpsdm": user_with_role(Role.KEPALA_BKPSDM),
        "admin": user_with_role(Role.ADMIN),
        "colleague": PegawaiWithAccountFactory(skpd=chain["skpd"], atasan=chain["kasi"]).user,
    }


# (viewer, SKP) pairs that may be opened; every other pair answers 404.
SEES = {
    ("head", "head_skp"),
    ("head", "brought"),  # the direct superior of the Kabid
    ("kabid", "brought"),
    ("kasi", "at_session"),  # the direct superior of the pelaksana
    ("staff", "at_session"),
    ("coach", "brought"),
    ("session_coach", "at_session"),
    ("kepala_bidang", "brought"),
    ("kepala_bidang", "at_session"),
}
VIEWERS = [
    "head", "kabid", "kasi", "staff", "coach", "session_coach", "kepala_bidang", "kasubag",
    "kepala_bkpsdm", "admin", "colleague",
]  # fmt: skip
SKPS = ["head_skp", "brought", "at_session"]


def user_of(world, name):
    value = world[name]
    return value.user if hasattr(value, "user") and not hasattr(value, "roles") else value


@pytest.mark.parametrize("viewer", VIEWERS)
def test_who_sees_which_skp(world, viewer, client):
    user = user_of(world, viewer)
    client.force_login(user)
    visible = set(visible_skps(user).values_list("pk", flat=True))
    for name in SKPS:
        skp = world[name]
        expected = (viewer, name) in SEES
        assert rules.has_perm("skp_drafts.view_skp", user, skp) is expected, name
        assert (skp.pk in visible) is expected, name
        status = client.get(reverse("skp_drafts:detail", args=[skp.pk])).status_code
        assert status == (200 if expected else 404), name
        pdf = client.get(reverse("skp_drafts:pdf", args=[skp.pk])).status_code
        assert pdf == (200 if expected else 404), name


def test_only_the_owner_may_edit(world, client):
    skp = world["brought"]
    for viewer in ["head", "coach", "kepala_bidang"]:
        client.force_login(user_of(world, viewer))
        assert client.get(reverse("skp_drafts:edit", args=[skp.pk])).status_code == 403
    client.force_login(world["kasubag"])
    assert client.get(reverse("skp_drafts:edit", args=[skp.pk])).status_code == 404
    client.force_login(world["kabid"].user)
    assert client.get(reverse("skp_drafts:edit", args=[skp.pk])).status_code == 200


def test_the_kasubag_sees_who_to_chase_in_its_skpd_but_no_skp_content(world, client):
    world["head_skp"].status = "reviewed"
    world["head_skp"].save()
    client.force_login(world["kasubag"])
    page = client.get(reverse("skp_drafts:progress", args=[world["skpd"].pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Menurunnya angka kesakitan" not in html  # no RHK, no content
    people = {person.name: person for person in page.context["people"]}
    # The Kabid's SKP is a draft, the staff member has none; the head's is in format.
    assert world["kabid"].name in people and world["head"].name not in people
    assert people[world["kabid"].name].atasan == world["head"]
    assert world["head"].name in html  # named as the Kabid's superior
    xlsx = client.get(reverse("skp_drafts:progress_xlsx", args=[world["skpd"].pk]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    other = user_with_role(Role.KASUBAG_UMUM)
    client.force_login(other)
    assert client.get(reverse("skp_drafts:progress", args=[world["skpd"].pk])).status_code == 404
    assert (
        client.get(reverse("skp_drafts:progress_xlsx", args=[world["skpd"].pk])).status_code == 404
    )


def test_the_cascade_opens_for_the_kepala_bidang_coaches_at_the_skpd_and_its_kasubag(world, client):
    url = reverse("skp_drafts:cascade", args=[world["skpd"].pk])
    for viewer in ["kepala_bidang", "kasubag"]:
        client.force_login(user_of(world, viewer))
        assert client.get(url).status_code == 200, viewer
    client.force_login(user_with_role(Role.KASUBAG_UMUM))  # another SKPD's
    assert client.get(url).status_code == 404
    for viewer in ["coach", "head", "kepala_bkpsdm"]:
        client.force_login(user_of(world, viewer))
        assert client.get(url).status_code == 404, viewer


def test_examples_are_public_once_published(world, client):
    example = SkpFactory(
        pegawai=None, jenjang="pelaksana", example_title="Contoh", behaviours=False
    )
    url = reverse("skp_drafts:guide_example", args=[example.pk])
    assert client.get(url).status_code == 404
    assert example not in visible_examples(world["staff"].user)
    client.force_login(world["coach"])
    assert client.get(url).status_code == 200
    example.is_published = True
    example.save()
    client.logout()
    assert client.get(url).status_code == 200
    assert client.get(reverse("skp_drafts:guide")).status_code == 200
