"""The audit history (django-simple-history) of the portal's models, and who and why for the
changes made in services."""

import functools

from django.core.exceptions import ImproperlyConfigured
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
    """``simple_history.models.HistoricalRecords`` with the kept manager class, and history
    tables indexed by what reads them: what the portal's models declare
    (``history = HistoricalRecords()``).

    simple_history copies a model's indexes into its history table (each foreign key, each
    unique field: a pegawai's NIP twice, once for LIKE) and every save writes the history's
    row into all of them, though the history is read only by record (``id``: the timeline
    of a booking, a report, an SKP's versions), by date (the latest changes of pegawai) and
    by who changed it (``history_user``, whose account's deletion sets it null). Those
    stay; the record's own fields are copied without their indexes, but for those named in
    ``indexed`` (an SKP's versions read its RHK and behaviours by SKP, its indicators by
    RHK). A history's foreign keys have no constraint and nothing deletes through them."""

    def __init__(self, *args, indexed=(), history_manager=HistoryManager, **kwargs):
        if "no_db_index" in kwargs:
            raise ImproperlyConfigured("Name the indexed fields instead (indexed=[...]).")
        super().__init__(*args, history_manager=history_manager, **kwargs)
        self.indexed = frozenset(indexed)

    def copy_fields(self, model):
        # Called for the record's model, then for the link model of each of its tracked
        # many-to-many fields (a session's drafts), whose history is read by the record's
        # history row: their fields too lose their indexes, but for those named.
        names = {field.name for field in model._meta.fields}
        if not model._meta.auto_created and not self.indexed <= names:
            unknown = ", ".join(sorted(self.indexed - names))
            raise ImproperlyConfigured(f"{model.__name__} has no field {unknown} to index.")
        self.no_db_index = [
            field.name
            for field in model._meta.fields
            if not field.primary_key and field.name not in self.indexed
        ]
        return super().copy_fields(model)
