import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext


class PortalLanguageMiddleware:
    """Indonesian unless the user picked another language with the switch in the footer.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and office PCs
    often run an English browser; the portal speaks Indonesian to them all the same.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.available:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, with the user loaded at once instead of behind a SimpleLazyObject. Every
    request of the portal reads its user anyway (the idle check below, then the header and
    the menus), and a page reads ``request.user`` a few hundred times: through the lazy
    wrapper each read cost a function call, a third of the navigation's permission checks.
    A request without a session (a health check, a static file) finds no user to load and
    gets the anonymous one without a trip to the cache."""

    def process_request(self, request):
        super().process_request(request)
        request.user = auth_middleware.get_user(request)


# The session's last-seen stamp (seconds since the epoch), written at most once a minute so
# that a busy user does not write its session on every page.
LAST_SEEN = "last_seen"
LAST_SEEN_EVERY = 60


def start_session(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: the session ends SESSION_COOKIE_AGE after signing in however busy
    it is (a fixed expiry date, which saving the last-seen stamp does not push back), and
    idle time counts from now."""
    _stamp(request.session)


def _stamp(session) -> None:
    session.set_expiry(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE))
    session[LAST_SEEN] = int(time.time())


class IdleSessionMiddleware:
    """Signs out a session left idle longer than SESSION_IDLE_TIMEOUT: its next request
    goes on as an anonymous one with a message, so a page that needs a login sends to the
    login page with ``next`` (and back there after signing in) and a public page is shown
    as it is. A form posted after the limit returns, after signing in, to the page it was
    on rather than to its action. Anonymous requests are not touched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        expired = request.user.is_authenticated and self._idle_too_long(request)
        if expired:
            logout(request)
            minutes = int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60)
            messages.info(
                request,
                ngettext(
                    "Sesi berakhir: Anda keluar otomatis setelah %(minutes)d menit tanpa "
                    "aktivitas. Silakan masuk lagi untuk melanjutkan.",
                    "Sesi berakhir: Anda keluar otomatis setelah %(minutes)d menit tanpa "
                    "aktivitas. Silakan masuk lagi untuk melanjutkan.",
                    minutes,
                )
                % {"minutes": minutes},
            )
        response = self.get_response(request)
        if expired and request.method not in ("GET", "HEAD") and _sends_to_login(response):
            response = redirect_to_login(_page_of_form(request) or settings.LOGIN_REDIRECT_URL)
        return response

    def _idle_too_long(self, request) -> bool:
        session = request.session
        last_seen = session.get(LAST_SEEN)
        now = int(time.time())
        if not isinstance(last_seen, int):
            _stamp(session)  # a session from before idle time was counted
            return False
        if now - last_seen > settings.SESSION_IDLE_TIMEOUT.total_seconds():
            return True
        if now - last_seen >= LAST_SEEN_EVERY:
            session[LAST_SEEN] = now
        return False


def _sends_to_login(response) -> bool:
    location = response.get("Location", "") if response.status_code == 302 else ""
    return location.startswith(resolve_url(settings.LOGIN_URL))


def _page_of_form(request) -> str:
    """The page a form was posted from (its Referer), when it is one of the portal's."""
    referer = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(referer)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
