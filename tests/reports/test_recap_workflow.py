"""The monthly recap's workflow: who may start which recap, every role against every state
and step (in memory), one database test per allowed and refused path, who is told, what
the history says."""

import datetime

import pytest
import rules
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, Role
from reports import services
from reports.models import MonthlyRecap, ReportStatus
from tests.accounts.factories import SkpdFactory, user_with_role
from tests.reports.factories import MonthlyRecapFactory, held_individual_session, last_month

pytestmark = pytest.mark.django_db

ROLES = ["coach", "other_coach", "kabid", "kepala", "kasubag", "asn", "admin"]


@pytest.fixture
def people():
    skpd = SkpdFactory()
    return {
        "coach": user_with_role(Role.TIM_COACHING, name="Rizki Maulana, S.Psi."),
        "other_coach": user_with_role(Role.TIM_COACHING),
        "kabid": user_with_role(Role.KEPALA_BIDANG, name="Hj. Norhasanah, S.Sos."),
        "kepala": user_with_role(Role.KEPALA_BKPSDM),
        "kasubag": user_with_role(Role.KASUBAG_UMUM, skpd=skpd),
        "asn": user_with_role(Role.ASN, skpd=skpd),
        "admin": user_with_role(Role.ADMIN),
    }


# The role × state × step table, on unsaved recaps ----------------------------------------

ALLOWED = {
    "coach": {
        ("submit", ReportStatus.DRAFT): {"coach", "kabid"},
        ("submit", ReportStatus.RETURNED): {"coach", "kabid"},
        ("approve", ReportStatus.SUBMITTED): {"kabid"},
        ("return", ReportStatus.SUBMITTED): {"kabid"},
    },
    "team": {
        ("submit", ReportStatus.DRAFT): {"kabid"},
        ("submit", ReportStatus.RETURNED): {"kabid"},
        ("approve", ReportStatus.SUBMITTED): {"kabid"},
        ("return", ReportStatus.SUBMITTED): {"kabid"},
    },
}
READERS = {
    "coach": {"coach", "kabid", "kepala"},
    "team": {"coach", "other_coach", "kabid", "kepala"},
}


def unsaved(people, whose: str, status: str) -> MonthlyRecap:
    coach = people["coach"] if whose == "coach" else None
    return MonthlyRecap(coach=coach, year=2026, month=10, status=status)


@pytest.mark.parametrize("whose", ["coach", "team"])
@pytest.mark.parametrize("state", ReportStatus.values)
def test_who_may_take_which_step_in_each_state(people, whose, state):
    recap = unsaved(people, whose, state)
    wrong = [
        (role, name)
        for role in ROLES
        for name in services.RECAP_TRANSITIONS
        if services.may_recap(people[role], recap, name)
        is not (role in ALLOWED[whose].get((name, state), set()))
    ]
    assert wrong == []


@pytest.mark.parametrize("whose", ["coach", "team"])
def test_who_reads_a_recap(people, whose):
    recap = unsaved(people, whose, ReportStatus.DRAFT)
    readers = {role for role in ROLES if rules.has_perm("reports.view_recap", people[role], recap)}
    assert readers == READERS[whose]


# Each step on the database ---------------------------------------------------------------


@pytest.fixture
def recap(people):
    """The coach's recap of last month, with one session and its notes written."""
    first = last_month()
    held_individual_session(
        coach=people["coach"],
        start=datetime.datetime.combine(
            first + datetime.timedelta(days=2), datetime.time(9), tzinfo=datetime.UTC
        ),
    )
    recap, made = services.start_recap(
        actor=people["coach"], coach=people["coach"], year=first.year, month=first.month
    )
    assert made
    return services.update_recap(
        actor=people["coach"],
        recap_id=recap.pk,
        notes="Sebagian besar peserta menyusun indikator.",
        follow_up="Sesi lanjutan untuk lampiran SKP.",
    )


def recap_in(people, recap, state) -> MonthlyRecap:
    if state != ReportStatus.DRAFT:
        services.submit_recap(actor=people["coach"], recap_id=recap.pk)
    if state == ReportStatus.APPROVED:
        services.approve_recap(actor=people["kabid"], recap_id=recap.pk)
    if state == ReportStatus.RETURNED:
        services.return_recap(actor=people["kabid"], recap_id=recap.pk, reason="Lengkapi.")
    recap.refresh_from_db()
    assert recap.status == state
    return recap


def apply(name, actor, recap):
    if name == "submit":
        return services.submit_recap(actor=actor, recap_id=recap.pk)
    if name == "approve":
        return services.approve_recap(actor=actor, recap_id=recap.pk)
    return services.return_recap(actor=actor, recap_id=recap.pk, reason="Perbaiki catatan.")


@pytest.mark.parametrize(
    ("name", "state", "role"),
    [(name, state, min(roles)) for (name, state), roles in ALLOWED["coach"].items()],
)
def test_an_allowed_step_is_taken_and_recorded(people, recap, name, state, role):
    recap = recap_in(people, recap, state)
    apply(name, people[role], recap)
    recap.refresh_from_db()
    assert recap.status == services.RECAP_TRANSITIONS[name].target
    assert recap.history.latest().history_user == people[role]


def refusals():
    """For each step: a role that may not take it, in a state it starts from; and a role
    that may, in a state it does not start from."""
    for (name, state), roles in ALLOWED["coach"].items():
        yield name, state, next(role for role in ROLES if role not in roles)
        other = next(s for s in ReportStatus.values if (name, s) not in ALLOWED["coach"])
        yield name, other, min(roles)


@pytest.mark.parametrize(("name", "state", "role"), list(refusals()))
def test_a_refused_step_changes_nothing(people, recap, name, state, role):
    recap = recap_in(people, recap, state)
    versions = recap.history.count()
    with pytest.raises(services.ReportError):
        apply(name, people[role], recap)
    recap.refresh_from_db()
    assert recap.status == state
    assert recap.history.count() == versions


def test_submitting_freezes_the_figures_and_tells_the_kepala_bidang(people, recap):
    services.submit_recap(actor=people["coach"], recap_id=recap.pk)
    recap.refresh_from_db()
    assert recap.figures["sessions"] == 1
    assert (recap.submitted_by, recap.return_reason) == (people["coach"], "")
    (note,) = Notification.objects.filter(user=people["kabid"])
    assert "menunggu persetujuan Anda" in note.text and "Rizki Maulana" in note.text
    assert note.link == reverse("reports:recap_detail", args=[recap.pk])
    reasons = [entry.history_change_reason for entry in recap.history.order_by("history_date")]
    assert reasons == ["Rekap dibuat", "Isi rekap diubah", "Diajukan ke Kepala Bidang"]


def test_approval_and_return_tell_the_coach(people, recap):
    services.submit_recap(actor=people["coach"], recap_id=recap.pk)
    services.return_recap(actor=people["kabid"], recap_id=recap.pk, reason="Sebutkan SKPD.")
    told = Notification.objects.get(user=people["coach"])
    assert "dikembalikan untuk perbaikan: Sebutkan SKPD." in told.text
    recap.refresh_from_db()
    assert recap.return_reason == "Sebutkan SKPD."
    services.update_recap(actor=people["coach"], recap_id=recap.pk, notes="Dinkes.", follow_up="")
    services.submit_recap(actor=people["coach"], recap_id=recap.pk)
    recap.refresh_from_db()
    assert recap.return_reason == ""
    services.approve_recap(actor=people["kabid"], recap_id=recap.pk)
    assert Notification.objects.filter(user=people["coach"], text__contains="disetujui").exists()
    recap.refresh_from_db()
    assert (recap.status, recap.decided_by) == (ReportStatus.APPROVED, people["kabid"])


def test_a_month_not_yet_over_or_without_notes_is_not_submitted(people):
    coach = people["coach"]
    today = timezone.localdate()
    current, _made = services.start_recap(
        actor=coach, coach=coach, year=today.year, month=today.month, today=today
    )
    with pytest.raises(services.ReportError, match="setelah bulannya berakhir"):
        services.submit_recap(actor=coach, recap_id=current.pk, today=today)
    empty = MonthlyRecapFactory(coach=coach)
    with pytest.raises(services.ReportError, match="Isi catatan dan temuan"):
        services.submit_recap(actor=coach, recap_id=empty.pk)
    assert set(MonthlyRecap.objects.values_list("status", flat=True)) == {ReportStatus.DRAFT}
    assert not Notification.objects.exists()


def test_a_submitted_recap_is_not_written_any_more(people, recap):
    services.submit_recap(actor=people["coach"], recap_id=recap.pk)
    with pytest.raises(services.ReportError, match="tidak dapat diubah lagi"):
        services.update_recap(actor=people["coach"], recap_id=recap.pk, notes="x", follow_up="")
    recap.refresh_from_db()
    assert recap.notes == "Sebagian besar peserta menyusun indikator."


@pytest.mark.parametrize("role", ["other_coach", "kepala", "asn"])
def test_only_its_coach_and_the_kepala_bidang_write_a_recap(people, recap, role):
    with pytest.raises(services.ReportError):
        services.update_recap(actor=people[role], recap_id=recap.pk, notes="x", follow_up="")
    recap.refresh_from_db()
    assert recap.notes == "Sebagian besar peserta menyusun indikator."


# Starting a recap --------------------------------------------------------------------------


def test_a_coach_starts_its_own_month_once(people):
    coach, first = people["coach"], last_month()
    recap, made = services.start_recap(actor=coach, coach=coach, year=first.year, month=first.month)
    again, made_again = services.start_recap(
        actor=coach, coach=coach, year=first.year, month=first.month
    )
    assert (made, made_again, again.pk) == (True, False, recap.pk)
    assert recap.history.get().history_change_reason == "Rekap dibuat"


def test_the_kepala_bidang_starts_a_coachs_or_the_whole_teams(people):
    kabid, first = people["kabid"], last_month()
    mine, _ = services.start_recap(
        actor=kabid, coach=people["coach"], year=first.year, month=first.month
    )
    team, _ = services.start_recap(actor=kabid, coach=None, year=first.year, month=first.month)
    assert (mine.coach, team.coach) == (people["coach"], None)
    assert MonthlyRecap.objects.count() == 2


@pytest.mark.parametrize(
    ("actor", "coach", "message"),
    [
        ("coach", "other_coach", "sendiri"),
        ("coach", None, "sendiri"),
        ("kepala", "kepala", "Tim Coaching dan Kepala Bidang"),
        ("asn", "asn", "Tim Coaching dan Kepala Bidang"),
        ("kasubag", "kasubag", "Tim Coaching dan Kepala Bidang"),
        ("kabid", "asn", "anggota Tim Coaching"),
    ],
)
def test_a_recap_nobody_may_start_is_refused(people, actor, coach, message):
    first = last_month()
    with pytest.raises(services.ReportError, match=message):
        services.start_recap(
            actor=people[actor],
            coach=people[coach] if coach else None,
            year=first.year,
            month=first.month,
        )
    assert not MonthlyRecap.objects.exists()


@pytest.mark.parametrize(
    ("year", "month", "message"),
    [(2026, 13, "Pilih bulan"), (1999, 12, "Pilih bulan"), (2027, 1, "bukan Januari 2027")],
)
def test_a_month_that_is_no_month_or_still_ahead_is_refused(people, year, month, message):
    today = datetime.date(2026, 12, 4)
    with pytest.raises(services.ReportError, match=message):
        services.start_recap(
            actor=people["coach"], coach=people["coach"], year=year, month=month, today=today
        )
    assert not MonthlyRecap.objects.exists()


def test_the_database_keeps_one_recap_per_coach_and_one_for_the_team_per_month(people):
    kabid = people["kabid"]
    MonthlyRecap.objects.create(coach=None, year=2026, month=10, created_by=kabid)
    with pytest.raises(IntegrityError):
        MonthlyRecap.objects.create(coach=None, year=2026, month=10, created_by=kabid)


def test_the_database_refuses_a_thirteenth_month_and_an_approval_without_approver(people):
    kabid = people["kabid"]
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyRecap.objects.create(coach=None, year=2026, month=13, created_by=kabid)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyRecap.objects.create(
            coach=None, year=2026, month=10, created_by=kabid, status=ReportStatus.APPROVED
        )
