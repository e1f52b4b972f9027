from django import template
from django.utils.safestring import mark_safe

from core.panels import shown

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, place: str, **arguments):
    """Draw the panels registered for ``place``, each with the page's context and its own."""
    drawn = []
    for panel, extra in shown(place, context["request"], **arguments):
        with context.push(**extra):
            drawn.append(context.template.engine.get_template(panel.template).render(context))
    return mark_safe("".join(drawn))
