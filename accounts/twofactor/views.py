"""The login's code step, enrolment with its recovery codes, and the "Keamanan akun" page."""

import time
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts.models import RecoveryCodeDevice
from accounts.twofactor import pending, selectors, services
from accounts.twofactor.forms import EnrolmentForm, SignInCodeForm, TurnOffForm
from accounts.twofactor.middleware import open_before_second_factor
from accounts.twofactor.policy import forget_state, session_state

WRONG_CODE = gettext_lazy(
    "Kode tidak cocok. Ketik kode yang sedang tampil di aplikasi (berganti tiap 30 detik), "
    "atau salah satu kode pemulihan."
)
# New recovery codes wait in the session until the user says they are kept, at most this long.
CODES_KEY = "second_factor_new_codes"
CODES_SECONDS = 15 * 60


def _next_url(request, default: str = settings.LOGIN_REDIRECT_URL) -> str:
    """The page to go on to (``next``), if it is one of the portal's."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(default)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


# The login's second step ---------------------------------------------------------------------


@login_not_required
@sensitive_post_parameters("code")
@never_cache
def verify_login(request):
    next_url = _next_url(request)
    user = pending.pending_user(request)
    if user is None:
        if request.user.is_authenticated:
            return redirect(next_url)
        return redirect_to_login(next_url)
    form = SignInCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            device = services.check_code(user=user, code=form.cleaned_data["code"])
        except services.SecondFactorError as error:
            form.add_error("code", str(error))
            status = 429
        else:
            if device is not None:
                pending.complete(request, user, device)
                if isinstance(device, RecoveryCodeDevice):
                    _tell_codes_left(request, device)
                return redirect(next_url)
            form.add_error("code", WRONG_CODE)
    context = {"form": form, "next": next_url, "account": user}
    return render(request, "accounts/second_factor_verify.html", context, status=status)


def _tell_codes_left(request, device: RecoveryCodeDevice) -> None:
    left = device.codes.filter(used_at__isnull=True).count()
    messages.warning(
        request,
        ngettext(
            "Anda masuk dengan kode pemulihan; kode itu tidak berlaku lagi. Sisa %(count)d "
            "kode. Bila ponsel Anda hilang, buat kode baru atau pasang aplikasi di ponsel "
            "baru di halaman Keamanan akun.",
            "Anda masuk dengan kode pemulihan; kode itu tidak berlaku lagi. Sisa %(count)d "
            "kode. Bila ponsel Anda hilang, buat kode baru atau pasang aplikasi di ponsel "
            "baru di halaman Keamanan akun.",
            left,
        )
        % {"count": left},
    )


# Enrolment -----------------------------------------------------------------------------------


@open_before_second_factor
@login_required
@sensitive_post_parameters("code")
@never_cache
def enrol(request):
    state = session_state(request)
    if state.enrolled and not state.verified:
        # The middleware ends such a session first; replacing a device needs the old one.
        raise PermissionDenied
    next_url = _next_url(request, "accounts:security")
    device = services.begin_enrolment(user=request.user)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.confirm_enrolment(
                user=request.user, code=form.cleaned_data["code"]
            )
        except services.SecondFactorError as error:
            form.add_error("code", str(error))
        else:
            otp_login(request, device)
            forget_state(request)
            if codes:
                _keep_new_codes(request, codes)
                messages.success(request, _("Verifikasi dua langkah aktif."))
                return redirect(_with_next("accounts:recovery_codes", next_url))
            messages.success(request, _("Aplikasi autentikator di ponsel baru sudah terpasang."))
            return redirect(next_url)
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": next_url,
        "required": state.required,
        "replacing": state.enrolled,
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=4),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "accounts/second_factor_enrol.html", context)


# Recovery codes ------------------------------------------------------------------------------


def _keep_new_codes(request, codes: list[str]) -> None:
    request.session[CODES_KEY] = {"codes": codes, "since": int(time.time())}


def _new_codes(request) -> list[str] | None:
    kept = request.session.get(CODES_KEY)
    if not isinstance(kept, dict) or time.time() - kept.get("since", 0) > CODES_SECONDS:
        request.session.pop(CODES_KEY, None)
        return None
    return kept["codes"]


@login_required
@never_cache
def recovery_codes(request):
    """The new recovery codes, shown until the user says they are kept (then never again:
    only their digests are stored)."""
    next_url = _next_url(request, "accounts:security")
    codes = _new_codes(request)
    if request.method == "POST":
        request.session.pop(CODES_KEY, None)
        return redirect(next_url)
    if codes is None:
        messages.info(
            request,
            _(
                "Kode pemulihan hanya ditampilkan sekali. Bila Anda tidak menyimpannya, buat "
                "kode baru."
            ),
        )
        return redirect("accounts:security")
    context = {"codes": codes, "next": next_url}
    return render(request, "accounts/second_factor_codes.html", context)


@login_required
@never_cache
def recovery_codes_txt(request):
    codes = _new_codes(request)
    if codes is None:
        return redirect("accounts:recovery_codes")
    lines = [
        _("Kode pemulihan Coaching Clinic SKP — %(login)s")
        % {"login": request.user.get_username()},
        _("Setiap kode hanya dapat dipakai sekali. Simpan di tempat yang aman."),
        "",
        *codes,
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kode-pemulihan.txt"'
    return response


@require_POST
@login_required
def recovery_codes_regenerate(request):
    try:
        codes = services.regenerate_recovery_codes(user=request.user)
    except services.SecondFactorError as error:
        messages.error(request, str(error))
        return redirect("accounts:security")
    _keep_new_codes(request, codes)
    messages.success(request, _("Kode pemulihan baru sudah dibuat; kode yang lama tidak berlaku."))
    return redirect("accounts:recovery_codes")


# The account's security page -----------------------------------------------------------------


@login_required
def security(request):
    return _security_page(request, TurnOffForm())


def _security_page(request, turn_off_form, status=200):
    context = {
        "overview": selectors.overview(request.user),
        "events": selectors.recent_events(request.user),
        "turn_off_form": turn_off_form,
    }
    return render(request, "accounts/security.html", context, status=status)


@require_POST
@login_required
@sensitive_post_parameters("proof")
def turn_off(request):
    form = TurnOffForm(request.POST)
    if not form.is_valid():
        return _security_page(request, form, status=400)
    try:
        services.turn_off(user=request.user, proof=form.cleaned_data["proof"])
    except services.SecondFactorError as error:
        form.add_error("proof", str(error))
        return _security_page(request, form, status=429 if error.code == "throttled" else 400)
    forget_state(request)
    messages.success(request, _("Verifikasi dua langkah dinonaktifkan."))
    return redirect("accounts:security")
