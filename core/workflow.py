"""The one shape of every workflow of the portal: a transition table as data, run the same
way whatever the model. Each app keeps its own table (the SKPD requests, the draft SKP's
review, the session reports) and calls ``begin`` and ``finish`` around what its step does:

    skp = REVIEW.begin(actor, document_skp_queryset(), skp_id, "submit")
    ...  # the step's own checks and changes, under the row lock
    REVIEW.finish(skp, actor, "submit", reason)

``begin`` locks the row, checks the actor's permission (django-rules, on the object) and the
current state; ``finish`` sets the new state and records who and why in the history.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import rules
from django.db.models import Model, QuerySet

from core.errors import PortalError
from core.history import stamp


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset
    target: str
    permission: str  # a django-rules permission, checked on the object
    label: str = ""  # what the history records when the step gives no reason


class Workflow:
    def __init__(
        self,
        transitions: Iterable[Transition],
        *,
        error: type[PortalError],
        forbidden: str,
        wrong_state: str,
        missing: str = "",
    ):
        """``forbidden`` and ``wrong_state`` are the refusals' messages (lazy strings; the
        second with %(status)s); ``missing``, when given, refuses an unknown id with a
        message instead of letting DoesNotExist through."""
        self.transitions = {transition.name: transition for transition in transitions}
        self.error = error
        self.forbidden = forbidden
        self.wrong_state = wrong_state
        self.missing = missing

    def may(self, user, obj: Model, name: str) -> bool:
        """Whether ``user`` may apply transition ``name`` to ``obj`` now (for the buttons)."""
        transition = self.transitions[name]
        return obj.status in transition.sources and rules.has_perm(transition.permission, user, obj)

    def begin(self, actor, queryset: QuerySet, pk: int, name: str) -> Model:
        """The object, locked for the rest of the transaction, once the actor may apply
        ``name`` to it in its current state; the workflow's error otherwise."""
        # FOR NO KEY UPDATE: no step deletes its object or changes a key. Another
        # transaction's foreign-key check on the row, run at its commit while it holds a
        # version this step renews next, passes instead of waiting (an attendance and a
        # reopened SKP, tests/bookings/test_concurrency.py).
        try:
            obj = queryset.select_for_update(of=("self",), no_key=True).get(pk=pk)
        except queryset.model.DoesNotExist:
            if not self.missing:
                raise
            raise self.error(str(self.missing)) from None
        transition = self.transitions[name]
        if not rules.has_perm(transition.permission, actor, obj):
            raise self.error(str(self.forbidden))
        if obj.status not in transition.sources:
            raise self.error(str(self.wrong_state) % {"status": obj.get_status_display()})
        return obj

    def finish(self, obj: Model, actor, name: str, reason: str = "", update_fields=None) -> None:
        """Move ``obj`` to the transition's state, recording ``actor`` and ``reason`` (or
        the transition's label) in its history."""
        transition = self.transitions[name]
        obj.status = transition.target
        stamp(obj, actor, reason or str(transition.label))
        obj.save(update_fields=update_fields)
