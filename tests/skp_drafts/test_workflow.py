"""The review's state machine: every role against every state and transition."""

import itertools

import pytest

from accounts.models import Jenjang, Role
from operations.demo import skp_drafts as demo
from skp_drafts import services, workflow
from skp_drafts.checker import check, review_blockers
from skp_drafts.document import load_document
from skp_drafts.models import Skp, SkpStatus
from skp_drafts.services import SkpError
from tests.accounts.factories import PegawaiWithAccountFactory, user_with_role
from tests.skp_drafts.conftest import bring

ROLES = [
    "owner",
    "superior",
    "coach",
    "other_coach",
    "kepala_bidang",
    "kasubag",
    "other_asn",
    "admin",
]
STATES = [SkpStatus.DRAFT, SkpStatus.SUBMITTED, SkpStatus.REVISION, SkpStatus.REVIEWED]
ALLOWED = {
    "submit": ({"owner"}, {SkpStatus.DRAFT, SkpStatus.REVISION}),
    "withdraw": ({"owner"}, {SkpStatus.SUBMITTED}),
    "request_revision": ({"coach", "kepala_bidang"}, {SkpStatus.SUBMITTED}),
    "mark_reviewed": ({"coach", "kepala_bidang"}, {SkpStatus.SUBMITTED}),
    "reopen": ({"owner"}, {SkpStatus.REVIEWED}),
}
RUN = {
    "submit": workflow.submit_skp,
    "withdraw": workflow.withdraw_skp,
    "request_revision": lambda **kw: workflow.request_revision(note="Perbaiki target.", **kw),
    "mark_reviewed": workflow.mark_reviewed,
    "reopen": workflow.reopen_skp,
}


@pytest.fixture
def people(valid, coach):
    bring(valid["skp"], coach)
    return {
        "owner": valid["kasi"].user,
        "superior": valid["kabid"].user,
        "coach": coach,
        "other_coach": user_with_role(Role.TIM_COACHING),
        "kepala_bidang": user_with_role(Role.KEPALA_BIDANG),
        "kasubag": user_with_role(Role.KASUBAG_UMUM, skpd=valid["skpd"]),
        "other_asn": PegawaiWithAccountFactory(skpd=valid["skpd"]).user,
        "admin": user_with_role(Role.ADMIN),
    }


@pytest.mark.parametrize(
    ("role", "state", "name"), list(itertools.product(ROLES, STATES, list(ALLOWED)))
)
def test_transition(valid, people, role, state, name):
    skp = valid["skp"]
    Skp.objects.filter(pk=skp.pk).update(status=state)
    roles, states = ALLOWED[name]
    allowed = role in roles and state in states
    skp.refresh_from_db()
    assert workflow.may(people[role], skp, name) is allowed
    if allowed:
        RUN[name](actor=people[role], skp_id=skp.pk)
        skp.refresh_from_db()
        assert skp.status == workflow.TRANSITIONS[name].target
        record = skp.history.first()
        assert record.history_user == people[role]
        assert record.history_change_reason.startswith(str(workflow.TRANSITIONS[name].label))
    else:
        with pytest.raises(SkpError):
            RUN[name](actor=people[role], skp_id=skp.pk)
        skp.refresh_from_db()
        assert skp.status == state
        assert skp.comments.count() == 0


def test_an_skp_not_brought_to_coaching_cannot_be_submitted(valid):
    with pytest.raises(SkpError, match="Bawa SKP ini ke jadwal coaching"):
        workflow.submit_skp(actor=valid["kasi"].user, skp_id=valid["skp"].pk)
    valid["skp"].refresh_from_db()
    assert valid["skp"].status == "draft"


def test_submitting_tells_the_coach(valid, coach):
    bring(valid["skp"], coach)
    workflow.submit_skp(actor=valid["kasi"].user, skp_id=valid["skp"].pk)
    assert "mengajukan SKP 2026" in coach.notifications.get().text


def test_a_revision_request_leaves_its_reason_as_a_remark(valid, coach):
    bring(valid["skp"], coach)
    skp = workflow.submit_skp(actor=valid["kasi"].user, skp_id=valid["skp"].pk)
    workflow.request_revision(actor=coach, skp_id=skp.pk, note="Tambahkan indikator waktu.")
    remark = skp.comments.get()
    assert (remark.text, remark.author, remark.is_resolved) == (
        "Tambahkan indikator waktu.",
        coach,
        False,
    )
    assert "perlu diperbaiki" in valid["kasi"].user.notifications.get().text


def test_an_empty_revision_request_is_refused(valid, coach):
    bring(valid["skp"], coach)
    workflow.submit_skp(actor=valid["kasi"].user, skp_id=valid["skp"].pk)
    with pytest.raises(SkpError, match="Tuliskan"):
        workflow.request_revision(actor=coach, skp_id=valid["skp"].pk, note="  ")
    valid["skp"].refresh_from_db()
    assert valid["skp"].status == "submitted" and not valid["skp"].comments.exists()


def test_an_skp_with_format_errors_is_not_marked_reviewed(valid, coach):
    bring(valid["skp"], coach)
    valid["rhk"].indicators.update(target="")
    workflow.submit_skp(actor=valid["kasi"].user, skp_id=valid["skp"].pk)
    with pytest.raises(SkpError, match="3 kesalahan format"):
        workflow.mark_reviewed(actor=coach, skp_id=valid["skp"].pk)
    valid["skp"].refresh_from_db()
    assert valid["skp"].status == "submitted"


def test_an_skp_with_an_open_remark_is_not_marked_reviewed(valid, coach):
    bring(valid["skp"], coach)
    skp = workflow.submit_skp(actor=valid["kasi"].user, skp_id=valid["skp"].pk)
    thread = services.add_comment(actor=coach, skp_id=skp.pk, text="Cek lagi")
    with pytest.raises(SkpError, match="belum diselesaikan"):
        workflow.mark_reviewed(actor=coach, skp_id=skp.pk)
    services.resolve_comment(actor=valid["kasi"].user, comment_id=thread.pk)
    workflow.mark_reviewed(actor=coach, skp_id=skp.pk)
    skp.refresh_from_db()
    assert skp.status == "reviewed"
    assert "sesuai format" in valid["kasi"].user.notifications.latest("pk").text


@pytest.mark.parametrize(
    ("removed", "refusal"),
    [
        ([], None),
        (["anggaran"], "belum ada RHK untuk perspektif: Anggaran."),
        (
            ["proses_bisnis", "penguatan_internal"],
            "belum ada RHK untuk perspektif: Proses Bisnis, Penguatan Internal.",
        ),
    ],
)
def test_a_jpt_skp_is_in_format_only_with_all_four_perspectives(valid_jpt, coach, removed, refusal):
    """A missing perspective is a warning while drafting but stops the review, and the coach
    is told which perspective lacks an RHK."""
    skp = valid_jpt["skp"]
    owner = valid_jpt["head"].user
    skp.rhks.filter(perspective__in=removed).delete()
    bring(skp, coach)
    workflow.submit_skp(actor=owner, skp_id=skp.pk)
    history = skp.history.count()
    if refusal:
        with pytest.raises(SkpError, match="belum dapat dinyatakan sesuai format") as refused:
            workflow.mark_reviewed(actor=coach, skp_id=skp.pk)
        assert refusal in str(refused.value)
        skp.refresh_from_db()
        assert (skp.status, skp.history.count()) == (SkpStatus.SUBMITTED, history)
        assert not owner.notifications.filter(text__contains="sesuai format").exists()
    else:
        workflow.mark_reviewed(actor=coach, skp_id=skp.pk)
        skp.refresh_from_db()
        assert (skp.status, skp.history.count()) == (SkpStatus.REVIEWED, history + 1)


def test_the_guide_examples_are_in_format(chain, coach, settings, tmp_path):
    """Each jenjang's example passes the checker with nothing that stops a review, and a JPT
    who starts from its example can have it declared in format."""
    settings.MEDIA_ROOT = tmp_path
    demo.build_guide(coach)
    examples = Skp.objects.filter(pegawai__isnull=True)
    assert examples.count() == len(demo.EXAMPLES)
    for example in examples:
        assert review_blockers(check(load_document(example))) == [], example.example_title
    head = chain["head"]
    jpt_example = examples.get(jenjang=Jenjang.JPT_PRATAMA)
    skp = services.create_skp(
        actor=head.user, pegawai=head, year=jpt_example.year + 1, example_id=jpt_example.pk
    )
    bring(skp, coach)
    workflow.submit_skp(actor=head.user, skp_id=skp.pk)
    workflow.mark_reviewed(actor=coach, skp_id=skp.pk)
    skp.refresh_from_db()
    assert skp.status == SkpStatus.REVIEWED
