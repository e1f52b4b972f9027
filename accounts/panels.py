"""What the accounts app shows on the home page (core/panels.py)."""

import rules

from accounts import selectors
from accounts.models import Role
from core.panels import panel


@panel("home", order=10, template="accounts/home/regency.html")
def regency(request):
    if rules.has_perm("accounts.view_team", request.user):
        return {"figures": selectors.regency_figures()}
    return None


@panel("home", order=20, template="accounts/home/kasubag_skpds.html")
def kasubag_skpds(request):
    user = request.user
    if Role.KASUBAG_UMUM not in user.roles:
        return None
    pending = selectors.pending_registrations_by_skpd(user.kasubag_skpd_ids)
    skpds = selectors.skpd_with_figures().filter(pk__in=user.kasubag_skpd_ids)
    return {
        "kasubag_skpds": [
            {
                "skpd": skpd,
                "jenjang_counts": selectors.skpd_jenjang_counts(skpd),
                "pending": pending.get(skpd.pk, 0),
            }
            for skpd in skpds
        ]
    }


@panel("home", order=70, template="accounts/home/team_of_pegawai.html")
def team_of_pegawai(request):
    pegawai = getattr(request.user, "pegawai", None)
    if pegawai is None:
        return None
    subordinates, colleagues = selectors.team_shown(pegawai)
    return {
        "shown_max": selectors.COLLEAGUES_SHOWN,
        "subordinates": subordinates,
        "colleagues": colleagues,
    }


@panel("home", order=80, template="accounts/home/recent_changes.html")
def recent_changes(request):
    if Role.ADMIN in request.user.roles:
        return {"recent_changes": selectors.recent_pegawai_changes()}
    return None


@panel("home-side", order=10, template="accounts/home/profile.html")
def profile(request):
    pegawai = getattr(request.user, "pegawai", None)
    return None if pegawai is None else {"profile": pegawai}


@panel("home-side", order=11, template="accounts/home/account.html")
def account(request):
    return {} if getattr(request.user, "pegawai", None) is None else None


@panel("home-side", order=20, template="accounts/home/team.html")
def team(request):
    if rules.has_perm("accounts.view_team", request.user):
        return {"team": selectors.coaching_team()}
    return None
