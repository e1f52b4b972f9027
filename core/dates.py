"""Moments as users read them: the day in WITA (``25 November 2026``), with the time when
it matters (``25 November 2026, 09.00 WITA``)."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format


def day(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


def day_and_time(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y, H.i") + " WITA"
