"""Headers of every response, and of the private ones; files handed out, in the audit
trail."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers

from core import audit
from core.downloads import file_name, is_document, names_a_file
from core.models import AuditKind


class ResponseHeadersMiddleware:
    """``Permissions-Policy`` on every response (settings.PERMISSIONS_POLICY), and
    ``Cache-Control: no-store`` on every page shown to a signed-in user and on every file
    handed out, so that neither the browser of a shared office PC nor a proxy keeps a copy.
    First in the chain: redirects, error pages and static files get the policy too; static
    files are served before anyone is signed in and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if names_a_file(response) or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response


class FileAuditMiddleware:
    """Who took which file, when: every document handed to a signed-in user (a PDF, an
    Excel export, a calendar entry, an uploaded draft or letter) goes into the audit trail
    with its name and address, whichever view made it. A file of a public page taken by
    an anonymous visitor is nobody's personal data and is not recorded."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            response.status_code == 200
            and is_document(response)
            and user is not None
            and user.is_authenticated
        ):
            audit.record(AuditKind.FILE, request=request, detail=file_name(response))
        return response
