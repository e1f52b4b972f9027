"""One gate for every URL (the Django admin's too): a signed-in session that owes its second
factor reaches nothing else.

- Enrolled but not verified (a login that went round the code step): the session counts
  for nothing; it is ended and the login asked for again.
- Obliged (Admin, Kepala BKPSDM, Kepala Bidang) and not enrolled yet: only the enrolment
  pages and the logout, marked with ``open_before_second_factor``.
- Public pages stay open to both: views marked with Django's own ``login_not_required``
  (the landing page, the login and password-reset pages, the document verification, the
  survey links, the health check) and the language switch.

Anonymous requests pass untouched: between the password and the code the login is not
made yet (accounts.twofactor.views.verify_login). Static files never reach Django's
middleware (WhiteNoise answers them first).
"""

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from accounts.twofactor.policy import session_state

# Django's language switch (a form in every page's footer), which Django leaves unmarked.
OPEN_VIEW_NAMES = frozenset({"set_language"})


def open_before_second_factor(view):
    """Mark a view that an obliged user may reach before enrolling: the enrolment and the
    logout. (Public pages carry Django's ``login_not_required`` instead.)"""
    view.open_before_second_factor = True
    return view


def is_public(view_func, view_name: str) -> bool:
    return getattr(view_func, "login_required", True) is False or view_name in OPEN_VIEW_NAMES


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        state = session_state(request)
        if state.satisfied or is_public(view_func, request.resolver_match.view_name):
            return None
        if state.enrolled:
            logout(request)
            return redirect_to_login(request.get_full_path())
        if getattr(view_func, "open_before_second_factor", False):
            return None
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('accounts:second_factor_enrol')}?{query}")
