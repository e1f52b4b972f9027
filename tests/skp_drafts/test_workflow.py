"""The review's state machine: every role against every state and transition."""

import itertools

import pytest

from accounts.models import Role
from skp_drafts import services, workflow
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
