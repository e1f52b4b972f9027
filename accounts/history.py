"""Who and why for the audit history (django-simple-history) of changes made in services."""


def stamp(instance, actor, reason: str = "") -> None:
    """Record ``actor`` and ``reason`` with the next save of ``instance``. Outside a request
    (services called from commands, tests or other services) nobody else would know them."""
    instance._history_user = actor
    instance._change_reason = reason
