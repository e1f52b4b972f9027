"""The SKP as a PDF in the customary layout of PermenPANRB 6/2022, rendered by WeasyPrint
with the portal's one print stylesheet."""

from django.conf import settings
from django.utils import timezone

from core.pdf import render_pdf
from skp_drafts.document import Document
from skp_drafts.models import Skp


def skp_pdf(document: Document) -> bytes:
    """The identity table of the pegawai and its pejabat penilai, the RHK table (with
    perspectives for a JPT, intervened RHK and aspects for the others), the behaviour table,
    the signature blocks with place and date, and the attachment."""
    return render_pdf(
        "skp_drafts/skp_pdf.html",
        {
            "skp": document.skp,
            "document": document,
            "city": settings.PORTAL["CITY"],
            "today": timezone.localdate(),
        },
    )


def file_name(skp: Skp, extension: str) -> str:
    who = skp.pegawai.nip if skp.pegawai_id else f"contoh-{skp.pk}"
    return f"SKP-{skp.year}-{who}.{extension}"
