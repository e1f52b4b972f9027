"""Each step locks the rows it works on FOR NO KEY UPDATE, unless it deletes them
(tests/locks.py says why)."""

import pytest

from skp_drafts import services, workflow
from skp_drafts.document import load_document
from skp_drafts.models import GuideMaterial, ReviewComment
from skp_drafts.services import content_of
from tests.locks import NO_KEY, UPDATE, row_locks
from tests.skp_drafts.conftest import bring, held_session


@pytest.fixture
def world(valid, coach):
    """The Kasi's SKP brought to its booking with the coach, a remark on it, a held session
    the Kasi and the Kabid attended, an example of the guide and a material."""
    return {
        **valid,
        "coach": coach,
        "owner": valid["kasi"].user,
        "booking": bring(valid["skp"], coach),
        "remark": ReviewComment.objects.create(skp=valid["skp"], author=coach, text="Cek"),
        "session": held_session(valid, coach),
        "example": services.create_example(actor=coach, jenjang="pengawas", title="Contoh"),
        "material": GuideMaterial.objects.create(
            title="Materi", file="guide/materi.pdf", file_name="materi.pdf", uploaded_by=coach
        ),
    }


def save_unchanged(w):
    skp = w["skp"]
    services.save_content(
        actor=w["owner"],
        skp_id=skp.pk,
        content=content_of(load_document(skp)),
        expected_version=skp.version,
    )


SKP = ("skp_drafts_skp", NO_KEY)
STEPS = {
    # The superior's RHK that the SKP's RHK intervenes stays too.
    "save_content": (save_unchanged, {SKP, ("skp_drafts_rhk", NO_KEY)}),
    "add_comment": (
        lambda w: services.add_comment(actor=w["coach"], skp_id=w["skp"].pk, text="Perjelas"),
        {SKP},
    ),
    "resolve_comment": (
        lambda w: services.resolve_comment(actor=w["owner"], comment_id=w["remark"].pk),
        {("skp_drafts_reviewcomment", NO_KEY)},
    ),
    "bring_to_booking": (
        lambda w: services.bring_to_booking(
            actor=w["owner"], skp_id=w["skp"].pk, booking_id=w["booking"].pk
        ),
        {("bookings_booking", NO_KEY)},
    ),
    "bring_to_session": (
        lambda w: services.bring_to_session(
            actor=w["coach"], session_id=w["session"].pk, skp_ids=[w["kabid_skp"].pk]
        ),
        {("bookings_coachingsession", NO_KEY)},
    ),
    "a review step": (
        lambda w: workflow.submit_skp(actor=w["owner"], skp_id=w["skp"].pk),
        {SKP},
    ),
    "publish_example": (
        lambda w: services.publish_example(
            actor=w["coach"], skp_id=w["example"].pk, published=True
        ),
        {SKP},
    ),
    "publish_material": (
        lambda w: services.publish_material(
            actor=w["coach"], material_id=w["material"].pk, published=False
        ),
        {("skp_drafts_guidematerial", NO_KEY)},
    ),
    # The row is deleted.
    "delete_example": (
        lambda w: services.delete_example(actor=w["coach"], skp_id=w["example"].pk),
        {("skp_drafts_skp", UPDATE)},
    ),
}


@pytest.mark.parametrize("name", list(STEPS))
def test_a_step_locks_its_rows_no_more_strongly_than_its_change_needs(world, name):
    step, locks = STEPS[name]
    assert row_locks(lambda: step(world)) == locks
