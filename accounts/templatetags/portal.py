from django import template

from accounts.nip import format_nip

register = template.Library()


@register.filter
def nip(value: str) -> str:
    """Group a NIP for reading: 19860926 201505 1 001."""
    return format_nip(value or "")


@register.simple_tag(takes_context=True)
def page_url(context, page_number: int) -> str:
    """The current list's query string with another page number."""
    query = context["request"].GET.copy()
    query["page"] = page_number
    return f"?{query.urlencode()}"


@register.filter
def minutes(value) -> int:
    """Whole minutes of a timedelta (rounded up), for messages such as a lockout's."""
    if not value:
        return 0
    return -(-int(value.total_seconds()) // 60)
