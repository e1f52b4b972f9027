"""``{{ form.field|light_field }}``: a field as ``|as_crispy_field`` draws it, written in
Python (core.widgets.render_field), for forms that repeat a field on many rows."""

from django import template

from core.widgets import render_field, render_management

register = template.Library()


@register.filter
def light_field(field):
    return render_field(field)


@register.filter
def light_management_form(formset):
    """A formset's management form, drawn in Python."""
    return render_management(formset)
