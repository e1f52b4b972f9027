"""Dates and times typed the office's way are read whatever the separator or month name;
what is no date stays as typed, for the field to refuse."""

import pytest

from core.widgets import normalize_date, normalize_time


@pytest.mark.parametrize(
    "typed",
    [
        "16/12/2026",
        "16-12-2026",
        "16.12.2026",
        " 16 / 12 / 2026 ",
        "16 Desember 2026",
        "16 des 2026",
        "16 December 2026",
        "2026-12-16",
    ],
)
def test_every_way_of_writing_a_day_reads_the_same(typed):
    assert normalize_date(typed) == "2026-12-16"


@pytest.mark.parametrize("typed", ["12/16", "kemarin", "16 Desembre 2026", ""])
def test_what_is_no_date_is_passed_on_as_typed(typed):
    assert normalize_date(typed) == typed


@pytest.mark.parametrize("typed", ["08.30", "8.30", "08:30", "0830", " 8:30 "])
def test_every_way_of_writing_a_time_reads_the_same(typed):
    assert normalize_time(typed) == "08:30"


def test_a_day_and_month_swapped_is_refused_not_guessed(client, django_user_model):
    from bookings.forms import PublishForm

    form = PublishForm(
        {
            "first_day": "12/31/2026",
            "last_day": "31/12/2026",
            "weekdays": [1],
            "start_time": "08.00",
            "end_time": "12.00",
            "session_minutes": 60,
            "capacity": 1,
        }
    )
    assert not form.is_valid()
    assert "first_day" in form.errors and "last_day" not in form.errors
    assert form.cleaned_data["last_day"].isoformat() == "2026-12-31"
    assert form.cleaned_data["start_time"].strftime("%H:%M") == "08:00"
