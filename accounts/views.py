import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import roster, selectors, services, throttle
from accounts.forms import (
    ApprovalForm,
    AuditFilterForm,
    ContactForm,
    DeactivateForm,
    DecisionForm,
    LoginForm,
    PegawaiFilterForm,
    PegawaiUpdateForm,
    PortalPasswordResetForm,
    RegistrationForm,
    RosterUploadForm,
    TransferForm,
)
from accounts.models import Pegawai, RegistrationStatus, RosterImport
from accounts.rules import rule_required, visible_pegawai, visible_registrations, visible_skpd
from accounts.tokens import activation_token, user_from_uidb64
from accounts.twofactor import pending
from accounts.twofactor.middleware import open_before_second_factor
from accounts.twofactor.policy import is_enrolled
from core import whatsapp
from core.downloads import xlsx_response
from core.models import AuditEvent
from core.paging import page_of


class LoginView(auth_views.LoginView):
    """The password step. A user with a second factor is not signed in by the password:
    the code step (accounts.twofactor.views.verify_login) makes the login, and ``next``
    goes along."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if is_enrolled(user):
            pending.begin(self.request, user)
            query = urlencode({"next": self.get_success_url()})
            return redirect(f"{reverse('accounts:login_verify')}?{query}")
        return super().form_valid(form)


@method_decorator(open_before_second_factor, name="dispatch")
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


# Public: the landing page and registration -----------------------------------------------
# Marked login_not_required: a session that owes its second factor reaches them too
# (accounts/twofactor/middleware.py).


@login_not_required
def landing(request):
    return render(request, "accounts/landing.html")


@login_not_required
def register(request):
    form = RegistrationForm(request.POST or None)
    refused = None
    if request.method == "POST":
        # Every attempt counts for the address (it also limits probing which e-mail
        # addresses have an account); a valid one counts for the e-mail it would write to.
        if not throttle.allow_client("register_ip", request):
            refused = "register_ip"
        elif form.is_valid() and not throttle.allow("register_email", form.cleaned_data["email"]):
            refused = "register_email"
    if refused:
        context = {"form": form, "show_profile": False, "refusal": throttle.refusal(refused)}
        return render(request, "accounts/register.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.submit_registration(
            nip=data["nip"],
            kind=data["kind"],
            email=data["email"],
            phone=data["phone"],
            name=data["name"],
            jabatan=data["jabatan"],
            jenjang=data["jenjang"],
            skpd=data["skpd"],
        )
        # One page whatever happened, so that it never tells whether a NIP has an account.
        return redirect("accounts:register_done")
    show_profile = form.is_bound and not form.in_roster
    return render(request, "accounts/register.html", {"form": form, "show_profile": show_profile})


@login_not_required
def register_done(request):
    return render(request, "accounts/register_done.html")


@login_not_required
def activate(request, uidb64: str, token: str):
    user = user_from_uidb64(uidb64)
    if user is None or not activation_token.check_token(user, token):
        # One message for a used, expired or forged link: telling them apart would tell a
        # guesser which accounts are active.
        return render(request, "accounts/activation_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("Akun Anda aktif. Silakan masuk dengan NIP dan kata sandi baru.")
        )
        return redirect("accounts:login")
    return render(request, "accounts/activate.html", {"form": form, "account": user})


# The ASN's own profile --------------------------------------------------------------------


@login_required
def profile(request):
    pegawai = getattr(request.user, "pegawai", None)
    if pegawai is None:
        raise Http404
    initial = None  # a posted form shows what was posted
    if request.method != "POST":
        initial = {
            "email": request.user.email,
            # Read as stored: the kept user holds no contact (UNKEPT_PEGAWAI_FIELDS).
            "phone": pegawai.phone,
            "whatsapp": bool(request.user.whatsapp_opt_in),
        }
    form = ContactForm(
        request.POST or None, initial=initial, whatsapp_channel=whatsapp.channel_enabled()
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_contact(
                user=request.user,
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                whatsapp=form.cleaned_data.get("whatsapp"),
            )
        except services.AccountError as error:
            form.add_error("email", str(error))
        else:
            if changed:
                messages.success(request, _("Kontak Anda sudah diperbarui."))
            else:
                messages.info(request, _("Tidak ada perubahan pada kontak Anda."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"pegawai": pegawai, "form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("portal:home")

    def form_valid(self, form):
        messages.success(self.request, _("Kata sandi Anda sudah diganti."))
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PortalPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not throttle.allow_client("password_reset_ip", request):
            return self._refused(form, "password_reset_ip")
        if form.is_valid() and not throttle.allow(
            "password_reset_email", form.cleaned_data["email"]
        ):
            # Said for every address alike, with an account or without.
            return self._refused(form, "password_reset_email")
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def _refused(self, form, name: str):
        form.is_valid()
        form.add_error(None, throttle.refusal(name))
        return self.render_to_response(self.get_context_data(form=form), status=429)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        messages.success(self.request, _("Kata sandi baru sudah disimpan. Silakan masuk."))
        return super().form_valid(form)


# Registrations, decided by the Kasubag Umum ----------------------------------------------


@rule_required("accounts.list_registrations")
def registration_list(request):
    status = request.GET.get("status", RegistrationStatus.SUBMITTED)
    if status not in RegistrationStatus.values:
        status = RegistrationStatus.SUBMITTED
    queryset = selectors.registration_queue(visible_registrations(request.user), status=status)
    context = {
        "page": page_of(request, queryset),
        "status": status,
        "statuses": RegistrationStatus.choices,
    }
    return render(request, "accounts/registration_list.html", context)


def _registration_or_404(request, pk: int):
    return get_object_or_404(
        visible_registrations(request.user).select_related(
            "pegawai__user", "pegawai__atasan", "skpd", "decided_by__pegawai"
        ),
        pk=pk,
    )


@login_required
def registration_detail(request, pk: int):
    registration = _registration_or_404(request, pk)
    return render(
        request,
        "accounts/registration_detail.html",
        {
            "registration": registration,
            "reject_form": DecisionForm(),
            "approval_form": _approval_form(registration),
        },
    )


def _approval_form(registration, data=None) -> ApprovalForm | None:
    """Outside the roster, approving settles the jabatan and the direct superior."""
    if registration.in_roster:
        return None
    return ApprovalForm(data, skpd=registration.skpd, initial={"jabatan": registration.jabatan})


@login_required
@require_POST
def registration_decide(request, pk: int, decision: str):
    registration = _registration_or_404(request, pk)
    try:
        if decision == "approve":
            form = _approval_form(registration, request.POST)
            if form is not None and not form.is_valid():
                return render(
                    request,
                    "accounts/registration_detail.html",
                    {
                        "registration": registration,
                        "reject_form": DecisionForm(),
                        "approval_form": form,
                    },
                    status=400,
                )
            services.approve_registration(
                actor=request.user,
                registration_id=registration.pk,
                **(
                    {"jabatan": form.cleaned_data["jabatan"], "atasan": form.cleaned_data["atasan"]}
                    if form is not None
                    else {}
                ),
            )
            messages.success(
                request,
                _("Pendaftaran %(name)s disetujui; tautan aktivasi dikirim ke %(email)s.")
                % {"name": registration.display_name, "email": registration.email},
            )
        elif decision == "reject":
            form = DecisionForm(request.POST)
            if not form.is_valid():
                return render(
                    request,
                    "accounts/registration_detail.html",
                    {"registration": registration, "reject_form": form},
                    status=400,
                )
            services.reject_registration(
                actor=request.user,
                registration_id=registration.pk,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Pendaftaran ditolak; pendaftar diberi tahu lewat e-mail."))
        else:
            address = services.resend_activation(
                actor=request.user, registration_id=registration.pk
            )
            messages.success(
                request, _("Tautan aktivasi dikirim ulang ke %(email)s.") % {"email": address}
            )
    except services.AccountError as error:
        messages.error(request, str(error))
    return redirect("accounts:registration_detail", pk=registration.pk)


# Keeping the roster current ----------------------------------------------------------------


def _managed_pegawai_or_404(request, pk: int) -> Pegawai:
    pegawai = get_object_or_404(
        selectors.pegawai_with_relations().filter(
            pk__in=visible_pegawai(request.user).values("pk")
        ),
        pk=pk,
    )
    if not rules.has_perm("accounts.manage_pegawai", request.user, pegawai):
        raise PermissionDenied
    return pegawai


@login_required
def pegawai_update(request, pk: int):
    pegawai = _managed_pegawai_or_404(request, pk)
    initial = {
        "jabatan": pegawai.jabatan,
        "jenjang": pegawai.jenjang,
        "atasan": pegawai.atasan_id,
        "phone": pegawai.phone,
    }
    form = PegawaiUpdateForm(request.POST or None, initial=initial, pegawai=pegawai)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_pegawai(actor=request.user, pegawai=pegawai, **form.cleaned_data)
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            messages.success(request, _("Data %(name)s sudah diperbarui.") % {"name": pegawai.name})
            return redirect("accounts:pegawai_detail", pk=pegawai.pk)
    return render(request, "accounts/pegawai_update.html", {"pegawai": pegawai, "form": form})


@login_required
def pegawai_transfer(request, pk: int):
    pegawai = _managed_pegawai_or_404(request, pk)
    form = TransferForm(request.POST or None, pegawai=pegawai)
    if request.method == "POST" and form.is_valid():
        try:
            orphans = services.transfer_pegawai(
                actor=request.user, pegawai=pegawai, **form.cleaned_data
            )
        except services.AccountError as error:
            form.add_error("skpd", str(error))
        else:
            messages.success(
                request,
                _("%(name)s dipindahkan ke %(skpd)s.")
                % {"name": pegawai.name, "skpd": form.cleaned_data["skpd"].name},
            )
            _tell_orphans(request, orphans)
            return redirect("accounts:pegawai_list")
    return render(request, "accounts/pegawai_transfer.html", {"pegawai": pegawai, "form": form})


@login_required
def pegawai_deactivate(request, pk: int):
    pegawai = _managed_pegawai_or_404(request, pk)
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            orphans = services.deactivate_pegawai(
                actor=request.user, pegawai=pegawai, reason=form.cleaned_data["reason"]
            )
        except services.AccountError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s dinonaktifkan; riwayatnya tetap tersimpan.") % {"name": pegawai.name},
            )
            _tell_orphans(request, orphans)
        return redirect("accounts:pegawai_detail", pk=pegawai.pk)
    return render(request, "accounts/pegawai_deactivate.html", {"pegawai": pegawai, "form": form})


def _tell_orphans(request, orphans: list[Pegawai]) -> None:
    if orphans:
        messages.warning(
            request,
            _("Atasan langsung perlu ditetapkan lagi untuk: %(names)s.")
            % {"names": ", ".join(p.name for p in orphans)},
        )


# Roster import -----------------------------------------------------------------------------


@rule_required("accounts.import_roster")
def roster_import(request):
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            rows = roster.read_roster(uploaded)
        except roster.RosterFileError as error:
            form.add_error("file", str(error))
        else:
            roster_import = roster.preview_import(
                actor=request.user, file_name=uploaded.name, rows=rows
            )
            return redirect("accounts:roster_import_preview", pk=roster_import.pk)
    imports = RosterImport.objects.defer("rows", "summary").select_related("uploaded_by__pegawai")[
        :10
    ]
    return render(request, "accounts/roster_import.html", {"form": form, "imports": imports})


@rule_required("accounts.import_roster")
def roster_import_preview(request, pk: int):
    roster_import = get_object_or_404(
        RosterImport.objects.select_related("uploaded_by__pegawai"), pk=pk
    )
    return render(request, "accounts/roster_import_preview.html", {"import": roster_import})


@rule_required("accounts.import_roster")
@require_POST
def roster_import_apply(request, pk: int):
    roster_import = get_object_or_404(RosterImport, pk=pk)
    try:
        counts = roster.apply_import(actor=request.user, import_id=roster_import.pk)
    except roster.RosterImportRefused as refused:
        if refused.why == refused.ROWS:
            messages.error(
                request,
                _("Impor dibatalkan: %(count)d baris bermasalah. Tidak ada data yang berubah.")
                % {"count": len(refused.check.of("error"))},
            )
        elif refused.why == refused.STALE:
            messages.warning(
                request,
                _(
                    "Data pegawai berubah sejak pratinjau dibuat. Periksa pratinjau yang "
                    "diperbarui di bawah, lalu terapkan lagi."
                ),
            )
        else:
            messages.error(request, _("Impor ini sudah diterapkan sebelumnya."))
    else:
        messages.success(
            request,
            _(
                "Impor diterapkan: %(new)d pegawai baru, %(changed)d diperbarui, "
                "%(unchanged)d tetap."
            )
            % counts,
        )
    return redirect("accounts:roster_import_preview", pk=roster_import.pk)


@rule_required("accounts.import_roster")
def roster_template(request):
    return xlsx_response(roster.template_xlsx(), "templat-data-pegawai.xlsx")


# The idle limit --------------------------------------------------------------------------


@login_required
@require_GET
def session_alive(request):
    """Typing in a long form makes no request: while someone types, the page calls this
    now and then (static/js/portal.js), so that the idle limit does not end the session
    under a draft being written (accounts.middleware.IdleSessionMiddleware)."""
    return HttpResponse(status=204)


# The audit trail -------------------------------------------------------------------------


@rule_required("accounts.view_audit_log")
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # A filter that cannot be applied shows its error and no rows.
        events = AuditEvent.objects.none()
    else:
        filters = form.cleaned_data if form.is_bound else {}
        events = selectors.audit_events(
            text=filters.get("q") or "",
            kind=filters.get("kind") or "",
            since=filters.get("since"),
            until=filters.get("until"),
        )
    context = {
        "form": form,
        "page": page_of(request, events),
        "retention_days": settings.AUDIT_RETENTION_DAYS,
    }
    return render(request, "accounts/audit_log.html", context)
