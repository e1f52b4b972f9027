"""The responses that hand a document to the browser: generated PDFs and Excel workbooks,
and uploaded files (always as an attachment, never sniffed into something else); and what
counts as a document handed out (for no-store and the audit trail, core.middleware)."""

import math
import re
from urllib.parse import unquote

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render

from core.documents import Preparing, request_pdf
from core.uploads import MEDIA_TYPES

# The "being prepared" page asks again when the document is expected to be filed, but not
# sooner than PREPARING_SOONEST_SECONDS nor later than PREPARING_LATEST_SECONDS (each ask
# reads the printout again); once that time has passed, or when nothing is known of the
# render, every PREPARING_REFRESH_SECONDS.
PREPARING_REFRESH_SECONDS = 3
PREPARING_SOONEST_SECONDS = 2
PREPARING_LATEST_SECONDS = 20


def names_a_file(response: HttpResponse) -> bool:
    """Whether a response hands out a file (it names one: Content-Disposition), whoever
    made it: these helpers, a FileResponse, an ICS written by hand."""
    return "Content-Disposition" in response


def is_document(response: HttpResponse) -> bool:
    """A file handed out as such: a PDF, a workbook, a calendar entry or an uploaded file,
    not an image that a page shows inside it (a report's photos)."""
    disposition = response.get("Content-Disposition", "")
    inline_image = disposition.startswith("inline") and response.get("Content-Type", "").startswith(
        "image/"
    )
    return bool(disposition) and not inline_image


def file_name(response: HttpResponse) -> str:
    """The name a response gives its file (Content-Disposition), "" when it names none."""
    disposition = response.get("Content-Disposition", "")
    encoded = re.search(r"filename\*=utf-8''([^;]+)", disposition, re.IGNORECASE)
    if encoded:
        return unquote(encoded.group(1))
    plain = re.search(r'filename="([^"]*)"', disposition)
    return plain.group(1) if plain else ""


def _named(response: HttpResponse, name: str, *, inline: bool) -> HttpResponse:
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    return response


def pdf_response(content: bytes, name: str, *, inline: bool = False) -> HttpResponse:
    """A generated PDF: shown in the browser when ``inline``, else downloaded."""
    return _named(HttpResponse(content, content_type=MEDIA_TYPES["pdf"]), name, inline=inline)


def issued_pdf_response(request, kind: str, args: dict, name: str, *, inline: bool = False):
    """An issued document (core.documents.request_pdf): the PDF, or while it is being
    prepared the page that says so (202) and asks again by itself."""
    content = request_pdf(kind, args)
    if isinstance(content, Preparing):
        return preparing_response(request, ready_in=content.seconds)
    return pdf_response(content, name, inline=inline)


def preparing_response(request, *, ready_in: float | None = None) -> HttpResponse:
    """ "Dokumen sedang disiapkan": reloads the same address (a meta refresh: the Content
    Security Policy allows no inline script) when the PDF is expected, ``ready_in`` seconds
    from now, and again until it comes."""
    estimated = ready_in is not None and ready_in > 0
    if estimated:
        seconds = min(max(math.ceil(ready_in), PREPARING_SOONEST_SECONDS), PREPARING_LATEST_SECONDS)
    else:
        seconds = PREPARING_REFRESH_SECONDS
    response = render(
        request,
        "pdf_preparing.html",
        {"refresh_seconds": seconds, "estimated": estimated},
        status=202,
    )
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


def xlsx_response(content: bytes, name: str) -> HttpResponse:
    """A generated Excel workbook, downloaded."""
    return _named(HttpResponse(content, content_type=MEDIA_TYPES["xlsx"]), name, inline=False)


def uploaded_file_response(field_file, name: str, content_type: str = "") -> FileResponse:
    """An uploaded file as a download; a file missing from the storage answers 404."""
    try:
        opened = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        opened,
        as_attachment=True,
        filename=name,
        **({"content_type": content_type} if content_type else {}),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
