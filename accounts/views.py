import rules
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts import selectors
from accounts.forms import LoginForm, PegawaiFilterForm
from accounts.models import Pegawai, Role
from accounts.paging import page_of
from accounts.rules import rule_required, visible_pegawai, visible_skpd


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Signing out is a POST; a typed or bookmarked /keluar/ asks first instead of failing."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("accounts:login")
        return render(request, "accounts/logout_confirm.html")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("Anda telah keluar dari portal."))
        return response


def index(request):
    if request.user.is_authenticated:
        return redirect("accounts:home")
    return redirect("accounts:login")


@login_required
def home(request):
    """One home for every role: each role the user holds adds its panel."""
    user = request.user
    roles = user.roles
    context = {"roles": roles, "shown_max": selectors.COLLEAGUES_SHOWN}

    pegawai = getattr(user, "pegawai", None)
    if pegawai is not None:
        context["profile"] = pegawai
        context["subordinates"] = list(
            selectors.direct_subordinates(pegawai)[: selectors.COLLEAGUES_SHOWN]
        )
        context["colleagues"] = list(selectors.colleagues(pegawai)[: selectors.COLLEAGUES_SHOWN])

    if Role.KASUBAG_UMUM in roles:
        context["kasubag_skpds"] = [
            {"skpd": skpd, "jenjang_counts": selectors.skpd_jenjang_counts(skpd)}
            for skpd in selectors.skpd_with_figures().filter(pk__in=user.kasubag_skpd_ids)
        ]

    if rules.has_perm("accounts.view_team", user):
        context["figures"] = selectors.regency_figures()
        context["team"] = selectors.coaching_team()

    if Role.ADMIN in roles:
        context["recent_changes"] = selectors.recent_pegawai_changes()

    return render(request, "accounts/home.html", context)


@rule_required("accounts.list_pegawai")
def pegawai_list(request):
    form = PegawaiFilterForm(request.GET or None, skpd_queryset=visible_skpd(request.user))
    if form.is_bound and not form.is_valid():
        # A filter that cannot be applied shows its error and no rows, never the unfiltered
        # list as if it had matched.
        pegawai = Pegawai.objects.none()
    else:
        filters = form.cleaned_data if form.is_bound else {}
        pegawai = selectors.pegawai_search(
            visible_pegawai(request.user),
            text=filters.get("q") or "",
            skpd_id=filters["skpd"].pk if filters.get("skpd") else None,
            jenjang=filters.get("jenjang") or "",
        )
    page = page_of(request, pegawai)
    return render(request, "accounts/pegawai_list.html", {"form": form, "page": page})


@login_required
def pegawai_detail(request, pk: int):
    pegawai = get_object_or_404(
        selectors.pegawai_with_relations().filter(
            pk__in=visible_pegawai(request.user).values("pk")
        ),
        pk=pk,
    )
    # Only the subordinates this user may open themselves: a superior's own page must not
    # reveal the staff below it.
    subordinates = selectors.direct_subordinates(pegawai).filter(
        pk__in=visible_pegawai(request.user).values("pk")
    )
    context = {"pegawai": pegawai, "subordinates": subordinates}
    return render(request, "accounts/pegawai_detail.html", context)


@rule_required("accounts.list_skpd")
def skpd_list(request):
    skpds = selectors.skpd_with_figures().order_by("name")
    page = page_of(request, skpds)
    return render(request, "accounts/skpd_list.html", {"page": page})


@login_required
def skpd_detail(request, pk: int):
    skpd = get_object_or_404(
        selectors.skpd_with_figures().filter(pk__in=visible_skpd(request.user).values("pk")),
        pk=pk,
    )
    context = {
        "skpd": skpd,
        "jenjang_counts": selectors.skpd_jenjang_counts(skpd),
        "kasubags": selectors.kasubag_assignments([skpd.pk]),
    }
    return render(request, "accounts/skpd_detail.html", context)
