"""PDF documents, rendered by WeasyPrint from templates that share the portal's print
stylesheet (static/css/print.css)."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML


def render_pdf(template: str, context: dict) -> bytes:
    html = render_to_string(template, {"portal": settings.PORTAL, **context})
    stylesheet = CSS(filename=finders.find("css/print.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
