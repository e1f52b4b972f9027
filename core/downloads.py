"""The responses that hand a document to the browser: generated PDFs and Excel workbooks,
and uploaded files (always as an attachment, never sniffed into something else)."""

from django.http import FileResponse, Http404, HttpResponse

from core.uploads import MEDIA_TYPES


def names_a_file(response: HttpResponse) -> bool:
    """Whether a response hands out a file (it names one: Content-Disposition), whoever
    made it: these helpers, a FileResponse, an ICS written by hand."""
    return "Content-Disposition" in response


def _named(response: HttpResponse, name: str, *, inline: bool) -> HttpResponse:
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    return response


def pdf_response(content: bytes, name: str, *, inline: bool = False) -> HttpResponse:
    """A generated PDF: shown in the browser when ``inline``, else downloaded."""
    return _named(HttpResponse(content, content_type=MEDIA_TYPES["pdf"]), name, inline=inline)


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
