from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.text import truncate_chars
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


def _listed(text: str, aside: str) -> str:
    """A side list's ``<li>``: its text, then what it belongs to, muted."""
    return f'<li>{escape(text)} <span class="text-body-secondary">· {escape(aside)}</span></li>'


@register.simple_tag
def cascade_gap_items(rows):
    """The ``<li>`` of a list of the cascade's gaps (``not_intervened``, ``orphans``): the
    RHK's text shortened to 90 letters and its owner. Written in Python like the tree: the
    largest SKPD's lists hold dozens of RHK each."""
    return mark_safe(
        "".join(_listed(truncate_chars(row.rhk.text, 90), row.owner.name) for row in rows)
    )


@register.simple_tag
def cascade_people_items(people, jenjang_labels: dict):
    """The ``<li>`` of the cascade's pegawai without an SKP: name and jenjang (from
    ``jenjang_labels``, as on the tree's rows)."""
    return mark_safe(
        "".join(
            _listed(person.name, jenjang_labels.get(person.jenjang, person.jenjang))
            for person in people
        )
    )
