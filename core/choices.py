"""Statuses that know how they are shown: their label (TextChoices) and the colour of their
badge, so that no template compares status strings to pick a colour. Every badge is drawn by
templates/includes/status_badge.html from a member: ``obj.status_choice`` on a model. And the
labels of any choices as one dict per language (``choice_labels``), for pages that show one
on every row, and a model's ``get_FOO_display()`` read from it (``display``)."""

from collections.abc import Callable

from django.db import models

from core.languages import per_language


class StatusChoices(models.TextChoices):
    """A TextChoices whose subclass names each member's Bootstrap colour in ``colours()``
    (success, primary, warning, danger, info; secondary when not named)."""

    @classmethod
    def colours(cls) -> dict:
        return {}

    @property
    def badge(self) -> str:
        return self.colours().get(self, "secondary")


class StatusOf:
    """``status_choice = StatusOf(BookingStatus)`` on a model: its status as the member, for
    the badge template."""

    def __init__(self, choices: type[StatusChoices], field: str = "status"):
        self.choices = choices
        self.field = field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = getattr(instance, self.field)
        return self.choices(value) if value else None


@per_language
def choice_labels(choices: type[models.Choices]) -> dict:
    """Each value's label in the active language, computed once per language: for a list
    that shows a label on every row, where Django's ``get_FOO_display`` rebuilds the
    choices (through gettext) on every call (``display`` reads this instead)."""
    return {value: str(label) for value, label in choices.choices}


def display(choices: type[models.Choices], field: str) -> Callable[[models.Model], str]:
    """A model's ``get_<field>_display()`` that reads choice_labels(): defined on the model
    (``get_jenjang_display = display(Jenjang, "jenjang")``), it takes the place of Django's,
    which translates every label of the choices on each call. The same answer: the label
    in the active language, or the value itself when it is none of the choices."""

    def get_display(self):
        value = getattr(self, field)
        return choice_labels(choices).get(value, value)

    get_display.__name__ = f"get_{field}_display"
    return get_display
