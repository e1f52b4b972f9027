"""The slots of the week an ASN books from and moves a booking to
(templates/bookings/includes/week_calendar.html), written in Python: a busy day lists a
hundred and more, and through the template engine the ten-odd nodes of each row took most
of the page's time. The rows come prepared (bookings.open_week); each is drawn as the
template drew it, its values escaped as the template would (html.escape: Django's escape()
adds a lazy-string check per call)."""

from html import escape

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import mark_safe

register = template.Library()

# A day's rows are titled by their coach (the hours head the column); the week's by their
# hours, kept on one line, the row wrapping its button below them on a narrow column.
_OPENING = {
    True: '<li class="list-group-item d-flex justify-content-between align-items-center gap-2">'
    '<div><div class="fw-semibold">',
    False: '<li class="list-group-item d-flex flex-wrap justify-content-between'
    ' align-items-center gap-2"><div><div class="fw-semibold text-nowrap">',
}


@register.simple_tag(takes_context=True)
def slot_rows(context, rows: list[dict], by_day: bool) -> str:
    """A column's slots, one ``<li>`` each: its title and detail, then what the ASN can do
    there (book it, wait for it, move the booking to it) or why not (waiting, full)."""
    csrf_input = CsrfTokenNode().render(context)
    opening = _OPENING[bool(by_day)]
    drawn = []
    for row in rows:
        state, text = row["state"], escape(row["text"])
        if state == "book":
            action = (
                f'<a class="btn btn-sm btn-primary flex-shrink-0" href="{escape(row["url"])}"'
                f' aria-label="{escape(row["label"])}">{text}</a>'
            )
        elif state == "wait":
            action = (
                '<a class="btn btn-sm btn-outline-secondary flex-shrink-0 text-nowrap"'
                f' href="{escape(row["url"])}">{text}</a>'
            )
        elif state == "move":
            action = (
                f'<form method="post">{csrf_input}<input type="hidden" name="slot"'
                f' value="{row["pk"]}"><button type="submit" class="btn btn-sm btn-primary"'
                f' data-confirm="{escape(row["confirm"])}" aria-label="{escape(row["label"])}">'
                f"{text}</button></form>"
            )
        elif state == "waiting":
            action = f'<span class="badge text-bg-info">{text}</span>'
        else:
            action = f'<span class="badge text-bg-secondary">{text}</span>'
        drawn.append(
            f'{opening}{escape(row["title"])}</div><div class="small text-body-secondary">'
            f"{escape(row['detail'])}</div></div>{action}</li>"
        )
    return mark_safe("".join(drawn))
