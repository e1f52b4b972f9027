"""The demo's reports: a held visit with its submitted report and a signed-off meeting with
open follow-ups, made once; the demo coaches' monthly recaps; and the benchmark's report of
300 attendees."""

import datetime
import time

import pytest
from django.utils import timezone

from accounts.models import Notification, Role, User
from bookings.models import RequestStatus
from operations.demo.accounts import FIXED, build_demo_regency
from operations.demo.reports import (
    build_demo_recaps,
    build_demo_reports,
    build_report_with_attendees,
)
from reports import pdf
from reports.models import (
    ActionStatus,
    EvaluationMeeting,
    MeetingStatus,
    MonthlyRecap,
    ReportStatus,
    SessionReport,
)
from reports.selectors import add_months, recaps_due
from tests.bookings.factories import WITA
from tests.pdf import PdfText
from tests.reports.factories import held_individual_session

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_submitted_report_and_a_meeting_with_open_follow_ups():
    build_demo_regency(pegawai_target=600)
    assert build_demo_reports() == 2
    report = SessionReport.objects.select_related("session__skpd_request__skpd").get()
    assert report.status == ReportStatus.SUBMITTED
    session = report.session
    assert session.skpd_request.skpd.short_name == "KEC-PARINGIN"
    assert session.skpd_request.status == RequestStatus.HELD
    listed = session.attendance.count()
    in_skpd = session.skpd_request.skpd.pegawai.filter(is_active=True).count()
    assert listed == in_skpd
    assert session.coaches.count() == 1
    assert session.attendance.filter(present=True).count() == listed - 2
    assert len(report.drafts_snapshot) == 8
    assert session.blocks.exclude(notes="").count() == 4
    meeting = EvaluationMeeting.objects.get()
    assert meeting.status == MeetingStatus.FINAL
    assert meeting.figures["sessions"] == 1
    assert meeting.actions.filter(status=ActionStatus.OPEN).count() == 2
    assert meeting.period_start <= session.start.date() <= meeting.period_end
    # Idempotent.
    assert build_demo_reports() == 0
    assert SessionReport.objects.count() == EvaluationMeeting.objects.count() == 1


def test_the_benchmark_report_of_300_attendees_renders():
    build_demo_regency(pegawai_target=600)
    report = build_report_with_attendees(300)
    assert report.status == ReportStatus.SUBMITTED
    assert report.session.attendance.count() == 300
    started = time.monotonic()
    content = pdf.session_report_pdf(report)
    elapsed = time.monotonic() - started
    text = PdfText(content)
    assert "300 orang hadir dari 300 peserta terdaftar" in text
    assert len(text) >= 8
    print(f"\n300-attendee report PDF: {len(text)} pages in {elapsed:.1f} s")


def test_the_demo_coaches_months_are_recapped_and_last_months_waits_for_the_kepala_bidang():
    build_demo_regency(pegawai_target=600)
    coaches = [User.objects.get(username=FIXED[key][0]) for key in ("coach_1", "coach_2")]
    this_month = timezone.localdate().replace(day=1)
    last, before = add_months(this_month, -1), add_months(this_month, -2)
    for coach in coaches:
        for first in (last, before):
            for day in (1, 2):
                start = datetime.datetime.combine(
                    first + datetime.timedelta(days=day), datetime.time(9), tzinfo=WITA
                )
                held_individual_session(coach=coach, start=start)
    assert build_demo_recaps() == 3
    first_coach, second_coach = coaches
    waiting = MonthlyRecap.objects.get(coach=first_coach, status=ReportStatus.SUBMITTED)
    assert (waiting.year, waiting.month, waiting.figures["sessions"]) == (last.year, last.month, 2)
    approved = MonthlyRecap.objects.filter(status=ReportStatus.APPROVED).order_by("coach__pk")
    assert [(r.coach, r.first_day, r.figures["sessions"]) for r in approved] == sorted(
        [(first_coach, before, 2), (second_coach, before, 2)], key=lambda row: row[0].pk
    )
    for recap in approved:
        # Approved early in the month after, as it would have been; in the history too.
        assert recap.decided_at < timezone.now() - datetime.timedelta(days=10)
        assert recap.history.latest().history_date == recap.decided_at
        assert recap.notes and recap.decided_by.roles & {Role.KEPALA_BIDANG}
    # The second coach still owes last month; the Kepala Bidang is told of the waiting one.
    assert [item.first_day for item in recaps_due(second_coach)] == [last]
    assert recaps_due(first_coach) == []
    kabid = MonthlyRecap.objects.get(pk=approved[0].pk).decided_by
    assert Notification.objects.filter(user=kabid).count() == 1
    # Idempotent.
    assert build_demo_recaps() == 0
    assert MonthlyRecap.objects.count() == 3
