from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import (
    Pegawai,
    Registration,
    RoleAssignment,
    RosterImport,
    SecondFactorEvent,
    Skpd,
    User,
)
from accounts.twofactor import services as second_factor

# django-otp's admin shows a device's secret and its QR code: whoever opened it could copy a
# Kepala's authenticator. The admin resets a second factor instead (UserAdmin's action).
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["skpd"]


class SecondFactorEventInline(admin.TabularInline):
    """The account's second-factor history, read-only: what happened, when, by whom."""

    model = SecondFactorEvent
    fk_name = "user"
    fields = ["kind", "created_at", "actor"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = _("riwayat verifikasi dua langkah")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor__pegawai")


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    inlines = [RoleAssignmentInline, SecondFactorEventInline]
    list_display = ["username", "display_name", "email", "is_active", "is_staff", "last_login"]
    list_select_related = ["pegawai"]
    search_fields = ["username", "email", "pegawai__name"]
    actions = ["reset_second_factor"]

    @admin.display(description=_("nama"))
    def display_name(self, user):
        return user.display_name

    @admin.action(description=_("Reset verifikasi dua langkah (ponsel hilang)"))
    def reset_second_factor(self, request, queryset):
        """Asks first; then removes the accounts' authenticator apps and recovery codes,
        recording who did it (SecondFactorEvent, the admin's log) and telling each user."""
        if not request.user.is_superuser:
            self.message_user(
                request, _("Hanya Admin yang dapat mereset verifikasi dua langkah."), messages.ERROR
            )
            return None
        if request.POST.get("confirmed") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": _("Reset verifikasi dua langkah?"),
                "users": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(
                request, "admin/accounts/user/reset_second_factor.html", context
            )
        reset = 0
        for user in queryset:
            if second_factor.reset_by_admin(actor=request.user, user=user):
                self.log_change(request, user, "Verifikasi dua langkah direset.")
                reset += 1
        self.message_user(
            request,
            ngettext(
                "Verifikasi dua langkah %(count)d akun direset; pemiliknya diberi tahu lewat "
                "e-mail.",
                "Verifikasi dua langkah %(count)d akun direset; pemiliknya diberi tahu lewat "
                "e-mail.",
                reset,
            )
            % {"count": reset},
            messages.SUCCESS,
        )
        return None


@admin.register(Skpd)
class SkpdAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "head", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["head"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["head"]


@admin.register(Pegawai)
class PegawaiAdmin(SimpleHistoryAdmin):
    list_display = ["name", "nip_grouped", "jenjang", "skpd", "is_active"]
    list_filter = ["jenjang", "kind", "is_active", "skpd__kind"]
    list_select_related = ["skpd"]
    search_fields = ["nip", "name", "jabatan"]
    autocomplete_fields = ["user", "skpd", "atasan"]
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description=_("NIP"), ordering="nip")
    def nip_grouped(self, pegawai):
        return pegawai.nip_display


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "skpd", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user__pegawai", "skpd"]
    search_fields = ["user__username", "user__pegawai__name", "skpd__name"]
    autocomplete_fields = ["user", "skpd"]


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["nip", "display_name", "skpd", "status", "created_at", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["pegawai", "skpd", "decided_by"]
    search_fields = ["nip", "name", "email", "pegawai__name"]
    autocomplete_fields = ["pegawai", "skpd", "decided_by"]
    readonly_fields = ["created_at"]


@admin.register(SecondFactorEvent)
class SecondFactorEventAdmin(admin.ModelAdmin):
    """Read-only: the log is written by accounts.twofactor.services alone."""

    list_display = ["created_at", "user", "kind", "actor"]
    list_filter = ["kind"]
    list_select_related = ["user__pegawai", "actor__pegawai"]
    search_fields = ["user__username", "user__pegawai__name"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RosterImport)
class RosterImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "status", "uploaded_by", "created_at", "applied_at"]
    list_filter = ["status"]
    list_select_related = ["uploaded_by"]
    readonly_fields = ["file_name", "status", "summary", "uploaded_by", "created_at", "applied_at"]
    exclude = ["rows"]

    def has_add_permission(self, request):
        return False
