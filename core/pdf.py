"""PDF documents, rendered by WeasyPrint from templates that share the portal's print
stylesheet (static/css/print.css)."""

import base64
import functools
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

EMBLEM_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


@functools.cache
def emblem_data_uri(path: str) -> str:
    """The letterhead's emblem as a data: URI, so that WeasyPrint fetches nothing; "" when
    the file is missing or of a kind it cannot show (the letterhead then has none)."""
    file = Path(path)
    media_type = EMBLEM_TYPES.get(file.suffix.lower())
    if media_type is None or not file.is_file():
        return ""
    return f"data:{media_type};base64,{base64.b64encode(file.read_bytes()).decode()}"


def render_pdf(template: str, context: dict) -> bytes:
    html = render_to_string(
        template,
        {
            "portal": settings.PORTAL,
            "emblem": emblem_data_uri(settings.PORTAL["EMBLEM"]),
            **context,
        },
    )
    stylesheet = CSS(filename=finders.find("css/print.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
