"""The reports' PDF documents, rendered by WeasyPrint from templates under
templates/reports/ with the portal's one print stylesheet (core.pdf.render_pdf)."""

from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from core import dates
from core.documents import issue_pdf
from reports import selectors
from reports.models import EvaluationMeeting, MonthlyRecap, ReportStatus, SessionReport


def report_context(report: SessionReport) -> dict:
    """What the report's page and its PDF show (a fixed number of queries)."""
    session = report.session
    return {
        "report": report,
        "session": session,
        "title": selectors.session_title(session),
        "coaches": selectors.coaches_of(session),
        "attendance": list(selectors.attendance_of(session)),
        "summary": selectors.attendance_summary(session),
        "agenda": selectors.agenda_of(session),
        "drafts": selectors.report_drafts(report),
        "photos": list(report.photos.all()),
    }


def session_report_pdf(report: SessionReport) -> bytes:
    """The laporan hasil kegiatan with the letterhead, the signatures and the daftar hadir
    as its annex."""
    context = report_context(report)
    for photo in context["photos"]:
        photo.file_uri = Path(photo.image.path).as_uri()
    context["printed"] = timezone.localdate()
    signer = report.decided_by if report.status == ReportStatus.APPROVED else report.created_by
    return issue_pdf(
        "reports/session_report_pdf.html",
        context,
        kind="LHK",
        subject=report,
        title=_("Laporan hasil kegiatan %(title)s") % {"title": context["title"]},
        signed_by=signer.display_name if signer else "",
    )


def minutes_context(meeting: EvaluationMeeting) -> dict:
    carried, new = selectors.actions_for_minutes(meeting)
    return {
        "meeting": meeting,
        "figures": selectors.meeting_figures(meeting),
        "sessions": selectors.meeting_sessions(meeting),
        "carried": carried,
        "new_actions": new,
    }


def minutes_pdf(meeting: EvaluationMeeting) -> bytes:
    """The notulen rapat evaluasi, with the sessions reviewed as its annex."""
    context = minutes_context(meeting)
    context["printed"] = timezone.localdate()
    return issue_pdf(
        "reports/minutes_pdf.html",
        context,
        kind="NOTULEN",
        subject=meeting,
        title=_("Notulen rapat evaluasi %(day)s") % {"day": dates.day(meeting.start)},
        signed_by=meeting.chair.display_name if meeting.chair_id else "",
    )


def recap_context(recap: MonthlyRecap) -> dict:
    """What the recap's page and its PDF show: the figures (frozen once submitted, else
    read now in three queries)."""
    return {
        "recap": recap,
        "title": selectors.recap_title(recap),
        "figures": selectors.recap_figures(recap),
    }


def recap_pdf(recap: MonthlyRecap) -> bytes:
    """The rekap bulanan with the letterhead, the signatures of the coach who made it and
    the Kepala Bidang who approved it, and the month's sessions as its annex."""
    context = recap_context(recap)
    context["printed"] = timezone.localdate()
    signer = recap.decided_by if recap.status == ReportStatus.APPROVED else recap.preparer
    return issue_pdf(
        "reports/recap_pdf.html",
        context,
        kind="RKP",
        subject=recap,
        title=context["title"],
        signed_by=signer.display_name if signer else "",
    )
