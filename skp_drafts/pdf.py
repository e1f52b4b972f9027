"""The SKP as a PDF in the customary layout of PermenPANRB 6/2022, rendered by WeasyPrint
with the portal's one print stylesheet."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.documents import Printout, issue_printout, printout
from core.pdf import render_pdf
from skp_drafts.content import document_print_size
from skp_drafts.document import Document, document_skp_queryset, load_document
from skp_drafts.models import Skp

TEMPLATE = "skp_drafts/skp_pdf.html"
# Measured on the reference machine (docs/benchmarks.md, "Bounded PDFs"): a few tenths of a
# second for any SKP, and about 25,000 characters of print size a second.
BASE_SECONDS = 0.2
PRINT_SIZE_PER_SECOND = 25_000


def render_seconds(document: Document) -> float:
    """How long the SKP's PDF is expected to take to render."""
    return BASE_SECONDS + document_print_size(document) / PRINT_SIZE_PER_SECOND


def skp_context(document: Document) -> dict:
    """The identity table of the pegawai and its pejabat penilai, the RHK table (with
    perspectives for a JPT, intervened RHK and aspects for the others), the behaviour table,
    the signature blocks with place and date, and the attachment."""
    return {
        "skp": document.skp,
        "document": document,
        "city": settings.PORTAL["CITY"],
        "today": timezone.localdate(),
    }


def skp_printout_of(document: Document) -> Printout:
    skp = document.skp
    return Printout(
        TEMPLATE,
        skp_context(document),
        kind="SKP",
        subject=skp,
        title=_("SKP %(year)s %(name)s") % {"year": skp.year, "name": skp.pegawai.name},
        signed_by=skp.pegawai.name,
        seconds=render_seconds(document),
    )


@printout("SKP")
def skp_printout(pk: int) -> Printout:
    """A pegawai's SKP as an issued document (a guide's example is no document of
    anyone's: ``example_pdf``)."""
    return skp_printout_of(load_document(document_skp_queryset().get(pk=pk, pegawai__isnull=False)))


def skp_pdf(document: Document) -> bytes:
    """The SKP's PDF now, issued (an example's rendered only)."""
    if document.skp.is_example:
        return example_pdf(document)
    return issue_printout(skp_printout_of(document))


def example_pdf(document: Document, *, wait: float | None = None) -> bytes:
    """An example of the guide, rendered (``wait`` as for core.pdf.render_slot)."""
    return render_pdf(TEMPLATE, skp_context(document), wait=wait)


def file_name(skp: Skp, extension: str) -> str:
    who = skp.pegawai.nip if skp.pegawai_id else f"contoh-{skp.pk}"
    return f"SKP-{skp.year}-{who}.{extension}"
