"""Panels that an app shows on another app's page without that page knowing it: the home
page is made of the panels every app registers for it, and a coaching session's page shows
the drafts panel of the draft SKP app. A lower app never imports a higher one; each
registers its panels here, in its AppConfig.ready(), and a page draws the panels of a place
with ``{% panels "place" %}`` (core/templatetags/panels.py).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    order: int
    template: str
    # The panel's context for this request (and the page's arguments), or None to leave
    # the panel out.
    context: Callable[..., dict | None]


_PLACES: dict[str, list[Panel]] = defaultdict(list)


def panel(place: str, *, order: int, template: str) -> Callable:
    """Register the decorated function as a panel of ``place``, drawn in ``order``."""

    def register(function: Callable[..., dict | None]) -> Callable[..., dict | None]:
        panels = _PLACES[place]
        panels.append(Panel(order, template, function))
        panels.sort(key=lambda panel: panel.order)
        return function

    return register


def panels_of(place: str) -> list[Panel]:
    return list(_PLACES[place])


def shown(place: str, request: HttpRequest, **arguments) -> list[tuple[Panel, dict]]:
    """The panels of ``place`` that have something to show, with their contexts."""
    found = []
    for registered in _PLACES[place]:
        context = registered.context(request, **arguments)
        if context is not None:
            found.append((registered, context))
    return found
