from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from skp_drafts.models import RhkKind

register = template.Library()


@register.filter
def lookup(mapping, key):
    """``mapping|lookup:key``: the value under a key computed in the template, or None."""
    if not mapping:
        return None
    return mapping.get(key)


@register.simple_tag
def cascade_rows(rows, jenjang_labels: dict):
    """The cascade's tree, one ``<li>`` per RHK, written in Python: the largest SKPD has
    hundreds of rows, and drawing them through the template engine took most of the page's
    time. Each row: its owner and jenjang (from ``jenjang_labels``, one dict for the page),
    the RHK's text and its gaps as badges. Plain strings, escaped as the template would
    (html.escape: Django's escape() adds a lazy-string check per call)."""
    badge = '<span class="badge {}">{}</span>'
    gaps = [
        (
            "not_intervened",
            " " + badge.format("text-bg-warning", escape(_("belum diintervensi bawahan"))),
        ),
        ("orphan", " " + badge.format("text-bg-danger", escape(_("tanpa RHK atasan")))),
    ]
    extra = " " + badge.format("text-bg-light border", escape(_("tambahan")))
    drawn = []
    for row in rows:
        marks = "".join(shown for flag, shown in gaps if getattr(row, flag))
        if row.rhk.kind == RhkKind.TAMBAHAN:
            marks += extra
        drawn.append(
            f'<li class="cascade-row depth-{row.depth}{" cascade-orphan" if row.orphan else ""}"'
            f' aria-level="{row.depth + 1}">'
            f'<div class="cascade-owner small text-body-secondary">{escape(row.owner.name)} · '
            f"{escape(jenjang_labels.get(row.owner.jenjang, row.owner.jenjang))}</div>"
            f"<div>{escape(row.rhk.text)}{marks}</div></li>"
        )
    return mark_safe("".join(drawn))
