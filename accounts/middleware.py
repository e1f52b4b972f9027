from django.conf import settings
from django.utils import translation


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
