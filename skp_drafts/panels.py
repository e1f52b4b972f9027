"""What the draft SKP app shows on other apps' pages (core/panels.py)."""

import rules

from core.panels import panel
from skp_drafts import selectors
from skp_drafts.forms import SessionDraftsForm


@panel("home", order=40, template="skp_drafts/review_panel.html")
def review_waiting(request):
    user = request.user
    if not rules.has_perm("skp_drafts.view_review_queue", user):
        return None
    return {"review_waiting": selectors.waiting_for_review(user)}


@panel("home", order=60, template="skp_drafts/home_panel.html")
def own_skp(request):
    pegawai = getattr(request.user, "pegawai", None)
    if pegawai is None:
        return None
    year = selectors.this_year()
    return {"own_skp": selectors.own_skp_brief(pegawai, year), "skp_year": year}


@panel("session", order=10, template="skp_drafts/session_panel.html")
def session_drafts(request, *, session, can_record: bool):
    """The participants' SKP worked on in a session; its recorders link more."""
    linked, linkable = selectors.session_drafts(session)
    form = SessionDraftsForm(skps=linkable) if can_record and linkable else None
    return {"drafts": linked, "drafts_form": form}
