"""Form widgets shared by the apps' forms.

Dates and times are plain text inputs in the office's own writing, ``16/12/2026`` and
``08.30`` (24 hours), whatever the browser's language: a browser's own date picker follows
its locale, and on an English PC shows ``12/16/2026`` and ``08:30 AM``, inviting day and
month to be swapped. What people type is read on the server: ``16/12/2026``, ``16-12-2026``,
``16.12.2026``, ``16 Desember 2026`` (or ``16 Des 2026``, ``16 December 2026``) and the ISO
``2026-12-16`` all mean the same day; ``8.30``, ``08:30`` and ``0830`` the same time.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan", "january"),
            ("februari", "feb", "pebruari", "february"),
            ("maret", "mar", "march"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "jun", "june"),
            ("juli", "jul", "july"),
            ("agustus", "agu", "agt", "aug", "august"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct", "october"),
            ("november", "nov", "nop", "nopember"),
            ("desember", "des", "dec", "december"),
        ],
        start=1,
    )
    for name in names
}
NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
WORDED_DATE = re.compile(r"^\s*(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})\s*$")
ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
TIME = re.compile(r"^\s*(\d{1,2})\s*[.:]?\s*(\d{2})\s*$")


def normalize_date(text: str) -> str:
    """What was typed as ISO ``YYYY-MM-DD`` for the date field to read; text that is no date
    in any of the accepted ways is passed on as typed (the field then says it is invalid)."""
    if match := ISO_DATE.match(text):
        year, month, day = match.groups()
    elif match := NUMERIC_DATE.match(text):
        day, month, year = match.groups()
    elif (match := WORDED_DATE.match(text)) and match.group(2).lower() in MONTHS:
        day, year = match.group(1), match.group(3)
        month = str(MONTHS[match.group(2).lower()])
    else:
        return text
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def normalize_time(text: str) -> str:
    """What was typed as ``HH:MM`` for the time field to read; anything else as typed."""
    if match := TIME.match(text):
        hours, minutes = match.groups()
        return f"{int(hours):02d}:{minutes}"
    return text


class DayInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "placeholder": _("hh/bb/tttt"),
                "inputmode": "numeric",
                "autocomplete": "off",
                "class": "date-input",
                **(attrs or {}),
            },
            format="%d/%m/%Y",
        )

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return normalize_date(value) if isinstance(value, str) else value


class ClockInput(forms.TimeInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "placeholder": _("jj.mm"),
                "inputmode": "numeric",
                "autocomplete": "off",
                "class": "time-input",
                **(attrs or {}),
            },
            format="%H.%M",
        )

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return normalize_time(value) if isinstance(value, str) else value


DATE_INPUT = DayInput()
TIME_INPUT = ClockInput()
