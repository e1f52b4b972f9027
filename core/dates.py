"""Moments as users read them: the day in WITA (``25 November 2026``), with the time when
it matters (``25 November 2026, 09.00 WITA``), a span of hours (``08.30–12.00 WITA``), and
a date asked for in a query string."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format


def day(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


def day_and_time(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y, H.i") + " WITA"


def hours(start: datetime.datetime, end: datetime.datetime) -> str:
    """``08.30–12.00 WITA``."""
    return f"{timezone.localtime(start):%H.%M}–{timezone.localtime(end):%H.%M} WITA"


def day_and_hours(start: datetime.datetime, end: datetime.datetime) -> str:
    """``Selasa, 8 Desember 2026, 08.30–12.00 WITA``."""
    return f"{date_format(timezone.localtime(start), 'l, j F Y')}, {hours(start, end)}"


def day_bounds(
    first_day: datetime.date, last_day: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """The moments a span of days (WITA) begins and ends (the next day's midnight): filtering
    a timestamp against them uses its index, where ``__date`` casts every row."""
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(first_day, datetime.time(), tzinfo=zone),
        datetime.datetime.combine(
            last_day + datetime.timedelta(days=1), datetime.time(), tzinfo=zone
        ),
    )


# How far from today a date in a query string may be: farther is a typo or a probe.
DATE_PARAM_RANGE_DAYS = 2 * 366


def date_param(request, name: str) -> datetime.date | None:
    """A YYYY-MM-DD query parameter within two years of today; None otherwise."""
    try:
        day = parse_date(request.GET.get(name, ""))
    except ValueError:
        return None
    if day is None or abs((day - timezone.localdate()).days) > DATE_PARAM_RANGE_DAYS:
        return None
    return day
