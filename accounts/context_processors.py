import rules
from django.conf import settings

from accounts.twofactor.policy import known_state


def portal(request):
    """The office's identity and what the navigation offers this user."""
    user = request.user
    state = known_state(request)
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
        },
    }
