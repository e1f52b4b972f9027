"""COPY with history (core.bulk): each row copied gets one "created" history row, written
by PostgreSQL from the row as stored."""

import datetime

import pytest
from django.utils import timezone

from bookings.models import Closure
from core.bulk import copy_with_history, key_runs, reserve_ids


@pytest.mark.django_db
def test_each_copied_row_gets_its_created_history_row():
    Closure.objects.create(date=datetime.date(2026, 12, 24), name="Sudah ada")
    days = [datetime.date(2026, 12, 25), datetime.date(2026, 12, 26), datetime.date(2027, 1, 1)]
    ids = reserve_ids(Closure, len(days))
    rows = [(pk, day, f"Libur {day:%d %m}", True) for pk, day in zip(ids, days, strict=True)]
    when = timezone.now() - datetime.timedelta(days=3)
    assert (
        copy_with_history(
            Closure,
            ["id", "date", "name", "is_public_holiday"],
            rows,
            history_date=when,
            reason="uji",
        )
        == 3
    )
    history = Closure.history.filter(id__in=ids).order_by("history_id")
    assert [(h.id, h.date, h.name, h.is_public_holiday) for h in history] == rows
    assert {(h.history_type, h.history_change_reason, h.history_date) for h in history} == {
        ("+", "uji", when)
    }
    # The row that was there already gets none.
    assert not Closure.history.filter(name="Sudah ada", history_change_reason="uji").exists()


def test_keys_are_grouped_in_runs_of_consecutive_ones():
    assert key_runs([7, 3, 4, 5, 9, 8, 12, 4]) == ([3, 7, 12], [5, 9, 12])
    assert key_runs([]) == ([], [])


@pytest.mark.django_db
def test_rows_whose_keys_have_gaps_get_their_history_and_the_rows_between_none():
    first, between, last = reserve_ids(Closure, 3)
    assert between == first + 1 == last - 1  # a gap indeed, once the middle one is taken
    Closure.objects.create(pk=between, date=datetime.date(2026, 12, 24), name="Di antara")
    rows = [
        (first, datetime.date(2026, 12, 25), "Natal", True),
        (last, datetime.date(2027, 1, 1), "Tahun Baru", True),
    ]
    copy_with_history(Closure, ["id", "date", "name", "is_public_holiday"], rows, reason="uji")
    copied = Closure.history.filter(history_change_reason="uji").order_by("history_id")
    assert [(h.id, h.name) for h in copied] == [(first, "Natal"), (last, "Tahun Baru")]
