"""The reports' PDF documents, rendered by WeasyPrint from templates under
templates/reports/ with the portal's one print stylesheet (core.pdf.render_pdf), and issued
as documents (core.documents: the pages ask for them by kind and id)."""

from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from core import dates
from core.documents import Printout, issue_printout, printout
from reports import selectors
from reports.models import EvaluationMeeting, MonthlyRecap, ReportStatus, SessionReport

# Render time on the reference machine (docs/benchmarks.md, "Bounded PDFs" and "Fixed
# column widths"): the report's pages, each of its photos, and each row of its annex, the
# daftar hadir (a visit of a large SKPD lists hundreds); the minutes' pages and each row of
# their tables.
REPORT_SECONDS, REPORT_SECONDS_PER_ATTENDEE, REPORT_SECONDS_PER_PHOTO = 0.3, 0.0095, 0.1
MINUTES_SECONDS, MINUTES_SECONDS_PER_SESSION = 0.4, 0.004
# The recap's annex, a row per session, keeps the automatic table layout the daftar hadir
# had before its fixed column widths, and so its cost a row.
RECAP_SECONDS_PER_SESSION = 0.012


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


def report_printout_of(report: SessionReport) -> Printout:
    """The laporan hasil kegiatan with the letterhead, the signatures and the daftar hadir
    as its annex."""
    context = report_context(report)
    for photo in context["photos"]:
        photo.file_uri = Path(photo.image.path).as_uri()
    context["printed"] = timezone.localdate()
    signer = report.decided_by if report.status == ReportStatus.APPROVED else report.created_by
    return Printout(
        "reports/session_report_pdf.html",
        context,
        kind="LHK",
        subject=report,
        title=_("Laporan hasil kegiatan %(title)s") % {"title": context["title"]},
        signed_by=signer.display_name if signer else "",
        seconds=REPORT_SECONDS
        + REPORT_SECONDS_PER_ATTENDEE * len(context["attendance"])
        + REPORT_SECONDS_PER_PHOTO * len(context["photos"]),
    )


@printout("LHK")
def report_printout(pk: int) -> Printout:
    report = selectors.report_of(SessionReport.objects.all(), pk)
    if report is None:
        raise SessionReport.DoesNotExist
    return report_printout_of(report)


def session_report_pdf(report: SessionReport) -> bytes:
    """The report's PDF now."""
    return issue_printout(report_printout_of(report))


def minutes_context(meeting: EvaluationMeeting) -> dict:
    carried, new = selectors.actions_for_minutes(meeting)
    return {
        "meeting": meeting,
        "figures": selectors.meeting_figures(meeting),
        "sessions": selectors.meeting_sessions(meeting),
        "carried": carried,
        "new_actions": new,
    }


def minutes_printout_of(meeting: EvaluationMeeting) -> Printout:
    """The notulen rapat evaluasi, with the sessions reviewed as its annex."""
    context = minutes_context(meeting)
    context["printed"] = timezone.localdate()
    rows = len(context["sessions"]) + len(context["carried"]) + len(context["new_actions"])
    return Printout(
        "reports/minutes_pdf.html",
        context,
        kind="NOTULEN",
        subject=meeting,
        title=_("Notulen rapat evaluasi %(day)s") % {"day": dates.day(meeting.start)},
        signed_by=meeting.chair.display_name if meeting.chair_id else "",
        seconds=MINUTES_SECONDS + MINUTES_SECONDS_PER_SESSION * rows,
    )


@printout("NOTULEN")
def minutes_printout(pk: int) -> Printout:
    meeting = selectors.meeting_of(EvaluationMeeting.objects.all(), pk)
    if meeting is None:
        raise EvaluationMeeting.DoesNotExist
    return minutes_printout_of(meeting)


def minutes_pdf(meeting: EvaluationMeeting) -> bytes:
    """The minutes' PDF now."""
    return issue_printout(minutes_printout_of(meeting))


def recap_context(recap: MonthlyRecap) -> dict:
    """What the recap's page and its PDF show: the figures (frozen once submitted, else
    read now in three queries)."""
    return {
        "recap": recap,
        "title": selectors.recap_title(recap),
        "figures": selectors.recap_figures(recap),
    }


def recap_printout_of(recap: MonthlyRecap) -> Printout:
    """The rekap bulanan with the letterhead, the signatures of the coach who made it and
    the Kepala Bidang who approved it, and the month's sessions as its annex (a row each)."""
    context = recap_context(recap)
    context["printed"] = timezone.localdate()
    signer = recap.decided_by if recap.status == ReportStatus.APPROVED else recap.preparer
    return Printout(
        "reports/recap_pdf.html",
        context,
        kind="RKP",
        subject=recap,
        title=context["title"],
        signed_by=signer.display_name if signer else "",
        seconds=REPORT_SECONDS + RECAP_SECONDS_PER_SESSION * context["figures"].sessions,
    )


@printout("RKP")
def recap_printout(pk: int) -> Printout:
    return recap_printout_of(MonthlyRecap.objects.select_related(*selectors.RECAP_JOINS).get(pk=pk))


def recap_pdf(recap: MonthlyRecap) -> bytes:
    """The recap's PDF now."""
    return issue_printout(recap_printout_of(recap))
