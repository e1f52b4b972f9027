"""The SKP as a PDF in the customary layout of PermenPANRB 6/2022, rendered by WeasyPrint
with the portal's one print stylesheet."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.documents import issue_pdf
from core.pdf import render_pdf
from skp_drafts.document import Document
from skp_drafts.models import Skp


def skp_pdf(document: Document) -> bytes:
    """The identity table of the pegawai and its pejabat penilai, the RHK table (with
    perspectives for a JPT, intervened RHK and aspects for the others), the behaviour table,
    the signature blocks with place and date, and the attachment."""
    skp = document.skp
    context = {
        "skp": skp,
        "document": document,
        "city": settings.PORTAL["CITY"],
        "today": timezone.localdate(),
    }
    if skp.pegawai_id is None:  # a guide's example is no document of anyone's
        return render_pdf("skp_drafts/skp_pdf.html", context)
    return issue_pdf(
        "skp_drafts/skp_pdf.html",
        context,
        kind="SKP",
        subject=skp,
        title=_("SKP %(year)s %(name)s") % {"year": skp.year, "name": skp.pegawai.name},
        signed_by=skp.pegawai.name,
    )


def file_name(skp: Skp, extension: str) -> str:
    who = skp.pegawai.nip if skp.pegawai_id else f"contoh-{skp.pk}"
    return f"SKP-{skp.year}-{who}.{extension}"
