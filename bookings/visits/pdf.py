"""PDF documents of the SKPD visits: the lembar disposisi and the daftar hadir, issued as
documents (core.documents: the pages ask for them by kind and id)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import selectors
from bookings.models import CoachingSession, SkpdRequest
from core import dates
from core.documents import Printout, issue_printout, printout

# Render time on the reference machine (docs/benchmarks.md, "Bounded PDFs" and "Fixed
# column widths"): the daftar hadir grows with the visit's participants (a large SKPD lists
# hundreds).
SHEET_SECONDS, SHEET_SECONDS_PER_ROW = 0.3, 0.009


def disposition_printout_of(request: SkpdRequest) -> Printout:
    """The lembar disposisi of a request: the letter, the Kepala BKPSDM's decisions and
    instructions, and to whom it goes."""
    dispositions = list(
        request.dispositions.select_related("decided_by__pegawai").prefetch_related(
            "coaches__pegawai"
        )
    )
    last = dispositions[-1] if dispositions else None
    return Printout(
        "bookings/disposition_sheet.html",
        {"request": request, "dispositions": dispositions},
        kind="DISPOSISI",
        subject=request,
        title=_("Lembar disposisi surat %(number)s dari %(skpd)s")
        % {"number": request.letter_number, "skpd": request.skpd.name},
        signed_by=last.decided_by.display_name if last else "",
        seconds=0.3,
    )


@printout("DISPOSISI")
def disposition_printout(pk: int) -> Printout:
    return disposition_printout_of(
        SkpdRequest.objects.select_related("skpd", "submitted_by__pegawai").get(pk=pk)
    )


def disposition_sheet(request: SkpdRequest) -> bytes:
    """The lembar disposisi now."""
    return issue_printout(disposition_printout_of(request))


def walk_in_rows(listed: int) -> range:
    """Blank rows after the listed participants, for those who come unlisted: a fifth of the
    list, at least five and at most twenty."""
    blank = min(20, max(5, listed // 5))
    return range(listed + 1, listed + blank + 1)


def attendance_printout_of(session: CoachingSession) -> Printout:
    """The daftar hadir of a visit. Before it: the listed participants with name, NIP,
    jabatan and SKPD, an empty signature column, and blank rows for walk-ins. Once it has
    started: who came, with the time each checked in, walk-ins included."""
    final = timezone.now() >= session.start
    attendance = list(selectors.daftar_hadir(session).order_by("walk_in", "pegawai__name"))
    walk_ins = range(0) if final else walk_in_rows(len(attendance))
    return Printout(
        "bookings/attendance_sheet.html",
        {
            "session": session,
            "skpd": session.skpd_request.skpd,
            "attendance": attendance,
            "final": final,
            "walk_in_rows": walk_ins,
            "coaches": list(session.coaches.select_related("pegawai")),
        },
        kind="HADIR",
        subject=session,
        title=_("Daftar hadir Coaching Clinic %(skpd)s, %(day)s")
        % {"skpd": session.skpd_request.skpd.name, "day": dates.day(session.start)},
        seconds=SHEET_SECONDS + SHEET_SECONDS_PER_ROW * (len(attendance) + len(walk_ins)),
    )


@printout("HADIR")
def attendance_printout(pk: int) -> Printout:
    return attendance_printout_of(
        CoachingSession.objects.select_related("skpd_request__skpd").get(pk=pk)
    )


def attendance_sheet(session: CoachingSession) -> bytes:
    """The daftar hadir now."""
    return issue_printout(attendance_printout_of(session))
