"""Form widgets shared by the apps' forms.

Dates and times are plain text inputs in the office's own writing, ``16/12/2026`` and
``08.30`` (24 hours), whatever the browser's language: a browser's own date picker follows
its locale, and on an English PC shows ``12/16/2026`` and ``08:30 AM``, inviting day and
month to be swapped. What people type is read on the server: ``16/12/2026``, ``16-12-2026``,
``16.12.2026``, ``16 Desember 2026`` (or ``16 Des 2026``, ``16 December 2026``) and the ISO
``2026-12-16`` all mean the same day; ``8.30``, ``08:30`` and ``0830`` the same time.
"""

import html
import re

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.forms.formsets import (
    INITIAL_FORM_COUNT,
    MAX_NUM_FORM_COUNT,
    MIN_NUM_FORM_COUNT,
    TOTAL_FORM_COUNT,
)
from django.forms.models import ModelChoiceIterator
from django.forms.utils import ErrorList
from django.forms.widgets import Input
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan", "january"),
            ("februari", "feb", "pebruari", "february"),
            ("maret", "mar", "march"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "jun", "june"),
            ("juli", "jul", "july"),
            ("agustus", "agu", "agt", "aug", "august"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct", "october"),
            ("november", "nov", "nop", "nopember"),
            ("desember", "des", "dec", "december"),
        ],
        start=1,
    )
    for name in names
}
NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
WORDED_DATE = re.compile(r"^\s*(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})\s*$")
ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
TIME = re.compile(r"^\s*(\d{1,2})\s*[.:]?\s*(\d{2})\s*$")


def normalize_date(text: str) -> str:
    """What was typed as ISO ``YYYY-MM-DD`` for the date field to read; text that is no date
    in any of the accepted ways is passed on as typed (the field then says it is invalid)."""
    if match := ISO_DATE.match(text):
        year, month, day = match.groups()
    elif match := NUMERIC_DATE.match(text):
        day, month, year = match.groups()
    elif (match := WORDED_DATE.match(text)) and match.group(2).lower() in MONTHS:
        day, year = match.group(1), match.group(3)
        month = str(MONTHS[match.group(2).lower()])
    else:
        return text
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def normalize_time(text: str) -> str:
    """What was typed as ``HH:MM`` for the time field to read; anything else as typed."""
    if match := TIME.match(text):
        hours, minutes = match.groups()
        return f"{int(hours):02d}:{minutes}"
    return text


class DayInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "placeholder": _("hh/bb/tttt"),
                "inputmode": "numeric",
                "autocomplete": "off",
                "class": "date-input",
                **(attrs or {}),
            },
            format="%d/%m/%Y",
        )

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return normalize_date(value) if isinstance(value, str) else value


class ClockInput(forms.TimeInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "placeholder": _("jj.mm"),
                "inputmode": "numeric",
                "autocomplete": "off",
                "class": "time-input",
                **(attrs or {}),
            },
            format="%H.%M",
        )

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return normalize_time(value) if isinstance(value, str) else value


DATE_INPUT = DayInput()
TIME_INPUT = ClockInput()


# Pages that show the same fields and choices many times ------------------------------------
#
# The SKP editor draws a handful of fields on every one of its rows. Through crispy-forms
# and Django's widget templates each field costs over half a millisecond of template
# rendering; the light field below writes the same HTML in Python (what crispy's bootstrap5
# field.html writes for a labelled text input, textarea or select), and a select offered on
# every row escapes its options once instead of once per row.


def _escape(value) -> str:
    """conditional_escape() without its lazy-string wrapper, which costs more than the
    escaping itself when a page escapes a thousand attribute values."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class SharedChoices(BaseChoiceIterator):
    """The choices of a select that every row of a page offers alike. The forms share them
    (a form copies its fields, and with them ordinary choices) and the light field reuses
    their ``<option>`` tags, escaped once per language. Flat choices only, no groups."""

    def __init__(self, choices):
        self.choices = _choice_list(choices)
        self.is_flat = not any(isinstance(label, (list, tuple)) for _value, label in self.choices)
        self._options: dict[str | None, tuple[list[str], list[str], dict[str, int]]] = {}

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def options(self) -> tuple[list[str], list[str], dict[str, int]]:
        """The ``<option>`` tags unselected and selected, and each value's first position."""
        language = get_language()
        options = self._options.get(language)
        if options is None:
            plain, chosen, position = [], [], {}
            for index, (value, label) in enumerate(self.choices):
                value = "" if value is None else str(value)
                position.setdefault(value, index)
                value, label = _escape(value), _escape(label)
                plain.append(f'<option value="{value}">{label}</option>')
                chosen.append(f'<option value="{value}" selected>{label}</option>')
            options = self._options[language] = (plain, chosen, position)
        return options


def _choice_list(choices) -> list[tuple]:
    if type(choices) is ModelChoiceIterator:  # a subclass may iterate its own way
        # The field's queryset read with one plain query: the iterator reads it through
        # queryset.iterator(), a server-side cursor (DECLARE, FETCH and CLOSE, three round
        # trips for a few hundred SKPD).
        empty_label = choices.field.empty_label
        head = [] if empty_label is None else [("", empty_label)]
        return head + [choices.choice(obj) for obj in choices.queryset]
    # Through iter(): list() asks other choices for their length first (a COUNT query).
    return list(iter(choices))


def select_options(widget: forms.Select, values: list[str]) -> str | None:
    """The options of a single select, the first one whose value is among ``values``
    selected, as Django's Select marks them; None for choices in groups."""
    choices = widget.choices
    if not isinstance(choices, SharedChoices):
        choices = SharedChoices(choices)
    if not choices.is_flat:
        return None
    plain, chosen, position = choices.options()
    selected = min((position[v] for v in values if v in position), default=None)
    if selected is None:
        return "".join(plain)
    return "".join(plain[:selected]) + chosen[selected] + "".join(plain[selected + 1 :])


class Select(forms.Select):
    """Django's select with its options written in Python (escaped once per language), for
    a select of hundreds of options on a form drawn by crispy-forms: Django renders a
    template per option. Named like Django's, so that crispy-forms gives it the same
    ``select`` class. Choices in groups are drawn by Django."""

    def render(self, name, value, attrs=None, renderer=None):
        options = select_options(self, self.format_value(value))
        if options is None:
            return super().render(name, value, attrs, renderer)
        attrs = _attributes(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{_escape(name)}"{attrs}>{options}</select>')


def _attributes(attrs: dict) -> str:
    """Attributes as Django's widget templates write them: True bare, False left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


def _crispy_class(widget: forms.Widget, classes: str) -> str:
    """The class crispy-forms gives a widget: its own, its type's name, then ``classes``."""
    own, kind = widget.attrs.get("class", ""), type(widget).__name__.lower()
    names = f"{own} {kind}" if own and kind not in own else (own or kind)
    present = names.split()
    return " ".join([names, *(name for name in classes.split() if name not in present)])


# Inputs the light field leaves to crispy-forms: drawn in another layout, or with their own
# way of showing a value.
UNLIT_INPUTS = frozenset({"checkbox", "radio", "file", "password"})


def _kind(widget: forms.Widget) -> str | None:
    """Which of Django's own ways of drawing a widget it uses, if the light field knows it.
    (A widget drawn as a fieldset gets crispy-forms' fieldset box: left to crispy-forms.)"""
    if type(widget) in (forms.Select, Select):
        return "select"
    if type(widget).render is not forms.Widget.render or widget.use_fieldset:
        return None
    if isinstance(widget, forms.Textarea) and type(widget).get_context is forms.Widget.get_context:
        return "textarea"
    if (
        isinstance(widget, Input)
        and type(widget).get_context is Input.get_context
        and widget.input_type not in UNLIT_INPUTS
    ):
        return "input"
    return None


def render_widget(field: forms.BoundField, classes: str = "") -> str | None:
    """A bound field's widget as Django renders it (with ``classes`` added as crispy-forms
    adds them), written in Python; None for a widget this does not know."""
    return _widget_html(field, classes, field.errors, field.auto_id)


def _widget_html(
    field: forms.BoundField, classes: str, errors: ErrorList, auto_id: str
) -> str | None:
    """``render_widget`` with the field's errors and id read once by the caller: Django's
    BoundField works each of them out anew every time it is asked, and a field is asked
    for them by its widget's attributes, its label and its box."""
    widget = field.field.widget
    kind = _kind(widget)
    if kind is None:
        return None
    if field.field.localize:
        widget.is_localized = True
    attrs = _widget_attrs(field, widget, classes, errors, auto_id)
    name, value = _escape(field.html_name), widget.format_value(field.value())
    if kind == "select":
        options = select_options(widget, value)
        if options is None:
            return None
        return f'<select name="{name}"{_attributes(attrs)}>{options}</select>'
    if kind == "input":
        shown = "" if value is None else f' value="{_escape(value)}"'
        return f'<input type="{widget.input_type}" name="{name}"{shown}{_attributes(attrs)}>'
    text = _escape(value) if value else ""
    return f'<textarea name="{name}"{_attributes(attrs)}>\n{text}</textarea>'


def _widget_attrs(
    field: forms.BoundField, widget: forms.Widget, classes: str, errors: ErrorList, auto_id: str
) -> dict:
    """The widget's attributes as Django gives them to its template: its own, with what
    ``BoundField.build_widget_attrs()`` (Django 5.2) adds for the widgets ``_kind`` knows
    (none of them a MultiWidget or a fieldset), and the id. tests/core/test_light_field.py
    draws every kind both with this and with crispy-forms (Django's own rendering)."""
    attrs = dict(widget.attrs)
    if classes:
        attrs["class"] = _crispy_class(widget, classes)
    formfield = field.field
    if (
        formfield.required
        and field.form.use_required_attribute
        and widget.use_required_attribute(field.initial)
    ):
        attrs["required"] = True
    if formfield.disabled:
        attrs["disabled"] = True
    shown = not widget.is_hidden
    if shown and errors:
        attrs["aria-invalid"] = "true"
    # BoundField.aria_describedby, which leaves the widget's own alone.
    if auto_id and shown and not widget.attrs.get("aria-describedby"):
        described = f"{auto_id}_helptext" if field.help_text else ""
        if errors:
            described = f"{described} {auto_id}_error" if described else f"{auto_id}_error"
        if described:
            attrs["aria-describedby"] = described
    if auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", auto_id)
    return attrs


ASTERISK = '<span class="asteriskField">*</span>'


def _translated(text):
    """A lazy text translated once: each test and use of a lazy string translates it again.
    (A lazy text marked safe is left as it is, to be written unescaped.)"""
    if isinstance(text, Promise) and not hasattr(text, "__html__"):
        return str(text)
    return text


def translate_texts(form: forms.Form) -> None:
    """Puts ``form``'s labels and help texts into the active language once, for a form made
    for one page: a lazy text is translated each time it is read, and a field is read four
    times or more as it is drawn (its help text by Django's BoundField for one). Forms that
    share their fields (rows of a page) share their translated texts too."""
    for field in form.fields.values():
        field.label = _translated(field.label)
        field.help_text = _translated(field.help_text)


def render_field(field: forms.BoundField) -> str:
    """A field with its label, required mark, errors and help text, as crispy-forms'
    bootstrap5 ``field.html`` draws it (``|as_crispy_field``) for an input, textarea or
    select, the widget written in Python. Any other field goes to crispy-forms itself."""
    widget = field.field.widget
    errors, field_id = field.errors, field.auto_id
    if widget.is_hidden:
        return mark_safe(_widget_html(field, "", errors, field_id) or str(field))
    classes = "form-select" if isinstance(widget, forms.Select) else "form-control"
    control = _widget_html(field, f"{classes} is-invalid" if errors else classes, errors, field_id)
    if control is None:
        return as_crispy_field(field)
    auto_id = _escape(field_id)
    css = _escape(_css_classes(field))
    parts = [f'<div id="div_{auto_id}" class="mb-3{" " + css if css else ""}">']
    label = _translated(field.label)
    if label:
        required = field.field.required
        # BoundField.id_for_label, from the id read once.
        label_id = widget.id_for_label(widget.attrs.get("id") or field_id)
        target = f' for="{_escape(label_id)}"' if label_id else ""
        parts.append(
            f'<label{target} class="form-label{" requiredField" if required else ""}">'
            f"{_escape(label)}"
            f"{ASTERISK if required else ''}</label>"
        )
    parts.append(control)
    if errors:
        error_id = _escape(errors.field_id) if errors.field_id else auto_id
        parts.append(f'<div id="{error_id}_error" class="invalid-feedback">')
        parts += [
            f'<p id="error_{number}_{auto_id}"><strong>{_escape(error)}</strong></p>'
            for number, error in enumerate(errors, start=1)
        ]
        parts.append("</div>")
    help_text = _translated(field.help_text)
    if help_text:
        target = f'id="{auto_id}_helptext" ' if auto_id else ""
        parts.append(f'<div {target}class="form-text">{help_text}</div>')
    parts.append("</div>")
    return mark_safe("".join(parts))


def _css_classes(field: forms.BoundField) -> str:
    """``BoundField.css_classes()``, which reads the field's errors again, only for a form
    that names a class for them or for required fields."""
    form = field.form
    if not hasattr(form, "error_css_class") and not hasattr(form, "required_css_class"):
        return ""
    return field.css_classes()


def render_management(formset: forms.BaseFormSet) -> str:
    """A formset's management form as ``{{ formset.management_form }}`` draws it. With
    nothing posted its four numbers are written straight from the formset, without making
    the form (and copying its fields) to draw them: a page of many formsets draws many."""
    if formset.is_bound:
        return render_hidden(formset.management_form)
    counts = (
        (TOTAL_FORM_COUNT, formset.total_form_count()),
        (INITIAL_FORM_COUNT, formset.initial_form_count()),
        (MIN_NUM_FORM_COUNT, formset.min_num),
        (MAX_NUM_FORM_COUNT, formset.max_num),
    )
    auto_id = formset.auto_id
    parts = []
    for name, count in counts:
        name = f"{formset.prefix}-{name}"
        shown = (auto_id % name if "%s" in str(auto_id) else name) if auto_id else ""
        target = f' id="{_escape(shown)}"' if shown else ""
        parts.append(f'<input type="hidden" name="{_escape(name)}" value="{count}"{target}>')
    return mark_safe("".join(parts))


def render_hidden(form: forms.Form) -> str:
    """A form of hidden fields only, such as a formset's management form, as ``{{ form }}``
    draws it when it has no errors (one with errors is left to Django, to show them)."""
    if form.errors:
        return str(form)
    return mark_safe("".join(render_widget(field) or str(field) for field in form))
