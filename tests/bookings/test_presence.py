"""A participant's presence as the daftar hadir prints it."""

import datetime

import pytest
from django.utils import translation

from bookings.models import Attendance
from bookings.templatetags.attendance import presence

CHECKED_IN = datetime.datetime(2026, 12, 4, 0, 15, tzinfo=datetime.UTC)  # 08.15 WITA


@pytest.mark.parametrize(
    ("present", "checked_in_at", "printed"),
    [
        (True, CHECKED_IN, "Hadir 08.15"),
        (True, None, "Hadir (dicatat coach)"),
        (False, None, "Tidak hadir"),
        (None, None, "Belum dicatat"),
    ],
    ids=["checked-in", "recorded-by-coach", "absent", "not-yet"],
)
def test_the_presence_printed_for_each_outcome(present, checked_in_at, printed):
    attendance = Attendance(present=present, checked_in_at=checked_in_at)
    assert presence(attendance) == printed


def test_the_presence_follows_the_language():
    with translation.override("en"):
        assert presence(Attendance(present=True, checked_in_at=CHECKED_IN)) == "Attended 08.15"
