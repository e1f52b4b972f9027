"""The daftar hadir as its documents print it (the session report's annex, a visit's
attendance sheet): each participant's presence, and the rows themselves written in Python.
A daftar hadir lists hundreds; through the template engine the dozen nodes of each row were
most of the time it took to lay out a filed report's HTML again and compare its fingerprint
(core.documents), on every download (docs/benchmarks.md, eighteenth section). Each row is
written as the templates wrote it, its values escaped as they were (html.escape: Django's
escape() without its lazy-string check per call), and the templates keep the whitespace
around the rows, so that the documents' HTML, and with it their fingerprints, stay what
they were: no filed copy is issued anew. The tables' columns and headings stay in the
templates."""

from html import escape

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from bookings.models import Attendance

register = template.Library()


@register.filter
def presence(attendance: Attendance) -> str:
    """Present with the check-in time (WITA), or recorded by the coach; absent; or not
    recorded yet."""
    if attendance.present:
        if attendance.checked_in_at:
            moment = timezone.localtime(attendance.checked_in_at)
            return _("Hadir %(time)s") % {"time": date_format(moment, "H.i")}
        return _("Hadir (dicatat coach)")
    if attendance.present is False:
        return _("Tidak hadir")
    return _("Belum dicatat")


@register.filter
def daftar_hadir_rows(attendance: list[Attendance], final: bool = True) -> list[SafeString]:
    """One ``<tr>`` per participant, numbered: name (a walk-in marked), NIP, jabatan, SKPD;
    once the session is over (``final``) the presence too, and the signature cell numbered
    only for those present (before it, every row's, to be signed on the day)."""
    # Not escaped: the template's {% translate %} of a literal printed its translation as
    # it is.
    walk_in = f' <span class="muted">({_("tambahan")})</span>'
    rows = []
    for number, entry in enumerate(attendance, 1):
        pegawai = entry.pegawai
        row = (
            f'<tr><td class="no">{number}</td><td>{escape(pegawai.name)}'
            f"{walk_in if entry.walk_in else ''}</td>"
            f'<td class="nowrap">{escape(pegawai.nip_display)}</td>'
            f"<td>{escape(pegawai.jabatan)}</td><td>{escape(pegawai.skpd.name)}</td>"
        )
        if final:
            # The newline the presence's include printed, before a filter took its place.
            row += f"<td>{escape(presence(entry))}\n</td>"
        signed = f"{number}." if entry.present or not final else ""
        rows.append(mark_safe(f'{row}<td class="sign">{signed}</td></tr>'))
    return rows
