"""PDF documents of the bookings app, rendered by WeasyPrint from templates that share the
portal's print stylesheet (static/css/print.css)."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from bookings.models import SkpdRequest


def render_pdf(template: str, context: dict) -> bytes:
    html = render_to_string(template, {"portal": settings.PORTAL, **context})
    stylesheet = CSS(filename=finders.find("css/print.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])


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
