from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from accounts import selectors
from accounts.forms import LoginForm, PegawaiFilterForm
from accounts.models import Role
from accounts.rules import rule_required, visible_pegawai, visible_skpd

PAGE_SIZE = 25


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def index(request):
    if request.user.is_authenticated:
        return redirect("accounts:home")
    return redirect("accounts:login")


@login_required
def home(request):
    """One home for every role: each role the user holds adds its panel."""
    user = request.user
    roles = user.roles
    context = {"roles": roles}

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

    if roles & {Role.TIM_COACHING, Role.KEPALA_BIDANG, Role.KEPALA_BKPSDM, Role.ADMIN}:
        context["figures"] = selectors.regency_figures()
        context["team"] = selectors.coaching_team()

    if Role.ADMIN in roles:
        context["recent_changes"] = selectors.recent_pegawai_changes()

    return render(request, "accounts/home.html", context)


@rule_required("accounts.list_pegawai")
def pegawai_list(request):
    form = PegawaiFilterForm(request.GET or None, skpd_queryset=visible_skpd(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    pegawai = selectors.pegawai_search(
        visible_pegawai(request.user),
        text=filters.get("q") or "",
        skpd_id=filters["skpd"].pk if filters.get("skpd") else None,
        jenjang=filters.get("jenjang") or "",
    )
    page = Paginator(pegawai, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/pegawai_list.html", {"form": form, "page": page})


@login_required
def pegawai_detail(request, pk: int):
    pegawai = get_object_or_404(
        selectors.pegawai_with_relations().filter(
            pk__in=visible_pegawai(request.user).values("pk")
        ),
        pk=pk,
    )
    context = {
        "pegawai": pegawai,
        "subordinates": selectors.direct_subordinates(pegawai).select_related("skpd"),
    }
    return render(request, "accounts/pegawai_detail.html", context)


@rule_required("accounts.list_skpd")
def skpd_list(request):
    skpds = selectors.skpd_with_figures().order_by("name")
    page = Paginator(skpds, PAGE_SIZE).get_page(request.GET.get("page"))
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
