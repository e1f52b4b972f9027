"""The review's state machine: every role against every state and transition."""

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


@pytest.mark.parametrize("state", STATES)
def test_who_may_take_which_step_in_each_state(valid, people, state):
    skp = valid["skp"]
    skp.status = state  # unsaved: may() reads the state from the object
    wrong = [
        (role, name)
        for role in ROLES
        for name, (roles, states) in ALLOWED.items()
        if workflow.may(people[role], skp, name) is not (role in roles and state in states)
    ]
    assert wrong == []


def in_state(skp, state) -> Skp:
    Skp.objects.filter(pk=skp.pk).update(status=state)
    skp.refresh_from_db()
    return skp


@pytest.mark.parametrize(
    ("name", "state", "role"),
    [(name, min(states), min(roles)) for name, (roles, states) in ALLOWED.items()],
)
def test_an_allowed_step_is_taken_and_recorded(valid, people, name, state, role):
    skp = in_state(valid["skp"], state)
    RUN[name](actor=people[role], skp_id=skp.pk)
    skp.refresh_from_db()
    assert skp.status == workflow.TRANSITIONS[name].target
    record = skp.history.first()
    assert record.history_user == people[role]
    assert record.history_change_reason.startswith(str(workflow.TRANSITIONS[name].label))


def refusals():
    """For each step: a role that may not take it, in a state it starts from; and a role
    that may, in a state it does not start from."""
    for name, (roles, states) in ALLOWED.items():
        yield name, min(states), next(role for role in ROLES if role not in roles)
        yield name, next(state for state in STATES if state not in states), min(roles)


@pytest.mark.parametrize(("name", "state", "role"), list(refusals()))
def test_a_refused_step_changes_nothing(valid, people, name, state, role):
    skp = in_state(valid["skp"], state)
    versions = skp.history.count()
    with pytest.raises(SkpError):
        RUN[name](actor=people[role], skp_id=skp.pk)
    skp.refresh_from_db()
    assert skp.status == state
    assert skp.history.count() == versions
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


def test_the_first_review_is_dated_and_kept_through_a_reopening(valid, coach):
    """The monitoring counts an SKP in format from the month of its first review."""
    owner, skp_id = valid["kasi"].user, valid["skp"].pk
    bring(valid["skp"], coach)
    workflow.submit_skp(actor=owner, skp_id=skp_id)
    assert Skp.objects.get(pk=skp_id).reviewed_at is None
    first = workflow.mark_reviewed(actor=coach, skp_id=skp_id).reviewed_at
    assert first is not None
    assert Skp.objects.get(pk=skp_id).reviewed_at == first
    assert valid["skp"].history.latest().reviewed_at == first
    workflow.reopen_skp(actor=owner, skp_id=skp_id)
    workflow.submit_skp(actor=owner, skp_id=skp_id)
    workflow.mark_reviewed(actor=coach, skp_id=skp_id)
    assert Skp.objects.get(pk=skp_id).reviewed_at == first


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
