import functools

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.translation import get_language

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


@register.simple_tag(takes_context=True)
def main_navigation(context) -> str:
    """The main menu (includes/navigation.html): the same for everyone with the same menu,
    drawn once per process (``_menu``)."""
    request = context["request"]
    active = current_sections(request.path, request.resolver_match)
    return _menu("includes/navigation.html", _shown(context), active)


@register.simple_tag(takes_context=True)
def account_links(context) -> str:
    """The account menu's links (includes/account_links.html), drawn once per process."""
    shown = _shown(context, profile=getattr(context["user"], "pegawai", None) is not None)
    return _menu("includes/account_links.html", shown, frozenset())


def _shown(context, **more: bool) -> tuple[str, ...]:
    entries = {**context["nav"], **more}
    return tuple(sorted(name for name, allowed in entries.items() if allowed))


def _menu(template_name: str, shown: tuple[str, ...], active: frozenset[str]) -> str:
    """A menu depends only on the language, what it shows and which of its entries the page
    belongs to: each process draws every combination once and reuses it, so a signed-in
    page's header costs a lookup instead of some forty links and labels. (With DEBUG it is
    drawn every time, so that an edited template shows.)"""
    draw = _draw_menu if settings.DEBUG else _drawn_menu
    return draw(template_name, get_language(), shown, active)


def _draw_menu(template_name, language, shown, active) -> str:
    with translation.override(language):
        return render_to_string(
            template_name, {"nav": dict.fromkeys(shown, True), "active": active}
        )


_drawn_menu = functools.lru_cache(maxsize=512)(_draw_menu)


def current_sections(path: str, match) -> frozenset[str]:
    """The main menu's entries that ``path`` belongs to, marked active: an entry on its own
    page, a menu on any of its pages."""
    exact = _exact_paths(get_script_prefix()).get(path)
    marks = {exact} if exact else set()
    marks.update(name for name, parts in SECTION_ENTRIES.items() if any(p in path for p in parts))
    if match is not None and match.namespace == "reports":
        marks.add("reports")
    return frozenset(marks)


# An entry active on exactly its own page.
EXACT_ENTRIES = {
    "home": "portal:home",
    "slots": "bookings:open_slots",
    "requests": "bookings:request_list",
    "surveys": "surveys:session_list",
    "dashboard": "reports:dashboard",
    "pegawai": "accounts:pegawai_list",
    "registrations": "accounts:registration_list",
}
# A menu active on any page under these paths.
SECTION_ENTRIES = {
    "skp": ("/skp/", "/panduan/"),
    "coaching": ("/agenda/", "/permohonan/", "/skm/", "/sesi/"),
    "data": ("/pegawai/", "/skpd/", "/pendaftaran/"),
}


@functools.lru_cache(maxsize=8)
def _exact_paths(script_prefix: str) -> dict[str, str]:
    return {reverse(url_name): name for name, url_name in EXACT_ENTRIES.items()}
