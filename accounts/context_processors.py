import rules
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from accounts.twofactor.policy import known_state


def portal(request):
    """The office's identity and what the navigation offers this user."""
    # An error page may be drawn before authentication ran: a request for an unknown host
    # is refused (400) by the first middleware that asks for the host.
    user = getattr(request, "user", None)
    if user is None:
        user = AnonymousUser()
    state = known_state(request) if hasattr(request, "user") else None
    return {
        "portal": settings.PORTAL,
        # Signed in with the password, the second factor still owed: no navigation.
        "second_factor_owed": state is not None and not state.satisfied,
        "nav": {
            "pegawai": rules.has_perm("accounts.list_pegawai", user),
            "skpd": rules.has_perm("accounts.list_skpd", user),
            "registrations": rules.has_perm("accounts.list_registrations", user),
            "roster_import": rules.has_perm("accounts.import_roster", user),
            "book": rules.has_perm("bookings.book", user),
            "agenda": rules.has_perm("bookings.view_agenda", user),
            "requests": rules.has_perm("bookings.list_requests", user),
            "surveys": rules.has_perm("surveys.manage_surveys", user),
            "skp": rules.has_perm("skp_drafts.create_skp", user),
            "skp_review": rules.has_perm("skp_drafts.view_review_queue", user),
            "cascades": rules.has_perm("skp_drafts.list_cascades", user),
            "reports": rules.has_perm("reports.list_reports", user),
            "dashboard": rules.has_perm("reports.view_dashboard", user),
            "admin": user.is_active and user.is_staff,
            "audit_log": rules.has_perm("accounts.view_audit_log", user),
        },
    }
