"""Each step locks the rows it works on FOR NO KEY UPDATE, unless it may delete them or
change a key (tests/locks.py says why)."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from reports import services
from reports.models import ReportStatus
from tests.accounts.factories import user_with_role
from tests.locks import NO_KEY, UPDATE, row_locks
from tests.reports.factories import MonthlyRecapFactory, held_skpd_session
from tests.reports.test_meetings import action, at, meeting_on, sign_off
from tests.reports.test_report_workflow import report_in

pytestmark = pytest.mark.django_db

REPORT = ("reports_sessionreport", NO_KEY)
RECAP = ("reports_monthlyrecap", NO_KEY)


def update_report(w):
    services.update_report(
        actor=w["coach"],
        report_id=w["draft"].pk,
        basis="Dasar",
        findings="Temuan",
        problems="",
        follow_up="",
    )


def create_meeting(w):
    """Refused, under the latest meeting's lock: that meeting is the draft."""
    today = timezone.localdate()
    with pytest.raises(services.ReportError, match="belum disahkan"):
        services.create_meeting(
            actor=w["coach"],
            start=at(today),
            place="Ruang Rapat",
            chair=w["kabid"],
            attendees=[],
            other_attendees="",
            period_start=today.replace(day=1),
            period_end=today,
        )


STEPS = {
    "start_report": (
        lambda w: services.start_report(actor=w["coach"], session_id=w["unreported"].pk),
        {("bookings_coachingsession", NO_KEY)},
    ),
    "update_report": (update_report, {REPORT}),
    # Both workflows' steps: the report's, and the request letter's it takes with it.
    "approve_report": (
        lambda w: services.approve_report(actor=w["kabid"], report_id=w["submitted"].pk),
        {REPORT, ("bookings_skpdrequest", NO_KEY)},
    ),
    "update_recap": (
        lambda w: services.update_recap(
            actor=w["coach"], recap_id=w["recap"].pk, notes="Catatan", follow_up=""
        ),
        {RECAP},
    ),
    "submit_recap": (
        lambda w: services.submit_recap(actor=w["coach"], recap_id=w["recap"].pk),
        {RECAP},
    ),
    "create_meeting": (create_meeting, {("reports_evaluationmeeting", NO_KEY)}),
    # The meeting's lock is the one delete_meeting takes too, which deletes the row; the
    # follow-ups carried only change.
    "finalize_meeting": (
        lambda w: services.finalize_meeting(actor=w["kabid"], meeting_id=w["meeting"].pk),
        {("reports_evaluationmeeting", UPDATE), ("reports_actionitem", NO_KEY)},
    ),
    "delete_meeting": (
        lambda w: services.delete_meeting(actor=w["coach"], meeting_id=w["meeting"].pk),
        {("reports_evaluationmeeting", UPDATE)},
    ),
}


@pytest.fixture
def world():
    """Two visits of the coach reported (a draft, a submitted report) and one not yet, its
    recap of last month, and the draft minutes that carry a signed-off meeting's
    follow-up."""
    coach = user_with_role(Role.TIM_COACHING)
    team = {
        "coach": coach,
        "kabid": user_with_role(Role.KEPALA_BIDANG),
        "other": user_with_role(Role.TIM_COACHING),
    }
    visits = [held_skpd_session(coaches=[coach], present=1) for _n in range(3)]
    today = timezone.localdate()
    signed_off = meeting_on(team, today - datetime.timedelta(days=40))
    action(team, signed_off, "Mengirim surat edaran")
    sign_off(team, signed_off)
    meeting = meeting_on(team, today - datetime.timedelta(days=10))
    meeting.findings = "Sesi berjalan sesuai agenda."
    meeting.save()
    return {
        **team,
        "draft": report_in({**team, "session": visits[0]}, ReportStatus.DRAFT),
        "submitted": report_in({**team, "session": visits[1]}, ReportStatus.SUBMITTED),
        "unreported": visits[2],
        "recap": MonthlyRecapFactory(coach=coach, notes="Catatan bulan lalu"),
        "meeting": meeting,
    }


@pytest.mark.parametrize("name", list(STEPS))
def test_a_step_locks_its_rows_no_more_strongly_than_its_change_needs(world, name):
    step, locks = STEPS[name]
    assert row_locks(lambda: step(world)) == locks
