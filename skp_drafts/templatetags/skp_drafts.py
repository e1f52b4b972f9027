from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """``mapping|lookup:key``: the value under a key computed in the template, or None."""
    if not mapping:
        return None
    return mapping.get(key)
