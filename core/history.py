"""The audit history (django-simple-history) of the portal's models, and who and why for the
changes made in services."""

import functools

from simple_history import manager, models

# The history tables keep the reason in a column of this many characters.
REASON_LENGTH = 100


def fit_reason(reason: str) -> str:
    """``reason`` as the history's column holds it: cut with an ellipsis when too long."""
    if len(reason) > REASON_LENGTH:
        return reason[: REASON_LENGTH - 1] + "…"
    return reason


def stamp(instance, actor, reason: str = "") -> None:
    """Record ``actor`` and ``reason`` with the next save of ``instance``. Outside a request
    (services called from commands, tests or other services) nobody else would know them.
    A reason longer than its column is cut with an ellipsis (the whole text, where it
    matters, is kept in the record itself: a remark, a disposition)."""
    instance._history_user = actor
    instance._change_reason = fit_reason(reason)


class HistoryManager(manager.HistoryManager):
    """simple_history's manager, with its class made once per queryset class.

    Every ``instance.history`` (and simple_history reads it on every historical save) asks
    ``from_queryset`` for the manager's class, and Django builds a new class each time,
    inspecting every method of the queryset: about 0.1 ms a save. The class depends only on
    its arguments, so it is kept."""

    @classmethod
    @functools.cache
    def from_queryset(cls, queryset_class, class_name=None):
        return super().from_queryset(queryset_class, class_name)


class HistoricalRecords(models.HistoricalRecords):
    """``simple_history.models.HistoricalRecords`` with the kept manager class: what the
    portal's models declare (``history = HistoricalRecords()``)."""

    def __init__(self, *args, history_manager=HistoryManager, **kwargs):
        super().__init__(*args, history_manager=history_manager, **kwargs)
