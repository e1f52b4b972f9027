"""PDF documents of the SKPD visits: the lembar disposisi."""

from bookings.models import SkpdRequest
from core.pdf import render_pdf


def disposition_sheet(request: SkpdRequest) -> bytes:
    """The lembar disposisi of a request: the letter, the Kepala BKPSDM's decisions and
    instructions, and to whom it goes."""
    dispositions = list(
        request.dispositions.select_related("decided_by__pegawai").prefetch_related(
            "coaches__pegawai"
        )
    )
    return render_pdf(
        "bookings/disposition_sheet.html",
        {"request": request, "dispositions": dispositions},
    )
