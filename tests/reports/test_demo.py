"""The demo's reports: a held visit with its submitted report and a signed-off meeting with
open follow-ups, made once; and the benchmark's report of 300 attendees."""

import time

import pytest

from bookings.models import RequestStatus
from operations.demo.accounts import build_demo_regency
from operations.demo.reports import build_demo_reports, build_report_with_attendees
from reports import pdf
from reports.models import (
    ActionStatus,
    EvaluationMeeting,
    MeetingStatus,
    ReportStatus,
    SessionReport,
)
from tests.pdf import PdfText

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
