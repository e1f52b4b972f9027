"""Who and why for the audit history (django-simple-history) of changes made in services."""

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
