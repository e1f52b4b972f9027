"""A participant's presence as the daftar hadir prints it (the session report's annex, a
visit's attendance sheet): a filter, where an include per row cost a daftar hadir of
hundreds as many template renders (docs/benchmarks.md). The templates keep the newline
after it that the include printed, so that the documents' HTML, and with it their
fingerprints (core.documents), stay what they were: no filed copy is issued anew."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
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
